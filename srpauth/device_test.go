package srpauth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/srp"
)

type recordedCall struct {
	Op      string `json:"op"`
	Request struct {
		AuthFlow           string            `json:"AuthFlow"`
		ChallengeName      string            `json:"ChallengeName"`
		AuthParameters     map[string]string `json:"AuthParameters"`
		ChallengeResponses map[string]string `json:"ChallengeResponses"`
		Session            string            `json:"Session"`
		DeviceKey          string            `json:"DeviceKey"`
		AccessToken        string            `json:"AccessToken"`
		Config             struct {
			Salt             string `json:"Salt"`
			PasswordVerifier string `json:"PasswordVerifier"`
		} `json:"DeviceSecretVerifierConfig"`
	} `json:"request"`
	Response struct {
		ChallengeName       string            `json:"ChallengeName"`
		Session             string            `json:"Session"`
		ChallengeParameters map[string]string `json:"ChallengeParameters"`
		Auth                *struct {
			IdToken, AccessToken, RefreshToken, TokenType string
			ExpiresIn                                     int32
			NewDeviceMetadata                             *struct{ DeviceKey, DeviceGroupKey string }
		} `json:"AuthenticationResult"`
	} `json:"response"`
}

type deviceFlow struct {
	PoolName             string         `json:"poolName"`
	UserID               string         `json:"userId"`
	Password             string         `json:"password"`
	DeviceKey            string         `json:"deviceKey"`
	DeviceGroupKey       string         `json:"deviceGroupKey"`
	DeviceRandomPassword string         `json:"deviceRandomPassword"`
	DeviceSaltHex        string         `json:"deviceSaltHex"`
	DeviceVerifierHex    string         `json:"deviceVerifierHex"`
	Login1               []recordedCall `json:"login1"`
	Login2               []recordedCall `json:"login2"`
}

func loadDeviceFlow(t *testing.T) deviceFlow {
	var extras struct {
		DeviceFlow deviceFlow `json:"deviceFlow"`
	}
	loadJSON(t, "extras.json", &extras)
	if len(extras.DeviceFlow.Login1) == 0 || len(extras.DeviceFlow.Login2) == 0 {
		t.Fatal("no device flow")
	}
	return extras.DeviceFlow
}

func TestDeviceVerifierExtras(t *testing.T) {
	f := loadDeviceFlow(t)
	pw, err := base64.StdEncoding.DecodeString(f.DeviceRandomPassword)
	if err != nil {
		t.Fatal(err)
	}
	salt, _ := hex.DecodeString(f.DeviceSaltHex)
	d, cfg, err := NewDeviceVerifier(io.MultiReader(bytes.NewReader(pw), bytes.NewReader(salt)), f.DeviceGroupKey, f.DeviceKey)
	if err != nil {
		t.Fatal(err)
	}
	if d.Password != f.DeviceRandomPassword || d.DeviceKey != f.DeviceKey || d.DeviceGroupKey != f.DeviceGroupKey {
		t.Errorf("secret %v", d)
	}
	confirm := f.Login1[2].Request.Config
	if got := aws.ToString(cfg.Salt); got != confirm.Salt {
		t.Errorf("Salt = %s, want %s", got, confirm.Salt)
	}
	if got := aws.ToString(cfg.PasswordVerifier); got != confirm.PasswordVerifier {
		t.Errorf("PasswordVerifier = %.30s..., want %.30s...", got, confirm.PasswordVerifier)
	}
	raw, _ := base64.StdEncoding.DecodeString(aws.ToString(cfg.PasswordVerifier))
	if hex.EncodeToString(raw) != f.DeviceVerifierHex {
		t.Errorf("verifier hex differs")
	}
	if strings.Contains(d.String(), d.Password) || strings.Contains(fmt.Sprintf("%#v", d), d.Password) {
		t.Error("DeviceSecret prints its password")
	}
	// A salt with the top bit set is PAD-encoded (17 bytes).
	_, cfg2, err := NewDeviceVerifier(io.MultiReader(bytes.NewReader(pw), bytes.NewReader(bytes.Repeat([]byte{0xf0}, 16))), "g", "k")
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := base64.StdEncoding.DecodeString(aws.ToString(cfg2.Salt)); len(raw) != 17 || raw[0] != 0 {
		t.Errorf("high-bit salt encoded as %x", raw)
	}
	if _, _, err := NewDeviceVerifier(bytes.NewReader(nil), "g", "k"); err == nil {
		t.Error("empty rand accepted")
	}
	if _, _, err := NewDeviceVerifier(nil, "", "k"); err == nil {
		t.Error("empty group key accepted")
	}
}

