// Package accounts is a tiny application package, the kind whose unit tests
// examples/apptests shows: a sign-up service that applies a business rule (only some
// email domains may register) before it calls Cognito, and a sign-in that verifies the
// ID token and returns the application's own User.
//
// Its tests (accounts_test.go) run it against mockpool with deterministic options; the
// package itself knows nothing of mockpool.
package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/maskedauth/maskedauth/errorsx"
)

// Cognito is the part of *cognitoidentityprovider.Client the service calls; production
// code passes the SDK client (with middleware.WithMasking), tests the mock pool's.
type Cognito interface {
	SignUp(ctx context.Context, in *cip.SignUpInput, optFns ...func(*cip.Options)) (*cip.SignUpOutput, error)
	ConfirmSignUp(ctx context.Context, in *cip.ConfirmSignUpInput, optFns ...func(*cip.Options)) (*cip.ConfirmSignUpOutput, error)
	InitiateAuth(ctx context.Context, in *cip.InitiateAuthInput, optFns ...func(*cip.Options)) (*cip.InitiateAuthOutput, error)
}

// Config configures a Service.
type Config struct {
	ClientID string
	// Issuer is the iss claim of the pool's tokens,
	// "https://cognito-idp.{region}.amazonaws.com/{poolId}".
	Issuer string
	// JWKS is the pool's JSON Web Key Set (from {Issuer}/.well-known/jwks.json; a real
	// application fetches it once and refreshes it when it meets an unknown kid).
	JWKS []byte
	// AllowedDomains are the email domains that may register (lower case).
	AllowedDomains []string
	// Clock checks token expiry. Default time.Now.
	Clock func() time.Time
}

// Service registers and signs in users whose username is their email address.
type Service struct {
	client Cognito
	cfg    Config
	keys   jose.JSONWebKeySet
}

// New returns a Service.
func New(client Cognito, cfg Config) (*Service, error) {
	if client == nil || cfg.ClientID == "" || cfg.Issuer == "" {
		return nil, errors.New("accounts: client, ClientID and Issuer are required")
	}
	s := &Service{client: client, cfg: cfg}
	if err := json.Unmarshal(cfg.JWKS, &s.keys); err != nil {
		return nil, fmt.Errorf("accounts: parse JWKS: %w", err)
	}
	if s.cfg.Clock == nil {
		s.cfg.Clock = time.Now
	}
	return s, nil
}

// User is what the application knows of a signed-in user, from the verified ID token.
type User struct {
	Subject       string // sub: the stable id to key application data by
	Email         string
	EmailVerified bool
	Groups        []string
	Role          string // the app_role claim of the TokenClaims trigger; "" without it
	ExpiresAt     time.Time
}

// ErrDomainNotAllowed is the Cause of the InvalidInput Result of Register for an
// email address outside Config.AllowedDomains.
var ErrDomainNotAllowed = errors.New("accounts: email domain not allowed")

// normalize trims and lower-cases an email address.
func normalize(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Register signs a user up, after the business rule: the address must be in an allowed
// domain. The Result is CodeSent for a new account; with the masking middleware's
// WithSimulatedSignUp it is the same for a taken address.
func (s *Service) Register(ctx context.Context, email, password string) errorsx.Result {
	email = normalize(email)
	_, domain, ok := strings.Cut(email, "@")
	if !ok || !slices.Contains(s.cfg.AllowedDomains, domain) {
		r := errorsx.NewResult("SignUp", errorsx.InvalidInput)
		r.Cause = ErrDomainNotAllowed
		return r
	}
	out, err := s.client.SignUp(ctx, &cip.SignUpInput{
		ClientId: aws.String(s.cfg.ClientID), Username: aws.String(email), Password: aws.String(password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}},
	})
	return errorsx.Classify("SignUp", out, err)
}

// Confirm confirms a sign-up with the emailed code.
func (s *Service) Confirm(ctx context.Context, email, code string) errorsx.Result {
	out, err := s.client.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
		ClientId: aws.String(s.cfg.ClientID), Username: aws.String(normalize(email)), ConfirmationCode: aws.String(code),
	})
	return errorsx.Classify("ConfirmSignUp", out, err)
}

// SignIn signs a user in and returns the User of the verified ID token. A token that
// does not verify gives a Misconfigured Result (the pool or the keys are not the ones
// configured) with the reason in Cause.
func (s *Service) SignIn(ctx context.Context, email, password string) (*User, errorsx.Result) {
	out, err := s.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		ClientId: aws.String(s.cfg.ClientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": normalize(email), "PASSWORD": password},
	})
	r := errorsx.Classify("InitiateAuth", out, err)
	if r.Kind != errorsx.SignedIn {
		return nil, r
	}
	u, err := s.VerifyIDToken(r.Tokens.IDToken)
	if err != nil {
		bad := errorsx.NewResult("InitiateAuth", errorsx.Misconfigured)
		bad.Cause = err
		return nil, bad
	}
	return u, r
}

// idClaims are the ID token claims the application reads.
type idClaims struct {
	jwt.RegisteredClaims
	TokenUse      string   `json:"token_use"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Groups        []string `json:"cognito:groups"`
	Role          string   `json:"app_role"`
}

// VerifyIDToken checks an ID token's signature (RS256, a key of the JWKS by kid), issuer,
// audience (the app client), token_use and expiry, and returns its User.
func (s *Service) VerifyIDToken(token string) (*User, error) {
	var c idClaims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		keys := s.keys.Key(kid)
		if len(keys) == 0 {
			return nil, fmt.Errorf("accounts: unknown key id %q", kid)
		}
		return keys[0].Key, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(s.cfg.Issuer), jwt.WithAudience(s.cfg.ClientID),
		jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.cfg.Clock))
	if err != nil {
		return nil, fmt.Errorf("accounts: verify ID token: %w", err)
	}
	if c.TokenUse != "id" {
		return nil, fmt.Errorf("accounts: verify ID token: token_use %q", c.TokenUse)
	}
	return &User{Subject: c.Subject, Email: c.Email, EmailVerified: c.EmailVerified, Groups: c.Groups, Role: c.Role, ExpiresAt: c.ExpiresAt.Time}, nil
}
