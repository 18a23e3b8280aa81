package schema

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Type is an attribute's AttributeDataType.
type Type uint8

// The four AttributeDataType values.
const (
	String Type = iota + 1
	Number
	DateTime
	Boolean
)

// String returns the type's name as the API spells it.
func (t Type) String() string {
	switch t {
	case String:
		return "String"
	case Number:
		return "Number"
	case DateTime:
		return "DateTime"
	case Boolean:
		return "Boolean"
	}
	return ""
}

func parseType(s string) (Type, bool) {
	for _, t := range [...]Type{String, Number, DateTime, Boolean} {
		if s == t.String() {
			return t, true
		}
	}
	return 0, false
}

// Prefixes of custom and developer-only attribute names.
const (
	CustomPrefix = "custom:"
	DevPrefix    = "dev:" + CustomPrefix
)

// Decl is one SchemaAttributeType as the API carries it, in CreateUserPool's
// Schema, AddCustomAttributes' CustomAttributes and DescribeUserPool's
// SchemaAttributes; the JSON names are Cognito's, so a request decodes into it.
// Name is as given: "email" for a standard attribute, "tier" for custom:tier.
type Decl struct {
	Name                       string             `json:"Name,omitempty"`
	AttributeDataType          string             `json:"AttributeDataType,omitempty"`
	DeveloperOnlyAttribute     *bool              `json:"DeveloperOnlyAttribute,omitempty"`
	Mutable                    *bool              `json:"Mutable,omitempty"`
	Required                   *bool              `json:"Required,omitempty"`
	NumberAttributeConstraints *NumberConstraints `json:"NumberAttributeConstraints,omitempty"`
	StringAttributeConstraints *StringConstraints `json:"StringAttributeConstraints,omitempty"`
}

// NumberConstraints is NumberAttributeConstraintsType (numbers as strings).
type NumberConstraints struct {
	MinValue *string `json:"MinValue,omitempty"`
	MaxValue *string `json:"MaxValue,omitempty"`
}

// StringConstraints is StringAttributeConstraintsType (numbers as strings).
type StringConstraints struct {
	MinLength *string `json:"MinLength,omitempty"`
	MaxLength *string `json:"MaxLength,omitempty"`
}

// Attr is one user attribute: AttributeType's Name and Value (a missing Value
// is "").
type Attr struct{ Name, Value string }

