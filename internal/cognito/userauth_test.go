package cognito

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestUserAuthNamesMatchSDK: every factor and challenge name is one the SDK
// knows, spelled as it spells it.
func TestUserAuthNamesMatchSDK(t *testing.T) {
	factors := map[string]bool{}
	for _, v := range types.AuthFactorType("").Values() {
		factors[string(v)] = true
	}
	for _, f := range FirstFactors() {
		if !factors[f] || !IsFirstFactor(f) {
			t.Errorf("first factor %q: not an SDK AuthFactorType", f)
		}
	}
	if len(FirstFactors()) != len(factors) {
		t.Errorf("FirstFactors has %d names, the SDK %d", len(FirstFactors()), len(factors))
	}
	challenges := map[string]bool{}
	for _, v := range types.ChallengeNameType("").Values() {
		challenges[string(v)] = true
	}
	for _, c := range []string{ChallengeSelect, ChallengePassword, ChallengePasswordSRP, ChallengePasswordVerifier,
		ChallengeEmailOTP, ChallengeSMSOTP, ChallengeWebAuthn} {
		if !challenges[c] {
			t.Errorf("challenge %q: not an SDK ChallengeNameType", c)
		}
	}
}

func TestUserAuthChallenges(t *testing.T) {
	for _, tc := range []struct {
		factors []string
		want    []string
	}{
		{nil, nil},
		{[]string{"PASSWORD"}, []string{"PASSWORD_SRP", "PASSWORD"}},
		{[]string{"WEB_AUTHN", "EMAIL_OTP", "PASSWORD"}, []string{"PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "WEB_AUTHN"}},
		{[]string{"SMS_OTP", "SMS_OTP", "BOGUS"}, []string{"SMS_OTP"}},
	} {
		if got := AvailableChallenges(tc.factors); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AvailableChallenges(%v) = %v, want %v", tc.factors, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, factor, code string
		choice             bool
	}{
		{"PASSWORD", "PASSWORD", "", true},
		{"PASSWORD_SRP", "PASSWORD", "", true},
		{"PASSWORD_VERIFIER", "PASSWORD", "", false},
		{"EMAIL_OTP", "EMAIL_OTP", "EMAIL_OTP_CODE", true},
		{"SMS_OTP", "SMS_OTP", "SMS_OTP_CODE", true},
		{"WEB_AUTHN", "WEB_AUTHN", "", true},
		{"SELECT_CHALLENGE", "", "", false},
		{"SMS_MFA", "", "", false},
		{"", "", "", false},
	} {
		if got := FactorOf(tc.name); got != tc.factor {
			t.Errorf("FactorOf(%q) = %q, want %q", tc.name, got, tc.factor)
		}
		if got := CodeParam(tc.name); got != tc.code {
			t.Errorf("CodeParam(%q) = %q, want %q", tc.name, got, tc.code)
		}
		if got := IsChoice(tc.name); got != tc.choice {
			t.Errorf("IsChoice(%q) = %v, want %v", tc.name, got, tc.choice)
		}
	}
}

// TestMaskedUserAuth: the spec's USER_AUTH rows, spelled out.
func TestMaskedUserAuth(t *testing.T) {
	legacy, enabled := Policy{}, Policy{ClientEnabled: true}
	const nf, rr = "UserNotFoundException", "PasswordResetRequiredException"
	for _, tc := range []struct {
		op, step, code string
		p              Policy
		want           Action
		msg            string
	}{
		{"InitiateAuth", "", nf, legacy, ToFirstFactor, ""},
		{"InitiateAuth", "EMAIL_OTP", nf, legacy, ToFirstFactor, ""},
		{"AdminInitiateAuth", "PASSWORD", nf, legacy, ToFirstFactor, ""},
		{"InitiateAuth", "", nf, enabled, Keep, ""},
		{"InitiateAuth", "PASSWORD", rr, legacy, ToGeneric, ""},
		{"InitiateAuth", "", "NotAuthorizedException", legacy, Keep, ""},
		{"RespondToAuthChallenge", "SELECT:PASSWORD_SRP", nf, legacy, ToChallenge, ""},
		{"RespondToAuthChallenge", "SELECT:EMAIL_OTP", nf, legacy, ToFirstFactor, ""},
		{"AdminRespondToAuthChallenge", "SELECT:SMS_OTP", nf, legacy, ToFirstFactor, ""},
		{"RespondToAuthChallenge", "SELECT:WEB_AUTHN", nf, legacy, ToFirstFactor, ""},
		{"RespondToAuthChallenge", "SELECT:PASSWORD", nf, legacy, ToGeneric, ""},
		{"RespondToAuthChallenge", "PASSWORD", nf, legacy, ToGeneric, ""},
		{"RespondToAuthChallenge", "PASSWORD_SRP", nf, legacy, ToChallenge, ""},
		{"RespondToAuthChallenge", "PASSWORD_VERIFIER", nf, legacy, ToGeneric, ""},
		{"RespondToAuthChallenge", "EMAIL_OTP", nf, legacy, ToSignInCodeMismatch, ""},
		{"AdminRespondToAuthChallenge", "SMS_OTP", nf, legacy, ToSignInCodeMismatch, ""},
		{"RespondToAuthChallenge", "WEB_AUTHN", nf, legacy, ToGeneric, ""},
		{"RespondToAuthChallenge", "EMAIL_OTP", nf, enabled, Keep, ""},
		{"RespondToAuthChallenge", "EMAIL_OTP", "CodeMismatchException", legacy, Keep, ""},
		{"RespondToAuthChallenge", "WEB_AUTHN", rr, legacy, ToGeneric, ""},
		{"SignUp", "", nf, legacy, Keep, ""},
		{"InitiateAuth", "EMAIL_OTP", "UserNotConfirmedException", legacy, Keep, ""},
		{"InitiateAuth", "EMAIL_OTP", "UserNotConfirmedException", Policy{GenericUnconfirmed: true}, ToFirstFactor, ""},
		{"AdminInitiateAuth", "", "UserNotConfirmedException", Policy{ClientEnabled: true, GenericUnconfirmed: true}, ToFirstFactor, ""},
		{"InitiateAuth", "PASSWORD", "NotAuthorizedException", Policy{GenericDisabled: true}, ToFirstFactor, MsgUserDisabled},
		{"InitiateAuth", "PASSWORD", "NotAuthorizedException", Policy{GenericDisabled: true}, Keep, MsgIncorrect},
		{"InitiateAuth", "PASSWORD", "NotAuthorizedException", legacy, Keep, MsgUserDisabled},
	} {
		if got := MaskedUserAuth(tc.op, tc.step, tc.code, tc.msg, tc.p); got != tc.want {
			t.Errorf("MaskedUserAuth(%s, %q, %s, %+v) = %v, want %v", tc.op, tc.step, tc.code, tc.p, got, tc.want)
		}
	}
	for i, r := range UserAuthRows() {
		if ClassOf(r.Op) != SignIn {
			t.Errorf("row %d: %s is no sign-in operation", i, r.Op)
		}
		if r.Action == Keep || r.Action.String() == "Action(?)" {
			t.Errorf("row %d: action %v", i, r.Action)
		}
	}
}

func TestUserAuthTexts(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{MsgSignInCodeMismatch, "Invalid code or auth state for the user."},
		{MsgUserAuthFlowNotEnabled, "USER_AUTH flow not enabled for this client"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if !IsFlowNotEnabledText(MsgUserAuthFlowNotEnabled) {
		t.Error("IsFlowNotEnabledText does not know USER_AUTH's text")
	}
}
