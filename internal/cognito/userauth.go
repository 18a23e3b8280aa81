package cognito

import "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

// Choice-based sign-in (AuthFlow USER_AUTH): the names, parameters, texts and
// masked rows, in one home for mockpool, the middleware, srpauth and errorsx.
//
// Sources, cited below by their short names:
//   - [API]: the SDK's API reference (service/cognitoidentityprovider v1.61.0:
//     api_op_InitiateAuth.go AuthParameters and ChallengeName,
//     api_op_RespondToAuthChallenge.go ChallengeResponses; the same text as
//     AWS's ChallengeResponseType page), and types/enums.go.
//   - [Errors]: AWS, "Managing user existence error responses": under ENABLED,
//     "for choice-based authentication requests, Amazon Cognito responds with a
//     random selection of one of the challenge types that the user pool allows.
//     Your user pool might return a passkey, one-time password, or password
//     challenge."
//   - [Botocore]: the exception descriptions of botocore's cognito-idp reference
//     (WebAuthn*Exception pages). They give the meaning, never the message text.
//   - [amplify-js#14195]: unknown emails answered EMAIL_OTP with different
//     challenges, "designed to prevent user existence" (maintainer's answer).
//   - [amplify-js#3066], [amplify-js#11069]: CodeMismatchException "Invalid code
//     or auth state for the user." at RespondToAuthChallenge (SMS_MFA).
//
// A fact marked (inferred) has no published evidence: it is our decision.

// First factors: Policies.SignInPolicy.AllowedFirstAuthFactors of a pool
// (types.AuthFactorType) [API].
const (
	FactorPassword = string(types.AuthFactorTypePassword) // "PASSWORD": plain or SRP
	FactorEmailOTP = string(types.AuthFactorTypeEmailOtp) // "EMAIL_OTP"
	FactorSMSOTP   = string(types.AuthFactorTypeSmsOtp)   // "SMS_OTP"
	FactorWebAuthn = string(types.AuthFactorTypeWebAuthn) // "WEB_AUTHN"
)

// FirstFactors returns the four first factors in the SDK's order.
func FirstFactors() []string {
	return []string{FactorPassword, FactorEmailOTP, FactorSMSOTP, FactorWebAuthn}
}

// IsFirstFactor reports whether f is one of FirstFactors.
func IsFirstFactor(f string) bool {
	switch f {
	case FactorPassword, FactorEmailOTP, FactorSMSOTP, FactorWebAuthn:
		return true
	}
	return false
}

// Challenge names of USER_AUTH; every one is a types.ChallengeNameType of the
// SDK (TestUserAuthNamesMatchSDK). PASSWORD_VERIFIER follows PASSWORD_SRP.
const (
	ChallengeSelect           = string(types.ChallengeNameTypeSelectChallenge)  // "SELECT_CHALLENGE"
	ChallengePassword         = string(types.ChallengeNameTypePassword)         // "PASSWORD"
	ChallengePasswordSRP      = string(types.ChallengeNameTypePasswordSrp)      // "PASSWORD_SRP"
	ChallengePasswordVerifier = string(types.ChallengeNameTypePasswordVerifier) // "PASSWORD_VERIFIER"
	ChallengeEmailOTP         = string(types.ChallengeNameTypeEmailOtp)         // "EMAIL_OTP"
	ChallengeSMSOTP           = string(types.ChallengeNameTypeSmsOtp)           // "SMS_OTP"
	ChallengeWebAuthn         = string(types.ChallengeNameTypeWebAuthn)         // "WEB_AUTHN"
)

// ChallengesOf returns the AvailableChallenges entries a first factor offers,
// in the order they are listed: PASSWORD offers PASSWORD_SRP and PASSWORD
// (the order is inferred: AvailableChallenges' order is not documented), the
// others their own name [API: "Available challenges are PASSWORD,
// PASSWORD_SRP, EMAIL_OTP, SMS_OTP, and WEB_AUTHN"]. nil for anything else.
func ChallengesOf(factor string) []string {
	switch factor {
	case FactorPassword:
		return []string{ChallengePasswordSRP, ChallengePassword}
	case FactorEmailOTP, FactorSMSOTP, FactorWebAuthn:
		return []string{factor}
	}
	return nil
}