// Error is a refusal with Cognito's error code and message.
type Error struct {
	Code    string // cognito.CodeInvalidParameter, cognito.CodeNotAuthorized, ...
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func invalid(msg string) *Error { return &Error{Code: cognito.CodeInvalidParameter, Message: msg} }

// attribute is one declared attribute, compiled.
type attribute struct {
	name     string // full name: "email", "custom:tier", "dev:custom:tier"
	typ      Type
	mutable  bool
	required bool
	custom   bool // custom: or dev:custom:
	devOnly  bool
	// String (and DateTime) values: length in UTF-16 code units, as the API
	// counts them. Number values: the bounds as decimal strings ("" = none).
	minLen, maxLen int
	minVal, maxVal string
	decl           Decl // as DescribeUserPool echoes it
	std            *standard
}

// Schema is a user pool's attribute schema. The zero value is not usable; build
// one with [New]. A Schema is never modified: [Schema.Add] returns a new one.
type Schema struct {
	attrs   []attribute // standard attributes first, in Cognito's order, then custom ones in declaration order
	byName  map[string]int
	customs int
}

// New builds a pool's schema from CreateUserPool's Schema: the standard
// attributes, with the Required, Mutable and length constraints decls give
// them, and the custom attributes decls declare. A name that is not a
// declarable standard attribute declares custom:<name> (Cognito does not strip
// a given "custom:" prefix: "custom:x" declares custom:custom:x).
func New(decls []Decl) (*Schema, error) {
	s := &Schema{attrs: make([]attribute, 0, len(standards)+len(decls)), byName: make(map[string]int, len(standards)+len(decls))}
	for i := range standards {
		s.byName[standards[i].name] = len(s.attrs)
		s.attrs = append(s.attrs, standards[i].attribute())
	}
	if err := s.declare("schema", decls, true); err != nil {
		return nil, err
	}
	return s, nil
}

// Add returns s with the custom attributes of AddCustomAttributes added; s is
// unchanged. Standard names are not special here: "email" declares
// custom:email.
func (s *Schema) Add(custom ...Decl) (*Schema, error) {
	n := &Schema{attrs: make([]attribute, len(s.attrs), len(s.attrs)+len(custom)), byName: make(map[string]int, len(s.attrs)+len(custom)), customs: s.customs}
	copy(n.attrs, s.attrs)
	for k, v := range s.byName {
		n.byName[k] = v
	}
	if err := n.declare("customAttributes", custom, false); err != nil {
		return nil, err
	}
	return n, nil
}

// declare adds decls to s (which the caller owns); list is the request member
// for validation answers; standardAllowed says whether standard names
// configure standard attributes (CreateUserPool) or declare custom ones.
func (s *Schema) declare(list string, decls []Decl, standardAllowed bool) error {
	if len(decls) > len(standards)+cognito.MaxCustomAttributes {
		return invalid(cognito.MsgTooManyCustom)
	}
	// Front-end validation first, for the whole request, as AWS does.
	for i := range decls {
		name := decls[i].Name
		path := cognito.MemberPath(list, i, "name")
		switch {
		case name == "":
			return invalid(cognito.MsgMemberMinLength(name, path, 1))
		case utf16Len(name) > cognito.MaxSchemaNameLength:
			return invalid(cognito.MsgMemberLength(name, path, cognito.MaxSchemaNameLength))
		case !namePattern(name):
			return invalid(cognito.MsgMemberPattern(name, path))
		}
	}
	for i := range decls {
		d := &decls[i]
		if standardAllowed {
			if std := standardByName(d.Name); std != nil && std.declarable {
				if err := s.configureStandard(std, d); err != nil {
					return err
				}
				continue
			}
		}
		if err := s.addCustom(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *Schema) configureStandard(std *standard, d *Decl) error {
	a := &s.attrs[s.byName[std.name]]
	if d.AttributeDataType != "" {
		t, ok := parseType(d.AttributeDataType)
		if !ok {
			return invalid(cognito.MsgInvalidDataType)
		}
		if t != std.typ {
			return invalid(std.name + cognito.MsgStandardChangedSuffix)
		}
	}
	if boolOr(d.DeveloperOnlyAttribute, false) {
		return invalid(std.name + cognito.MsgStandardChangedSuffix)
	}
	mutable, required := boolOr(d.Mutable, std.mutable), boolOr(d.Required, std.required)
	if std.name == "sub" && (mutable || !required) {
		return invalid(std.name + cognito.MsgStandardChangedSuffix)
	}
	a.mutable, a.required = mutable, required
	if err := a.constrain(d); err != nil {
		return err
	}
	a.decl = a.echo()
	return nil
}

func (s *Schema) addCustom(d *Decl) error {
	t, ok := parseType(d.AttributeDataType)
	if !ok {
		// A custom attribute must name its type (inferred: Cognito's answer
		// to a missing AttributeDataType is the enum text too).
		return invalid(cognito.MsgInvalidDataType)
	}
	dev := boolOr(d.DeveloperOnlyAttribute, false)
	full := CustomPrefix + d.Name
	if dev {
		full = DevPrefix + d.Name
	}
	if _, taken := s.byName[full]; taken {
		return invalid(cognito.MsgSchemaNameTaken(full))
	}
	if dev {
		// custom:x and dev:custom:x are one name to Cognito (inferred).
		if _, taken := s.byName[CustomPrefix+d.Name]; taken {
			return invalid(cognito.MsgSchemaNameTaken(full))
		}
	} else if _, taken := s.byName[DevPrefix+d.Name]; taken {
		return invalid(cognito.MsgSchemaNameTaken(full))
	}
	if boolOr(d.Required, false) {
		return invalid(cognito.MsgRequiredCustom)
	}
	if s.customs >= cognito.MaxCustomAttributes {
		return invalid(cognito.MsgTooManyCustom)
	}
	// Mutable defaults to true when omitted (inferred; CloudFormation and the
	// CDK choose false in their own layers).
	a := attribute{name: full, typ: t, mutable: boolOr(d.Mutable, true), custom: true, devOnly: dev, maxLen: cognito.MaxAttributeValueLength}
	if err := a.constrain(d); err != nil {
		return err
	}
	a.decl = a.echo()
	s.byName[full] = len(s.attrs)
	s.attrs = append(s.attrs, a)
	s.customs++
	return nil
}

// constrain applies d's constraints of a's type (those of the other type are
// ignored, as Cognito does (inferred)).
func (a *attribute) constrain(d *Decl) error {
	bad := invalid(a.name + cognito.MsgConstraintsInvalidSuffix)
	switch a.typ {
	case String, DateTime:
		c := d.StringAttributeConstraints
		if c == nil {
			return nil
		}
		minLen, maxLen := a.minLen, a.maxLen
		if c.MinLength != nil {
			n, ok := smallInt(*c.MinLength)
			if !ok {
				return bad
			}
			minLen = n
		}
		if c.MaxLength != nil {
			n, ok := smallInt(*c.MaxLength)
			if !ok {
				return bad
			}
			maxLen = min(n, cognito.MaxStringConstraint)
		}
		if minLen > maxLen {
			return bad
		}
		a.minLen, a.maxLen = minLen, maxLen
		if a.custom {
			// Echo what was given (inferred: Cognito echoes the declaration).
			a.decl.StringAttributeConstraints = &StringConstraints{MinLength: c.MinLength, MaxLength: c.MaxLength}
		} else {
			a.decl.StringAttributeConstraints = &StringConstraints{MinLength: ptr(strconv.Itoa(minLen)), MaxLength: ptr(strconv.Itoa(maxLen))}
		}
	case Number:
		c := d.NumberAttributeConstraints
		if c == nil {
			return nil
		}
		minVal, maxVal := a.minVal, a.maxVal
		if c.MinValue != nil {
			if !isDecimal(*c.MinValue) {
				return bad
			}
			minVal = *c.MinValue
		}
		if c.MaxValue != nil {
			if !isDecimal(*c.MaxValue) {
				return bad
			}
			maxVal = *c.MaxValue
		}
		if minVal != "" && maxVal != "" && cmpDecimal(minVal, maxVal) > 0 {
			return bad
		}
		a.minVal, a.maxVal = minVal, maxVal
		a.decl.NumberAttributeConstraints = &NumberConstraints{MinValue: c.MinValue, MaxValue: c.MaxValue}
		if !a.custom {
			a.decl.NumberAttributeConstraints = &NumberConstraints{MinValue: strPtrOrNil(minVal), MaxValue: strPtrOrNil(maxVal)}
		}
	}
	return nil
}

// echo is a's SchemaAttributeType as DescribeUserPool returns it.
func (a *attribute) echo() Decl {
	// DescribeUserPool names custom attributes in full ("custom:tier").
	d := Decl{Name: a.name, AttributeDataType: a.typ.String(), DeveloperOnlyAttribute: ptr(a.devOnly), Mutable: ptr(a.mutable), Required: ptr(a.required),
		NumberAttributeConstraints: a.decl.NumberAttributeConstraints, StringAttributeConstraints: a.decl.StringAttributeConstraints}
	return d
}

// Decls returns the schema as DescribeUserPool's SchemaAttributes: the standard
// attributes in Cognito's order, then the custom ones in declaration order.
func (s *Schema) Decls() []Decl {
	out := make([]Decl, len(s.attrs))
	for i := range s.attrs {
		out[i] = s.attrs[i].decl.clone()
	}
	return out
}

// clone copies d and what its pointers point to, so that callers cannot change
// the schema's echo.
func (d Decl) clone() Decl {
	c := d
	c.DeveloperOnlyAttribute, c.Mutable, c.Required = clonePtr(d.DeveloperOnlyAttribute), clonePtr(d.Mutable), clonePtr(d.Required)
	if d.NumberAttributeConstraints != nil {
		c.NumberAttributeConstraints = &NumberConstraints{MinValue: clonePtr(d.NumberAttributeConstraints.MinValue), MaxValue: clonePtr(d.NumberAttributeConstraints.MaxValue)}
	}
	if d.StringAttributeConstraints != nil {
		c.StringAttributeConstraints = &StringConstraints{MinLength: clonePtr(d.StringAttributeConstraints.MinLength), MaxLength: clonePtr(d.StringAttributeConstraints.MaxLength)}
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Customs returns the full names of the custom attributes ("custom:tier",
// "dev:custom:key"), in declaration order (GetCSVHeader's custom columns).
func (s *Schema) Customs() []string {
	out := make([]string, 0, s.customs)
	for i := range s.attrs {
		if s.attrs[i].custom {
			out = append(out, s.attrs[i].name)
		}
	}
	return out
}

// Declared reports whether name is an attribute of the schema.
func (s *Schema) Declared(name string) bool { _, ok := s.byName[name]; return ok }

// Required returns the names of the required attributes, in schema order.
func (s *Schema) Required() []string {
	var out []string
	for i := range s.attrs {
		if s.attrs[i].required {
			out = append(out, s.attrs[i].name)
		}
	}
	return out
}

// Missing returns the required attributes that attrs lacks (or gives empty),
// except sub, which Cognito assigns: what NEW_PASSWORD_REQUIRED asks for
// (requiredAttributes) after an AdminCreateUser that left them out.
func (s *Schema) Missing(attrs []Attr) []string {
	if len(attrs) > cognito.MaxAttributesPerRequest {
		attrs = attrs[:cognito.MaxAttributesPerRequest]
	}
	var out []string
	for i := range s.attrs {
		a := &s.attrs[i]
		if !a.required || a.name == "sub" {
			continue
		}
		found := false
		for j := range attrs {
			if attrs[j].Name == a.name && attrs[j].Value != "" {
				found = true
				break
			}
		}
		if !found {
			out = append(out, a.name)
		}
	}
	return out
}

// Reserved reports whether name is a claim that Cognito sets itself in ID or
// access tokens, which no user attribute may supply: every cognito:* name, the
// registered and OIDC claims (iss, aud, exp, iat, nbf, jti, auth_time, nonce,
// acr, amr, azp, at_hash, c_hash), Cognito's own (sub, token_use, origin_jti,
// event_id, client_id, scope, username, device_key, version). The list follows
// the claims a pre token generation trigger may not add, override or suppress
// (developer guide, "Pre token generation Lambda trigger") and the claims of
// Cognito's access tokens. A token builder writes these from its own fields
// and skips any attribute so named.
func Reserved(name string) bool {
	if strings.HasPrefix(name, "cognito:") {
		return true
	}
	_, ok := reservedClaims[name]
	return ok
}

var reservedClaims = map[string]struct{}{
	"acr": {}, "amr": {}, "at_hash": {}, "aud": {}, "auth_time": {}, "azp": {}, "c_hash": {}, "client_id": {}, "device_key": {},
	"event_id": {}, "exp": {}, "iat": {}, "iss": {}, "jti": {}, "nbf": {}, "nonce": {}, "origin_jti": {},
	"scope": {}, "sub": {}, "token_use": {}, "username": {}, "version": {},
}

// namePattern reports whether name matches the API's pattern
// [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (no spaces, no control characters).
func namePattern(name string) bool {
	if name == "" || !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if !unicode.In(r, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P) {
			return false
		}
	}
	return true
}

// utf16Len is the length of s as the API counts it (UTF-16 code units).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid UTF-8 ranges as U+FFFD: one unit
	}
	return n
}

// smallInt parses a non-negative decimal length of at most 7 digits.
func smallInt(s string) (int, bool) {
	if s == "" || len(s) > 7 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

func strPtrOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
