package errorsx

import "github.com/maskedauth/maskedauth/internal/cognito"

// sdkCodes maps every error code of the SDK's types package
// (service/cognitoidentityprovider/types, one *types.XxxException each) to
// its Kind before the message- and operation-dependent refinements of
// refine. TestSDKErrorsComplete fails when the SDK has a code this table
// lacks, or this table has a code the SDK lacks.
var sdkCodes = map[string]Kind{
	cognito.CodeAccessDenied:                    Misconfigured, // IAM of the caller
	cognito.CodeAliasExists:                     AccountExists,
	cognito.CodeCodeDeliveryFailure:             Unavailable, // SES/SNS failed to deliver
	cognito.CodeCodeMismatch:                    InvalidCode,
	cognito.CodeConcurrentModification:          Unavailable, // try again
	cognito.CodeDeviceKeyExists:                 InvalidInput,
	cognito.CodeDuplicateProvider:               InvalidInput,
	cognito.CodeEnableSoftwareTokenMFA:          InvalidCode, // wrong TOTP code at VerifySoftwareToken
	cognito.CodeExpiredCode:                     ExpiredCode,
	cognito.CodeFeatureUnavailableInTier:        Misconfigured,
	cognito.CodeForbidden:                       TooManyAttempts, // WAF web ACL refused the request
	cognito.CodeGroupExists:                     InvalidInput,
	cognito.CodeInternalError:                   Unavailable,
	cognito.CodeInternalServer:                  Unavailable,
	cognito.CodeInvalidEmailRoleAccessPolicy:    Misconfigured,
	cognito.CodeInvalidLambdaResponse:           Misconfigured,
	cognito.CodeInvalidOAuthFlow:                Misconfigured,
	cognito.CodeInvalidParameter:                InvalidInput, // refined
	cognito.CodeInvalidPassword:                 PasswordRejected,
	cognito.CodeInvalidSmsRoleAccessPolicy:      Misconfigured,
	cognito.CodeInvalidSmsRoleTrustRelationship: Misconfigured,
	cognito.CodeInvalidUserPoolConfiguration:    Misconfigured,
	cognito.CodeLimitExceeded:                   TooManyAttempts,
	cognito.CodeManagedLoginBrandingExists:      InvalidInput,
	cognito.CodeMFAMethodNotFound:               InvalidInput,
	cognito.CodeNotAuthorized:                   InvalidCredentials, // refined
	cognito.CodeOperationNotEnabled:             Misconfigured,
	cognito.CodePasswordHistoryPolicyViolation:  PasswordRejected,
	cognito.CodePasswordResetRequired:           InvalidCredentials, // masked
	cognito.CodePreconditionNotMet:              InvalidInput,
	cognito.CodeRefreshTokenReuse:               InvalidCredentials, // sign in again
	cognito.CodeResourceNotFound:                Misconfigured,      // pool or client id
	cognito.CodeScopeDoesNotExist:               Misconfigured,
	cognito.CodeSoftwareTokenMFANotFound:        Misconfigured,
	cognito.CodeTermsExists:                     InvalidInput,
	cognito.CodeTierChangeNotAllowed:            Misconfigured,
	cognito.CodeTooManyFailedAttempts:           TooManyAttempts,
	cognito.CodeTooManyRequests:                 TooManyAttempts,
	cognito.CodeUnauthorized:                    InvalidCredentials, // invalid access token
	cognito.CodeUnexpectedLambda:                Misconfigured,
	cognito.CodeUnsupportedIdentityProvider:     Misconfigured,
	cognito.CodeUnsupportedOperation:            Misconfigured,
	cognito.CodeUnsupportedTokenType:            InvalidInput,
	cognito.CodeUnsupportedUserState:            InvalidInput,
	cognito.CodeUserImportInProgress:            Unavailable,  // try again
	cognito.CodeUserLambdaValidation:            InvalidInput, // refined: a trigger refused
	cognito.CodeUsernameExists:                  AccountExists,
	cognito.CodeUserNotConfirmed:                NotConfirmed,
	cognito.CodeUserNotFound:                    InvalidCredentials, // refined, masked
	cognito.CodeUserPoolAddOnNotEnabled:         Misconfigured,
	cognito.CodeUserPoolTagging:                 Misconfigured,
	cognito.CodeWebAuthnChallengeNotFound:       ExpiredCode,
	cognito.CodeWebAuthnClientMismatch:          InvalidInput,
	cognito.CodeWebAuthnConfigurationMissing:    Misconfigured,
	cognito.CodeWebAuthnCredentialNotSupported:  InvalidInput,
	cognito.CodeWebAuthnNotEnabled:              Misconfigured,
	cognito.CodeWebAuthnOriginNotAllowed:        Misconfigured,
	cognito.CodeWebAuthnRelyingPartyMismatch:    InvalidInput,
}

