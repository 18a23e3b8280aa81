// Command httpbackend is a small net/http JSON API for an application's own clients:
// sign-up, confirmation, SRP sign-in with its next steps, passwordless sign-in with a
// code by email (USER_AUTH), and password reset, on maskedauth's middleware and errorsx. Every answer comes from the message catalog
// (application/problem+json for failures, with the catalog's HTTP status); never
// Cognito's own message. The Cognito app client is LEGACY, as every client made through
// the API is, and middleware.WithMasking makes it answer as an ENABLED one, so the API
// does not tell which accounts exist: a wrong password and an unknown user get the same
// bytes, and so do a password reset for a known and an unknown user, a sign-up for
// a new and a taken username, and a passwordless sign-in (but for the masked address).
//
// By default it runs on an embedded mock pool (package mockpool), offline:
//
//	go run ./examples/httpbackend                  # listens on 127.0.0.1:8080
//	go run ./examples/httpbackend -addr 127.0.0.1:0 -messages examples/httpbackend/messages.fr.json
//
// The first line it prints is "httpbackend listening on http://HOST:PORT". Then:
//
//	curl -si localhost:8080/signup -d '{"username":"alice","password":"Corr3ct-horse","email":"alice@example.com"}'
//	curl -s  localhost:8080/_mockpool/messages          # the code the mock pool "sent" (embedded mode only)
//	curl -si localhost:8080/confirm -d '{"username":"alice","code":"123456"}'
//	curl -si localhost:8080/resend  -d '{"username":"alice"}'     # a new confirmation code
//	curl -si localhost:8080/signin  -d '{"username":"alice","password":"Corr3ct-horse"}'
//	curl -si localhost:8080/signin  -d '{"username":"mallory","password":"Corr3ct-horse"}'
//	curl -si localhost:8080/signin/email -d '{"username":"alice"}'   # a code by email, no password
//	curl -si localhost:8080/signin/email/code -d '{"session":"<challenge.session>","code":"123456"}'
//	curl -si localhost:8080/forgot  -d '{"username":"alice"}'
//	curl -si localhost:8080/reset   -d '{"username":"alice","code":"123456","password":"N3w-passw0rd"}'
//
// A NextStep answer (e.g. NEW_PASSWORD_REQUIRED, SMS_MFA) carries challenge.name and
// challenge.session; answer it with POST /signin/respond
// {"session": "...", "challenge": "NEW_PASSWORD_REQUIRED", "answers": {"NEW_PASSWORD": "..."}}
// (answers are Cognito's ChallengeResponses, e.g. SMS_MFA_CODE, SOFTWARE_TOKEN_MFA_CODE;
// the API adds USERNAME and SECRET_HASH itself).
//
// Tokens come back in the JSON body of a SignedIn answer ("tokens"): the clients of this
// API are the application's own apps, which send the access token as a bearer token; the
// answer carries Cache-Control: no-store. A browser application would rather get them
// in HttpOnly, Secure, SameSite cookies (out of reach of scripts) and needs CSRF
// protection for that; it is a few lines in api.write.
//
// Every answer is in the caller's language, picked from its Accept-Language header among
// errorsx's built-in catalogs (errorsx.Languages: en, de, es, fr, it, ja, ko, pt-BR,
// zh-CN; English when none matches), with Content-Language and Vary: Accept-Language:
//
//	curl -si localhost:8080/signin -H 'Accept-Language: de-CH, de;q=0.9' -d '{"username":"mallory","password":"x"}'
//
// -messages names a JSON file of message key -> text merged over the built-in English
// catalog, e.g. {"auth.invalid_credentials": "Identifiant ou mot de passe incorrect."}
// (messages.fr.json in this folder is a French one); the keys are listed in the README's
// message table. With -messages every answer uses that catalog, whatever the header.
//
// With COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and AWS_REGION set it uses that real pool
// instead (no AWS credentials are needed for these public operations), with
// COGNITO_CASE_SENSITIVE "true" or "false" stating how the pool compares usernames
// (its UsernameConfiguration; the middleware refuses to guess). Optional:
// COGNITO_CLIENT_SECRET for an app client with a secret; COGNITO_AUTO_VERIFIED, the pool's
// auto-verified attributes (default "email"); MASKEDAUTH_SECRET, at least 32 bytes that
// key the simulated answers, the same on every instance (default: random per process).
// For /signin/email the pool and the app client must allow what signInFactors states
// (USER_AUTH with EMAIL_OTP, which needs an SES email account): the middleware answers
// unknown names from it.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "httpbackend:", err)
		os.Exit(1)
	}
}

