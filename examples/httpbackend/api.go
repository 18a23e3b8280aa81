package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/srpauth"
)

// cognitoAPI is the part of *cognitoidentityprovider.Client the API calls. Give it a
// client built with middleware.WithMasking so that a LEGACY app client answers as an
// ENABLED one.
type cognitoAPI interface {
	srpauth.API // InitiateAuth, RespondToAuthChallenge
	SignUp(ctx context.Context, in *cip.SignUpInput, optFns ...func(*cip.Options)) (*cip.SignUpOutput, error)
	ConfirmSignUp(ctx context.Context, in *cip.ConfirmSignUpInput, optFns ...func(*cip.Options)) (*cip.ConfirmSignUpOutput, error)
	ResendConfirmationCode(ctx context.Context, in *cip.ResendConfirmationCodeInput, optFns ...func(*cip.Options)) (*cip.ResendConfirmationCodeOutput, error)
	ForgotPassword(ctx context.Context, in *cip.ForgotPasswordInput, optFns ...func(*cip.Options)) (*cip.ForgotPasswordOutput, error)
	ConfirmForgotPassword(ctx context.Context, in *cip.ConfirmForgotPasswordInput, optFns ...func(*cip.Options)) (*cip.ConfirmForgotPasswordOutput, error)
}

// config names the app client and how answers are written.
type config struct {
	UserPoolID   string
	ClientID     string
	ClientSecret string          // "" for an app client without a secret
	Catalog      errorsx.Catalog // the texts of every answer (zero: built-in English)
	Logger       *slog.Logger    // one line per request; nil: no logs
	// Localized, when set, picks each answer's catalog from the request's
	// Accept-Language header instead of Catalog (errorsx.CatalogForAcceptLanguage).
	Localized func(acceptLanguage string) errorsx.Catalog
}

// maxBody bounds a request body.
const maxBody = 16 << 10

// api serves the JSON endpoints.
type api struct {
	client cognitoAPI
	auth   *srpauth.Authenticator
	cfg    config
}

// newHandler returns the API's handler:
//
//	POST /signup            {username, password, email}   -> 202 auth.code_sent
//	POST /confirm           {username, code}              -> 200 auth.done
//	POST /resend            {username}                    -> 202 auth.code_sent
//	POST /signin            {username, password}          -> 200 auth.signed_in + tokens, or a next step
//	POST /signin/respond    {session, challenge, answers} -> the same as /signin
//	POST /signin/email      {username}                    -> 200 auth.challenge.email_otp (a code by email)
//	POST /signin/email/code {session, code}               -> 200 auth.signed_in + tokens
//	POST /forgot            {username}                    -> 202 auth.code_sent
//	POST /reset             {username, code, password}    -> 200 auth.done
//
// Every answer is written by errorsx.WriteJSON from the Result of the call: a
// problem+json document with the catalog's status for failures, JSON for
// successes; never Cognito's own message, never its error.
func newHandler(client cognitoAPI, cfg config) (http.Handler, error) {
	if client == nil {
		return nil, errors.New("httpbackend: nil client")
	}
	auth, err := srpauth.New(client, srpauth.Config{UserPoolID: cfg.UserPoolID, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret})
	if err != nil {
		return nil, fmt.Errorf("httpbackend: %w", err)
	}
	a := &api{client: client, auth: auth, cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /signup", a.signUp)
	mux.HandleFunc("POST /confirm", a.confirm)
	mux.HandleFunc("POST /resend", a.resend)
	mux.HandleFunc("POST /signin", a.signIn)
	mux.HandleFunc("POST /signin/respond", a.respond)
	mux.HandleFunc("POST /signin/email", a.signInEmail)
	mux.HandleFunc("POST /signin/email/code", a.signInEmailCode)
	mux.HandleFunc("POST /forgot", a.forgot)
	mux.HandleFunc("POST /reset", a.reset)
	return mux, nil
}

// decode reads a JSON body into v; a failure is the InvalidInput Result of op.
// Every listed field must be non-empty.
func decode(w http.ResponseWriter, req *http.Request, op string, v any, required ...*string) (errorsx.Result, bool) {
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, maxBody))
	dec.DisallowUnknownFields()
	bad := errorsx.NewResult(op, errorsx.InvalidInput)
	if err := dec.Decode(v); err != nil {
		bad.Cause = fmt.Errorf("httpbackend: decode body: %w", err)
		return bad, false
	}
	if _, err := dec.Token(); err != io.EOF {
		bad.Cause = errors.New("httpbackend: decode body: data after the JSON object")
		return bad, false
	}
	for _, f := range required {
		if strings.TrimSpace(*f) == "" {
			bad.Cause = errors.New("httpbackend: a required field is empty")
			return bad, false
		}
	}
	return errorsx.Result{}, true
}

