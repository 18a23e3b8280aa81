package cognito

import "strconv"

// Texts of Cognito's answers about the attribute schema: what CreateUserPool's
// Schema and AddCustomAttributes refuse, and what SignUp, AdminCreateUser and
// (Admin)UpdateUserAttributes refuse in a list of user attributes. Package
// internal/schema holds the rules; the texts are here, once.
//
// Evidence is cited per text. A text marked (inferred) has no public evidence:
// it is our choice, in the shape of the texts next to it.

// Limits of the schema and of the attribute lists.
const (
	// MaxCustomAttributes is the number of custom attributes (custom: and
	// dev:custom:) a user pool may declare. AWS quota page: "Custom attributes
	// | 50" (cited as "max allowable is 50" in serverless/serverless#11850).
	MaxCustomAttributes = 50
	// MaxSchemaNameLength is SchemaAttributeType.Name's length limit (API
	// reference: "Maximum length of 20"; the quota "Characters in custom
	// attribute name | 20", hashicorp/terraform-provider-aws#31721).
	MaxSchemaNameLength = 20
	// MaxAttributeNameLength and MaxAttributeValueLength are AttributeType's
	// (API reference: Name 1..32, Value at most 2048).
	MaxAttributeNameLength  = 32
	MaxAttributeValueLength = 2048
	// MaxAttributesPerRequest bounds a UserAttributes list. Cognito documents
	// no limit (inferred): a pool has at most 20 standard and 50 custom
	// attributes, so a longer list cannot be valid; refusing it at once keeps
	// validation bounded (a 29,000-entry list is refused before any work).
	MaxAttributesPerRequest = 128
	// MaxCustomAttributesPerRequest bounds AddCustomAttributes'
	// CustomAttributes (API reference: 1 to 25 items).
	MaxCustomAttributesPerRequest = 25
	// MaxStringConstraint is the largest MaxLength a String attribute's value
	// can reach: AttributeType.Value's own limit.
	MaxStringConstraint = MaxAttributeValueLength
)

// Schema texts of user-attribute lists (InvalidParameterException).
const (
	// MsgSchemaPrefix starts every answer that lists problems with attributes,
	// one line per problem, each "<name>: <problem>\n". A raw body quoted in
	// aws-amplify/amplify-js#5532: {"__type":"InvalidParameterException",
	// "message":"Attributes did not conform to the schema: phone: Attribute
	// does not exist in the schema.\n"}; several lines in
	// aws-amplify/amplify-flutter#509.
	MsgSchemaPrefix = "Attributes did not conform to the schema: "

	// ProblemNotInSchema: an undeclared name (custom:x not declared, a name
	// without its custom: prefix, a claim name like iss or cognito:groups).
	// amplify-js#5532, #2167, amplify-cli#1761, amplify-flutter#509.
	ProblemNotInSchema = "Attribute does not exist in the schema."
	// ProblemRequired: a required attribute missing at SignUp.
	// aws-amplify/amplify-js#935 ("Attributes did not conform to the schema:
	// given_name: The at[tribute is required]", truncated in the thread) and
	// furaiev/amazon-cognito-identity-dart-2#89 ("email: the attribute is
	// required", lower case there).
	ProblemRequired = "The attribute is required"
	// ProblemDuplicate: the same name twice in one request (inferred: Cognito's
	// answer is not published).
	ProblemDuplicate = "Attribute is specified more than once."
	// ProblemNotNumber, ProblemNotBoolean: a value that does not parse as
	// the attribute's type (inferred).
	ProblemNotNumber  = "Number expected."
	ProblemNotBoolean = "Boolean expected: true or false."
)

// ProblemTooLong and ProblemTooShort: a String value outside its MinLength /
// MaxLength (inferred).
func ProblemTooLong(max int) string {
	return "String must be no longer than " + strconv.Itoa(max) + " characters."
}

// ProblemTooShort: see ProblemTooLong.
func ProblemTooShort(min int) string {
	return "String must be no shorter than " + strconv.Itoa(min) + " characters."
}

// ProblemBelowMin and ProblemAboveMax: a Number value outside MinValue /
// MaxValue (inferred).
func ProblemBelowMin(min string) string { return "Number must be no less than " + min + "." }

// ProblemAboveMax: see ProblemBelowMin.
func ProblemAboveMax(max string) string { return "Number must be no greater than " + max + "." }

// MsgSchemaProblem is one line of a schema answer.
func MsgSchemaProblem(name, problem string) string { return name + ": " + problem + "\n" }

// MsgImmutableLine is the line for a write, after creation, of an attribute
// whose Mutable is false: "user.email: Attribute cannot be updated." is
// UpdateUserAttributes' answer in aws-amplify/amplify-swift#3981, and the same
// text with a trailing newline comes back from a federated sign-in that maps
// an immutable attribute (aws-amplify/amplify-js#3526:
// "user.email%3A+Attribute+cannot+be+updated.%0A"). Several immutable
// attributes give several lines (inferred).
func MsgImmutableLine(name string) string { return "user." + name + ": Attribute cannot be updated.\n" }

