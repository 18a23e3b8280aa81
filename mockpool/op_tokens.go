package mockpool

// The token lifecycle after sign-in: GetTokensFromRefreshToken, REFRESH_TOKEN_AUTH
// (flowRefresh, op_signin.go) and the app client's RefreshTokenRotation.
//
//   - Without rotation (Feature DISABLED, or none) both GetTokensFromRefreshToken and
//     REFRESH_TOKEN_AUTH answer new ID and access tokens only.
//   - With rotation (Feature ENABLED) GetTokensFromRefreshToken also answers a new
//     refresh token, which expires when the original would have; the token presented
//     stays usable for RetryGracePeriodSeconds (0..60; 0: not at all), then reads
//     "Invalid Refresh Token.". REFRESH_TOKEN_AUTH is refused: Cognito's clients must
//     use GetTokensFromRefreshToken (amplify-js#14427, amplify-android#3113); the
//     answer is "Auth flow not enabled for this client" (inferred: Cognito's text is
//     not published).
//   - A client whose ExplicitAuthFlows leave out ALLOW_REFRESH_TOKEN_AUTH is refused at
//     creation and update unless rotation is on (cognito.MsgRefreshFlowRequired).
//   - A refresh token whose sign-in was handed a device (NewDeviceMetadata, or a
//     remembered device's DEVICE_SRP_AUTH) is bound to it: a refresh that does not name
//     that device, confirmed and still the user's, reads "Invalid Refresh Token."
//     (aws-sdk-java-v2#3418 and aws-sdk-cpp#851: the key of an unconfirmed device is not
//     enough; aws-sdk-net-extensions-cognito#85: confirming the device fixes it; AWS's
//     device tracking blog: after ForgetDevice the device's refresh tokens fail), as an
//     unknown token does, so a stolen refresh token is useless without the device key.
//     (GetTokensFromRefreshToken does not hand out a new device for a missing key.)

import (
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// refreshTokenRotation is Cognito's RefreshTokenRotationType.
type refreshTokenRotation struct {
	Feature                 string `json:"Feature"`
	RetryGracePeriodSeconds *int32 `json:"RetryGracePeriodSeconds,omitempty"`
}

// maxRetryGracePeriod bounds RetryGracePeriodSeconds.
const maxRetryGracePeriod = 60

// validRotation adds the front end's failures of a RefreshTokenRotation member.
func validRotation(v *validator, r *refreshTokenRotation) {
	if r == nil {
		return
	}
	v.required("refreshTokenRotation.feature", r.Feature != "")
	if r.Feature != "" {
		v.enum("refreshTokenRotation.feature", r.Feature, []string{"ENABLED", "DISABLED"})
	}
	if g := r.RetryGracePeriodSeconds; g != nil && (*g < 0 || *g > maxRetryGracePeriod) {
		bound := "less than or equal to 60"
		if *g < 0 {
			bound = "greater than or equal to 0"
		}
		v.add("Value '" + strconv.Itoa(int(*g)) + "' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value " + bound)
	}
}

// rotation reports whether the client rotates refresh tokens, and the grace period of
// a rotated-out token.
func (c *appClient) rotation() (bool, time.Duration) {
	r := c.cfg.RefreshTokenRotation
	if r == nil || r.Feature != "ENABLED" {
		return false, 0
	}
	var g time.Duration
	if r.RetryGracePeriodSeconds != nil {
		g = time.Duration(*r.RetryGracePeriodSeconds) * time.Second
	}
	return true, g
}

// refreshFlowRule is the rule CreateUserPoolClient and UpdateUserPoolClient apply
// after normaliseClient: REFRESH_TOKEN_AUTH must stay allowed unless rotation is on.
// (Not applied when a stored state is loaded: clients stored before keep working.)
func refreshFlowRule(c *appClient) *apiError {
	if on, _ := c.rotation(); !on && c.flows&flowRefresh == 0 {
		return newErr(cognito.CodeInvalidParameter, cognito.MsgRefreshFlowRequired) // the code is inferred
	}
	return nil
}

type getTokensInput struct {
	ClientID       string            `json:"ClientId"`
	RefreshToken   string            `json:"RefreshToken"`
	ClientSecret   string            `json:"ClientSecret"`
	DeviceKey      string            `json:"DeviceKey"`
	ClientMetadata map[string]string `json:"ClientMetadata"`
}

func (in *getTokensInput) validate(v *validator) {
	v.required("refreshToken", in.RefreshToken != "")
	validClientID(v, in.ClientID)
	if in.ClientSecret != "" {
		v.length("clientSecret", in.ClientSecret, 1, 64, true)
	}
	if in.DeviceKey != "" {
		v.length("deviceKey", in.DeviceKey, 1, 55, false)
	}
}

type getTokensOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult"`
}

