package srpauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/errorsx"
)

// API is the part of *cognitoidentityprovider.Client that New uses.
type API interface {
	InitiateAuth(ctx context.Context, params *cip.InitiateAuthInput, optFns ...func(*cip.Options)) (*cip.InitiateAuthOutput, error)
	RespondToAuthChallenge(ctx context.Context, params *cip.RespondToAuthChallengeInput, optFns ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error)
}

// AdminAPI is the part of *cognitoidentityprovider.Client that NewAdmin uses (calls signed
// with developer credentials).
type AdminAPI interface {
	AdminInitiateAuth(ctx context.Context, params *cip.AdminInitiateAuthInput, optFns ...func(*cip.Options)) (*cip.AdminInitiateAuthOutput, error)
	AdminRespondToAuthChallenge(ctx context.Context, params *cip.AdminRespondToAuthChallengeInput, optFns ...func(*cip.Options)) (*cip.AdminRespondToAuthChallengeOutput, error)
}

// DeviceAPI is implemented by clients that can confirm a new device (the SDK client does).
// When the client given to New or NewAdmin implements it and a DeviceStore is configured,
// a sign-in that returns NewDeviceMetadata confirms and remembers the device.
type DeviceAPI interface {
	ConfirmDevice(ctx context.Context, params *cip.ConfirmDeviceInput, optFns ...func(*cip.Options)) (*cip.ConfirmDeviceOutput, error)
}

// Config names the app client.
type Config struct {
	UserPoolID   string // "us-east-1_AbCdEf123"
	ClientID     string
	ClientSecret string // empty for public app clients; otherwise SECRET_HASH is sent
}

// Options are the settings of an Authenticator.
type Options struct {
	// Rand is the source of the SRP secrets and device passwords (crypto/rand.Reader when
	// nil).
	Rand io.Reader
	// Clock gives TIMESTAMP (time.Now when nil).
	Clock func() time.Time
	// DeviceStore remembers devices; nil disables device SRP and ConfirmDevice.
	DeviceStore DeviceStore
	// DeviceName is sent to ConfirmDevice ("maskedauth" when empty).
	DeviceName string
	// ClientMetadata is sent with every call (for Lambda triggers).
	ClientMetadata map[string]string
	// OnDeviceError, when set, is told why a new device could not be confirmed or
	// remembered; the sign-in itself still succeeds.
	OnDeviceError func(error)
}

// Option changes Options.
type Option func(*Options)

// WithRand sets the randomness source.
func WithRand(r io.Reader) Option { return func(o *Options) { o.Rand = r } }

// WithClock sets the clock used for TIMESTAMP.
func WithClock(now func() time.Time) Option { return func(o *Options) { o.Clock = now } }

// WithDeviceStore turns on device tracking with the given store.
func WithDeviceStore(s DeviceStore) Option { return func(o *Options) { o.DeviceStore = s } }

// WithDeviceName sets the DeviceName sent to ConfirmDevice.
func WithDeviceName(name string) Option { return func(o *Options) { o.DeviceName = name } }

// WithDeviceErrorHandler sets Options.OnDeviceError.
func WithDeviceErrorHandler(f func(error)) Option { return func(o *Options) { o.OnDeviceError = f } }

// WithClientMetadata sets the ClientMetadata sent with every call.
func WithClientMetadata(m map[string]string) Option {
	return func(o *Options) { o.ClientMetadata = m }
}

// Authenticator drives SRP sign-ins for one app client. It is safe for concurrent use.
type Authenticator struct {
	cfg      Config
	poolName string
	opts     Options
	flow     flow
	devices  DeviceAPI // nil when the client cannot confirm devices
}

// New returns an Authenticator that signs in with InitiateAuth and RespondToAuthChallenge.
func New(client API, cfg Config, opts ...Option) (*Authenticator, error) {
	if client == nil {
		return nil, errors.New("srpauth: nil client")
	}
	f := &userFlow{client: client, clientID: cfg.ClientID}
	a, err := newAuthenticator(f, cfg, opts)
	if err != nil {
		return nil, err
	}
	f.meta = a.opts.ClientMetadata
	a.devices, _ = client.(DeviceAPI)
	return a, nil
}