// AvailableChallenges returns the AvailableChallenges of SELECT_CHALLENGE for a
// user who can use the given first factors (in FirstFactors' order, whatever
// the order of factors; duplicates and unknown names dropped).
func AvailableChallenges(factors []string) []string {
	var out []string
	for _, f := range FirstFactors() {
		for _, g := range factors {
			if g == f {
				out = append(out, ChallengesOf(f)...)
				break
			}
		}
	}
	return out
}

// FactorOf returns the first factor a USER_AUTH challenge (or a
// PREFERRED_CHALLENGE, or an ANSWER to SELECT_CHALLENGE) belongs to: PASSWORD
// for PASSWORD, PASSWORD_SRP and PASSWORD_VERIFIER; "" for any other name.
func FactorOf(challenge string) string {
	switch challenge {
	case ChallengePassword, ChallengePasswordSRP, ChallengePasswordVerifier:
		return FactorPassword
	case ChallengeEmailOTP, ChallengeSMSOTP, ChallengeWebAuthn:
		return challenge
	}
	return ""
}

// IsChoice reports whether name may be a PREFERRED_CHALLENGE or an ANSWER to
// SELECT_CHALLENGE: PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN [API].
func IsChoice(name string) bool { return name != ChallengePasswordVerifier && FactorOf(name) != "" }

// Parameter names of USER_AUTH: AuthParameters, ChallengeParameters and
// ChallengeResponses [API].
const (
	ParamUsername           = "USERNAME"
	ParamSecretHash         = "SECRET_HASH"
	ParamPreferredChallenge = "PREFERRED_CHALLENGE" // AuthParameters of USER_AUTH
	ParamAnswer             = "ANSWER"              // SELECT_CHALLENGE's response: the chosen challenge
	ParamPassword           = "PASSWORD"            // PASSWORD's response (or AuthParameters with PREFERRED_CHALLENGE PASSWORD)
	ParamSRPA               = "SRP_A"               // PASSWORD_SRP's response (or AuthParameters with PREFERRED_CHALLENGE PASSWORD_SRP)
	ParamEmailOTPCode       = "EMAIL_OTP_CODE"      // EMAIL_OTP's response
	ParamSMSOTPCode         = "SMS_OTP_CODE"        // SMS_OTP's response
	// ParamCredentialRequestOptions is WEB_AUTHN's challenge parameter: a
	// PublicKeyCredentialRequestOptionsJSON (challenge, rpId, timeout,
	// allowCredentials, userVerification) that Amplify hands to
	// navigator.credentials.get after JSON.parse (aws-amplify/auth
	// handleWebAuthnSignInResult).
	ParamCredentialRequestOptions = "CREDENTIAL_REQUEST_OPTIONS"
	// ParamCredential is WEB_AUTHN's response: an AuthenticationResponseJSON
	// (W3C WebAuthn level 3) [API].
	ParamCredential = "CREDENTIAL"
	// The code-delivery parameters of EMAIL_OTP and SMS_OTP challenges
	// (docs/spec/masked-behaviour.md, as for SMS_MFA).
	ParamDeliveryMedium      = "CODE_DELIVERY_DELIVERY_MEDIUM"
	ParamDeliveryDestination = "CODE_DELIVERY_DESTINATION"
)

// CodeParam returns the ChallengeResponses key that carries the code of a code
// challenge of USER_AUTH (EMAIL_OTP_CODE, SMS_OTP_CODE); "" for others.
func CodeParam(challenge string) string {
	switch challenge {
	case ChallengeEmailOTP:
		return ParamEmailOTPCode
	case ChallengeSMSOTP:
		return ParamSMSOTPCode
	}
	return ""
}

