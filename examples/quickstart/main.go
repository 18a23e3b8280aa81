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
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
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

// outcome says what Cognito itself answered, the way a log line would: the error
// code, or what a success carried. Never shown to users.
func outcome(r errorsx.Result) string {
	if code := r.CognitoCode(); code != "" {
		return code
	}
	switch {
	case r.Tokens != nil:
		return "tokens"
	case r.Delivery != nil:
		return "code sent to " + r.Delivery.Destination
	case r.Challenge != nil:
		return "challenge " + r.Challenge.Name
	}
	return "200 OK"
}

func runEmbedded(ctx context.Context, out io.Writer) error {
	mp := mockpool.New()
	// An app client made through the API is LEGACY unless told otherwise, and LEGACY
	// leaks which accounts exist. The quickstart keeps that default on purpose.
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{
		Name:                   "quickstart",
		UsernameAttributes:     []string{"email"},
		AutoVerifiedAttributes: []string{"email"},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "embedded mock pool %s, app client %s (PreventUserExistenceErrors LEGACY)\n\n", info.PoolID, info.ClientID)

	// The secret keys the simulated answers (SRP salts, destinations): keep it stable in
	// production, so the same unknown name always gets the same simulated values.
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	raw := mp.Client()
	// ForPool reads what the middleware must know of the pool (case sensitivity,
	// username and auto-verified attributes) with DescribeUserPool.
	// The initial latency floor (until it has learned from real answers) is sized
	// for this in-process mock pool; against Cognito keep the default,
	// middleware.DefaultInitialFloor.
	m, err := middleware.ForPool(ctx, raw, info.PoolID, middleware.WithSecret(secret),
		middleware.WithLearnedLatencyFloor(0, 0, 20*time.Millisecond))
	if err != nil {
		return err
	}
	masked := mp.Client(m.ClientOption())

	const email, password = "alice@example.com", "Quickstart-Passw0rd"

	su, err := masked.SignUp(ctx, &cip.SignUpInput{
		ClientId: aws.String(info.ClientID), Username: aws.String(email), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}},
	})
	show(out, "SignUp "+email, errorsx.Classify("SignUp", su, err))
	if err != nil {
		return err
	}
	// The mock pool "sends" codes to an outbox that tests (and this example) read.
	msgs := mp.Messages(mockpool.MessageFilter{UserPoolID: info.PoolID})
	if len(msgs) == 0 {
		return fmt.Errorf("no confirmation code in the outbox")
	}
	cs, err := masked.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(info.ClientID), Username: aws.String(email), ConfirmationCode: aws.String(msgs[len(msgs)-1].Code)})
	show(out, "ConfirmSignUp with the code from the outbox", errorsx.Classify("ConfirmSignUp", cs, err))
	if err != nil {
		return err
	}

	signIn := func(c *cip.Client, user, pass string) errorsx.Result {
		o, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
			ClientId: aws.String(info.ClientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": user, "PASSWORD": pass},
		})
		return errorsx.Classify("InitiateAuth", o, err)
	}
	srpSignIn := func(c *cip.Client, user, pass string) errorsx.Result {
		a, err := srpauth.New(c, srpauth.Config{UserPoolID: info.PoolID, ClientID: info.ClientID})
		if err != nil {
			return errorsx.Classify("InitiateAuth", nil, err)
		}
		r, _ := a.SignIn(ctx, user, pass)
		return r
	}
	forgot := func(c *cip.Client, user string) errorsx.Result {
		o, err := c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(info.ClientID), Username: aws.String(user)})
		return errorsx.Classify("ForgotPassword", o, err)
	}
	confirmForgot := func(c *cip.Client, user string) errorsx.Result {
		o, err := c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
			ClientId: aws.String(info.ClientID), Username: aws.String(user),
			ConfirmationCode: aws.String("000000"), Password: aws.String("An0ther-Passw0rd"),
		})
		return errorsx.Classify("ConfirmForgotPassword", o, err)
	}

	fmt.Fprintf(out, "\n%-40s %-34s %s\n", "call", "Cognito LEGACY said (logs only)", "what the app shows, through maskedauth")
	type pair struct{ raw, masked errorsx.Result }
	cases := []struct {
		what string
		run  func(c *cip.Client) errorsx.Result
	}{
		{"USER_PASSWORD_AUTH, right password", func(c *cip.Client) errorsx.Result { return signIn(c, email, password) }},
		{"USER_PASSWORD_AUTH, wrong password", func(c *cip.Client) errorsx.Result { return signIn(c, email, "Not-The-Passw0rd") }},
		{"USER_PASSWORD_AUTH, no such account", func(c *cip.Client) errorsx.Result { return signIn(c, "nobody@example.com", "Not-The-Passw0rd") }},
		{"USER_SRP_AUTH, right password", func(c *cip.Client) errorsx.Result { return srpSignIn(c, email, password) }},
		{"USER_SRP_AUTH, no such account", func(c *cip.Client) errorsx.Result { return srpSignIn(c, "nobody@example.com", "Not-The-Passw0rd") }},
		{"ForgotPassword " + email, func(c *cip.Client) errorsx.Result { return forgot(c, email) }},
		{"ForgotPassword nobody@example.com", func(c *cip.Client) errorsx.Result { return forgot(c, "nobody@example.com") }},
		{"ConfirmForgotPassword, wrong code", func(c *cip.Client) errorsx.Result { return confirmForgot(c, email) }},
		{"ConfirmForgotPassword, no such account", func(c *cip.Client) errorsx.Result { return confirmForgot(c, "nobody@example.com") }},
	}
	got := make(map[string]pair, len(cases))
	for _, c := range cases {
		p := pair{raw: c.run(raw), masked: c.run(masked)}
		got[c.what] = p
		line := fmt.Sprintf("%-40s %-34s %s (%s) %q", c.what, outcome(p.raw), p.masked.Kind, p.masked.Message.Key, p.masked.Message.Text)
		if d := p.masked.Delivery; d != nil {
			line += fmt.Sprintf(" [%s %s]", d.Medium, d.Destination)
		}
		fmt.Fprintln(out, line)
	}

	same := func(a, b string) error {
		x, y := got[a].masked, got[b].masked
		if x.Kind != y.Kind || x.Message != y.Message || (x.Delivery == nil) != (y.Delivery == nil) {
			return fmt.Errorf("%q and %q read differently through maskedauth", a, b)
		}
		return nil
	}
	if r := got["USER_PASSWORD_AUTH, right password"].masked; r.Kind != errorsx.SignedIn {
		return fmt.Errorf("sign-in failed: %v", r)
	}
	if r := got["USER_SRP_AUTH, right password"].masked; r.Kind != errorsx.SignedIn {
		return fmt.Errorf("SRP sign-in failed: %v", r)
	}
	compared := [][2]string{
		{"USER_PASSWORD_AUTH, wrong password", "USER_PASSWORD_AUTH, no such account"},
		{"USER_PASSWORD_AUTH, wrong password", "USER_SRP_AUTH, no such account"},
		{"ForgotPassword " + email, "ForgotPassword nobody@example.com"},
		{"ConfirmForgotPassword, wrong code", "ConfirmForgotPassword, no such account"},
	}
	for _, p := range compared {
		if err := same(p[0], p[1]); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\nCognito's LEGACY answers told which accounts exist. Through maskedauth these %d pairs read the same (kind, message and whether a code was sent):\n", len(compared))
	for _, p := range compared {
		fmt.Fprintf(out, "  %s  =  %s\n", p[0], p[1])
	}
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
