package mockpool

// Tokens: RS256 JWTs signed with go-jose, the JWKS, refresh tokens (opaque random
// strings, stored only as SHA-256 hashes), token sessions and challenge sessions.

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

type signingKey struct {
	priv   *rsa.PrivateKey
	kid    string
	signer jose.Signer
	jwk    jose.JSONWebKey
}

// newSigningKey prepares a key once: kid, signer and JWK are cached. The kid is
// base64(SHA-256(public key DER)), shaped like Cognito's.
func newSigningKey(priv *rsa.PrivateKey) (*signingKey, error) {
	if priv == nil {
		return nil, fmt.Errorf("mockpool: nil signing key")
	}
	if priv.N.BitLen() < 2048 {
		return nil, fmt.Errorf("mockpool: signing key has %d bits, want at least 2048", priv.N.BitLen())
	}
	priv.Precompute()
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("mockpool: marshal public key: %w", err)
	}
	sum := sha256.Sum256(der)
	kid := base64.StdEncoding.EncodeToString(sum[:])
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: priv}, (&jose.SignerOptions{}).WithHeader("kid", kid))
	if err != nil {
		return nil, fmt.Errorf("mockpool: signer: %w", err)
	}
	jwk := jose.JSONWebKey{Key: &priv.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}
	return &signingKey{priv: priv, kid: kid, signer: signer, jwk: jwk}, nil
}

// tokenKeys are the server's two signing keys, as Cognito has: one for access
// tokens (the durable record serverSigningKey, the only key of older states) and one
// for ID tokens (serverIDSigningKey). A missing key is generated on first use.
type tokenKeys struct {
	access, id *signingKey
	jwks       []byte // both public keys, the ID tokens' first; nil until both exist
}

func newTokenKeys(access, id *signingKey) (*tokenKeys, error) {
	ks := &tokenKeys{access: access, id: id}
	if access == nil || id == nil {
		return ks, nil
	}
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{id.jwk}}
	if access.kid != id.kid {
		set.Keys = append(set.Keys, access.jwk)
	}
	b, err := json.Marshal(set)
	if err != nil {
		return nil, fmt.Errorf("mockpool: marshal JWKS: %w", err)
	}
	ks.jwks = b
	return ks, nil
}

// tokenKeys returns both keys, generating (RSA-2048) and recording a missing one.
func (s *Server) tokenKeys() (*tokenKeys, error) {
	if k := s.key.Load(); k != nil && k.jwks != nil {
		return k, nil
	}
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	cur := s.key.Load()
	if cur != nil && cur.jwks != nil {
		return cur, nil
	}
	var access, id *signingKey
	if cur != nil {
		access, id = cur.access, cur.id
	}
	gen := func(record string) (*signingKey, error) {
		priv, err := rsa.GenerateKey(readerFunc(s.read), 2048)
		if err != nil {
			return nil, fmt.Errorf("mockpool: generate signing key: %w", err)
		}
		k, err := newSigningKey(priv)
		if err == nil {
			s.touch(recordRef{kind: recServer, key: record})
		}
		return k, err
	}
	var err error
	if access == nil {
		if access, err = gen(serverSigningKey); err != nil {
			return nil, err
		}
	}
	if id == nil {
		if id, err = gen(serverIDSigningKey); err != nil {
			return nil, err
		}
	}
	ks, err := newTokenKeys(access, id)
	if err != nil {
		return nil, err
	}
	s.key.Store(ks)
	return ks, nil
}

// setKeys installs the keys given; a nil one keeps the server's current key.
func (s *Server) setKeys(access, id *signingKey) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if cur := s.key.Load(); cur != nil {
		if access == nil {
			access = cur.access
		}
		if id == nil {
			id = cur.id
		}
	}
	ks, err := newTokenKeys(access, id)
	if err != nil { // a JSON failure only: tokenKeys builds the JWKS again
		ks = &tokenKeys{access: access, id: id}
	}
	s.key.Store(ks)
}

