package errorsx

import "strings"

// sdkCodes maps every error code of the SDK's types package
// (service/cognitoidentityprovider/types, one *types.XxxException each) to
// its Kind before the message- and operation-dependent refinements of
// refine. TestSDKErrorsComplete fails when the SDK has a code this table
// lacks, or this table has a code the SDK lacks.
var sdkCodes = map[string]Kind{
	"AccessDeniedException":                    Misconfigured, // IAM of the caller
	"AliasExistsException":                     AccountExists,
	"CodeDeliveryFailureException":             Unavailable, // SES/SNS failed to deliver
	"CodeMismatchException":                    InvalidCode,
	"ConcurrentModificationException":          Unavailable, // try again
	"DeviceKeyExistsException":                 InvalidInput,
	"DuplicateProviderException":               InvalidInput,
	"EnableSoftwareTokenMFAException":          InvalidCode, // wrong TOTP code at VerifySoftwareToken
	"ExpiredCodeException":                     ExpiredCode,
	"FeatureUnavailableInTierException":        Misconfigured,
	"ForbiddenException":                       TooManyAttempts, // WAF web ACL refused the request
	"GroupExistsException":                     InvalidInput,
	"InternalErrorException":                   Unavailable,
	"InternalServerException":                  Unavailable,
	"InvalidEmailRoleAccessPolicyException":    Misconfigured,
	"InvalidLambdaResponseException":           Misconfigured,
	"InvalidOAuthFlowException":                Misconfigured,
	"InvalidParameterException":                InvalidInput, // refined
	"InvalidPasswordException":                 PasswordRejected,
	"InvalidSmsRoleAccessPolicyException":      Misconfigured,
	"InvalidSmsRoleTrustRelationshipException": Misconfigured,
	"InvalidUserPoolConfigurationException":    Misconfigured,
	"LimitExceededException":                   TooManyAttempts,
	"ManagedLoginBrandingExistsException":      InvalidInput,
	"MFAMethodNotFoundException":               InvalidInput,
	"NotAuthorizedException":                   InvalidCredentials, // refined
	"OperationNotEnabledException":             Misconfigured,
	"PasswordHistoryPolicyViolationException":  PasswordRejected,
	"PasswordResetRequiredException":           InvalidCredentials, // masked
	"PreconditionNotMetException":              InvalidInput,
	"RefreshTokenReuseException":               InvalidCredentials, // sign in again
	"ResourceNotFoundException":                Misconfigured,      // pool or client id
	"ScopeDoesNotExistException":               Misconfigured,
	"SoftwareTokenMFANotFoundException":        Misconfigured,
	"TermsExistsException":                     InvalidInput,
	"TierChangeNotAllowedException":            Misconfigured,
	"TooManyFailedAttemptsException":           TooManyAttempts,
	"TooManyRequestsException":                 TooManyAttempts,
	"UnauthorizedException":                    InvalidCredentials, // invalid access token
	"UnexpectedLambdaException":                Misconfigured,
	"UnsupportedIdentityProviderException":     Misconfigured,
	"UnsupportedOperationException":            Misconfigured,
	"UnsupportedTokenTypeException":            InvalidInput,
	"UnsupportedUserStateException":            InvalidInput,
	"UserImportInProgressException":            Unavailable,  // try again
	"UserLambdaValidationException":            InvalidInput, // refined: a trigger refused
	"UsernameExistsException":                  AccountExists,
	"UserNotConfirmedException":                NotConfirmed,
	"UserNotFoundException":                    InvalidCredentials, // refined, masked
	"UserPoolAddOnNotEnabledException":         Misconfigured,
	"UserPoolTaggingException":                 Misconfigured,
	"WebAuthnChallengeNotFoundException":       ExpiredCode,
	"WebAuthnClientMismatchException":          InvalidInput,
	"WebAuthnConfigurationMissingException":    Misconfigured,
	"WebAuthnCredentialNotSupportedException":  InvalidInput,
	"WebAuthnNotEnabledException":              Misconfigured,
	"WebAuthnOriginNotAllowedException":        Misconfigured,
	"WebAuthnRelyingPartyMismatchException":    InvalidInput,
}

