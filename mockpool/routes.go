package mockpool

// The dispatch tables: operations (X-Amz-Target), auth flows (the AuthFlow of
// InitiateAuth and AdminInitiateAuth) and challenges (the ChallengeName of
// RespondToAuthChallenge and AdminRespondToAuthChallenge). They are package-level
// literals, read-only after package initialisation; nothing registers itself.
//
// To add an operation, write its handler in the shape
//
//	func (s *Server) opX(r *request, in *xInput) (*xOutput, *apiError)
//
// (xInput may have a method validate(v *validator) for the checks Cognito's front end
// makes before anything else) and add a line to operations below:
//
//	cognito.OpX: handle((*Server).opX),

import (
	"github.com/maskedauth/maskedauth/internal/cognito"
)

// opHandler serves one operation: it returns the response (marshalled as JSON) or an
// API error.
type opHandler func(s *Server, r *request) (any, *apiError)

// validating is an input with the validation of Cognito's front end.
type validating interface{ validate(v *validator) }

// handle adapts a typed handler: it decodes r.body into a new In (an empty body is an
// empty object; a body that is not JSON, or a member of the wrong type, is
// SerializationException), runs In's validate method, if any, and answers its
// validation errors (InvalidParameterException "N validation error(s) detected: ...")
// before f is called.
func handle[In, Out any](f func(*Server, *request, *In) (Out, *apiError)) opHandler {
	return func(s *Server, r *request) (any, *apiError) {
		in := new(In)
		if e := decode(r.body, in); e != nil {
			return nil, e
		}
		if vi, ok := any(in).(validating); ok {
			var v validator
			vi.validate(&v)
			if e := v.err(); e != nil {
				return nil, e
			}
		}
		out, e := f(s, r, in)
		if e != nil {
			return nil, e
		}
		return out, nil
	}
}

