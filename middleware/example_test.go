package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// examplePool makes a mock pool (auto-verifying email, users signing in with a
// username or their email) with one LEGACY app client, as CreateUserPoolClient
// makes by default, and a user alice.
func examplePool(secret []byte) (s *mockpool.Server, poolID, clientID string) {
	ctx := context.Background()
	s = mockpool.New(mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithRand(rand.NewChaCha8([32]byte{42})))
	admin := s.Client()
	po, err := admin.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("example"),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		AliasAttributes:        []types.AliasAttributeType{types.AliasAttributeTypeEmail}})
	if err != nil {
		panic(err)
	}
	poolID = aws.ToString(po.UserPool.Id)
	co, err := admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String("web"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowUserSrpAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	if err != nil {
		panic(err)
	}
	clientID = aws.ToString(co.UserPoolClient.ClientId)
	_, err = admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("alice"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("alice@example.com")},
			{Name: aws.String("email_verified"), Value: aws.String("true")}}, MessageAction: types.MessageActionTypeSuppress})
	if err != nil {
		panic(err)
	}
	_, err = admin.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("alice"),
		Password: aws.String("Passw0rd!"), Permanent: true})
	if err != nil {
		panic(err)
	}
	return s, poolID, clientID
}

// A LEGACY app client with the middleware answers as an ENABLED one: an unknown
// user's sign-in fails like a wrong password, and a password reset for them looks
// like a real one. WithNormalize states how the pool compares usernames (this one
// is case sensitive); ForPool reads it from the pool instead.
func ExampleWithMasking() {
	secret := []byte("the same 32-byte secret as mock!")
	s, poolID, clientID := examplePool(secret)
	client := s.Client(middleware.WithMasking(middleware.WithSecret(secret), middleware.WithUserPool(poolID, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive)))
	ctx := context.Background()

	_, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "nobody", "PASSWORD": "Passw0rd!"}})
	var notAuthorized *types.NotAuthorizedException
	fmt.Println(errors.As(err, &notAuthorized), aws.ToString(notAuthorized.Message))
	r, _ := errorsx.From(err)
	fmt.Println(r.Kind, r.Message.Key, r.HTTPStatus)

	out, err := client.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("nobody@example.org")})
	if err != nil {
		panic(err)
	}
	d := out.CodeDeliveryDetails
	fmt.Println(d.DeliveryMedium, aws.ToString(d.AttributeName), aws.ToString(d.Destination))
	// Output:
	// true Incorrect username or password.
	// InvalidCredentials auth.invalid_credentials 400
	// EMAIL email n***@e***
}

// ForPool reads the pool's facts (case sensitivity, username, alias and
// auto-verified attributes) and returns a ready Masker; its ClientOption adds it to
// a client. errorsx.Classify reads the Result of any answer (errorsx.From finds it
// in an error).
func ExampleForPool() {
	s, poolID, clientID := examplePool([]byte("example secret, 32 bytes long..."))
	ctx := context.Background()
	m, err := middleware.ForPool(ctx, s.Client(), poolID, middleware.WithSecret([]byte("example secret, 32 bytes long...")))
	if err != nil {
		panic(err)
	}
	client := s.Client(m.ClientOption())
	out, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(clientID),
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "alice", "PASSWORD": "Passw0rd!"}})
	r := errorsx.Classify("InitiateAuth", out, err)
	fmt.Println(r.Kind, r.Message.Key, r.Tokens.ExpiresIn)
	// Output: SignedIn auth.signed_in 1h0m0s
}

// AddMasking adds one shared Masker to a stack: in aws.Config.APIOptions (every
// client made from the config; calls of other services pass untouched) or a single
// call's options. Build the Masker once: it holds the counters and learned floors.
func ExampleAddMasking() {
	secret := []byte("example secret, 32 bytes long...")
	s, poolID, clientID := examplePool(secret)
	client := s.Client()
	ctx := context.Background()
	m, err := middleware.New(middleware.WithSecret(secret), middleware.WithUserPool(poolID, "email"),
		middleware.WithNormalize(middleware.NormalizeCaseSensitive))
	if err != nil {
		panic(err)
	}

	// For one call (or, appended to cfg.APIOptions, for every call of a config).
	perCall := func(o *cip.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *smithymiddleware.Stack) error { return middleware.AddMasking(stack, m) })
	}
	_, err = client.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID),
		Username: aws.String("nobody"), ConfirmationCode: aws.String("123456"), Password: aws.String("N3w!Passw0rd")}, perCall)
	r, _ := errorsx.From(err)
	fmt.Println(r.Kind, r.Message.Key)

	// The same with the Masker's ClientOption, which is also a per-call option.
	_, err = client.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), Username: aws.String("nobody"),
		ConfirmationCode: aws.String("123456")}, m.ClientOption())
	r, _ = errorsx.From(err)
	fmt.Println(r.Kind, r.Message.Key)
	// Output:
	// InvalidCode auth.invalid_code
	// InvalidCode auth.invalid_code
}

