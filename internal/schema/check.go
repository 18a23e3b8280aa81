package schema

import (
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Client is an app client's ReadAttributes and WriteAttributes, compiled against
// a schema by [Schema.Client]. A nil *Client passed to a check stands for an
// administrator (AdminCreateUser, AdminUpdateUserAttributes: IAM credentials,
// no app client).
type Client struct {
	read, write map[string]struct{} // nil: Cognito's defaults
}

// Client checks an app client's ReadAttributes and WriteAttributes (empty:
// Cognito's defaults) against s and compiles them; updating selects the text of
// UpdateUserPoolClient over CreateUserPoolClient's. Every name must be an
// attribute of s; sub and identities cannot be written, nor dev:custom:
// attributes (inferred). The schema only grows, so a client valid now stays
// valid; a client with default lists gains the custom attributes added later.
func (s *Schema) Client(read, write []string, updating bool) (*Client, error) {
	c := &Client{}
	if len(read) > 0 {
		if len(read) > len(s.attrs) {
			return nil, invalid(cognito.MsgInvalidClientAttributes("read", updating))
		}
		c.read = make(map[string]struct{}, len(read))
		for _, n := range read {
			if _, ok := s.byName[n]; !ok {
				return nil, invalid(cognito.MsgInvalidClientAttributes("read", updating))
			}
			c.read[n] = struct{}{}
		}
	}
	if len(write) > 0 {
		if len(write) > len(s.attrs) {
			return nil, invalid(cognito.MsgInvalidClientAttributes("write", updating))
		}
		c.write = make(map[string]struct{}, len(write))
		for _, n := range write {
			i, ok := s.byName[n]
			if !ok || !s.attrs[i].explicitWritable() {
				return nil, invalid(cognito.MsgInvalidClientAttributes("write", updating))
			}
			c.write[n] = struct{}{}
		}
	}
	return c, nil
}

// explicitWritable: a may be listed in an app client's WriteAttributes.
func (a *attribute) explicitWritable() bool {
	if a.std != nil {
		return a.std.adminWrite // the verified flags may be granted explicitly (inferred)
	}
	return !a.devOnly
}

// clientWritable: a is writable by c (non-nil).
func (c *Client) writable(a *attribute) bool {
	if c.write != nil {
		_, ok := c.write[a.name]
		return ok
	}
	if a.std != nil {
		return a.std.clientWrite
	}
	// Custom attributes are writable by a default client (inferred: amplify's
	// sign-up with custom:* attributes through default clients meets only
	// schema errors, amplify-cli#1761); developer-only ones never are
	// (SchemaAttributeType: "can't be updated using UpdateUserAttributes").
	return !a.devOnly
}

func adminWritable(a *attribute) bool {
	if a.std != nil {
		return a.std.adminWrite
	}
	return true
}

// CanRead reports whether c may read attribute name: with ReadAttributes set,
// the names listed (and sub, always); else every attribute of the schema
// (UserPoolClientType.ReadAttributes: by default "email_verified,
// phone_number_verified, and the standard attributes"; custom attributes are
// read by default clients too, as their ID tokens show (inferred); dev: ones
// are "read-only to all app clients", so readable). A nil c (an
// administrator) reads everything.
func (s *Schema) CanRead(c *Client, name string) bool {
	if _, ok := s.byName[name]; !ok {
		return false
	}
	if c == nil || c.read == nil || name == "sub" {
		return true
	}
	_, ok := c.read[name]
	return ok
}

// Readable returns the attributes of attrs that c may read, in their order
// (GetUser, and the attribute claims of an ID token issued to c). attrs is not
// modified.
func (s *Schema) Readable(c *Client, attrs []Attr) []Attr {
	out := make([]Attr, 0, len(attrs))
	for _, a := range attrs {
		if s.CanRead(c, a.Name) && (a.Name == "sub" || !Reserved(a.Name)) {
			out = append(out, a)
		}
	}
	return out
}

// CheckCreate checks the attributes of a new user: SignUp through app client c,
// or (c nil) AdminCreateUser. It refuses, in this order and as Cognito answers:
//   - a list longer than cognito.MaxAttributesPerRequest, a name outside 1..32
//     characters or the API's pattern, a value over 2048 characters (the
//     front end's validation answers);
//   - for an app client, a name it may not write: NotAuthorizedException "A
//     client attempted to write unauthorized attribute" (aws/aws-sdk-js#1084);
//     with default WriteAttributes an undeclared name is a schema problem
//     instead (aws-amplify/amplify-js#5532);
//   - schema problems, all listed, one line each: undeclared names (claim names
//     such as iss or cognito:groups are never declared), duplicates, values of
//     the wrong type or length, and at SignUp the required attributes missing.
//     AdminCreateUser may leave required attributes out: the user supplies them
//     at NEW_PASSWORD_REQUIRED ([Schema.Missing]).
//
// Immutable attributes may be set here; only their later change is refused.
func (s *Schema) CheckCreate(attrs []Attr, c *Client) error {
	return s.check(attrs, c, true)
}

// CheckUpdate checks the changes of UpdateUserAttributes (app client c) or, c
// nil, AdminUpdateUserAttributes: the checks of CheckCreate except required
// attributes, then any write of an attribute whose Mutable is false, even to
// its current value, which Cognito refuses after creation ("user.<name>:
// Attribute cannot be updated.").
func (s *Schema) CheckUpdate(changes []Attr, c *Client) error {
	return s.check(changes, c, false)
}

func (s *Schema) check(attrs []Attr, c *Client, create bool) error {
	const list = "userAttributes"
	if len(attrs) > cognito.MaxAttributesPerRequest {
		return invalid(cognito.MsgTooManyAttributes(list))
	}
	// Front-end validation: every entry, before any rule of the schema.
	for i := range attrs {
		name := attrs[i].Name
		switch {
		case name == "":
			return invalid(cognito.MsgMemberMinLength("", cognito.MemberPath(list, i, "name"), 1))
		case len(name) > 4*cognito.MaxAttributeNameLength || utf16Len(name) > cognito.MaxAttributeNameLength:
			return invalid(cognito.MsgMemberLength("", cognito.MemberPath(list, i, "name"), cognito.MaxAttributeNameLength))
		case !namePattern(name):
			return invalid(cognito.MsgMemberPattern("", cognito.MemberPath(list, i, "name")))
		}
		if v := attrs[i].Value; len(v) > cognito.MaxAttributeValueLength && (len(v) > 4*cognito.MaxAttributeValueLength || utf16Len(v) > cognito.MaxAttributeValueLength) {
			return invalid(cognito.MsgMemberLength("", cognito.MemberPath(list, i, "value"), cognito.MaxAttributeValueLength))
		}
	}
	// Write permission: the first name the writer may not write.
	for i := range attrs {
		j, declared := s.byName[attrs[i].Name]
		switch {
		case c == nil:
			if declared && !adminWritable(&s.attrs[j]) {
				return unauthorized()
			}
		case !declared:
			if c.write != nil {
				return unauthorized()
			}
		case !c.writable(&s.attrs[j]):
			return unauthorized()
		}
	}
	// Schema problems, every one, in request order.
	var b strings.Builder
	seen := make(map[string]struct{}, len(attrs))
	for i := range attrs {
		name, value := attrs[i].Name, attrs[i].Value
		if _, dup := seen[name]; dup {
			line(&b, name, cognito.ProblemDuplicate)
			continue
		}
		seen[name] = struct{}{}
		j, declared := s.byName[name]
		if !declared {
			line(&b, name, cognito.ProblemNotInSchema)
			continue
		}
		problem, alone := s.attrs[j].checkValue(value)
		if alone != "" {
			// A standard attribute's format text (email, phone_number, the
			// verified flags) is answered alone, as mockpool did before.
			return invalid(alone)
		}
		if problem != "" {
			line(&b, name, problem)
		}
	}
	if create && c != nil {
		for j := range s.attrs {
			a := &s.attrs[j]
			if !a.required || a.name == "sub" {
				continue
			}
			if _, ok := seen[a.name]; !ok || valueOf(attrs, a.name) == "" {
				line(&b, a.name, cognito.ProblemRequired)
			}
		}
	}
	if b.Len() > 0 {
		return invalid(cognito.MsgSchemaPrefix + b.String())
	}
	if !create {
		var im strings.Builder
		for i := range attrs {
			if !s.attrs[s.byName[attrs[i].Name]].mutable {
				im.WriteString(cognito.MsgImmutableLine(attrs[i].Name))
			}
		}
		if im.Len() > 0 {
			return invalid(im.String())
		}
	}
	return nil
}

func unauthorized() *Error {
	return &Error{Code: cognito.CodeNotAuthorized, Message: cognito.MsgUnauthorizedAttribute}
}

func line(b *strings.Builder, name, problem string) {
	b.WriteString(cognito.MsgSchemaProblem(name, problem))
}

// valueOf returns the first value of name in attrs.
func valueOf(attrs []Attr, name string) string {
	for i := range attrs {
		if attrs[i].Name == name {
			return attrs[i].Value
		}
	}
	return ""
}

// checkValue checks v against a's type and constraints (problem: a line of a
// schema answer) and a standard attribute's format (alone: a whole answer).
// DateTime values are not parsed (inferred: Cognito's check is not published).
func (a *attribute) checkValue(v string) (problem, alone string) {
	switch a.typ {
	case String, DateTime:
		if n := utf16Len(v); n > a.maxLen {
			return cognito.ProblemTooLong(a.maxLen), ""
		} else if n < a.minLen {
			return cognito.ProblemTooShort(a.minLen), ""
		}
	case Number:
		if !isDecimal(v) {
			return cognito.ProblemNotNumber, ""
		}
		if a.minVal != "" && cmpDecimal(v, a.minVal) < 0 {
			return cognito.ProblemBelowMin(a.minVal), ""
		}
		if a.maxVal != "" && cmpDecimal(v, a.maxVal) > 0 {
			return cognito.ProblemAboveMax(a.maxVal), ""
		}
	case Boolean:
		if a.std == nil && v != "true" && v != "false" {
			return cognito.ProblemNotBoolean, ""
		}
	}
	if a.std != nil && a.std.format != nil {
		return "", a.std.format(v)
	}
	return "", ""
}
