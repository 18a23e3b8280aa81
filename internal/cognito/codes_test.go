package cognito

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
)

// TestCodesMatchSDK checks every code constant against the ErrorCode of its
// type in the SDK (a misspelt constant would never match a real answer).
func TestCodesMatchSDK(t *testing.T) {
	for _, tc := range []struct {
		code string
		err  smithy.APIError
	}{
		{CodeAccessDenied, &types.AccessDeniedException{}},
		{CodeAliasExists, &types.AliasExistsException{}},
		{CodeCodeDeliveryFailure, &types.CodeDeliveryFailureException{}},
		{CodeCodeMismatch, &types.CodeMismatchException{}},
		{CodeConcurrentModification, &types.ConcurrentModificationException{}},
		{CodeDeviceKeyExists, &types.DeviceKeyExistsException{}},
		{CodeDuplicateProvider, &types.DuplicateProviderException{}},
		{CodeEnableSoftwareTokenMFA, &types.EnableSoftwareTokenMFAException{}},
		{CodeExpiredCode, &types.ExpiredCodeException{}},
		{CodeFeatureUnavailableInTier, &types.FeatureUnavailableInTierException{}},
		{CodeForbidden, &types.ForbiddenException{}},
		{CodeGroupExists, &types.GroupExistsException{}},
		{CodeInternalError, &types.InternalErrorException{}},
		{CodeInternalServer, &types.InternalServerException{}},
		{CodeInvalidEmailRoleAccessPolicy, &types.InvalidEmailRoleAccessPolicyException{}},
		{CodeInvalidLambdaResponse, &types.InvalidLambdaResponseException{}},
		{CodeInvalidOAuthFlow, &types.InvalidOAuthFlowException{}},
		{CodeInvalidParameter, &types.InvalidParameterException{}},
		{CodeInvalidPassword, &types.InvalidPasswordException{}},
		{CodeInvalidSmsRoleAccessPolicy, &types.InvalidSmsRoleAccessPolicyException{}},
		{CodeInvalidSmsRoleTrustRelationship, &types.InvalidSmsRoleTrustRelationshipException{}},
		{CodeInvalidUserPoolConfiguration, &types.InvalidUserPoolConfigurationException{}},
		{CodeLimitExceeded, &types.LimitExceededException{}},
		{CodeMFAMethodNotFound, &types.MFAMethodNotFoundException{}},
		{CodeManagedLoginBrandingExists, &types.ManagedLoginBrandingExistsException{}},
		{CodeNotAuthorized, &types.NotAuthorizedException{}},
		{CodeOperationNotEnabled, &types.OperationNotEnabledException{}},
		{CodePasswordHistoryPolicyViolation, &types.PasswordHistoryPolicyViolationException{}},
		{CodePasswordResetRequired, &types.PasswordResetRequiredException{}},
		{CodePreconditionNotMet, &types.PreconditionNotMetException{}},
		{CodeRefreshTokenReuse, &types.RefreshTokenReuseException{}},
		{CodeResourceNotFound, &types.ResourceNotFoundException{}},
		{CodeScopeDoesNotExist, &types.ScopeDoesNotExistException{}},
		{CodeSoftwareTokenMFANotFound, &types.SoftwareTokenMFANotFoundException{}},
		{CodeTermsExists, &types.TermsExistsException{}},
		{CodeTierChangeNotAllowed, &types.TierChangeNotAllowedException{}},
		{CodeTooManyFailedAttempts, &types.TooManyFailedAttemptsException{}},
		{CodeTooManyRequests, &types.TooManyRequestsException{}},
		{CodeUnauthorized, &types.UnauthorizedException{}},
		{CodeUnexpectedLambda, &types.UnexpectedLambdaException{}},
		{CodeUnsupportedIdentityProvider, &types.UnsupportedIdentityProviderException{}},
		{CodeUnsupportedOperation, &types.UnsupportedOperationException{}},
		{CodeUnsupportedTokenType, &types.UnsupportedTokenTypeException{}},
		{CodeUnsupportedUserState, &types.UnsupportedUserStateException{}},
		{CodeUserImportInProgress, &types.UserImportInProgressException{}},
		{CodeUserLambdaValidation, &types.UserLambdaValidationException{}},
		{CodeUserNotConfirmed, &types.UserNotConfirmedException{}},
		{CodeUserNotFound, &types.UserNotFoundException{}},
		{CodeUserPoolAddOnNotEnabled, &types.UserPoolAddOnNotEnabledException{}},
		{CodeUserPoolTagging, &types.UserPoolTaggingException{}},
		{CodeUsernameExists, &types.UsernameExistsException{}},
		{CodeWebAuthnChallengeNotFound, &types.WebAuthnChallengeNotFoundException{}},
		{CodeWebAuthnClientMismatch, &types.WebAuthnClientMismatchException{}},
		{CodeWebAuthnConfigurationMissing, &types.WebAuthnConfigurationMissingException{}},
		{CodeWebAuthnCredentialNotSupported, &types.WebAuthnCredentialNotSupportedException{}},
		{CodeWebAuthnNotEnabled, &types.WebAuthnNotEnabledException{}},
		{CodeWebAuthnOriginNotAllowed, &types.WebAuthnOriginNotAllowedException{}},
		{CodeWebAuthnRelyingPartyMismatch, &types.WebAuthnRelyingPartyMismatchException{}},
	} {
		if got := tc.err.ErrorCode(); got != tc.code {
			t.Errorf("%T: ErrorCode() = %q, the constant says %q", tc.err, got, tc.code)
		}
	}
}