// replayAPI answers with a recorded conversation and checks the requests.
type replayAPI struct {
	t     *testing.T
	calls []recordedCall
	i     int
	// extraInitiate lists AuthParameters the client may send beyond the recording.
	extraInitiate map[string]bool
}

func (r *replayAPI) next(op string) recordedCall {
	r.t.Helper()
	if r.i >= len(r.calls) {
		r.t.Fatalf("unexpected %s call", op)
	}
	c := r.calls[r.i]
	r.i++
	if c.Op != op {
		r.t.Fatalf("call %d is %s, want %s", r.i, op, c.Op)
	}
	return c
}

func (r *replayAPI) compare(what string, got, want map[string]string, extra map[string]bool, exact ...string) {
	r.t.Helper()
	var gk, wk []string
	for k := range got {
		if _, ok := want[k]; !ok && !extra[k] {
			gk = append(gk, k)
		}
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			wk = append(wk, k)
		}
	}
	if len(gk)+len(wk) > 0 {
		sort.Strings(gk)
		sort.Strings(wk)
		r.t.Errorf("%s: unexpected keys %v, missing keys %v", what, gk, wk)
	}
	for _, k := range exact {
		if got[k] != want[k] {
			r.t.Errorf("%s: %s = %.40q, want %.40q", what, k, got[k], want[k])
		}
	}
}

func output(c recordedCall) (types.ChallengeNameType, *string, map[string]string, *types.AuthenticationResultType) {
	rs := c.Response
	var session *string
	if rs.Session != "" {
		session = aws.String(rs.Session)
	}
	var ar *types.AuthenticationResultType
	if a := rs.Auth; a != nil {
		ar = &types.AuthenticationResultType{
			IdToken: aws.String(a.IdToken), AccessToken: aws.String(a.AccessToken),
			RefreshToken: aws.String(a.RefreshToken), TokenType: aws.String(a.TokenType), ExpiresIn: a.ExpiresIn,
		}
		if m := a.NewDeviceMetadata; m != nil {
			ar.NewDeviceMetadata = &types.NewDeviceMetadataType{DeviceKey: aws.String(m.DeviceKey), DeviceGroupKey: aws.String(m.DeviceGroupKey)}
		}
	}
	return types.ChallengeNameType(rs.ChallengeName), session, rs.ChallengeParameters, ar
}

func (r *replayAPI) InitiateAuth(_ context.Context, in *cip.InitiateAuthInput, _ ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	c := r.next("InitiateAuth")
	if string(in.AuthFlow) != c.Request.AuthFlow {
		r.t.Errorf("AuthFlow = %s", in.AuthFlow)
	}
	r.compare("InitiateAuth", in.AuthParameters, c.Request.AuthParameters, r.extraInitiate, "USERNAME")
	if len(in.AuthParameters["SRP_A"]) < 700 {
		r.t.Errorf("short SRP_A")
	}
	name, session, params, ar := output(c)
	return &cip.InitiateAuthOutput{ChallengeName: name, Session: session, ChallengeParameters: params, AuthenticationResult: ar}, nil
}