// NewAdmin returns an Authenticator that signs in with AdminInitiateAuth and
// AdminRespondToAuthChallenge (USER_SRP_AUTH is accepted by both).
func NewAdmin(client AdminAPI, cfg Config, opts ...Option) (*Authenticator, error) {
	if client == nil {
		return nil, errors.New("srpauth: nil client")
	}
	f := &adminFlow{client: client, clientID: cfg.ClientID, poolID: cfg.UserPoolID}
	a, err := newAuthenticator(f, cfg, opts)
	if err != nil {
		return nil, err
	}
	f.meta = a.opts.ClientMetadata
	a.devices, _ = client.(DeviceAPI)
	return a, nil
}

func newAuthenticator(f flow, cfg Config, opts []Option) (*Authenticator, error) {
	name, err := PoolName(cfg.UserPoolID)
	if err != nil {
		return nil, err
	}
	if cfg.ClientID == "" {
		return nil, errors.New("srpauth: empty ClientID")
	}
	a := &Authenticator{cfg: cfg, poolName: name, flow: f}
	for _, o := range opts {
		o(&a.opts)
	}
	if a.opts.Rand == nil {
		a.opts.Rand = defaultRand
	}
	if a.opts.Clock == nil {
		a.opts.Clock = time.Now
	}
	if a.opts.DeviceName == "" {
		a.opts.DeviceName = "maskedauth"
	}
	return a, nil
}

// step is one answer of Cognito, whichever API made it.
type step struct {
	op      string
	out     any // the SDK output, for errorsx.Classify
	name    types.ChallengeNameType
	session *string
	params  map[string]string
	auth    *types.AuthenticationResultType
}

type flow interface {
	initiate(ctx context.Context, params map[string]string) (step, error)
	initiateFlow(ctx context.Context, authFlow types.AuthFlowType, params map[string]string) (step, error)
	respond(ctx context.Context, name types.ChallengeNameType, session *string, responses map[string]string) (step, error)
	operations() (initiate, respond string)
}

type userFlow struct {
	client   API
	clientID string
	meta     map[string]string
}

func (f *userFlow) operations() (string, string) { return "InitiateAuth", "RespondToAuthChallenge" }

func (f *userFlow) initiate(ctx context.Context, params map[string]string) (step, error) {
	return f.initiateFlow(ctx, types.AuthFlowTypeUserSrpAuth, params)
}

func (f *userFlow) initiateFlow(ctx context.Context, authFlow types.AuthFlowType, params map[string]string) (step, error) {
	out, err := f.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: authFlow, ClientId: aws.String(f.clientID),
		AuthParameters: params, ClientMetadata: f.meta,
	})
	if err != nil || out == nil {
		return step{op: "InitiateAuth"}, nilOutput(err)
	}
	return step{"InitiateAuth", out, out.ChallengeName, out.Session, out.ChallengeParameters, out.AuthenticationResult}, nil
}

func (f *userFlow) respond(ctx context.Context, name types.ChallengeNameType, session *string, responses map[string]string) (step, error) {
	out, err := f.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: name, ClientId: aws.String(f.clientID), Session: session,
		ChallengeResponses: responses, ClientMetadata: f.meta,
	})
	if err != nil || out == nil {
		return step{op: "RespondToAuthChallenge"}, nilOutput(err)
	}
	return step{"RespondToAuthChallenge", out, out.ChallengeName, out.Session, out.ChallengeParameters, out.AuthenticationResult}, nil
}

type adminFlow struct {
	client   AdminAPI
	clientID string
	poolID   string
	meta     map[string]string
}

func (f *adminFlow) operations() (string, string) {
	return "AdminInitiateAuth", "AdminRespondToAuthChallenge"
}

func (f *adminFlow) initiate(ctx context.Context, params map[string]string) (step, error) {
	return f.initiateFlow(ctx, types.AuthFlowTypeUserSrpAuth, params)
}

func (f *adminFlow) initiateFlow(ctx context.Context, authFlow types.AuthFlowType, params map[string]string) (step, error) {
	out, err := f.client.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		AuthFlow: authFlow, ClientId: aws.String(f.clientID), UserPoolId: aws.String(f.poolID),
		AuthParameters: params, ClientMetadata: f.meta,
	})
	if err != nil || out == nil {
		return step{op: "AdminInitiateAuth"}, nilOutput(err)
	}
	return step{"AdminInitiateAuth", out, out.ChallengeName, out.Session, out.ChallengeParameters, out.AuthenticationResult}, nil
}