// ResponseParam returns the ChallengeResponses key a USER_AUTH challenge is
// answered with (ANSWER, PASSWORD, SRP_A, EMAIL_OTP_CODE, SMS_OTP_CODE,
// CREDENTIAL); "" for others.
func ResponseParam(challenge string) string {
	switch challenge {
	case ChallengeSelect:
		return ParamAnswer
	case ChallengePassword:
		return ParamPassword
	case ChallengePasswordSRP:
		return ParamSRPA
	case ChallengeWebAuthn:
		return ParamCredential
	}
	return CodeParam(challenge)
}

// MaxWrongCodesPerSession is how many wrong codes one challenge Session takes
// (SMS_MFA, EMAIL_OTP, SMS_OTP) before Cognito drops it (inferred: mockpool's
// choice, the count its wrong-code limit allows).
const MaxWrongCodesPerSession = 5

// SessionAnswers returns how many answers a USER_AUTH challenge's Session takes
// before Cognito no longer holds it: MaxWrongCodesPerSession for EMAIL_OTP and
// SMS_OTP, one for the others (inferred, as mockpool serves them: a choice, a
// password, an SRP_A or a passkey assertion uses the Session up).
func SessionAnswers(challenge string) int {
	if CodeParam(challenge) != "" {
		return MaxWrongCodesPerSession
	}
	return 1
}

// Texts of the USER_AUTH path.
const (
	// MsgUserAuthFlowNotEnabled: USER_AUTH on an app client without
	// ALLOW_USER_AUTH (inferred, after MsgUserPasswordFlowNotEnabled's form).
	MsgUserAuthFlowNotEnabled = "USER_AUTH flow not enabled for this client"
	// MsgSignInCodeMismatch: CodeMismatchException for a wrong sign-in code
	// ([amplify-js#3066], [amplify-js#11069] for SMS_MFA; inferred for EMAIL_OTP
	// and SMS_OTP).
	MsgSignInCodeMismatch = "Invalid code or auth state for the user."
	// MsgChallengeNotAvailablePrefix + the name: InvalidParameterException for
	// a PREFERRED_CHALLENGE or ANSWER that is no first factor of the pool or not
	// among the user's AvailableChallenges (inferred).
	MsgChallengeNotAvailablePrefix = "Challenge not available: "
	// The WebAuthn texts below are inferred: [Botocore] gives only what each
	// exception means, quoted after each.
	// MsgWebAuthnNotEnabled: "the passkey feature isn't enabled" (WEB_AUTHN is not
	// an allowed first factor).
	MsgWebAuthnNotEnabled = "Passkey sign-in is not enabled for the user pool."
	// MsgWebAuthnChallengeNotFound: "the challenge from StartWebAuthn
	// registration has expired" (or was never issued).
	MsgWebAuthnChallengeNotFound = "The passkey registration challenge was not found or has expired."
	// MsgWebAuthnRelyingPartyMismatch: "the given passkey credential is
	// associated with a different relying party ID than the user pool relying
	// party ID".
	MsgWebAuthnRelyingPartyMismatch = "The passkey credential's relying party ID does not match the user pool's."
	// MsgWebAuthnOriginNotAllowed: "the passkey credential's registration origin
	// does not align with the user pool relying party id".
	MsgWebAuthnOriginNotAllowed = "The passkey credential's origin is not allowed for the user pool's relying party ID."
	// MsgWebAuthnCredentialNotSupported: "a user presents passkey credentials
	// from an unsupported device or provider".
	MsgWebAuthnCredentialNotSupported = "The passkey credential is not supported."
	// MsgWebAuthnClientMismatch: "the access token is for a different client
	// than the one in the original StartWebAuthnRegistration request".
	MsgWebAuthnClientMismatch = "The access token is for a different client than the passkey registration."
	// MsgWebAuthnConfigurationMissing: "a user pool doesn't have a configured
	// relying party id or a user pool domain".
	MsgWebAuthnConfigurationMissing = "The user pool has no relying party ID or domain configured for passkeys."
	// MsgWebAuthnCredentialNotFound: ResourceNotFoundException of
	// DeleteWebAuthnCredential for a credential id the user does not have.
	MsgWebAuthnCredentialNotFound = "Credential not found."
	// MsgNoEmail: InvalidParameterException of SetUserMFAPreference enabling
	// EMAIL_OTP MFA for a user without an email (inferred, after MsgNoPhoneNumber).
	MsgNoEmail = "User does not have an email address."
)

