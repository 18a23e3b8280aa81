package cognito

import "strings"

// Message texts of Cognito's answers, as it spells them (docs/spec/masked-behaviour.md
// and the public threads it cites). A text with a parameter is a function; the
// fixed parts of the texts that errorsx and the middleware recognise are
// constants, and the recognisers (IsSecretHashText, ...) live here too.

// Sign-in.
const (
	// MsgIncorrect is the generic sign-in failure: wrong password, and under
	// ENABLED unknown, reset-required and (after a wrong password) disabled users.
	MsgIncorrect = "Incorrect username or password."
	// MsgAttemptsExceeded is the lockout's answer (NotAuthorizedException).
	MsgAttemptsExceeded           = "Password attempts exceeded"
	MsgUserDisabled               = "User is disabled."
	MsgUserNotConfirmed           = "User is not confirmed."
	MsgResetRequired              = "Password reset required for the user"
	MsgUserNotExist               = "User does not exist."
	MsgTempPasswordExpired        = "Temporary password has expired and must be reset by an administrator."
	MsgAuthNotSupported           = "Initiate Auth method not supported."
	MsgInvalidSession             = "Invalid session for the user."
	MsgSessionExpired             = "Invalid session for the user, session is expired."
	MsgInvalidChallengeNamePrefix = "Invalid challenge name "

	// The auth flow is not among the app client's ExplicitAuthFlows.
	MsgFlowNotEnabled             = "Auth flow not enabled for this client"
	MsgUserPasswordFlowNotEnabled = "USER_PASSWORD_AUTH flow not enabled for this client"
	MsgUserSRPFlowNotEnabled      = "USER_SRP_AUTH is not enabled for the client."
	MsgCustomFlowNotEnabled       = "Custom auth flow not enabled for this client"
	MsgCustomAuthNotConfigured    = "Custom auth lambda trigger is not configured for the user pool."

	// invalidSessionPrefix starts every "Invalid session ..." text.
	invalidSessionPrefix = "Invalid session"
	flowNotEnabledSuffix = "flow not enabled for this client"
)

// Codes: confirmation, recovery, delivery, limits.
const (
	MsgCodeMismatch       = "Invalid verification code provided, please try again."
	MsgExpiredCode        = "Invalid code provided, please request a code again."
	MsgLimitExceeded      = "Attempt limit exceeded, please try after some time."
	MsgUserClientNotFound = "Username/client id combination not found."
	MsgAlreadyConfirmed   = "User is already confirmed."
	// MsgNoVerifiedContact is ForgotPassword's answer for a user with no verified
	// email or phone number (UNCONFIRMED users included). Recognise it by prefix.
	MsgNoVerifiedContact = "Cannot reset password for the user as there is no registered/verified email or phone_number"
	MsgCannotReset       = "User password cannot be reset in the current state."
	// MsgCannotResend is ResendConfirmationCode's answer in a pool that
	// auto-verifies no attribute (or for a user who has none of them).
	MsgCannotResend = "Cannot resend codes. Auto verification not turned on."
	// MsgCannotConfirmPrefix + a user status: ConfirmSignUp for a user who is not
	// UNCONFIRMED ("... Current status is CONFIRMED").
	MsgCannotConfirmPrefix = "User cannot be confirmed. Current status is "
)

// Sign-up and attributes.
const (
	MsgUserExists           = "User already exists"
	MsgUserAccountExists    = "User account already exists"
	MsgPasswordPolicyPrefix = "Password did not conform with policy: "
	// MsgPasswordPolicyAdminPrefix is the form of the admin and change-password
	// operations.
	MsgPasswordPolicyAdminPrefix = "Password does not conform to policy: "
	MsgUnauthorizedAttribute     = "A client attempted to write unauthorized attribute"
	MsgUsernameEmailOrPhone      = "Username should be either an email or a phone number."
	MsgUsernameEmail             = "Username should be an email."
	MsgUsernamePhone             = "Username should be a phone number."
	MsgUsernameEmailAlias        = "Username cannot be of email format, since user pool is configured for email alias."
	MsgUsernamePhoneAlias        = "Username cannot be of phone number format, since user pool is configured for phone number alias."
	MsgInvalidEmail              = "Invalid email address format."
	MsgInvalidPhone              = "Invalid phone number format."
)