func (f *adminFlow) respond(ctx context.Context, name types.ChallengeNameType, session *string, responses map[string]string) (step, error) {
	out, err := f.client.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		ChallengeName: name, ClientId: aws.String(f.clientID), UserPoolId: aws.String(f.poolID), Session: session,
		ChallengeResponses: responses, ClientMetadata: f.meta,
	})
	if err != nil || out == nil {
		return step{op: "AdminRespondToAuthChallenge"}, nilOutput(err)
	}
	return step{"AdminRespondToAuthChallenge", out, out.ChallengeName, out.Session, out.ChallengeParameters, out.AuthenticationResult}, nil
}

func nilOutput(err error) error {
	if err != nil {
		return err
	}
	return errors.New("srpauth: client returned no output and no error")
}

// failure turns a local error (a malformed challenge, a store failure) into a result.
func failure(op string, kind errorsx.Kind, err error) (errorsx.Result, error) {
	r := errorsx.NewResult(op, kind)
	r.HTTPStatus = 0
	r.Cause = err
	return r, errorsx.AsError(r)
}

// classify turns a call's answer into a result and its error form.
func classify(s step, err error) (errorsx.Result, error) {
	r := errorsx.Classify(s.op, s.out, err)
	return r, errorsx.AsError(r)
}

// secretHash adds SECRET_HASH over username when the client has a secret.
func (a *Authenticator) secretHash(m map[string]string, username string) {
	if a.cfg.ClientSecret != "" {
		m["SECRET_HASH"] = SecretHash(a.cfg.ClientID, a.cfg.ClientSecret, username)
	}
}

func (a *Authenticator) device(ctx context.Context, username string) (DeviceSecret, bool, error) {
	if a.opts.DeviceStore == nil || username == "" {
		return DeviceSecret{}, false, nil
	}
	d, ok, err := a.opts.DeviceStore.GetDevice(ctx, a.cfg.UserPoolID, username)
	if err != nil {
		return DeviceSecret{}, false, fmt.Errorf("srpauth: device store: %w", err)
	}
	return d, ok && d.DeviceKey != "" && d.DeviceGroupKey != "", nil
}

// SignIn signs username in with SRP. The result is SignedIn (tokens), NextStep (a challenge
// the user must answer: pass it to Respond), or a failure whose error form is also returned
// (errorsx.AsError: nil for SignedIn and NextStep). A wrong password, an unknown user and a
// simulated challenge all give the same InvalidCredentials result.
func (a *Authenticator) SignIn(ctx context.Context, username, password string) (errorsx.Result, error) {
	initOp, respOp := a.flow.operations()
	if username == "" {
		return failure(initOp, errorsx.InvalidInput, errors.New("srpauth: empty username"))
	}
	e, err := NewEphemeral(a.opts.Rand)
	if err != nil {
		return failure(initOp, errorsx.Unavailable, err)
	}
	params := map[string]string{"USERNAME": username, "SRP_A": e.PublicHex()}
	a.secretHash(params, username)
	dev, hasDev, err := a.device(ctx, username)
	if err != nil {
		return failure(initOp, errorsx.Unavailable, err)
	}
	if hasDev {
		params["DEVICE_KEY"] = dev.DeviceKey
	}
	s, err := a.flow.initiate(ctx, params)
	if err != nil {
		return classify(s, err)
	}
	if s.name != types.ChallengeNameTypePasswordVerifier || s.auth != nil {
		return a.advance(ctx, s, username)
	}
	p := s.params
	userID := p["USER_ID_FOR_SRP"]
	proof, err := e.Sign(Challenge{PoolID: a.cfg.UserPoolID, UserIDForSRP: userID, Salt: p["SALT"], SRPB: p["SRP_B"], SecretBlock: p["SECRET_BLOCK"]}, password, a.opts.Clock())
	if err != nil {
		return failure(respOp, errorsx.Unavailable, fmt.Errorf("srpauth: PASSWORD_VERIFIER: %w", err))
	}
	responses := map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   proof.Timestamp,
		"PASSWORD_CLAIM_SIGNATURE":    proof.Signature,
	}
	a.secretHash(responses, userID)
	if userID != username { // devices are stored under the internal username
		d, ok, err := a.device(ctx, userID)
		if err != nil {
			return failure(respOp, errorsx.Unavailable, err)
		}
		if ok {
			dev, hasDev = d, true
		}
	}
	if hasDev {
		responses["DEVICE_KEY"] = dev.DeviceKey
	}
	s, err = a.flow.respond(ctx, types.ChallengeNameTypePasswordVerifier, s.session, responses)
	if err != nil {
		return classify(s, err)
	}
	return a.advance(ctx, s, userID)
}

