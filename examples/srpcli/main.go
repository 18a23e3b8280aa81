// Command srpcli signs a user in to an Amazon Cognito user pool from the terminal with
// SRP (USER_SRP_AUTH, package srpauth): the password never leaves the machine, and it is
// read without echo when stdin is a terminal.
//
// Against a real pool (no AWS credentials needed; the region defaults to the pool id's
// prefix):
//
//	go run ./examples/srpcli -pool-id us-east-1_AbCdEf123 -client-id 1example23456789 -username alice
//
// Against a local mock pool: start it (go run ./cmd/mockpool, on 127.0.0.1:9229), make a
// pool, an app client and a user with the AWS CLI (any credentials do), and sign in:
//
//	export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1
//	E=http://127.0.0.1:9229
//	P=$(aws --endpoint-url $E cognito-idp create-user-pool --pool-name demo --query UserPool.Id --output text)
//	C=$(aws --endpoint-url $E cognito-idp create-user-pool-client --user-pool-id $P --client-name cli \
//	      --explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH --query UserPoolClient.ClientId --output text)
//	aws --endpoint-url $E cognito-idp admin-create-user --user-pool-id $P --username alice --message-action SUPPRESS
//	aws --endpoint-url $E cognito-idp admin-set-user-password --user-pool-id $P --username alice --password 'Corr3ct-Horse!' --permanent
//	go run ./examples/srpcli -endpoint $E -pool-id $P -client-id $C -username alice
//
// When stdin is not a terminal, the password is the first line of stdin (and answers to
// later prompts the following lines), so scripts and tests can pipe it:
//
//	printf '%s\n' "$PASSWORD" | go run ./examples/srpcli -pool-id ... -client-id ... -username alice
//
// Next steps are prompted for: a new password (NEW_PASSWORD_REQUIRED, with any required
// attributes), a code (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP) and the choice of
// SELECT_MFA_TYPE. The outcome is printed as the errorsx.Result an application sees: its
// kind, message key and text and, once signed in, when the tokens expire. The tokens
// themselves are printed only with -print-tokens. A wrong password and an unknown user
// print the same thing. -client-secret is for app clients with a secret (SECRET_HASH is
// added to every call). Flags default to COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID,
// COGNITO_CLIENT_SECRET and AWS_REGION.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"golang.org/x/term"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/srpauth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "srpcli:", err)
		os.Exit(1)
	}
}

// errSignInFailed is returned when Cognito refused the sign-in; the reason, from the
// message catalog, is printed on stdout.
var errSignInFailed = errors.New("sign-in failed")

// run is main with its outside world passed in, so the example's test drives it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("srpcli", flag.ContinueOnError)
	fs.SetOutput(stderr)
	poolID := fs.String("pool-id", os.Getenv("COGNITO_USER_POOL_ID"), "user pool id, e.g. us-east-1_AbCdEf123")
	clientID := fs.String("client-id", os.Getenv("COGNITO_CLIENT_ID"), "app client id")
	secret := fs.String("client-secret", os.Getenv("COGNITO_CLIENT_SECRET"), "app client secret (only for app clients that have one)")
	region := fs.String("region", os.Getenv("AWS_REGION"), "AWS region (default: the pool id's prefix)")
	endpoint := fs.String("endpoint", "", "Cognito endpoint URL, e.g. http://127.0.0.1:9229 for cmd/mockpool")
	username := fs.String("username", "", "the user to sign in (prompted for when empty)")
	printTokens := fs.Bool("print-tokens", false, "print the tokens (they are credentials: mind your terminal's scrollback)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *poolID == "" || *clientID == "" {
		return errors.New("-pool-id and -client-id are required")
	}
	if *region == "" {
		*region, _, _ = strings.Cut(*poolID, "_")
	}
	opts := cip.Options{Region: *region, Credentials: aws.AnonymousCredentials{}}
	if *endpoint != "" {
		opts.BaseEndpoint = endpoint
	}
	client := cip.New(opts)

	p := newPrompter(stdin, stderr)
	s := &session{p: p, out: stdout, printTokens: *printTokens}
	auth, err := srpauth.New(client, srpauth.Config{UserPoolID: *poolID, ClientID: *clientID, ClientSecret: *secret})
	if err != nil {
		return err
	}
	return s.signIn(ctx, auth, *username)
}

// session is one sign-in: where answers come from and where the outcome goes.
type session struct {
	p           *prompter
	out         io.Writer
	printTokens bool
}

// maxSteps bounds the challenges of one sign-in.
const maxSteps = 8