// run is main with its outside world passed in: it serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("httpbackend", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks one)")
	messages := fs.String("messages", "", "JSON file of message key -> text merged over the built-in catalog")
	if err := fs.Parse(args); err != nil {
		return err
	}
	catalog := errorsx.DefaultCatalog()
	if *messages != "" {
		f, err := os.Open(*messages)
		if err != nil {
			return fmt.Errorf("open catalog: %w", err)
		}
		catalog, err = errorsx.LoadCatalog(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	mux := http.NewServeMux()
	var cfg config
	var client *cip.Client
	if pool, id, region := getenv("COGNITO_USER_POOL_ID"), getenv("COGNITO_CLIENT_ID"), getenv("AWS_REGION"); pool != "" && id != "" && region != "" {
		var err error
		client, cfg, err = realPool(ctx, getenv, pool, id, region)
		if err != nil {
			return err
		}
	} else {
		mp, c, conf, err := embeddedPool(ctx)
		if err != nil {
			return err
		}
		client, cfg = c, conf
		// The codes the mock pool "sent"; a real pool emails them.
		mux.Handle("GET /_mockpool/messages", mp)
	}
	cfg.Catalog, cfg.Logger = catalog, logger
	if *messages == "" {
		cfg.Localized = errorsx.CatalogForAcceptLanguage
	}
	h, err := newHandler(client, cfg)
	if err != nil {
		return err
	}
	mux.Handle("/", h)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(stdout, "httpbackend listening on http://%s\n", ln.Addr())
	logger.Info("serving", "user_pool", cfg.UserPoolID, "app_client", cfg.ClientID)

	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// embeddedPool makes a mock pool that auto-verifies email and one LEGACY app client
// (CreateUserPoolClient's default), and the masked client the API uses.
func embeddedPool(ctx context.Context) (*mockpool.Server, *cip.Client, config, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, nil, config{}, fmt.Errorf("draw secret: %w", err)
	}
	mp := mockpool.New(mockpool.WithSecret(secret))
	info, err := createMockPool(ctx, mp, "httpbackend")
	if err != nil {
		return nil, nil, config{}, err
	}
	// The same secret as the mock pool's: simulated answers are then the ones an
	// ENABLED client of the mock pool would give.
	client := mp.Client(maskingFor(secret, info.PoolID, []string{"email"}, middleware.NormalizeCaseSensitive, mockFloor))
	return mp, client, config{UserPoolID: info.PoolID, ClientID: info.ClientID, ClientSecret: info.ClientSecret}, nil
}

// createMockPool makes a pool that auto-verifies email and lets its users sign in
// with a password or a code by email (signInFactors), and one LEGACY app client
// (CreateUserPoolClient's default) that also allows USER_AUTH.
func createMockPool(ctx context.Context, mp *mockpool.Server, name string) (mockpool.PoolInfo, error) {
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{
		Name:                       name,
		AutoVerifiedAttributes:     []string{"email"},
		PreventUserExistenceErrors: "LEGACY",
		ExplicitAuthFlows:          []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	})
	if err != nil {
		return info, err
	}
	// The sign-in policy, through UpdateUserPool (which, as Cognito's, resets what it
	// is not given: hence the auto-verified attribute again).
	factors := make([]types.AuthFactorType, len(signInFactors.AllowedFirstAuthFactors))
	for i, f := range signInFactors.AllowedFirstAuthFactors {
		factors[i] = types.AuthFactorType(f)
	}
	_, err = mp.Client().UpdateUserPool(ctx, &cip.UpdateUserPoolInput{
		UserPoolId:             aws.String(info.PoolID),
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		Policies:               &types.UserPoolPolicyType{SignInPolicy: &types.SignInPolicyType{AllowedFirstAuthFactors: factors}},
	})
	return info, err
}

