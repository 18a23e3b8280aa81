package cognito_test

import (
	"fmt"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// A LEGACY client's answer for an unknown user, and what an ENABLED client
// answers instead.
func ExampleMasked() {
	legacy := cognito.Policy{}
	fmt.Println(cognito.Masked(cognito.OpForgotPassword, cognito.CodeUserNotFound, cognito.MsgUserClientNotFound, legacy))
	fmt.Println(cognito.Masked(cognito.OpInitiateAuth, cognito.CodeUserNotFound, cognito.MsgUserNotExist, legacy))
	fmt.Println(cognito.Masked(cognito.OpInitiateAuth, cognito.CodeNotAuthorized, cognito.MsgUserDisabled, cognito.Policy{GenericDisabled: true}))
	fmt.Println(cognito.Masked(cognito.OpAdminGetUser, cognito.CodeUserNotFound, cognito.MsgUserNotExist, legacy))
	// Output:
	// ToDelivery
	// ToChallenge
	// ToGeneric
	// Keep
}

func ExampleClassOf() {
	for _, op := range []string{"RespondToAuthChallenge", "ConfirmForgotPassword", "ResendConfirmationCode", "SignUp", "AdminGetUser", "initiateAuth"} {
		fmt.Println(op, cognito.ClassOf(op), cognito.Known(op))
	}
	// Output:
	// RespondToAuthChallenge SignIn true
	// ConfirmForgotPassword Confirmation true
	// ResendConfirmationCode Delivery true
	// SignUp SignUp true
	// AdminGetUser Other true
	// initiateAuth Other false
}