// secretHash returns SECRET_HASH for username, nil when the client has no secret.
func (a *api) secretHash(username string) *string {
	if a.cfg.ClientSecret == "" {
		return nil
	}
	return aws.String(srpauth.SecretHash(a.cfg.ClientID, a.cfg.ClientSecret, username))
}

// write answers with r. Tokens go back in the JSON body (see the package doc for
// why); a NextStep's session is wrapped so the client echoes one opaque string.
func (a *api) write(w http.ResponseWriter, req *http.Request, r errorsx.Result) {
	catalog := a.cfg.Catalog
	if a.cfg.Localized != nil {
		catalog = a.cfg.Localized(strings.Join(req.Header.Values("Accept-Language"), ","))
		w.Header().Add("Vary", "Accept-Language")
		w.Header().Set("Content-Language", catalog.Language().String())
	}
	opts := []errorsx.ProblemOption{errorsx.WithCatalog(catalog)}
	switch r.Kind {
	case errorsx.SignedIn:
		opts = append(opts, errorsx.WithTokens())
	case errorsx.NextStep:
		if r.Challenge != nil {
			ch := *r.Challenge
			// The name the next call must send, as srpauth.Respond picks it.
			username := ch.Username
			if username == "" {
				username = ch.UserIDForSRP
			}
			ch.Session = wrapSession(username, ch.Session)
			r.Challenge = &ch
		}
	}
	if l := a.cfg.Logger; l != nil {
		// The Result's LogValue holds no username, password, code, token or session.
		l.LogAttrs(req.Context(), slog.LevelInfo, "request", slog.String("path", req.URL.Path), slog.Any("result", r))
	}
	errorsx.WriteJSON(w, r, opts...)
}

func (a *api) signUp(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username, Password, Email string }
	if r, ok := decode(w, req, "SignUp", &in, &in.Username, &in.Password, &in.Email); !ok {
		a.write(w, req, r)
		return
	}
	out, err := a.client.SignUp(req.Context(), &cip.SignUpInput{
		ClientId: aws.String(a.cfg.ClientID), SecretHash: a.secretHash(in.Username),
		Username: aws.String(in.Username), Password: aws.String(in.Password),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(in.Email)}},
	})
	a.write(w, req, errorsx.Classify("SignUp", out, err))
}

func (a *api) confirm(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username, Code string }
	if r, ok := decode(w, req, "ConfirmSignUp", &in, &in.Username, &in.Code); !ok {
		a.write(w, req, r)
		return
	}
	out, err := a.client.ConfirmSignUp(req.Context(), &cip.ConfirmSignUpInput{
		ClientId: aws.String(a.cfg.ClientID), SecretHash: a.secretHash(in.Username),
		Username: aws.String(in.Username), ConfirmationCode: aws.String(in.Code),
	})
	a.write(w, req, errorsx.Classify("ConfirmSignUp", out, err))
}

func (a *api) resend(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username string }
	if r, ok := decode(w, req, "ResendConfirmationCode", &in, &in.Username); !ok {
		a.write(w, req, r)
		return
	}
	out, err := a.client.ResendConfirmationCode(req.Context(), &cip.ResendConfirmationCodeInput{
		ClientId: aws.String(a.cfg.ClientID), SecretHash: a.secretHash(in.Username), Username: aws.String(in.Username),
	})
	a.write(w, req, errorsx.Classify("ResendConfirmationCode", out, err))
}

func (a *api) signIn(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username, Password string }
	if r, ok := decode(w, req, "InitiateAuth", &in, &in.Username, &in.Password); !ok {
		a.write(w, req, r)
		return
	}
	// SRP: the password never leaves this process. A wrong password, an unknown user
	// (a simulated challenge, answered without calling Cognito) and a user who must
	// reset the password all give the same InvalidCredentials Result.
	r, _ := a.auth.SignIn(req.Context(), in.Username, in.Password)
	a.write(w, req, r)
}