// signIn runs the SRP sign-in and answers its next steps.
func (s *session) signIn(ctx context.Context, auth *srpauth.Authenticator, username string) error {
	var err error
	if username == "" {
		if username, err = s.p.line("Username: "); err != nil {
			return err
		}
	}
	password, err := s.p.secret("Password: ")
	if err != nil {
		return err
	}
	r, _ := auth.SignIn(ctx, username, password)
	for i := 0; r.Kind == errorsx.NextStep && i < maxSteps; i++ {
		s.show(r)
		if r, err = s.answer(ctx, auth, r); err != nil {
			return err
		}
	}
	s.show(r)
	if r.Kind != errorsx.SignedIn {
		return errSignInFailed
	}
	return nil
}

// answer prompts for what the challenge of r needs and sends it.
func (s *session) answer(ctx context.Context, auth *srpauth.Authenticator, r errorsx.Result) (errorsx.Result, error) {
	ch := r.Challenge
	switch ch.Name {
	case "NEW_PASSWORD_REQUIRED":
		pw, err := s.p.secret("New password: ")
		if err != nil {
			return r, err
		}
		attrs := make(map[string]string, len(ch.RequiredAttributes))
		for _, a := range ch.RequiredAttributes {
			if attrs[a], err = s.p.line(a + ": "); err != nil {
				return r, err
			}
		}
		next, _ := auth.RespondNewPassword(ctx, r, pw, attrs)
		return next, nil
	case "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_OTP":
		code, err := s.p.line("Code: ")
		if err != nil {
			return r, err
		}
		next, _ := auth.RespondCode(ctx, r, code)
		return next, nil
	case "SELECT_MFA_TYPE":
		choice, err := s.p.line("Choose one of " + strings.Join(ch.MFAsCanChoose, ", ") + ": ")
		if err != nil {
			return r, err
		}
		next, _ := auth.Respond(ctx, r, map[string]string{"ANSWER": choice})
		return next, nil
	}
	return r, fmt.Errorf("this example does not answer the %s challenge", ch.Name)
}

// show prints a Result the way an application would use it: kind, message key and
// text, where a code went, when tokens expire; never Cause, never the session.
func (s *session) show(r errorsx.Result) {
	fmt.Fprintf(s.out, "%s (%s): %s\n", r.Kind, r.Message.Key, r.Message.Text)
	if r.Delivery != nil {
		fmt.Fprintf(s.out, "  code sent by %s to %s\n", r.Delivery.Medium, r.Delivery.Destination)
	}
	if t := r.Tokens; t != nil {
		fmt.Fprintf(s.out, "  tokens expire in %s\n", t.ExpiresIn)
		if s.printTokens {
			fmt.Fprintf(s.out, "  access token:  %s\n  id token:      %s\n", t.AccessToken, t.IDToken)
			if t.RefreshToken != "" {
				fmt.Fprintf(s.out, "  refresh token: %s\n", t.RefreshToken)
			}
		}
	}
}

// prompter reads answers: secrets without echo from a terminal, lines otherwise.
type prompter struct {
	in     *bufio.Reader
	fd     int  // stdin's descriptor when it is a terminal
	tty    bool // stdin is a terminal
	prompt io.Writer
}

func newPrompter(stdin io.Reader, prompt io.Writer) *prompter {
	p := &prompter{in: bufio.NewReader(stdin), prompt: prompt}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.fd, p.tty = int(f.Fd()), true
	}
	return p
}

// maxLine bounds one answer.
const maxLine = 4096

// line prompts (on a terminal) and reads one line, without its end of line.
func (p *prompter) line(prompt string) (string, error) {
	if p.tty {
		fmt.Fprint(p.prompt, prompt)
	}
	var b strings.Builder
	for {
		chunk, err := p.in.ReadSlice('\n')
		b.Write(chunk)
		if b.Len() > maxLine {
			return "", errors.New("input line too long")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && (err != io.EOF || b.Len() == 0) {
			if err == io.EOF {
				return "", fmt.Errorf("no answer to %q on stdin", strings.TrimSuffix(prompt, ": "))
			}
			return "", err
		}
		return strings.TrimRight(b.String(), "\r\n"), nil
	}
}

// secret reads a secret: without echo from a terminal, else as a line.
func (p *prompter) secret(prompt string) (string, error) {
	if !p.tty {
		return p.line(prompt)
	}
	fmt.Fprint(p.prompt, prompt)
	b, err := term.ReadPassword(p.fd)
	fmt.Fprintln(p.prompt)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", strings.TrimSuffix(prompt, ": "), err)
	}
	return string(b), nil
}