// signingKey returns the key of access tokens.
func (s *Server) signingKey() (*signingKey, error) {
	ks, err := s.tokenKeys()
	if err != nil {
		return nil, err
	}
	return ks.access, nil
}

// JWKS returns the JSON Web Key Set of a pool ({"keys":[{kid, alg, kty, e, n, use},
// ...]}): the key of ID tokens, then the key of access tokens. Every pool of a Server
// shares them.
func (s *Server) JWKS(poolID string) ([]byte, bool) {
	if _, e := s.getPool(poolID); e != nil {
		return nil, false
	}
	ks, err := s.tokenKeys()
	if err != nil {
		return nil, false
	}
	return ks.jwks, true
}

// Issuer returns the iss claim of a pool's tokens.
func (s *Server) Issuer(poolID string) string { return s.issuerFn(s.region, poolID) }

func (s *Server) openIDConfiguration(poolID string) ([]byte, bool) {
	p, e := s.getPool(poolID)
	if e != nil {
		return nil, false
	}
	b, _ := json.Marshal(map[string]any{
		"issuer":                                p.issuer,
		"jwks_uri":                              p.issuer + "/.well-known/jwks.json",
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "token"},
		"subject_types_supported":               []string{"public"},
		"scopes_supported":                      []string{"openid", "email", "phone", "profile"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	})
	return b, true
}

// tokenExtras change what issueTokens puts in the tokens: the device_key claim and the
// PreTokenGeneration trigger's overrides. nil means none.
type tokenExtras struct {
	deviceKey     string
	override      bool // the fields below apply
	idAdd         map[string]string
	idSuppress    []string
	groups        []string
	groupsSet     bool
	roles         []string
	preferredRole *string
}

type authenticationResult struct {
	AccessToken  string `json:"AccessToken"`
	ExpiresIn    int32  `json:"ExpiresIn"`
	TokenType    string `json:"TokenType"`
	RefreshToken string `json:"RefreshToken,omitempty"`
	IDToken      string `json:"IdToken"`
	// NewDeviceMetadata is set by device tracking (op_device.go).
	NewDeviceMetadata *newDeviceMetadata `json:"NewDeviceMetadata,omitempty"`
}

// newRefreshToken returns an opaque refresh token shaped like Cognito's (five
// base64url parts, like a JWE). Only its SHA-256 is kept.
func (s *Server) newRefreshToken() string {
	var b [96]byte
	s.randBytes(b[:])
	e := base64.RawURLEncoding
	return "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ." +
		e.EncodeToString(b[:48]) + "." + e.EncodeToString(b[48:60]) + "." + e.EncodeToString(b[60:80]) + "." + e.EncodeToString(b[80:])
}