// MsgNonMutable is RespondToAuthChallenge NEW_PASSWORD_REQUIRED's answer when
// the challenge response writes an attribute the user may not change
// (aws-amplify/aws-sdk-ios#2203: "Cannot modify the non-mutable attribute
// email_verified").
func MsgNonMutable(name string) string { return "Cannot modify the non-mutable attribute " + name }

// MsgRequiredMissing is RespondToAuthChallenge NEW_PASSWORD_REQUIRED's answer
// when a required attribute the administrator left out is still missing
// (amazon-archives/aws-cognito-angular-quickstart#116: "Invalid attributes
// given, given_name is missing"; pmill/aws-cognito#25).
func MsgRequiredMissing(name string) string {
	return "Invalid attributes given, " + name + " is missing"
}

// MsgVerifiedValue is the answer to an email_verified or phone_number_verified
// value other than "true" or "false" (mockpool's text before this file;
// inferred).
func MsgVerifiedValue(name string) string {
	return "Invalid value for " + name + ": must be true or false."
}

// Texts of the schema declarations: CreateUserPool's Schema and
// AddCustomAttributes' CustomAttributes.
const (
	// MsgInvalidDataType: an AttributeDataType outside String, Number,
	// DateTime, Boolean (InvalidParameterException; aws/aws-cli#6655,
	// aws-amplify/amplify-cli#9532).
	MsgInvalidDataType = "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."
	// MsgRequiredCustom: a custom attribute declared Required. The limitation
	// is documented (awsdocs/aws-cloudformation-user-guide#350: required custom
	// attributes are not supported); the exact text is as reported from the
	// API, not quoted in the evidence we hold (inferred wording).
	MsgRequiredCustom = "Required custom attributes are not supported currently."
	// MsgTooManyCustom: more than MaxCustomAttributes (inferred text; the
	// limit is AWS's quota).
	MsgTooManyCustom = "The user pool cannot have more than 50 custom attributes."
	// MsgStandardChangedSuffix: a standard attribute redeclared with another type,
	// as developer-only, or (sub) as mutable or optional (inferred).
	MsgStandardChangedSuffix = ": the type and developer-only setting of a standard attribute cannot be changed."
	// MsgConstraintsInvalidSuffix: Min/Max constraints that are not numbers,
	// are negative lengths, or have min above max (inferred).
	MsgConstraintsInvalidSuffix = ": invalid attribute constraints."
)

// MsgSchemaNameTaken is the answer to a schema attribute whose name is taken,
// already in the pool or earlier in the same request: "custom:custom:name:
// Existing attribute already has name custom:custom:name."
// (jmaleonard/serverless-cognito-add-custom-attributes#3, AddCustomAttributes;
// InvalidParameterException).
func MsgSchemaNameTaken(fullName string) string {
	return fullName + ": Existing attribute already has name " + fullName + "."
}

// Texts of app clients' ReadAttributes and WriteAttributes
// (InvalidParameterException): a name not in the pool's schema. aws/aws-cdk#34379
// ("Invalid read attributes specified while creating a client") and
// jmaleonard/serverless-cognito-add-custom-attributes#4 ("Invalid write
// attributes specified while updating a client").
func MsgInvalidClientAttributes(kind string, updating bool) string {
	verb := "creating"
	if updating {
		verb = "updating"
	}
	return "Invalid " + kind + " attributes specified while " + verb + " a client"
}

// MsgMemberLength is the front end's validation answer for a string member
// longer than max: "1 validation error detected: Value 'phone_number_verified'
// at 'schema.1.member.name' failed to satisfy constraint: Member must have
// length less than or equal to 20" (aws/aws-cdk#14699). value is "" for
// members the API marks sensitive (AttributeType.Value), which AWS does not
// echo ("Value at '...'").
func MsgMemberLength(value, path string, max int) string {
	return validationHead(value, path) + "Member must have length less than or equal to " + strconv.Itoa(max)
}

// MsgMemberMinLength: the member is shorter than min (1 for names).
func MsgMemberMinLength(value, path string, min int) string {
	return validationHead(value, path) + "Member must have length greater than or equal to " + strconv.Itoa(min)
}

// MsgMemberPattern: the member breaks the API's name pattern.
func MsgMemberPattern(value, path string) string {
	return validationHead(value, path) + "Member must satisfy regular expression pattern: " + AttributeNamePattern
}

// MsgTooManyAttributes: a UserAttributes list longer than
// MaxAttributesPerRequest (inferred; the form is the front end's).
func MsgTooManyAttributes(path string) string {
	return validationHead("", path) + "Member must have length less than or equal to " + strconv.Itoa(MaxAttributesPerRequest)
}

// AttributeNamePattern is the API's pattern for attribute names (AttributeType
// and SchemaAttributeType).
const AttributeNamePattern = `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`

func validationHead(value, path string) string {
	if value == "" {
		return "1 validation error detected: Value at '" + path + "' failed to satisfy constraint: "
	}
	return "1 validation error detected: Value '" + value + "' at '" + path + "' failed to satisfy constraint: "
}

// MemberPath is the path of the i-th (0-based) element's field of list in a
// validation answer: MemberPath("userAttributes", 0, "name") is
// "userAttributes.1.member.name".
func MemberPath(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i+1) + ".member." + field
}