// Actions of the USER_AUTH rows (see UserAuthRows); they extend Action.
const (
	// ToFirstFactor: the simulated answer of a choice-based sign-in for an
	// unknown user: at InitiateAuth one of the pool's allowed challenges (the
	// simulated SELECT_CHALLENGE, or the simulated challenge of a factor), at
	// SELECT_CHALLENGE the simulated challenge of the ANSWER (PASSWORD_SRP: a
	// simulated PASSWORD_VERIFIER; PASSWORD, or WEB_AUTHN with a CREDENTIAL:
	// the generic failure) [Errors].
	ToFirstFactor Action = ToNoAutoVerify + 1 + iota
	// ToSignInCodeMismatch: CodeMismatchException MsgSignInCodeMismatch, a
	// wrong EMAIL_OTP or SMS_OTP code.
	ToSignInCodeMismatch
)

// UserAuthRow is a masked row of choice-based sign-in: at Op, a LEGACY answer
// Code (with the message Msg, or any) to the step Step becomes Action when the Policy
// meets When. Step is, at InitiateAuth, "" (no PREFERRED_CHALLENGE) or the
// PREFERRED_CHALLENGE; at RespondToAuthChallenge, the challenge answered,
// except SELECT_CHALLENGE, whose step is its ANSWER prefixed "SELECT:" (see
// SelectStep).
type UserAuthRow struct {
	Op   string
	Step string
	Code string
	// Msg is the message the answer must carry; anyMsg matches every one.
	Msg    string
	When   Cond
	Action Action
}

// SelectStep is the Step of a SELECT_CHALLENGE answered with answer.
func SelectStep(answer string) string { return "SELECT:" + answer }

// anyStep matches every step of its operation.
const anyStep = "*"