// signInEmail starts a passwordless sign-in: USER_AUTH preferring EMAIL_OTP. A known
// user gets the EMAIL_OTP next step and a code by email; an unknown one gets the same
// next step, with a simulated masked address, from the middleware (nothing is sent,
// Cognito is not asked), and every code for it then fails as a wrong code does.
func (a *api) signInEmail(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username string }
	if r, ok := decode(w, req, "InitiateAuth", &in, &in.Username); !ok {
		a.write(w, req, r)
		return
	}
	r, _ := a.auth.SignInUserAuth(req.Context(), in.Username, srpauth.Prefer("EMAIL_OTP"))
	a.write(w, req, r)
}

// signInEmailCode completes it with the code the user received.
func (a *api) signInEmailCode(w http.ResponseWriter, req *http.Request) {
	var in struct{ Session, Code string }
	if r, ok := decode(w, req, "RespondToAuthChallenge", &in, &in.Session, &in.Code); !ok {
		a.write(w, req, r)
		return
	}
	username, session, ok := unwrapSession(in.Session)
	if !ok {
		r := errorsx.NewResult("RespondToAuthChallenge", errorsx.InvalidInput)
		r.Cause = errors.New("httpbackend: malformed session")
		a.write(w, req, r)
		return
	}
	step := errorsx.NewChallenge("RespondToAuthChallenge", "EMAIL_OTP", session, map[string]string{"USERNAME": username})
	r, _ := a.auth.RespondCode(req.Context(), step, in.Code)
	a.write(w, req, r)
}

// serverOwned are the challenge responses the API sets itself.
var serverOwned = map[string]bool{"USERNAME": true, "SECRET_HASH": true, "DEVICE_KEY": true}

func (a *api) respond(w http.ResponseWriter, req *http.Request) {
	var in struct {
		Session   string
		Challenge string
		Answers   map[string]string
	}
	if r, ok := decode(w, req, "RespondToAuthChallenge", &in, &in.Session, &in.Challenge); !ok {
		a.write(w, req, r)
		return
	}
	username, session, ok := unwrapSession(in.Session)
	if !ok || len(in.Answers) == 0 {
		r := errorsx.NewResult("RespondToAuthChallenge", errorsx.InvalidInput)
		r.Cause = errors.New("httpbackend: malformed session or no answers")
		a.write(w, req, r)
		return
	}
	answers := make(map[string]string, len(in.Answers))
	for k, v := range in.Answers {
		if !serverOwned[k] {
			answers[k] = v
		}
	}
	step := errorsx.NewChallenge("RespondToAuthChallenge", in.Challenge, session, map[string]string{"USERNAME": username})
	r, _ := a.auth.Respond(req.Context(), step, answers)
	a.write(w, req, r)
}

func (a *api) forgot(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username string }
	if r, ok := decode(w, req, "ForgotPassword", &in, &in.Username); !ok {
		a.write(w, req, r)
		return
	}
	out, err := a.client.ForgotPassword(req.Context(), &cip.ForgotPasswordInput{
		ClientId: aws.String(a.cfg.ClientID), SecretHash: a.secretHash(in.Username), Username: aws.String(in.Username),
	})
	a.write(w, req, errorsx.Classify("ForgotPassword", out, err))
}

func (a *api) reset(w http.ResponseWriter, req *http.Request) {
	var in struct{ Username, Code, Password string }
	if r, ok := decode(w, req, "ConfirmForgotPassword", &in, &in.Username, &in.Code, &in.Password); !ok {
		a.write(w, req, r)
		return
	}
	out, err := a.client.ConfirmForgotPassword(req.Context(), &cip.ConfirmForgotPasswordInput{
		ClientId: aws.String(a.cfg.ClientID), SecretHash: a.secretHash(in.Username),
		Username: aws.String(in.Username), ConfirmationCode: aws.String(in.Code), Password: aws.String(in.Password),
	})
	a.write(w, req, errorsx.Classify("ConfirmForgotPassword", out, err))
}

// wrapSession joins the challenge's USERNAME (Cognito's internal username, which the
// next call must send) and Cognito's session into the one opaque string the client
// echoes. Tampering gains nothing: Cognito binds its session to the user.
func wrapSession(username, session string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(username)) + "." + session
}

// unwrapSession splits what wrapSession made.
func unwrapSession(s string) (username, session string, ok bool) {
	u, session, found := strings.Cut(s, ".")
	if !found || session == "" {
		return "", "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(u)
	if err != nil || len(b) == 0 {
		return "", "", false
	}
	return string(b), session, true
}