// operations is the dispatch table: X-Amz-Target operation name -> handler.
var operations = map[string]opHandler{
	// Pools and app clients (op_pool.go).
	cognito.OpCreateUserPool:         handle((*Server).opCreateUserPool),
	cognito.OpDescribeUserPool:       handle((*Server).opDescribeUserPool),
	cognito.OpListUserPools:          handle((*Server).opListUserPools),
	cognito.OpDeleteUserPool:         handle((*Server).opDeleteUserPool),
	cognito.OpCreateUserPoolClient:   handle((*Server).opCreateUserPoolClient),
	cognito.OpDescribeUserPoolClient: handle((*Server).opDescribeUserPoolClient),
	cognito.OpUpdateUserPoolClient:   handle((*Server).opUpdateUserPoolClient),
	cognito.OpDeleteUserPoolClient:   handle((*Server).opDeleteUserPoolClient),
	cognito.OpListUserPoolClients:    handle((*Server).opListUserPoolClients),
	cognito.OpAddCustomAttributes:    handle((*Server).opAddCustomAttributes), // op_schema.go

	// Sign-up (op_signup.go) and password recovery (op_recovery.go).
	cognito.OpSignUp:                 handle((*Server).opSignUp),
	cognito.OpConfirmSignUp:          handle((*Server).opConfirmSignUp),
	cognito.OpResendConfirmationCode: handle((*Server).opResendConfirmationCode),
	cognito.OpForgotPassword:         handle((*Server).opForgotPassword),
	cognito.OpConfirmForgotPassword:  handle((*Server).opConfirmForgotPassword),

	// Sign-in (op_signin.go).
	cognito.OpInitiateAuth:                handle((*Server).opInitiateAuth),
	cognito.OpAdminInitiateAuth:           handle((*Server).opAdminInitiateAuth),
	cognito.OpRespondToAuthChallenge:      handle((*Server).opRespondToAuthChallenge),
	cognito.OpAdminRespondToAuthChallenge: handle((*Server).opAdminRespondToAuthChallenge),
	cognito.OpGetTokensFromRefreshToken:   handle((*Server).opGetTokensFromRefreshToken), // op_tokens.go

	// Access-token operations (op_user.go).
	cognito.OpGetUser:              handle((*Server).opGetUser),
	cognito.OpChangePassword:       handle((*Server).opChangePassword),
	cognito.OpGlobalSignOut:        handle((*Server).opGlobalSignOut),
	cognito.OpDeleteUser:           handle((*Server).opDeleteUser),
	cognito.OpUpdateUserAttributes: handle((*Server).opUpdateUserAttributes),
	cognito.OpRevokeToken:          handle((*Server).opRevokeToken),

	// Attribute verification (op_verify.go).
	cognito.OpGetUserAttributeVerificationCode: handle((*Server).opGetUserAttributeVerificationCode),
	cognito.OpVerifyUserAttribute:              handle((*Server).opVerifyUserAttribute),
	cognito.OpDeleteUserAttributes:             handle((*Server).opDeleteUserAttributes),

	// Admin user operations (op_admin.go).
	cognito.OpAdminCreateUser:           handle((*Server).opAdminCreateUser),
	cognito.OpAdminSetUserPassword:      handle((*Server).opAdminSetUserPassword),
	cognito.OpAdminGetUser:              handle((*Server).opAdminGetUser),
	cognito.OpAdminDeleteUser:           handle((*Server).opAdminDeleteUser),
	cognito.OpAdminDisableUser:          handle((*Server).opAdminDisableUser),
	cognito.OpAdminEnableUser:           handle((*Server).opAdminEnableUser),
	cognito.OpAdminConfirmSignUp:        handle((*Server).opAdminConfirmSignUp),
	cognito.OpAdminResetUserPassword:    handle((*Server).opAdminResetUserPassword),
	cognito.OpAdminUpdateUserAttributes: handle((*Server).opAdminUpdateUserAttributes),
	cognito.OpAdminDeleteUserAttributes: handle((*Server).opAdminDeleteUserAttributes),
	cognito.OpAdminUserGlobalSignOut:    handle((*Server).opAdminUserGlobalSignOut),
	cognito.OpListUsers:                 handle((*Server).opListUsers),

	// Groups (op_groups.go).
	cognito.OpCreateGroup:              handle((*Server).opCreateGroup),
	cognito.OpGetGroup:                 handle((*Server).opGetGroup),
	cognito.OpListGroups:               handle((*Server).opListGroups),
	cognito.OpDeleteGroup:              handle((*Server).opDeleteGroup),
	cognito.OpAdminAddUserToGroup:      handle((*Server).opAdminAddUserToGroup),
	cognito.OpAdminRemoveUserFromGroup: handle((*Server).opAdminRemoveUserFromGroup),
	cognito.OpAdminListGroupsForUser:   handle((*Server).opAdminListGroupsForUser),

	// MFA (op_mfa.go).
	cognito.OpAssociateSoftwareToken:    handle((*Server).opAssociateSoftwareToken),
	cognito.OpVerifySoftwareToken:       handle((*Server).opVerifySoftwareToken),
	cognito.OpSetUserMFAPreference:      handle((*Server).opSetUserMFAPreference),
	cognito.OpAdminSetUserMFAPreference: handle((*Server).opAdminSetUserMFAPreference),
	cognito.OpSetUserPoolMfaConfig:      handle((*Server).opSetUserPoolMfaConfig),
	cognito.OpGetUserPoolMfaConfig:      handle((*Server).opGetUserPoolMfaConfig),

	// Choice-based sign-in and passkeys (op_userauth.go, op_webauthn.go).
	cognito.OpGetUserAuthFactors:           handle((*Server).opGetUserAuthFactors),
	cognito.OpStartWebAuthnRegistration:    handle((*Server).opStartWebAuthnRegistration),
	cognito.OpCompleteWebAuthnRegistration: handle((*Server).opCompleteWebAuthnRegistration),
	cognito.OpListWebAuthnCredentials:      handle((*Server).opListWebAuthnCredentials),
	cognito.OpDeleteWebAuthnCredential:     handle((*Server).opDeleteWebAuthnCredential),

	// Devices (op_device.go).
	cognito.OpConfirmDevice:           handle((*Server).opConfirmDevice),
	cognito.OpListDevices:             handle((*Server).opListDevices),
	cognito.OpAdminListDevices:        handle((*Server).opAdminListDevices),
	cognito.OpGetDevice:               handle((*Server).opGetDevice),
	cognito.OpAdminGetDevice:          handle((*Server).opAdminGetDevice),
	cognito.OpForgetDevice:            handle((*Server).opForgetDevice),
	cognito.OpAdminForgetDevice:       handle((*Server).opAdminForgetDevice),
	cognito.OpUpdateDeviceStatus:      handle((*Server).opUpdateDeviceStatus),
	cognito.OpAdminUpdateDeviceStatus: handle((*Server).opAdminUpdateDeviceStatus),

	// Pool configuration operations (op_config_*.go).
	// op_config_domain.go
	cognito.OpCreateUserPoolDomain:   handle((*Server).opCreateUserPoolDomain),
	cognito.OpDescribeUserPoolDomain: handle((*Server).opDescribeUserPoolDomain),
	cognito.OpUpdateUserPoolDomain:   handle((*Server).opUpdateUserPoolDomain),
	cognito.OpDeleteUserPoolDomain:   handle((*Server).opDeleteUserPoolDomain),
	// op_config_server.go
	cognito.OpCreateResourceServer:   handle((*Server).opCreateResourceServer),
	cognito.OpDescribeResourceServer: handle((*Server).opDescribeResourceServer),
	cognito.OpUpdateResourceServer:   handle((*Server).opUpdateResourceServer),
	cognito.OpDeleteResourceServer:   handle((*Server).opDeleteResourceServer),
	cognito.OpListResourceServers:    handle((*Server).opListResourceServers),
	// op_config_idp.go
	cognito.OpCreateIdentityProvider:          handle((*Server).opCreateIdentityProvider),
	cognito.OpDescribeIdentityProvider:        handle((*Server).opDescribeIdentityProvider),
	cognito.OpUpdateIdentityProvider:          handle((*Server).opUpdateIdentityProvider),
	cognito.OpDeleteIdentityProvider:          handle((*Server).opDeleteIdentityProvider),
	cognito.OpListIdentityProviders:           handle((*Server).opListIdentityProviders),
	cognito.OpGetIdentityProviderByIdentifier: handle((*Server).opGetIdentityProviderByIdentifier),
	// op_config_ui.go
	cognito.OpGetUICustomization:                   handle((*Server).opGetUICustomization),
	cognito.OpSetUICustomization:                   handle((*Server).opSetUICustomization),
	cognito.OpCreateManagedLoginBranding:           handle((*Server).opCreateManagedLoginBranding),
	cognito.OpDescribeManagedLoginBranding:         handle((*Server).opDescribeManagedLoginBranding),
	cognito.OpDescribeManagedLoginBrandingByClient: handle((*Server).opDescribeManagedLoginBrandingByClient),
	cognito.OpUpdateManagedLoginBranding:           handle((*Server).opUpdateManagedLoginBranding),
	cognito.OpDeleteManagedLoginBranding:           handle((*Server).opDeleteManagedLoginBranding),
	// op_config_security.go
	cognito.OpDescribeRiskConfiguration:   handle((*Server).opDescribeRiskConfiguration),
	cognito.OpSetRiskConfiguration:        handle((*Server).opSetRiskConfiguration),
	cognito.OpGetLogDeliveryConfiguration: handle((*Server).opGetLogDeliveryConfiguration),
	cognito.OpSetLogDeliveryConfiguration: handle((*Server).opSetLogDeliveryConfiguration),
	// op_config_import.go
	cognito.OpGetCSVHeader:          handle((*Server).opGetCSVHeader),
	cognito.OpCreateUserImportJob:   handle((*Server).opCreateUserImportJob),
	cognito.OpDescribeUserImportJob: handle((*Server).opDescribeUserImportJob),
	cognito.OpListUserImportJobs:    handle((*Server).opListUserImportJobs),
	cognito.OpStartUserImportJob:    handle((*Server).opStartUserImportJob),
	cognito.OpStopUserImportJob:     handle((*Server).opStopUserImportJob),
	// op_config_tags.go
	cognito.OpTagResource:         handle((*Server).opTagResource),
	cognito.OpUntagResource:       handle((*Server).opUntagResource),
	cognito.OpListTagsForResource: handle((*Server).opListTagsForResource),
	// op_config_terms.go
	cognito.OpCreateTerms:   handle((*Server).opCreateTerms),
	cognito.OpDescribeTerms: handle((*Server).opDescribeTerms),
	cognito.OpUpdateTerms:   handle((*Server).opUpdateTerms),
	cognito.OpDeleteTerms:   handle((*Server).opDeleteTerms),
	cognito.OpListTerms:     handle((*Server).opListTerms),
	// op_config_replica.go
	cognito.OpCreateUserPoolReplica: handle((*Server).opCreateUserPoolReplica),
	cognito.OpDeleteUserPoolReplica: handle((*Server).opDeleteUserPoolReplica),
	cognito.OpUpdateUserPoolReplica: handle((*Server).opUpdateUserPoolReplica),
	cognito.OpListUserPoolReplicas:  handle((*Server).opListUserPoolReplicas),

	// Pool, group, user and app-client operations (op_pool_update.go, op_groups.go,
	// op_settings.go, op_authevents.go, op_cert.go, op_provider.go, op_client_secret.go).
	cognito.OpUpdateUserPool:               handle((*Server).opUpdateUserPool),
	cognito.OpGetSigningCertificate:        handle((*Server).opGetSigningCertificate),
	cognito.OpUpdateGroup:                  handle((*Server).opUpdateGroup),
	cognito.OpListUsersInGroup:             handle((*Server).opListUsersInGroup),
	cognito.OpAdminSetUserSettings:         handle((*Server).opAdminSetUserSettings),
	cognito.OpSetUserSettings:              handle((*Server).opSetUserSettings),
	cognito.OpAdminListUserAuthEvents:      handle((*Server).opAdminListUserAuthEvents),
	cognito.OpAdminUpdateAuthEventFeedback: handle((*Server).opAdminUpdateAuthEventFeedback),
	cognito.OpUpdateAuthEventFeedback:      handle((*Server).opUpdateAuthEventFeedback),
	cognito.OpAdminLinkProviderForUser:     handle((*Server).opAdminLinkProviderForUser),
	cognito.OpAdminDisableProviderForUser:  handle((*Server).opAdminDisableProviderForUser),
	cognito.OpAddUserPoolClientSecret:      handle((*Server).opAddUserPoolClientSecret),
	cognito.OpListUserPoolClientSecrets:    handle((*Server).opListUserPoolClientSecrets),
	cognito.OpDeleteUserPoolClientSecret:   handle((*Server).opDeleteUserPoolClientSecret),
}