// Respond answers the NextStep result r (from SignIn or Respond) with answers, the
// challenge-specific responses, e.g. {"SMS_MFA_CODE": "123456"},
// {"SOFTWARE_TOKEN_MFA_CODE": "123456"}, {"NEW_PASSWORD": "..."} (plus
// "userAttributes.<name>" entries), {"ANSWER": "SMS_MFA"} for SELECT_MFA_TYPE or
// {"ANSWER": "..."} for CUSTOM_CHALLENGE. It adds USERNAME, SECRET_HASH and DEVICE_KEY, keeps
// the session, and runs device SRP if Cognito asks for it next.
func (a *Authenticator) Respond(ctx context.Context, r errorsx.Result, answers map[string]string) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Kind != errorsx.NextStep || r.Challenge == nil || r.Challenge.Name == "" {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: Respond needs a NextStep result with a challenge"))
	}
	ch := r.Challenge
	username := ch.Username
	if username == "" {
		username = ch.Parameters["USERNAME"]
	}
	if username == "" {
		username = ch.UserIDForSRP
	}
	responses := make(map[string]string, len(answers)+3)
	for k, v := range answers {
		responses[k] = v
	}
	if username != "" {
		responses["USERNAME"] = username
		a.secretHash(responses, username)
	}
	if _, set := responses["DEVICE_KEY"]; !set {
		dev, ok, err := a.device(ctx, username)
		if err != nil {
			return failure(respOp, errorsx.Unavailable, err)
		}
		if ok {
			responses["DEVICE_KEY"] = dev.DeviceKey
		}
	}
	var session *string
	if ch.Session != "" {
		session = aws.String(ch.Session)
	}
	s, err := a.flow.respond(ctx, types.ChallengeNameType(ch.Name), session, responses)
	if err != nil {
		return classify(s, err)
	}
	return a.advance(ctx, s, username)
}

// mfaCodeKeys maps code challenges to the response that carries the code.
var mfaCodeKeys = map[string]string{
	"SMS_MFA":            "SMS_MFA_CODE",
	"SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
	"EMAIL_OTP":          "EMAIL_OTP_CODE",
	"SMS_OTP":            "SMS_OTP_CODE",
}

// RespondCode answers a code challenge (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP)
// with the code the user typed.
func (a *Authenticator) RespondCode(ctx context.Context, r errorsx.Result, code string) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Challenge == nil || mfaCodeKeys[r.Challenge.Name] == "" {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: RespondCode needs an SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP or SMS_OTP challenge"))
	}
	return a.Respond(ctx, r, map[string]string{mfaCodeKeys[r.Challenge.Name]: code})
}

// RespondNewPassword answers NEW_PASSWORD_REQUIRED with the new password and any required
// attributes (names without the "userAttributes." prefix).
func (a *Authenticator) RespondNewPassword(ctx context.Context, r errorsx.Result, newPassword string, attributes map[string]string) (errorsx.Result, error) {
	_, respOp := a.flow.operations()
	if r.Challenge == nil || r.Challenge.Name != "NEW_PASSWORD_REQUIRED" {
		return failure(respOp, errorsx.InvalidInput, errors.New("srpauth: RespondNewPassword needs a NEW_PASSWORD_REQUIRED challenge"))
	}
	answers := map[string]string{"NEW_PASSWORD": newPassword}
	for k, v := range attributes {
		answers["userAttributes."+k] = v
	}
	return a.Respond(ctx, r, answers)
}

// advance handles an answer: tokens (confirming a new device), device SRP, or a NextStep.
// username is the internal username known so far (for the device store).
func (a *Authenticator) advance(ctx context.Context, s step, username string) (errorsx.Result, error) {
	for hops := 0; hops < 4; hops++ {
		switch {
		case s.auth != nil:
			r, err := classify(s, nil)
			if err == nil && s.auth.NewDeviceMetadata != nil {
				a.confirmDevice(ctx, s.auth, username)
			}
			return r, err
		case s.name == types.ChallengeNameTypeDeviceSrpAuth:
			if u := s.params["USERNAME"]; u != "" {
				username = u
			}
			next, err := a.deviceSRP(ctx, s, username)
			if err != nil {
				return classify(next, err)
			}
			s = next
		default:
			r, err := classify(s, nil)
			if r.Challenge != nil && r.Challenge.Username == "" && r.Challenge.UserIDForSRP == "" {
				// MFA and custom challenges need USERNAME in their answer; remember the
				// (internal) name when the challenge does not carry it.
				r.Challenge.Username = username
			}
			return r, err
		}
	}
	return failure(s.op, errorsx.Unavailable, errors.New("srpauth: too many device challenges"))
}