// userAuthRows: ENABLED answers an unknown user "with a random selection of
// one of the challenge types that the user pool allows" [Errors], and every
// answer to that challenge fails as a real user's wrong answer does: a wrong
// password or SRP proof NotAuthorizedException MsgIncorrect, a wrong code
// CodeMismatchException, a passkey assertion NotAuthorizedException
// MsgIncorrect (inferred: no published answer for a refused assertion). A
// reset-required user is masked as at the other flows. LEGACY answers
// UserNotFoundException (docs/spec/masked-behaviour.md).
var userAuthRows = [...]UserAuthRow{
	{OpInitiateAuth, anyStep, CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpAdminInitiateAuth, anyStep, CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpInitiateAuth, anyStep, CodePasswordResetRequired, anyMsg, Emulating, ToGeneric},
	{OpAdminInitiateAuth, anyStep, CodePasswordResetRequired, anyMsg, Emulating, ToGeneric},
	// The policies for what Cognito leaves unmasked (WithGenericUnconfirmed,
	// WithGenericDisabled): an unconfirmed or disabled user is answered from the
	// first step as a name that resolves to nobody, whatever the client's mode
	// (inferred: Cognito answers these users' USER_AUTH at once, by name alone).
	{OpInitiateAuth, anyStep, CodeUserNotConfirmed, anyMsg, IfGenericUnconfirmed, ToFirstFactor},
	{OpAdminInitiateAuth, anyStep, CodeUserNotConfirmed, anyMsg, IfGenericUnconfirmed, ToFirstFactor},
	{OpInitiateAuth, anyStep, CodeNotAuthorized, MsgUserDisabled, IfGenericDisabled, ToFirstFactor},
	{OpAdminInitiateAuth, anyStep, CodeNotAuthorized, MsgUserDisabled, IfGenericDisabled, ToFirstFactor},

	{OpRespondToAuthChallenge, SelectStep(ChallengePasswordSRP), CodeUserNotFound, anyMsg, Emulating, ToChallenge},
	{OpAdminRespondToAuthChallenge, SelectStep(ChallengePasswordSRP), CodeUserNotFound, anyMsg, Emulating, ToChallenge},
	{OpRespondToAuthChallenge, SelectStep(ChallengeEmailOTP), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpAdminRespondToAuthChallenge, SelectStep(ChallengeEmailOTP), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpRespondToAuthChallenge, SelectStep(ChallengeSMSOTP), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpAdminRespondToAuthChallenge, SelectStep(ChallengeSMSOTP), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpRespondToAuthChallenge, SelectStep(ChallengeWebAuthn), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpAdminRespondToAuthChallenge, SelectStep(ChallengeWebAuthn), CodeUserNotFound, anyMsg, Emulating, ToFirstFactor},
	{OpRespondToAuthChallenge, ChallengePasswordSRP, CodeUserNotFound, anyMsg, Emulating, ToChallenge},
	{OpAdminRespondToAuthChallenge, ChallengePasswordSRP, CodeUserNotFound, anyMsg, Emulating, ToChallenge},
	{OpRespondToAuthChallenge, ChallengeEmailOTP, CodeUserNotFound, anyMsg, Emulating, ToSignInCodeMismatch},
	{OpAdminRespondToAuthChallenge, ChallengeEmailOTP, CodeUserNotFound, anyMsg, Emulating, ToSignInCodeMismatch},
	{OpRespondToAuthChallenge, ChallengeSMSOTP, CodeUserNotFound, anyMsg, Emulating, ToSignInCodeMismatch},
	{OpAdminRespondToAuthChallenge, ChallengeSMSOTP, CodeUserNotFound, anyMsg, Emulating, ToSignInCodeMismatch},
	// PASSWORD, SELECT:PASSWORD, PASSWORD_VERIFIER, WEB_AUTHN (with a CREDENTIAL)
	// and anything else: the generic failure.
	{OpRespondToAuthChallenge, anyStep, CodeUserNotFound, anyMsg, Emulating, ToGeneric},
	{OpAdminRespondToAuthChallenge, anyStep, CodeUserNotFound, anyMsg, Emulating, ToGeneric},
	{OpRespondToAuthChallenge, anyStep, CodePasswordResetRequired, anyMsg, Emulating, ToGeneric},
	{OpAdminRespondToAuthChallenge, anyStep, CodePasswordResetRequired, anyMsg, Emulating, ToGeneric},
}

// UserAuthRows returns a copy of the USER_AUTH masked rows, in lookup order.
func UserAuthRows() []UserAuthRow { return append([]UserAuthRow(nil), userAuthRows[:]...) }

// MaskedUserAuth returns what the LEGACY answer code (with message msg) of op at the USER_AUTH
// step step becomes under p (the first matching row), Keep when no row
// applies. A SELECT_CHALLENGE answered PASSWORD_SRP without SRP_A, or WEB_AUTHN
// without CREDENTIAL, is still the step SelectStep(answer): the caller passes
// the step as the request names it.
func MaskedUserAuth(op, step, code, msg string, p Policy) Action {
	c := p.conds()
	for i := range userAuthRows {
		r := &userAuthRows[i]
		if r.Op == op && r.Code == code && (r.Msg == anyMsg || r.Msg == msg) && c&r.When == r.When && (r.Step == anyStep || r.Step == step) {
			return r.Action
		}
	}
	return Keep
}