// opGetTokensFromRefreshToken refreshes a session: new ID and access tokens, and
// with rotation a new refresh token.
func (s *Server) opGetTokensFromRefreshToken(r *request, in *getTokensInput) (*getTokensOutput, *apiError) {
	p, c, e := s.clientByID(in.ClientID)
	if e != nil {
		return nil, e
	}
	if e := checkClientSecret(c, in.ClientSecret); e != nil { // the texts are inferred for this operation
		return nil, e
	}
	rotate, grace := c.rotation()
	res, e := s.refresh(&refreshRequest{r: r, p: p, c: c, token: in.RefreshToken, deviceKey: in.DeviceKey,
		metadata: in.ClientMetadata, rotate: rotate, grace: grace})
	if e != nil {
		return nil, e
	}
	return &getTokensOutput{AuthenticationResult: res}, nil
}

// refreshRequest is a refresh through either operation. check, when set, runs once
// the session is found (REFRESH_TOKEN_AUTH's SECRET_HASH, computed over the user).
type refreshRequest struct {
	r         *request
	p         *pool
	c         *appClient
	token     string
	deviceKey string
	metadata  map[string]string
	rotate    bool
	grace     time.Duration
	check     func(sess *tokenSession) *apiError
}

// refresh checks a refresh token and issues new tokens from its session (same
// origin_jti and auth_time).
func (s *Server) refresh(q *refreshRequest) (*authenticationResult, *apiError) {
	p, c, now := q.p, q.c, q.r.now
	invalid := newErr(cognito.CodeNotAuthorized, cognito.MsgRefreshInvalid)
	sess, used, ok := s.refreshSession(p, q.token, now)
	if !ok || sess.clientID != c.id {
		return nil, invalid
	}
	if q.check != nil {
		if e := q.check(&sess); e != nil {
			return nil, e
		}
	}
	if sess.deviceKey != "" {
		// Bound to the device of its sign-in: named, confirmed, still the user's.
		v := p.viewUser(byName(sess.username, sess.sub))
		if !hmac.Equal([]byte(q.deviceKey), []byte(sess.deviceKey)) || v == nil {
			return nil, invalid
		}
		if _, ok := p.userDevice(sess.deviceKey, v); !ok {
			return nil, invalid
		}
	}
	if sess.revoked {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgRefreshRevoked)
	}
	if now.UnixNano() >= sess.refreshExpires {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgRefreshExpired)
	}
	cur := p.viewUser(byName(sess.username, sess.sub))
	if cur == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgRefreshRevoked)
	}
	st := *cur
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	var x *tokenExtras
	if t := p.trig(); t != nil && t.PreTokenGeneration != nil {
		var e *apiError
		if x, e = s.preTokenGeneration(q.r, p, c, &st, "TokenGeneration_RefreshTokens", q.metadata); e != nil {
			return nil, e
		}
	}
	var next string
	if q.rotate {
		next = s.newRefreshToken()
		var until int64
		if q.grace > 0 {
			until = now.Add(q.grace).UnixNano()
		}
		if !s.rotateRefresh(p, sess.originJTI, used, sha256.Sum256([]byte(next)), until) {
			return nil, invalid // a concurrent refresh or revocation came first
		}
		q.r.changed = true
	}
	res, e := s.issueTokens(p, c, st, &sess, now, x)
	if e != nil {
		return nil, e
	}
	res.RefreshToken = next
	return res, nil
}
