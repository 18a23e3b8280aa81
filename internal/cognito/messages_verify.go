package cognito

// Texts of attribute verification (GetUserAttributeVerificationCode,
// VerifyUserAttribute, UpdateUserAttributes, DeleteUserAttributes). A wrong code
// answers MsgCodeMismatch, a used, expired or never sent code MsgExpiredCode
// (floci-io/floci#2018, checked against a real pool), the limits MsgLimitExceeded.
const (
	// MsgNotVerifiable: an attribute other than email and phone_number given to
	// GetUserAttributeVerificationCode or VerifyUserAttribute (InvalidParameterException;
	// only those two can be verified, floci-io/floci#2018; the wording is inferred).
	MsgNotVerifiable = "Invalid attribute name. Only email and phone_number can be verified."
	// MsgUpdateSettingsNotAutoVerified: CreateUserPool or UpdateUserPool with an
	// attribute in AttributesRequireVerificationBeforeUpdate that is not in
	// AutoVerifiedAttributes (InvalidParameterException, ekristen/aws-nuke#477).
	MsgUpdateSettingsNotAutoVerified = "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes"
)

// MsgNoSuchAttribute: GetUserAttributeVerificationCode for an attribute the user
// does not have (InvalidParameterException; inferred).
func MsgNoSuchAttribute(name string) string { return "User does not have the attribute " + name + "." }

// MsgCannotDeleteRequired: DeleteUserAttributes or AdminDeleteUserAttributes of sub
// or of an attribute the schema requires (InvalidParameterException; inferred).
func MsgCannotDeleteRequired(name string) string {
	return "Cannot delete the required attribute " + name + "."
}