// signInFactors are the pool's first factors of choice-based sign-in (USER_AUTH):
// the middleware must know them to answer an unknown user's passwordless sign-in as
// Cognito answers a known one's (an EMAIL_OTP challenge with a masked address). A
// real pool needs this sign-in policy and an SES email account (DEVELOPER) for
// EMAIL_OTP.
var signInFactors = middleware.SignInFactors{AllowedFirstAuthFactors: []string{"PASSWORD", "EMAIL_OTP"}, EmailOTP: true}

// maskingFor is the client option of the API: ENABLED emulation, plus the policies
// for what Cognito never masks, even when ENABLED: a sign-up for a taken username is
// answered as a new one, and an unconfirmed or disabled user's sign-in fails like a
// wrong password (Cognito says "User is not confirmed." even for a wrong password; such
// a user gets a code again with POST /resend).
func maskingFor(secret []byte, poolID string, autoVerified []string, normalize func(string) string, extra ...middleware.Option) func(*cip.Options) {
	return middleware.WithMasking(append([]middleware.Option{
		middleware.WithSecret(secret),
		middleware.WithUserPool(poolID, autoVerified...),
		middleware.WithNormalize(normalize), // how the pool compares usernames
		middleware.WithGenericUnconfirmed(),
		middleware.WithGenericDisabled(),
		middleware.WithSignInFactors(signInFactors),
		middleware.WithSimulatedSignUp(func(ctx context.Context, _ string) {
			// A real application would email the account's owner here ("someone tried
			// to sign up with your address"), through a queue so the answer is not slower.
		}),
	}, extra...)...)
}

// mockFloor sizes the latency floor's initial value (until it has learned from real
// answers) for the in-process mock pool, which answers in microseconds; against
// Cognito keep the default, middleware.DefaultInitialFloor.
var mockFloor = middleware.WithLearnedLatencyFloor(0, 0, 20*time.Millisecond)

// realPool makes the masked client of a real pool.
func realPool(ctx context.Context, getenv func(string) string, poolID, clientID, region string) (*cip.Client, config, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(region), awsconfig.WithCredentialsProvider(aws.AnonymousCredentials{}))
	if err != nil {
		return nil, config{}, fmt.Errorf("load AWS config: %w", err)
	}
	secret := []byte(getenv("MASKEDAUTH_SECRET"))
	if len(secret) < 32 {
		if len(secret) > 0 {
			return nil, config{}, errors.New("MASKEDAUTH_SECRET must be at least 32 bytes")
		}
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, config{}, fmt.Errorf("draw secret: %w", err)
		}
	}
	auto := []string{"email"}
	if v := getenv("COGNITO_AUTO_VERIFIED"); v != "" {
		auto = strings.Split(v, ",")
	}
	// The middleware must know how the pool compares usernames (its
	// UsernameConfiguration); with IAM credentials middleware.ForPool reads it.
	var normalize func(string) string
	switch getenv("COGNITO_CASE_SENSITIVE") {
	case "true":
		normalize = middleware.NormalizeCaseSensitive
	case "false":
		normalize = middleware.NormalizeCaseInsensitive
	default:
		return nil, config{}, errors.New("set COGNITO_CASE_SENSITIVE to true or false (the pool's UsernameConfiguration CaseSensitive)")
	}
	client := cip.NewFromConfig(awsCfg, maskingFor(secret, poolID, auto, normalize))
	return client, config{UserPoolID: poolID, ClientID: clientID, ClientSecret: getenv("COGNITO_CLIENT_SECRET")}, nil
}
