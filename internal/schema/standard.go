package schema

import (
	"strconv"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// standard is one of Cognito's standard attributes. Sources: the developer
// guide, "Working with user attributes" (the list; "By default, standard and
// custom attribute values can be any string with a length of up to 2048
// characters"; "Except for sub, standard attributes are optional by default";
// only email and phone_number can be verified), and the SchemaAttributes a new
// pool's DescribeUserPool returns (quoted in full in public threads, e.g.
// aws-amplify/amplify-js#10491, aws-amplify/amplify-cli#9525): sub String
// immutable required 1..2048; the others String mutable 0..2048 except
// birthdate (10..10), email_verified and phone_number_verified (Boolean) and
// updated_at (Number, MinValue 0).
type standard struct {
	name     string
	typ      Type
	mutable  bool
	required bool
	minLen   int
	maxLen   int
	minVal   string
	// declarable: CreateUserPool's Schema may configure it. email_verified
	// and phone_number_verified are built in: Cognito takes those names in a
	// Schema as custom attributes (aws/aws-cdk#14699: "phone_number_verified"
	// fails the 20-character limit of custom names).
	declarable bool
	// clientWrite: writable by an app client whose WriteAttributes is unset
	// (the SDK's UserPoolClientType.WriteAttributes: "your app can write the
	// values of the Standard attributes"; the verified flags are not among
	// them, and mockpool answered their write with NotAuthorizedException
	// before this package). adminWrite: writable by AdminCreateUser and
	// AdminUpdateUserAttributes. sub and identities are Cognito's own
	// (inferred for identities).
	clientWrite, adminWrite bool
	// format checks a value's shape beyond type and length ("" if it fits).
	format func(v string) string
}

func (st *standard) attribute() attribute {
	a := attribute{name: st.name, typ: st.typ, mutable: st.mutable, required: st.required, minLen: st.minLen, maxLen: st.maxLen, minVal: st.minVal, std: st}
	switch st.typ {
	case String:
		if st.name != "identities" {
			a.decl.StringAttributeConstraints = &StringConstraints{MinLength: ptr(strconv.Itoa(st.minLen)), MaxLength: ptr(strconv.Itoa(st.maxLen))}
		} else {
			a.decl.StringAttributeConstraints = &StringConstraints{}
		}
	case Number:
		a.decl.NumberAttributeConstraints = &NumberConstraints{MinValue: strPtrOrNil(st.minVal)}
	}
	a.decl = a.echo()
	return a
}

const maxLen = cognito.MaxAttributeValueLength

// standards is in the order of DescribeUserPool's SchemaAttributes.
var standards = [...]standard{
	{name: "sub", typ: String, required: true, minLen: 1, maxLen: maxLen, declarable: true},
	str("name"), str("given_name"), str("family_name"), str("middle_name"), str("nickname"),
	str("preferred_username"), str("profile"), str("picture"), str("website"),
	{name: "email", typ: String, mutable: true, maxLen: maxLen, declarable: true, clientWrite: true, adminWrite: true, format: emailFormat},
	{name: "email_verified", typ: Boolean, mutable: true, adminWrite: true, format: verifiedFormat("email_verified")},
	str("gender"),
	{name: "birthdate", typ: String, mutable: true, minLen: 10, maxLen: 10, declarable: true, clientWrite: true, adminWrite: true},
	str("zoneinfo"), str("locale"),
	{name: "phone_number", typ: String, mutable: true, maxLen: maxLen, declarable: true, clientWrite: true, adminWrite: true, format: phoneFormat},
	{name: "phone_number_verified", typ: Boolean, mutable: true, adminWrite: true, format: verifiedFormat("phone_number_verified")},
	str("address"),
	{name: "updated_at", typ: Number, mutable: true, minVal: "0", declarable: true, clientWrite: true, adminWrite: true},
	// identities: set by Cognito for federated users; DescribeUserPool lists
	// it with empty StringAttributeConstraints. Nobody writes it (inferred).
	{name: "identities", typ: String, mutable: true, maxLen: maxLen},
}

func str(name string) standard {
	return standard{name: name, typ: String, mutable: true, maxLen: maxLen, declarable: true, clientWrite: true, adminWrite: true}
}

var standardIndex = func() map[string]*standard {
	m := make(map[string]*standard, len(standards))
	for i := range standards {
		m[standards[i].name] = &standards[i]
	}
	return m
}()

func standardByName(name string) *standard { return standardIndex[name] }

// The format texts are InvalidParameterException answers of their own
// (internal/cognito: MsgInvalidEmail, MsgInvalidPhone, MsgVerifiedValue).

func emailFormat(v string) string {
	if !simulate.IsEmail(v) {
		return cognito.MsgInvalidEmail
	}
	return ""
}

func phoneFormat(v string) string {
	if !simulate.IsE164(v) {
		return cognito.MsgInvalidPhone
	}
	return ""
}

func verifiedFormat(name string) func(string) string {
	return func(v string) string {
		if v != "true" && v != "false" {
			return cognito.MsgVerifiedValue(name)
		}
		return ""
	}
}
