package middleware

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"io"
	"strings"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	"github.com/google/uuid"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// DefaultSecretBlockBytes is the decoded length of the SECRET_BLOCK of a simulated
// SRP challenge until the Masker has seen a real one (then it uses the length of the
// last real one, so simulated blocks keep the shape of the server's): the length the
// mock pool sends, real or simulated.
const DefaultSecretBlockBytes = simulate.SecretBlockBytes

// Bounds of a SECRET_BLOCK's decoded length: a simulated block is random bytes and a
// 32-byte tag under the Masker's secret, bound to the app client id.
const (
	blockTagBytes = 32
	blockKeyBytes = 32 // nonce and encrypted lockout key at the start
	minBlockBytes = blockKeyBytes + blockTagBytes
	maxBlockBytes = 8192
	maxSessionLen = 8192
)

func (m *Masker) mac(label string, parts ...string) []byte {
	h := hmac.New(sha256.New, m.blockKey)
	h.Write([]byte(label))
	var n [4]byte
	for _, p := range parts {
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return h.Sum(nil)
}

func (m *Masker) blockTag(clientID string, body []byte) []byte {
	h := hmac.New(sha256.New, m.blockKey)
	h.Write([]byte("srp-secret-block"))
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(clientID)))
	h.Write(n[:])
	h.Write([]byte(clientID))
	h.Write(body)
	return h.Sum(nil)
}

// newBlock returns a simulated SECRET_BLOCK for clientID that carries the lockout
// key of username: 16 random bytes (a nonce), the key XOR a pad derived from the
// nonce, random bytes, and the tag.
func (m *Masker) newBlock(clientID, username string) (string, error) {
	n := int(m.blockLen.Load())
	if n == 0 {
		n = DefaultSecretBlockBytes
	}
	b := make([]byte, n)
	body := b[:n-blockTagBytes]
	if _, err := io.ReadFull(m.opts.Rand, body); err != nil {
		return "", err
	}
	key := m.userKey(username)
	pad := m.mac("srp-block-pad", string(body[:16]))
	for i := range key {
		body[16+i] = key[i] ^ pad[i]
	}
	copy(b[len(body):], m.blockTag(clientID, body))
	return base64.StdEncoding.EncodeToString(b), nil
}

// isSimulatedBlock reports whether s is a SECRET_BLOCK this Masker's secret made
// for clientID. The tag is compared in constant time.
func (m *Masker) isSimulatedBlock(clientID, s string) bool {
	_, ok := m.blockUserKey(clientID, s)
	return ok
}

// blockUserKey checks a simulated SECRET_BLOCK and returns the lockout key inside.
func (m *Masker) blockUserKey(clientID, s string) (userKey, bool) {
	var k userKey
	if len(s) < base64.StdEncoding.EncodedLen(minBlockBytes) || len(s) > base64.StdEncoding.EncodedLen(maxBlockBytes) {
		return k, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) < minBlockBytes {
		return k, false
	}
	body := b[:len(b)-blockTagBytes]
	if !hmac.Equal(b[len(body):], m.blockTag(clientID, body)) {
		return k, false
	}
	pad := m.mac("srp-block-pad", string(body[:16]))
	for i := range k {
		k[i] = body[16+i] ^ pad[i]
	}
	return k, true
}

// simulatedChallenge returns the PASSWORD_VERIFIER output Cognito gives an unknown
// user under ENABLED, or nil when params is not a USER_SRP_AUTH call (or the
// randomness source failed, in which case the caller falls back to the generic
// failure).
func (m *Masker) simulatedChallenge(params any) any {
	var clientID, username string
	admin := false
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		if p == nil || p.AuthFlow != types.AuthFlowTypeUserSrpAuth {
			return nil
		}
		clientID, username = deref(p.ClientId), p.AuthParameters["USERNAME"]
	case *cip.AdminInitiateAuthInput:
		if p == nil || p.AuthFlow != types.AuthFlowTypeUserSrpAuth {
			return nil
		}
		clientID, username, admin = deref(p.ClientId), p.AuthParameters["USERNAME"], true
	default:
		return nil
	}
	params2, err := m.challengeParameters(clientID, username)
	if err != nil {
		return nil
	}
	if admin {
		return &cip.AdminInitiateAuthOutput{ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeParameters: params2}
	}
	return &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeParameters: params2}
}

// challengeParameters builds SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP and USERNAME
// for username: internal/simulate's challenge (the mock pool's, given the same secret:
// SALT and USER_ID_FOR_SRP stable per pool and key, SRP_B = k*v + g^b with a fresh b
// over a stable fake verifier, one fixed-base exponentiation as for a real challenge)
// with this Masker's SECRET_BLOCK, which carries the lockout key.
func (m *Masker) challengeParameters(clientID, username string) (map[string]string, error) {
	c, err := m.sim.SRPChallenge(m.opts.Rand, m.opts.UserPoolID, m.simKey(username))
	if err != nil {
		return nil, err
	}
	block, err := m.newBlock(clientID, username)
	if err != nil {
		return nil, err
	}
	return c.Parameters(block), nil
}