// Tokens.
const (
	MsgAccessExpired = "Access Token has expired"
	MsgAccessRevoked = "Access Token has been revoked"
	MsgAccessInvalid = "Invalid Access Token"
	// MsgRefreshInvalid: an unknown refresh token, one of another app client, one
	// rotated out past its grace period, or one bound to a device the request does not
	// name (aws-sdk-cpp#1789, aws-sdk-java-v2#3418, aws-sdk-js-v3#7162: with the period).
	MsgRefreshInvalid   = "Invalid Refresh Token."
	MsgRefreshRevoked   = "Refresh Token has been revoked"
	MsgRefreshExpired   = "Refresh Token has expired"
	MsgRevocationOff    = "Token revocation isn't enabled for this client"
	MsgUnsupportedToken = "Unsupported token type"
	// MsgRefreshFlowRequired: CreateUserPoolClient or UpdateUserPoolClient whose
	// ExplicitAuthFlows leave out ALLOW_REFRESH_TOKEN_AUTH while refresh token rotation
	// is off (InvalidParameterException; the code is inferred).
	MsgRefreshFlowRequired = "REFRESH_TOKEN_AUTH should always be allowed."
)

// SRP, devices and MFA.
const (
	MsgMissingParameterPrefix = "Missing required parameter "
	MsgInvalidSRPA            = "Invalid SRP_A" // inferred: Cognito's text is not published
	MsgInvalidDeviceVerifier  = "Invalid DeviceSecretVerifierConfig"
	MsgInvalidDeviceName      = "Invalid DeviceName"
	MsgDeviceNotFound         = "Device does not exist."
	MsgDeviceLimitTooHigh     = "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"
	MsgDeviceRememberedEnum   = "1 validation error detected: Value at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [not_remembered, remembered]"
	MsgMFACodeMismatch        = "Invalid code received for user"
	MsgTOTPNotFound           = "Software Token MFA does not exist for the user."
	MsgTOTPEnableFailed       = "Code mismatch and fail enable Software Token MFA"
	MsgInvalidMFATypePrefix   = "Invalid MFA type "                                       // inferred
	MsgTOTPNotSetUp           = "Software token MFA has not been set up for the user."    // inferred
	MsgTokenOrSession         = "Exactly one of AccessToken or Session must be provided." // inferred
	MsgTOTPNotVerified        = "User has not verified software token mfa"
	MsgNoPhoneNumber          = "User does not have a phone number."                                  // inferred
	MsgMFAMethodRequired      = "At least one MFA method must be enabled when MFA is ON or OPTIONAL." // inferred
)

// Pools, clients, groups, listing.
const (
	MsgAliasAndUsernameAttributes = "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."
	MsgDeletionProtection         = "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first."
	MsgLegacyAndNewFlows          = "ExplicitAuthFlows can't have both legacy and new values."
	MsgTokenValidityRange         = "Invalid range for token validity."
	MsgInvalidNextToken           = "Invalid NextToken"
	MsgInvalidPaginationToken     = "Invalid pagination token"
	MsgInvalidPaginationTokenDot  = "Invalid pagination token."
	MsgFilterParse                = "Error while parsing filter."
	MsgInvalidSearchAttrPrefix    = "Invalid search attribute: "
	MsgGroupNotFound              = "Group not found."
)

// The service's front end and triggers.
const (
	MsgUnknownOperation     = "Unknown operation"
	MsgUnreadableBody       = "Unable to read the request body"
	MsgBodyNotJSON          = "Unable to parse the request body as JSON"
	MsgBodyTooLarge         = "Request body too large"
	MsgHostNotAllowed       = "Host not allowed; start mockpool with -allow-host NAME (mockpool.WithAllowedHosts) to serve this name" // mockpool's own
	MsgInternalError        = "Internal error"
	MsgInternalServerError  = "Internal server error"
	MsgTokenSigningFailed   = "Internal error signing tokens"
	MsgUnrecognizableLambda = "Unrecognizable lambda output"
)

// MsgSecretNotReceived is the answer to a request without SECRET_HASH for a client
// with a secret: sign-up, sign-in, challenge answers, recovery (amplify-android#2504,
// amazon-cognito-identity-dart-2#249, 2023 on; no final period).
func MsgSecretNotReceived(clientID string) string {
	return "Client " + clientID + secretHashNotReceived
}