// issueTokens signs an access and an ID token for u. With sess == nil it starts a new
// session (new origin_jti, auth_time now, a refresh token); otherwise it refreshes
// sess (same origin_jti and auth_time, no new refresh token). No lock is held.
func (s *Server) issueTokens(p *pool, c *appClient, u userView, sess *tokenSession, now time.Time, x *tokenExtras) (*authenticationResult, *apiError) {
	ks, err := s.tokenKeys()
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgTokenSigningFailed, Status: 500}
	}
	res := &authenticationResult{TokenType: "Bearer", ExpiresIn: int32(c.accessTTL / time.Second)}
	if sess == nil {
		sess = &tokenSession{originJTI: s.newUUID(), username: u.username, sub: u.sub, clientID: c.id, authTime: now.Unix()}
		if x != nil {
			sess.deviceKey = x.deviceKey
		}
		rt := s.newRefreshToken()
		sess.refreshHash = sha256.Sum256([]byte(rt))
		sess.refreshExpires = now.Add(c.refreshTTL).UnixNano()
		res.RefreshToken = rt
		s.addSession(p, sess, now)
	}
	eventID := s.newUUID()
	iat := now.Unix()
	if x != nil && x.groupsSet {
		u.groups = x.groups
	}

	ac := accessTokenClaims{Sub: u.sub, Groups: u.groups, Iss: p.issuer, ClientID: c.id, OriginJTI: sess.originJTI,
		EventID: eventID, TokenUse: "access", Scope: "aws.cognito.signin.user.admin", AuthTime: sess.authTime,
		Exp: now.Add(c.accessTTL).Unix(), Iat: iat, JTI: s.newUUID(), Username: u.username, DeviceKey: sess.deviceKey}
	b, err := json.Marshal(&ac)
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgTokenSigningFailed, Status: 500}
	}
	access, err := sign(ks.access, b)
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgTokenSigningFailed, Status: 500}
	}

	ic := idTokenClaims{idTokenRegistered: idTokenRegistered{Sub: u.sub, Groups: u.groups, Iss: p.issuer,
		CognitoUsername: u.username, OriginJTI: sess.originJTI, Aud: c.id, EventID: eventID, TokenUse: "id",
		AuthTime: sess.authTime, Exp: now.Add(c.idTTL).Unix(), Iat: iat, JTI: s.newUUID()}}
	ic.attrs = readableAttributes(p, c.attrs, u.attrs) // the client's ReadAttributes

	b, err = ic.MarshalJSON()
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgTokenSigningFailed, Status: 500}
	}
	if x != nil && x.override {
		b = x.applyID(b)
	}
	id, err := sign(ks.id, b)
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgTokenSigningFailed, Status: 500}
	}
	res.AccessToken, res.IDToken = access, id
	return res, nil
}