// simKey is the form of a typed name that simulated values are keyed by: the pool's
// normalisation, then the case folding of the attributes the pool matches without
// regard to case (simulate.Key).
func (m *Masker) simKey(username string) string {
	return simulate.Key(m.norm(username), m.opts.UsernameAttributes, m.opts.AliasAttributes)
}

// learnBlock records the decoded length of a real SECRET_BLOCK.
func (m *Masker) learnBlock(params map[string]string) {
	s := params["SECRET_BLOCK"]
	n := base64.StdEncoding.DecodedLen(len(s))
	if strings.HasSuffix(s, "==") {
		n -= 2
	} else if strings.HasSuffix(s, "=") {
		n--
	}
	if n >= minBlockBytes && n <= maxBlockBytes && int32(n) != m.blockLen.Load() {
		m.blockLen.Store(int32(n))
	}
}

// userSub returns the UserSub of a simulated sign-up: a fresh random UUID (version 4,
// like Cognito's), never one derived from the name.
//
// What an attacker sees over three SignUps of one name: a free name gets Cognito's
// fresh sub, then (the name is now taken) two simulated ones; a taken name gets three
// simulated ones. Were simulated subs stable per name, the taken name would show x, x, x
// and the free one x, y, y. With a fresh sub per answer both show three different
// subs, as Cognito itself would if every sign-up succeeded. Nothing else sees a
// simulated sub (it names no account), so its stability buys nothing.
func (m *Masker) userSub() string {
	id, err := uuid.NewRandomFromReader(m.opts.Rand)
	if err != nil {
		return uuid.Nil.String()
	}
	return id.String()
}

// simulatedSignUp answers a SignUp for a taken username as a new sign-up would be
// answered: not confirmed, a stable sub, and a delivery to the attribute the pool
// verifies (phone number first, then email, as Cognito does when both are
// auto-verified), masked from what was typed; no delivery when the pool verifies
// nothing the input has, as for a real sign-up.
func (m *Masker) simulatedSignUp(p *cip.SignUpInput) *cip.SignUpOutput {
	out := &cip.SignUpOutput{UserConfirmed: false, UserSub: ptr(m.userSub())}
	if n := int(m.sessionLen.Load()); n > 0 {
		b := make([]byte, base64.RawURLEncoding.DecodedLen(n)+3)
		if _, err := io.ReadFull(m.opts.Rand, b); err == nil {
			out.Session = ptr(base64.RawURLEncoding.EncodeToString(b)[:n])
		}
	}
	auto := m.opts.AutoVerifiedAttributes
	if len(auto) == 0 {
		return out
	}
	var email, phone string
	for _, a := range p.UserAttributes {
		switch deref(a.Name) {
		case "email":
			email = deref(a.Value)
		case "phone_number":
			phone = deref(a.Value)
		}
	}
	if username := deref(p.Username); len(m.opts.UsernameAttributes) > 0 {
		// The typed username becomes the email or phone_number attribute.
		if strings.Contains(username, "@") {
			email = username
		} else {
			phone = username
		}
	}
	switch {
	case has(auto, "phone_number") && phone != "":
		out.CodeDeliveryDetails = toSDKDelivery(simulate.Real("phone_number", phone))
	case has(auto, "email") && email != "":
		out.CodeDeliveryDetails = toSDKDelivery(simulate.Real("email", email))
	}
	return out
}

// resendRefused reports whether every ResendConfirmationCode is refused with
// InvalidParameterException cognito.MsgCannotResend: the pool auto-verifies no attribute
// (WithUserPool without attributes). Cognito refuses an unconfirmed user so there,
// and under ENABLED every user alike: a property of the pool, not of the user.
func (m *Masker) resendRefused() bool { return len(m.opts.AutoVerifiedAttributes) == 0 }

// simulatedResend is the masked answer to a ResendConfirmationCode of an unknown,
// disabled or confirmed user: the refusal of resendRefused in a pool that
// auto-verifies nothing (what an unconfirmed user gets there), else a simulated
// delivery.
func (m *Masker) simulatedResend(c *call, out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error,
) {
	if m.resendRefused() {
		msg := cognito.MsgCannotResend
		return m.fail(c, out, md, &types.InvalidParameterException{Message: &msg}, cognito.CodeInvalidParameter+":", msg, maskedOther)
	}
	return m.succeed(c, out, md, &cip.ResendConfirmationCodeOutput{CodeDeliveryDetails: m.delivery(c.username)})
}