// MsgClientSecretNotReceived is the answer to a request without ClientSecret for a
// client with a secret (RevokeToken, GetTokensFromRefreshToken): the older form of
// the text, reported for refreshes before 2023 (amazon-cognito-identity-dart-2#164);
// for these operations, which take the secret itself, inferred.
func MsgClientSecretNotReceived(clientID string) string {
	return "Client " + clientID + secretNotReceived
}

// MsgSecretHashMismatch is the answer to a wrong SECRET_HASH.
func MsgSecretHashMismatch(clientID string) string { return secretHashMismatch + clientID }

const (
	secretNotReceived     = " is configured for secret but secret was not received"
	secretHashNotReceived = " is configured with secret but SECRET_HASH was not received"
	secretHashMismatch    = "Unable to verify secret hash for client "
)

// IsSecretHashText reports whether msg is one of Cognito's answers for a missing or
// wrong SECRET_HASH: MsgSecretNotReceived, MsgSecretHashMismatch, and the form
// reported since 2023 ("Client <id> is configured with secret but SECRET_HASH was
// not received").
func IsSecretHashText(msg string) bool {
	return strings.Contains(msg, "is configured for secret") || strings.HasPrefix(msg, strings.TrimSuffix(secretHashMismatch, " for client ")) ||
		strings.Contains(msg, "SECRET_HASH")
}

// IsFlowNotEnabledText reports whether msg says that the auth flow is not enabled
// for the app client, or not supported.
func IsFlowNotEnabledText(msg string) bool {
	return strings.Contains(msg, flowNotEnabledSuffix) || msg == MsgUserSRPFlowNotEnabled || strings.HasPrefix(msg, strings.TrimSuffix(MsgAuthNotSupported, "."))
}

// IsInvalidSessionText reports whether msg is an "Invalid session ..." answer
// (MsgInvalidSession, MsgSessionExpired).
func IsInvalidSessionText(msg string) bool { return strings.HasPrefix(msg, invalidSessionPrefix) }

// IsAttemptsExceededText reports whether msg is the lockout's answer.
func IsAttemptsExceededText(msg string) bool { return strings.HasPrefix(msg, MsgAttemptsExceeded) }

// MsgUserPoolNotFound is ResourceNotFoundException's text for a pool id.
func MsgUserPoolNotFound(id string) string { return "User pool " + id + " does not exist." }

// MsgClientNotFound is ResourceNotFoundException's text for an app client id.
func MsgClientNotFound(id string) string { return "User pool client " + id + " does not exist." }

// MsgAttributeExists is UsernameExistsException's (and AliasExistsException's, at
// admin updates) text when attr ("email", "phone_number") is taken.
func MsgAttributeExists(attr string) string {
	return "An account with the given " + attr + " already exists."
}

// MsgAliasExists is AliasExistsException's text at confirmation; format is "" or
// the word Cognito puts before the attribute name.
func MsgAliasExists(format, attr string) string {
	return "An account with the " + format + attr + " already exists."
}

// MsgGroupExists is GroupExistsException's text.
func MsgGroupExists(name string) string { return "A group with the name " + name + " already exists." }

// MsgResendNotPossible is AdminCreateUser RESEND's text for a user who is not
// FORCE_CHANGE_PASSWORD.
func MsgResendNotPossible(username string) string {
	return "Resend not possible. " + username + " status is not FORCE_CHANGE_PASSWORD."
}

// Texts of failed triggers; name is the trigger ("PreSignUp", ...).
func MsgLambdaTimeout(name string) string {
	return name + " invocation failed due to error Socket timeout while invoking Lambda function."
}

// MsgLambdaUnreachable: the trigger could not be reached.
func MsgLambdaUnreachable(name string) string {
	return name + " invocation failed due to error Socket error while invoking Lambda function."
}

// MsgLambdaCrashed: the trigger's runtime exited.
func MsgLambdaCrashed(name string) string {
	return MsgLambdaFailed(name, "Runtime exited with error: exit status 2")
}

// MsgLambdaFailed: the trigger returned an error with message msg
// (UserLambdaValidationException "PreAuthentication failed with error <msg>.").
func MsgLambdaFailed(name, msg string) string { return name + " failed with error " + msg + "." }