// Audit reports what a pool and its app clients leak, and what closes each leak.
func ExampleAudit() {
	s, poolID, clientID := examplePool([]byte("example secret, 32 bytes long..."))
	report, err := middleware.Audit(context.Background(), s.Client(), poolID)
	if err != nil {
		panic(err)
	}
	fmt.Print(strings.NewReplacer(poolID, "<pool id>", clientID, "<client id>").Replace(report.String()))
	// Output:
	// Enumeration audit of user pool <pool id> (example)
	//   sign-in: username or alias (email); case sensitive; self sign-up; auto-verified: email
	//   app clients (1):
	//     web <client id>: LEGACY; flows ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH
	// risks (8):
	//   [high] legacy-client (client web <client id>)
	//       PreventUserExistenceErrors is LEGACY: sign-in answers UserNotFoundException and
	//       PasswordResetRequiredException, ForgotPassword and ResendConfirmationCode refuse unknown,
	//       disabled and unverified users, and the confirmations answer UserNotFoundException, so
	//       every one of them tells whether an account exists.
	//       fix: Add middleware.WithMasking to every client that uses this app client (it emulates
	//       ENABLED), or set PreventUserExistenceErrors to ENABLED (UpdateUserPoolClient resets the
	//       settings it is not given).
	//   [high] srp-user-id (client web <client id>)
	//       Users sign in with their username or an alias (email), usernames are not UUIDs, and SRP is
	//       allowed: the PASSWORD_VERIFIER challenge of a real user carries the username as
	//       USER_ID_FOR_SRP, that of an unknown user a simulated UUID, so USER_SRP_AUTH tells whether
	//       an account exists unless every username is a UUID. ENABLED does not hide it (AWS documents
	//       it), and neither can the middleware.
	//       fix: Use email or phone number as username (UsernameAttributes: Cognito makes every
	//       username a UUID), or give users UUID usernames (the app draws one at sign-up), or remove
	//       ALLOW_USER_SRP_AUTH and ALLOW_USER_AUTH from this client and sign in with
	//       USER_PASSWORD_AUTH from the backend.
	//   [medium] signup-exists (pool)
	//       Self sign-up is on: SignUp answers UsernameExistsException for a taken username ("An
	//       account with the given email already exists." when the email is the username). Cognito
	//       never masks it, ENABLED or not.
	//       fix: middleware.WithSimulatedSignUp(notify): answer as if a code had been sent, and tell
	//       the real owner through notify.
	//   [low] unconfirmed (pool)
	//       Sign-in answers UserNotConfirmedException for an unconfirmed account, even with a wrong
	//       password. Cognito never masks it.
	//       fix: middleware.WithGenericUnconfirmed(): the generic failure instead (the app can no
	//       longer offer to resend the code).
	//   [low] alias-exists (pool)
	//       Alias pool: SignUp accepts an email or phone number another user has verified, and
	//       ConfirmSignUp then answers AliasExistsException, which tells that the address is in use.
	//       fix: Confirm with ForceAliasCreation true (the alias moves to the new account once
	//       verified), or handle the answer as a wrong code.
	//   [low] disabled (pool)
	//       Sign-in answers "User is disabled." for a disabled account (ENABLED: after a right
	//       password; LEGACY: whatever the password).
	//       fix: middleware.WithGenericDisabled(): the generic failure instead.
	//   [info] case-sensitive (pool)
	//       Usernames are case sensitive: "Alice" and "alice" are two accounts, and simulated answers
	//       are keyed by the typed name.
	//       fix: Create pools with UsernameConfiguration CaseSensitive false (it cannot be changed
	//       later); give the middleware WithNormalize(strings.ToLower) when it is.
	//   [info] admin-operations (pool)
	//       Admin operations other than AdminInitiateAuth and AdminRespondToAuthChallenge
	//       (AdminGetUser, AdminSetUserPassword, ...) answer UserNotFoundException "User does not
	//       exist."; token operations answer it for deleted users.
	//       fix: Never forward their errors to users: map them with errorsx before answering.
}