func sign(k *signingKey, payload []byte) (string, error) {
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// accessTokenClaims are the claims of an access token, all set by the server.
type accessTokenClaims struct {
	Sub       string   `json:"sub"`
	Groups    []string `json:"cognito:groups,omitempty"`
	Iss       string   `json:"iss"`
	ClientID  string   `json:"client_id"`
	OriginJTI string   `json:"origin_jti"`
	EventID   string   `json:"event_id"`
	TokenUse  string   `json:"token_use"`
	Scope     string   `json:"scope"`
	AuthTime  int64    `json:"auth_time"`
	Exp       int64    `json:"exp"`
	Iat       int64    `json:"iat"`
	JTI       string   `json:"jti"`
	Username  string   `json:"username"`
	DeviceKey string   `json:"device_key,omitempty"`
}

// idTokenRegistered are the claims of an ID token the server sets.
type idTokenRegistered struct {
	Sub             string   `json:"sub"`
	Groups          []string `json:"cognito:groups,omitempty"`
	Iss             string   `json:"iss"`
	CognitoUsername string   `json:"cognito:username"`
	OriginJTI       string   `json:"origin_jti"`
	Aud             string   `json:"aud"`
	EventID         string   `json:"event_id"`
	TokenUse        string   `json:"token_use"`
	AuthTime        int64    `json:"auth_time"`
	Exp             int64    `json:"exp"`
	Iat             int64    `json:"iat"`
	JTI             string   `json:"jti"`
}

// idTokenClaims are an ID token's claims: the registered ones, then the user's
// attributes (only names for which schema.Reserved is false; the *_verified attributes
// holding "true" or "false" as JSON booleans).
type idTokenClaims struct {
	idTokenRegistered
	attrs []attr
}

// MarshalJSON writes the registered claims, then the attributes.
func (ic *idTokenClaims) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(&ic.idTokenRegistered)
	if err != nil || len(ic.attrs) == 0 {
		return b, err
	}
	b = b[:len(b)-1] // the closing brace
	for _, a := range ic.attrs {
		if schema.Reserved(a.name) {
			continue
		}
		b = append(b, ',')
		b = appendJSONString(b, a.name)
		b = append(b, ':')
		if strings.HasSuffix(a.name, "_verified") && (a.value == "true" || a.value == "false") {
			b = append(b, a.value...)
		} else {
			b = appendJSONString(b, a.value)
		}
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

type accessClaims struct {
	Sub       string `json:"sub"`
	Iss       string `json:"iss"`
	ClientID  string `json:"client_id"`
	OriginJTI string `json:"origin_jti"`
	TokenUse  string `json:"token_use"`
	Exp       int64  `json:"exp"`
	Username  string `json:"username"`
}

// accessUser checks an access token and finds its pool and user (under no lock; the
// caller locks p.mu to read or change the user). Errors are Cognito's:
// "Invalid Access Token", "Access Token has expired", "Access Token has been revoked",
// and UserNotFoundException "User does not exist." for a deleted user.
func (s *Server) accessUser(token string, now time.Time) (*pool, accessClaims, *apiError) {
	var cl accessClaims
	invalid := newErr(cognito.CodeNotAuthorized, cognito.MsgAccessInvalid)
	if token == "" || len(token) > 8192 {
		return nil, cl, invalid
	}
	k, err := s.signingKey()
	if err != nil {
		return nil, cl, invalid
	}
	jws, err := jose.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, cl, invalid
	}
	payload, err := jws.Verify(&k.priv.PublicKey)
	if err != nil {
		return nil, cl, invalid
	}
	if json.Unmarshal(payload, &cl) != nil || cl.TokenUse != "access" {
		return nil, cl, invalid
	}
	poolID := cl.Iss[strings.LastIndexByte(cl.Iss, '/')+1:]
	p, e := s.getPool(poolID)
	if e != nil || p.issuer != cl.Iss {
		return nil, cl, invalid
	}
	if now.Unix() >= cl.Exp {
		return nil, cl, newErr(cognito.CodeNotAuthorized, cognito.MsgAccessExpired)
	}
	if p.viewUser(byName(cl.Username, cl.Sub)) == nil {
		return nil, cl, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	if !p.originLive(cl.OriginJTI) {
		return nil, cl, newErr(cognito.CodeNotAuthorized, cognito.MsgAccessRevoked)
	}
	return p, cl, nil
}

// fixedClaims are the ID token claims PreTokenGeneration may not add, override or
// suppress (Cognito ignores such requests).
var fixedClaims = map[string]bool{"acr": true, "amr": true, "aud": true, "auth_time": true, "azp": true, "exp": true,
	"iat": true, "identities": true, "iss": true, "sub": true, "token_use": true, "nonce": true, "at_hash": true,
	"cognito:username": true, "origin_jti": true, "event_id": true, "jti": true}

// applyID applies the PreTokenGeneration overrides to the ID token claims b.
func (x *tokenExtras) applyID(b []byte) []byte {
	var claims map[string]any
	if json.Unmarshal(b, &claims) != nil {
		return b
	}
	for _, name := range x.idSuppress {
		if !fixedClaims[name] {
			delete(claims, name)
		}
	}
	for k, v := range x.idAdd {
		if !fixedClaims[k] {
			claims[k] = v
		}
	}
	if len(x.roles) > 0 {
		claims["cognito:roles"] = x.roles
	}
	if x.preferredRole != nil {
		claims["cognito:preferred_role"] = *x.preferredRole
	}
	out, err := json.Marshal(claims)
	if err != nil {
		return b
	}
	return out
}

// useSigningKeys installs the keys of Options (nil: generated on first use) and records
// them.
func (s *Server) useSigningKeys(access, id *rsa.PrivateKey) {
	var ak, ik *signingKey
	for _, k := range []struct {
		priv   *rsa.PrivateKey
		to     **signingKey
		record string
	}{{access, &ak, serverSigningKey}, {id, &ik, serverIDSigningKey}} {
		if k.priv == nil {
			continue
		}
		sk, err := newSigningKey(k.priv)
		if err != nil {
			if s.log != nil {
				s.log.Error("mockpool: unusable signing key, generating one", "err", err)
			}
			continue
		}
		*k.to = sk
		s.touch(recordRef{kind: recServer, key: k.record})
	}
	if ak != nil || ik != nil {
		s.setKeys(ak, ik)
	}
}