// deviceSRP answers DEVICE_SRP_AUTH and then DEVICE_PASSWORD_VERIFIER.
// username is the internal username known so far (the challenge's USERNAME wins).
func (a *Authenticator) deviceSRP(ctx context.Context, s step, username string) (step, error) {
	if u := s.params["USERNAME"]; u != "" {
		username = u
	}
	if username == "" {
		return step{op: s.op}, errors.New("srpauth: DEVICE_SRP_AUTH without USERNAME")
	}
	dev, ok, err := a.device(ctx, username)
	if err != nil {
		return step{op: s.op}, err
	}
	if !ok {
		return step{op: s.op}, errors.New("srpauth: DEVICE_SRP_AUTH but no device is remembered")
	}
	e, err := NewEphemeral(a.opts.Rand)
	if err != nil {
		return step{op: s.op}, err
	}
	responses := map[string]string{"USERNAME": username, "DEVICE_KEY": dev.DeviceKey, "SRP_A": e.PublicHex()}
	a.secretHash(responses, username)
	s, err = a.flow.respond(ctx, types.ChallengeNameTypeDeviceSrpAuth, s.session, responses)
	if err != nil {
		a.forgetOnReject(ctx, username, err)
		return s, err
	}
	if s.name != types.ChallengeNameTypeDevicePasswordVerifier || s.auth != nil {
		return s, nil
	}
	p := s.params
	proof, err := e.SignDevice(Challenge{Salt: p["SALT"], SRPB: p["SRP_B"], SecretBlock: p["SECRET_BLOCK"]}, dev, a.opts.Clock())
	if err != nil {
		return step{op: s.op}, fmt.Errorf("srpauth: DEVICE_PASSWORD_VERIFIER: %w", err)
	}
	if u := p["USERNAME"]; u != "" {
		username = u
	}
	responses = map[string]string{
		"USERNAME":                    username,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   proof.Timestamp,
		"PASSWORD_CLAIM_SIGNATURE":    proof.Signature,
		"DEVICE_KEY":                  dev.DeviceKey,
	}
	a.secretHash(responses, username)
	s, err = a.flow.respond(ctx, types.ChallengeNameTypeDevicePasswordVerifier, s.session, responses)
	if err != nil {
		a.forgetOnReject(ctx, username, err)
	}
	return s, err
}

// forgetOnReject drops a remembered device that Cognito no longer accepts.
func (a *Authenticator) forgetOnReject(ctx context.Context, username string, err error) {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return
	}
	switch ae.ErrorCode() {
	case "ResourceNotFoundException", "NotAuthorizedException":
		if derr := a.opts.DeviceStore.DeleteDevice(ctx, a.cfg.UserPoolID, username); derr != nil {
			a.deviceError(fmt.Errorf("srpauth: device store: %w", derr))
		}
	}
}

func (a *Authenticator) deviceError(err error) {
	if a.opts.OnDeviceError != nil {
		a.opts.OnDeviceError(err)
	}
}

// confirmDevice confirms and remembers a new device after a successful sign-in.
func (a *Authenticator) confirmDevice(ctx context.Context, ar *types.AuthenticationResultType, username string) {
	md := ar.NewDeviceMetadata
	if a.opts.DeviceStore == nil {
		return
	}
	if a.devices == nil {
		a.deviceError(errors.New("srpauth: client cannot ConfirmDevice"))
		return
	}
	if username == "" {
		a.deviceError(errors.New("srpauth: no username to remember the device under"))
		return
	}
	d, cfg, err := NewDeviceVerifier(a.opts.Rand, aws.ToString(md.DeviceGroupKey), aws.ToString(md.DeviceKey))
	if err != nil {
		a.deviceError(err)
		return
	}
	_, err = a.devices.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
		AccessToken: ar.AccessToken, DeviceKey: md.DeviceKey,
		DeviceSecretVerifierConfig: &cfg, DeviceName: aws.String(a.opts.DeviceName),
	})
	if err != nil {
		a.deviceError(fmt.Errorf("srpauth: ConfirmDevice: %w", err))
		return
	}
	if err := a.opts.DeviceStore.PutDevice(ctx, a.cfg.UserPoolID, username, d); err != nil {
		a.deviceError(fmt.Errorf("srpauth: device store: %w", err))
	}
}
