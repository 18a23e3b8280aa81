// Command quickstart signs a user up and in through maskedauth and prints the one
// app-facing result every Cognito answer becomes.
//
// By default it runs on the embedded mock pool (package mockpool), offline:
//
//	go run ./examples/quickstart
//
// With COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and AWS_REGION set it talks to that real
// pool instead (credentials are not needed for these public operations), signing in as
// QUICKSTART_USERNAME / QUICKSTART_PASSWORD and as an account that does not exist.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is main with its outside world passed in, so the example's test drives it.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	poolID, clientID, region := getenv("COGNITO_USER_POOL_ID"), getenv("COGNITO_CLIENT_ID"), getenv("AWS_REGION")
	if poolID != "" && clientID != "" && region != "" {
		return runReal(ctx, out, getenv, poolID, clientID, region)
	}
	return runEmbedded(ctx, out)
}

// show prints one call's Result the way an application would use it: the kind, the
// stable message key, the text a user sees and where a code went. Never Cause.
func show(out io.Writer, what string, r errorsx.Result) {
	line := fmt.Sprintf("%-44s -> %-18s %-26s %q", what, r.Kind, r.Message.Key, r.Message.Text)
	if r.Delivery != nil {
		line += fmt.Sprintf(" [%s %s]", r.Delivery.Medium, r.Delivery.Destination)
	}
	if r.Tokens != nil {
		line += fmt.Sprintf(" [tokens, expire in %s]", r.Tokens.ExpiresIn)
	}
	fmt.Fprintln(out, line)
}

func runEmbedded(ctx context.Context, out io.Writer) error {
	mp := mockpool.New()
	client := mp.Client()

	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:               aws.String("quickstart"),
		UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
	})
	if err != nil {
		return fmt.Errorf("create pool: %w", err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	// An app client made through the API is LEGACY unless told otherwise: this one is
	// ENABLED, as every production client should be.
	app, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId:                 aws.String(poolID),
		ClientName:                 aws.String("quickstart-app"),
		ExplicitAuthFlows:          []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled,
	})
	if err != nil {
		return fmt.Errorf("create app client: %w", err)
	}
	clientID := aws.ToString(app.UserPoolClient.ClientId)
	fmt.Fprintf(out, "embedded mock pool %s, app client %s (PreventUserExistenceErrors ENABLED)\n\n", poolID, clientID)

	const email, password = "alice@example.com", "Quickstart-Passw0rd"

	su, err := client.SignUp(ctx, &cip.SignUpInput{
		ClientId: aws.String(clientID), Username: aws.String(email), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}},
	})
	show(out, "SignUp "+email, errorsx.Classify("SignUp", su, err))
	if err != nil {
		return err
	}

	// The mock pool "sends" codes to an outbox that tests (and this example) read.
	msgs := mp.Messages(mockpool.MessageFilter{UserPoolID: poolID})
	if len(msgs) == 0 {
		return fmt.Errorf("no confirmation code in the outbox")
	}
	code := msgs[len(msgs)-1].Code
	cs, err := client.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(clientID), Username: aws.String(email), ConfirmationCode: aws.String(code)})
	show(out, "ConfirmSignUp with the code from the outbox", errorsx.Classify("ConfirmSignUp", cs, err))
	if err != nil {
		return err
	}

	signIn := func(user, pass string) errorsx.Result {
		o, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pass},
		})
		return errorsx.Classify("InitiateAuth", o, err)
	}
	ok := signIn(email, password)
	show(out, "InitiateAuth, right password", ok)
	if ok.Kind != errorsx.SignedIn {
		return fmt.Errorf("sign-in failed: %v", ok)
	}
	wrong := signIn(email, "Not-The-Passw0rd")
	show(out, "InitiateAuth, wrong password", wrong)
	unknown := signIn("nobody@example.com", "Not-The-Passw0rd")
	show(out, "InitiateAuth, unknown user", unknown)
	if wrong.Kind != unknown.Kind || wrong.Message != unknown.Message {
		return fmt.Errorf("a wrong password and an unknown user read differently")
	}

	forgot := func(user string) errorsx.Result {
		o, err := client.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(user)})
		return errorsx.Classify("ForgotPassword", o, err)
	}
	real := forgot(email)
	show(out, "ForgotPassword "+email, real)
	simulated := forgot("nobody@example.com")
	show(out, "ForgotPassword nobody@example.com (no account)", simulated)
	if real.Kind != simulated.Kind || real.Message != simulated.Message || (real.Delivery == nil) != (simulated.Delivery == nil) {
		return fmt.Errorf("a real and a simulated code delivery read differently")
	}
	fmt.Fprintln(out, "\nA wrong password and an unknown user read the same; so do a real and a simulated code delivery.")
	return nil
}

func runReal(ctx context.Context, out io.Writer, getenv func(string) string, poolID, clientID, region string) error {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region), config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	if err != nil {
		return fmt.Errorf("load AWS config: %w", err)
	}
	client := cip.NewFromConfig(cfg)
	fmt.Fprintf(out, "real pool %s, app client %s, region %s\n\n", poolID, clientID, region)
	signIn := func(user, pass string) errorsx.Result {
		o, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pass},
		})
		return errorsx.Classify("InitiateAuth", o, err)
	}
	if user, pass := getenv("QUICKSTART_USERNAME"), getenv("QUICKSTART_PASSWORD"); user != "" && pass != "" {
		show(out, "InitiateAuth "+user, signIn(user, pass))
	}
	show(out, "InitiateAuth, an account that does not exist", signIn("maskedauth-quickstart-nobody", "Not-The-Passw0rd1"))
	return nil
}
