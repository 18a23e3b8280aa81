package cognito

import (
	"reflect"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

//go:generate go test -run TestOperationsMatchSDK -update .

// Known reports whether op is the name of an operation of the SDK's
// *cognitoidentityprovider.Client, spelled exactly as the SDK spells it
// ("InitiateAuth"; not "initiateAuth" nor "InitiateAuthInput").
func Known(op string) bool {
	i := sort.SearchStrings(operations[:], op)
	return i < len(operations) && operations[i] == op
}

// Operations returns the names of every operation of the SDK's client, sorted.
// The slice is a copy.
func Operations() []string { return append([]string(nil), operations[:]...) }

// sdkPackage is the import path of the SDK's client, whose output types
// OperationOf recognises.
const sdkPackage = "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

// OperationOf returns the operation whose output out is
// (*cognitoidentityprovider.InitiateAuthOutput -> "InitiateAuth"), or "" when out
// is not an output of the SDK's client. It does not allocate.
func OperationOf(out any) string {
	t := reflect.TypeOf(out)
	if t == nil {
		return ""
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() != sdkPackage {
		return ""
	}
	op, ok := strings.CutSuffix(t.Name(), "Output")
	if !ok || !Known(op) {
		return ""
	}
	return op
}

// Class is a group of operations that Cognito's masking treats alike.
type Class uint8

const (
	// Other operations are not masked (admin operations, token-based ones, ...).
	Other Class = iota
	// SignIn: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
	// AdminRespondToAuthChallenge. Unknown users fail like wrong passwords; the
	// lockout counts their failures.
	SignIn
	// Confirmation: ConfirmSignUp, ConfirmForgotPassword. Unknown users fail
	// like wrong codes.
	Confirmation
	// Delivery: ForgotPassword, ResendConfirmationCode. Unknown users get a
	// simulated CodeDeliveryDetails.
	Delivery
	// SignUp: SignUp. UsernameExistsException is not masked by Cognito; the
	// middleware's SimulatedSignUp policy masks it.
	SignUp

	classCount = iota // the number of classes
)

var classNames = [...]string{Other: "Other", SignIn: "SignIn", Confirmation: "Confirmation", Delivery: "Delivery", SignUp: "SignUp"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "Class(?)"
}

// ClassOf returns the class of the operation op (exact SDK spelling); Other for
// any other name, unknown ones included (check those with Known).
func ClassOf(op string) Class {
	switch op {
	case OpInitiateAuth, OpAdminInitiateAuth, OpRespondToAuthChallenge, OpAdminRespondToAuthChallenge:
		return SignIn
	case OpConfirmSignUp, OpConfirmForgotPassword:
		return Confirmation
	case OpForgotPassword, OpResendConfirmationCode:
		return Delivery
	case OpSignUp:
		return SignUp
	}
	return Other
}

// StartsSignIn reports whether op starts a sign-in (InitiateAuth,
// AdminInitiateAuth): the operations whose USER_SRP_AUTH answer for an unknown
// user is a simulated PASSWORD_VERIFIER challenge, and whose latency depends on
// the auth flow (see FlowOf).
func StartsSignIn(op string) bool { return op == OpInitiateAuth || op == OpAdminInitiateAuth }

// Flow groups the auth flows of InitiateAuth and AdminInitiateAuth by what
// Cognito does first: a cost an attacker can compare within a flow class but
// not across.
type Flow uint8

const (
	// FlowOther: CUSTOM_AUTH, USER_AUTH and any other flow.
	FlowOther Flow = iota
	// FlowSRP: USER_SRP_AUTH, answered with a PASSWORD_VERIFIER challenge.
	FlowSRP
	// FlowPassword: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH:
	// the password is checked at once.
	FlowPassword
	// FlowRefresh: REFRESH_TOKEN_AUTH, REFRESH_TOKEN.
	FlowRefresh
)

// FlowOf returns the class of an auth flow.
func FlowOf(flow types.AuthFlowType) Flow {
	switch flow {
	case types.AuthFlowTypeUserSrpAuth:
		return FlowSRP
	case types.AuthFlowTypeUserPasswordAuth, types.AuthFlowTypeAdminUserPasswordAuth, types.AuthFlowTypeAdminNoSrpAuth:
		return FlowPassword
	case types.AuthFlowTypeRefreshTokenAuth, types.AuthFlowTypeRefreshToken:
		return FlowRefresh
	}
	return FlowOther
}

// ReadOnly reports whether op only reads a pool: the Describe, Get, List,
// AdminGet and AdminList operations, except those among them that change state
// (GetUserAttributeVerificationCode sends a code; GetTokensFromRefreshToken
// issues tokens and may rotate the refresh token). An emulator can answer a
// read-only operation while its state cannot be committed; every other
// operation must be refused then.
func ReadOnly(op string) bool {
	switch op {
	case OpGetUserAttributeVerificationCode, OpGetTokensFromRefreshToken:
		return false
	}
	if !Known(op) {
		return false
	}
	for _, p := range [...]string{"Describe", "Get", "List", "AdminGet", "AdminList"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}