func (r *replayAPI) RespondToAuthChallenge(_ context.Context, in *cip.RespondToAuthChallengeInput, _ ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	c := r.next("RespondToAuthChallenge")
	if string(in.ChallengeName) != c.Request.ChallengeName {
		r.t.Errorf("ChallengeName = %s, want %s", in.ChallengeName, c.Request.ChallengeName)
	}
	if aws.ToString(in.Session) != c.Request.Session {
		r.t.Errorf("Session = %q, want %q", aws.ToString(in.Session), c.Request.Session)
	}
	r.compare(c.Request.ChallengeName, in.ChallengeResponses, c.Request.ChallengeResponses, nil,
		"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "DEVICE_KEY")
	if sig := in.ChallengeResponses["PASSWORD_CLAIM_SIGNATURE"]; c.Request.ChallengeResponses["PASSWORD_CLAIM_SIGNATURE"] != "" && len(sig) != 44 {
		r.t.Errorf("signature %q", sig)
	}
	name, session, params, ar := output(c)
	return &cip.RespondToAuthChallengeOutput{ChallengeName: name, Session: session, ChallengeParameters: params, AuthenticationResult: ar}, nil
}

func (r *replayAPI) ConfirmDevice(_ context.Context, in *cip.ConfirmDeviceInput, _ ...func(*cip.Options)) (*cip.ConfirmDeviceOutput, error) {
	c := r.next("ConfirmDevice")
	if aws.ToString(in.DeviceKey) != c.Request.DeviceKey || aws.ToString(in.AccessToken) != c.Request.AccessToken {
		r.t.Errorf("ConfirmDevice for %q", aws.ToString(in.DeviceKey))
	}
	cfg := in.DeviceSecretVerifierConfig
	if cfg == nil || aws.ToString(cfg.Salt) != c.Request.Config.Salt || aws.ToString(cfg.PasswordVerifier) != c.Request.Config.PasswordVerifier {
		r.t.Errorf("ConfirmDevice verifier config differs from the reference client's")
	}
	return &cip.ConfirmDeviceOutput{UserConfirmationNecessary: false}, nil
}

// TestDeviceFlow replays the reference client's two-login device conversation: login 1
// confirms the device with the same salt and verifier, login 2 runs DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER with the same parameters.
func TestDeviceFlow(t *testing.T) {
	f := loadDeviceFlow(t)
	pw, _ := base64.StdEncoding.DecodeString(f.DeviceRandomPassword)
	salt, _ := hex.DecodeString(f.DeviceSaltHex)
	// Randomness: a (32 bytes) for login 1, then the device password and salt, then fresh
	// secrets for login 2.
	rnd := io.MultiReader(io.LimitReader(rand.Reader, 32), bytes.NewReader(pw), bytes.NewReader(salt), rand.Reader)
	var clock []time.Time
	for _, c := range append(append([]recordedCall{}, f.Login1...), f.Login2...) {
		if ts := c.Request.ChallengeResponses["TIMESTAMP"]; ts != "" {
			tm, err := srp.ParseTimestamp(ts)
			if err != nil {
				t.Fatal(err)
			}
			clock = append(clock, tm)
		}
	}
	now := func() time.Time {
		tm := clock[0]
		clock = clock[1:]
		return tm
	}
	store := NewMemoryDeviceStore()
	api := &replayAPI{t: t, calls: f.Login1}
	var devErr error
	a, err := New(api, Config{UserPoolID: "eu-west-1_" + f.PoolName, ClientID: "testclientid"},
		WithRand(rnd), WithClock(now), WithDeviceStore(store), WithDeviceName("nodejs"),
		WithDeviceErrorHandler(func(err error) { devErr = err }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	r, err := a.SignIn(ctx, f.UserID, f.Password)
	if err != nil || r.Kind != errorsx.SignedIn || r.Tokens == nil {
		t.Fatalf("login 1: %v, %v", r, err)
	}
	if devErr != nil {
		t.Fatal(devErr)
	}
	if api.i != len(f.Login1) {
		t.Fatalf("login 1 made %d of %d calls", api.i, len(f.Login1))
	}
	d, ok, _ := store.GetDevice(ctx, "eu-west-1_"+f.PoolName, f.UserID)
	if !ok || d.DeviceKey != f.DeviceKey || d.DeviceGroupKey != f.DeviceGroupKey || d.Password != f.DeviceRandomPassword {
		t.Fatalf("device not remembered: %v %v", d, ok)
	}

	// Login 2. The recording's InitiateAuth has no DEVICE_KEY; the spec asks for it.
	api2 := &replayAPI{t: t, calls: f.Login2, extraInitiate: map[string]bool{"DEVICE_KEY": true}}
	a.flow.(*userFlow).client = api2
	a.devices = api2
	r, err = a.SignIn(ctx, f.UserID, f.Password)
	if err != nil || r.Kind != errorsx.SignedIn {
		t.Fatalf("login 2: %v, %v (cause %v)", r, err, r.Cause)
	}
	if api2.i != len(f.Login2) {
		t.Fatalf("login 2 made %d of %d calls", api2.i, len(f.Login2))
	}
}

func TestMemoryDeviceStore(t *testing.T) {
	var s MemoryDeviceStore
	ctx := t.Context()
	if _, ok, err := s.GetDevice(ctx, "p", "u"); ok || err != nil {
		t.Fatal("zero store not empty")
	}
	d := DeviceSecret{DeviceKey: "k", DeviceGroupKey: "g", Password: "pw"}
	if err := s.PutDevice(ctx, "p", "u", d); err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := s.GetDevice(ctx, "p", "u"); !ok || got != d {
		t.Fatal("not stored")
	}
	if _, ok, _ := s.GetDevice(ctx, "p2", "u"); ok {
		t.Fatal("pools share devices")
	}
	if err := s.DeleteDevice(ctx, "p", "u"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.GetDevice(ctx, "p", "u"); ok {
		t.Fatal("not deleted")
	}
}