// authFlows is the dispatch table of AuthFlow values (which flows a public or admin
// call may use: publicFlows, adminFlows in op_signin.go).
var authFlows = map[string]authFlowHandler{
	"USER_PASSWORD_AUTH":       (*Server).flowPassword,
	"ADMIN_USER_PASSWORD_AUTH": (*Server).flowPassword,
	"ADMIN_NO_SRP_AUTH":        (*Server).flowPassword,
	"REFRESH_TOKEN_AUTH":       (*Server).flowRefresh,
	"REFRESH_TOKEN":            (*Server).flowRefresh,
	"USER_SRP_AUTH":            (*Server).flowSRP,
	"CUSTOM_AUTH":              (*Server).flowCustom,
	"USER_AUTH":                (*Server).flowUserAuth, // op_userauth.go
}

// challenges is the dispatch table of ChallengeName values.
var challenges = map[string]challengeHandler{
	"NEW_PASSWORD_REQUIRED":   (*Server).challengeNewPassword,
	challengePasswordVerifier: (*Server).challengePasswordVerifier,
	challengeCustom:           (*Server).challengeCustom,
	mfaSMS:                    (*Server).challengeMFACode,
	mfaTOTP:                   (*Server).challengeMFACode,
	"SELECT_MFA_TYPE":         (*Server).challengeSelectMFA,
	"MFA_SETUP":               (*Server).challengeMFASetup,
	challengeDeviceSRP:        (*Server).challengeDeviceSRP,
	challengeDeviceVerifier:   (*Server).challengeDevicePasswordVerifier,
	// USER_AUTH (op_userauth.go, op_webauthn.go).
	cognito.ChallengeSelect:      (*Server).challengeSelect,
	cognito.ChallengePassword:    (*Server).challengeUAPassword,
	cognito.ChallengePasswordSRP: (*Server).challengeUAPasswordSRP,
	cognito.ChallengeEmailOTP:    (*Server).challengeUAOTP,
	cognito.ChallengeSMSOTP:      (*Server).challengeUAOTP,
	cognito.ChallengeWebAuthn:    (*Server).challengeWebAuthn,
}