// extraCodes are codes that no Cognito operation models but that reach the
// SDK as *smithy.GenericAPIError: the common errors of every AWS JSON
// service (authentication, throttling, validation, service faults).
var extraCodes = map[string]Kind{
	cognito.CodeThrottlingException:         TooManyAttempts,
	cognito.CodeThrottling:                  TooManyAttempts,
	cognito.CodeRequestLimitExceeded:        TooManyAttempts,
	cognito.CodeServiceUnavailable:          Unavailable,
	cognito.CodeServiceUnavailableException: Unavailable,
	cognito.CodeInternalFailure:             Unavailable,
	cognito.CodeRequestTimeout:              Unavailable,
	cognito.CodeRequestTimeoutException:     Unavailable,
	cognito.CodeValidationException:         InvalidInput,
	cognito.CodeSerializationException:      Misconfigured,
	cognito.CodeUnknownOperationException:   Misconfigured,
	cognito.CodeUnrecognizedClientException: Misconfigured,
	cognito.CodeInvalidSignatureException:   Misconfigured,
	cognito.CodeIncompleteSignature:         Misconfigured,
	cognito.CodeMissingAuthenticationToken:  Misconfigured,
	cognito.CodeInvalidClientTokenId:        Misconfigured,
	cognito.CodeExpiredTokenException:       Misconfigured, // the caller's AWS credentials
	cognito.CodeSignatureDoesNotMatch:       Misconfigured,
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

// refine applies the message- and operation-dependent rules to the table's
// Kind for code. The masked rows come from cognito.Masked, read as an ENABLED
// client answers (the zero Policy); the rules after it go further than
// ENABLED where the application must not tell answers apart either.
func refine(op, code, msg string, k Kind) Kind {
	class := cognito.ClassOf(op)
	switch cognito.Masked(op, code, msg, cognito.Policy{}) {
	case cognito.ToGeneric, cognito.ToChallenge:
		// A simulated challenge ends in the generic failure: Classify cannot
		// invent the challenge, the middleware does.
		return InvalidCredentials
	case cognito.ToCodeMismatch:
		return InvalidCode
	case cognito.ToDelivery:
		return CodeSent
	}
	switch code {
	case cognito.CodeNotAuthorized:
		switch {
		case cognito.IsAttemptsExceededText(msg):
			return TooManyAttempts
		case cognito.IsSecretHashText(msg):
			return Misconfigured
		case cognito.IsInvalidSessionText(msg):
			// "Invalid session for the user, session is expired."
			return ExpiredCode
		}
		switch class {
		case cognito.Delivery:
			// Any other NotAuthorizedException of a delivery tells that the
			// account exists, as "User is disabled." does.
			return CodeSent
		case cognito.Confirmation:
			// "User cannot be confirmed. Current status is CONFIRMED" tells that
			// the account exists, even under ENABLED; an unknown user gets
			// CodeMismatchException.
			return InvalidCode
		}
		return InvalidCredentials
	case cognito.CodeUserNotFound:
		switch class {
		case cognito.Confirmation:
			return InvalidCode
		case cognito.Delivery:
			return CodeSent
		}
		return InvalidCredentials
	case cognito.CodeInvalidParameter:
		if cognito.IsFlowNotEnabledText(msg) || cognito.IsSecretHashText(msg) {
			return Misconfigured
		}
		return InvalidInput
	case cognito.CodeExpiredCode:
		// On confirmation Cognito answers ExpiredCodeException for a real user
		// who has no pending code (none requested, or older than its
		// lifetime), even under ENABLED, while an unknown user gets
		// CodeMismatchException: one request would tell that the account
		// exists. The app shows the same InvalidCode, whose text already says
		// to request a new code.
		if class == cognito.Confirmation {
			return InvalidCode
		}
		return k
	case cognito.CodeUserLambdaValidation:
		// A trigger refusing is the application's own decision: InvalidInput
		// (e.g. PreSignUp). At sign-in it is masked like a wrong password,
		// so a PreAuthentication trigger that refuses known users only is
		// no oracle.
		if class == cognito.SignIn {
			return InvalidCredentials
		}
		return InvalidInput
	}
	return k
}