// extraCodes are codes that no Cognito operation models but that reach the
// SDK as *smithy.GenericAPIError: the common errors of every AWS JSON
// service (authentication, throttling, validation, service faults).
var extraCodes = map[string]Kind{
	"ThrottlingException":         TooManyAttempts,
	"Throttling":                  TooManyAttempts,
	"RequestLimitExceeded":        TooManyAttempts,
	"ServiceUnavailable":          Unavailable,
	"ServiceUnavailableException": Unavailable,
	"InternalFailure":             Unavailable,
	"RequestTimeout":              Unavailable,
	"RequestTimeoutException":     Unavailable,
	"ValidationException":         InvalidInput,
	"SerializationException":      Misconfigured,
	"UnknownOperationException":   Misconfigured,
	"UnrecognizedClientException": Misconfigured,
	"InvalidSignatureException":   Misconfigured,
	"IncompleteSignature":         Misconfigured,
	"MissingAuthenticationToken":  Misconfigured,
	"InvalidClientTokenId":        Misconfigured,
	"ExpiredTokenException":       Misconfigured, // the caller's AWS credentials
	"SignatureDoesNotMatch":       Misconfigured,
}

// CodeKind returns the Kind an error code maps to before refinements, and
// whether errorsx knows the code.
func CodeKind(code string) (Kind, bool) {
	if k, ok := sdkCodes[code]; ok {
		return k, true
	}
	k, ok := extraCodes[code]
	return k, ok
}

// opClass groups operations by how their errors are masked.
type opClass uint8

const (
	opOther    opClass = iota
	opSignIn           // InitiateAuth, RespondToAuthChallenge and their Admin forms
	opConfirm          // ConfirmSignUp, ConfirmForgotPassword
	opDelivery         // ForgotPassword, ResendConfirmationCode
)

func classOf(operation string) opClass {
	switch operation {
	case "InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge", "AdminRespondToAuthChallenge":
		return opSignIn
	case "ConfirmSignUp", "ConfirmForgotPassword":
		return opConfirm
	case "ForgotPassword", "ResendConfirmationCode":
		return opDelivery
	}
	return opOther
}

// Cognito message texts the refinements look for.
const (
	msgAttemptsExceeded = "Password attempts exceeded"
	msgAlreadyConfirmed = "User is already confirmed."
	msgNoVerified       = "Cannot reset password for the user as there is no registered/verified email or phone_number"
)

// refine applies the message- and operation-dependent rules to the table's
// Kind for code.
func refine(class opClass, code, msg string, k Kind) Kind {
	switch code {
	case "NotAuthorizedException":
		switch {
		case strings.HasPrefix(msg, msgAttemptsExceeded):
			return TooManyAttempts
		case isSecretMisconfig(msg):
			return Misconfigured
		case strings.HasPrefix(msg, "Invalid session"):
			// "Invalid session for the user, session is expired."
			return ExpiredCode
		}
		switch class {
		case opDelivery:
			// LEGACY "User is disabled.", and "User password cannot be reset
			// in the current state." (FORCE_CHANGE_PASSWORD), tell that the
			// account exists; an unknown user gets a simulated delivery.
			return CodeSent
		case opConfirm:
			// LEGACY "User is disabled." and "User cannot be confirmed.
			// Current status is CONFIRMED" tell that the account exists; an
			// unknown user gets CodeMismatchException under ENABLED.
			return InvalidCode
		}
		return InvalidCredentials
	case "UserNotFoundException":
		switch class {
		case opConfirm:
			return InvalidCode
		case opDelivery:
			return CodeSent
		}
		return InvalidCredentials
	case "InvalidParameterException":
		switch {
		case strings.Contains(msg, "flow not enabled for this client"),
			strings.HasPrefix(msg, "Initiate Auth method not supported"),
			isSecretMisconfig(msg):
			return Misconfigured
		}
		if class == opDelivery && (strings.HasPrefix(msg, msgNoVerified) || msg == msgAlreadyConfirmed) {
			return CodeSent
		}
		return InvalidInput
	case "ExpiredCodeException":
		// On confirmation Cognito answers ExpiredCodeException for a real user
		// who has no pending code (none requested, or older than its
		// lifetime), even under ENABLED, while an unknown user gets
		// CodeMismatchException: one request would tell that the account
		// exists. The app shows the same InvalidCode, whose text already says
		// to request a new code.
		if class == opConfirm {
			return InvalidCode
		}
		return k
	case "UserLambdaValidationException":
		// A trigger refusing is the application's own decision: InvalidInput
		// (e.g. PreSignUp). At sign-in it is masked like a wrong password,
		// so a PreAuthentication trigger that refuses known users only is
		// no oracle.
		if class == opSignIn {
			return InvalidCredentials
		}
		return InvalidInput
	}
	return k
}

func isSecretMisconfig(msg string) bool {
	// "Client <id> is configured for secret but secret was not received",
	// "Unable to verify secret hash for client <id>"
	return strings.Contains(msg, "is configured for secret") || strings.HasPrefix(msg, "Unable to verify secret hash") ||
		strings.Contains(msg, "SECRET_HASH")
}
