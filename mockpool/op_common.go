package mockpool

// Helpers shared by the user-facing operation families: SECRET_HASH, username and
// attribute checks, deliveries and the user JSON shapes.

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/maskedauth/maskedauth/internal/simulate"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// secretHash is base64(HMAC-SHA256(client secret, username || clientId)).
func secretHash(secret string, c *appClient, username string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(username))
	m.Write([]byte(c.id))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// publicClient finds the app client of a public (unsigned) operation by its id and
// checks the SECRET_HASH sent for username, as every such operation does first.
func (s *Server) publicClient(clientID, secretHash, username string) (*pool, *appClient, *apiError) {
	p, c, e := s.clientByID(clientID)
	if e != nil {
		return nil, nil, e
	}
	if e := checkSecretHash(c, secretHash, username); e != nil {
		return nil, nil, e
	}
	return p, c, nil
}

// checkSecretHash enforces SECRET_HASH on clients with a secret (compared in constant
// time) with Cognito's messages. Any of names may be the one the hash was computed
// over (the typed name, or the internal name in challenge responses), under any of
// the client's secrets (up to two: AddUserPoolClientSecret); every pair is compared.
// checkClientSecret checks the ClientSecret of RevokeToken and
// GetTokensFromRefreshToken against every secret of c (AddUserPoolClientSecret
// may have added a second one), in constant time, without an early exit.
func checkClientSecret(c *appClient, got string) *apiError {
	secrets := c.allSecrets()
	if len(secrets) == 0 {
		return nil
	}
	if got == "" {
		return newErr(cognito.CodeNotAuthorized, cognito.MsgClientSecretNotReceived(c.id))
	}
	ok := false
	for _, sec := range secrets {
		if subtle.ConstantTimeCompare([]byte(got), []byte(sec.Value)) == 1 {
			ok = true
		}
	}
	if !ok {
		return newErr(cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(c.id))
	}
	return nil
}

func checkSecretHash(c *appClient, got string, names ...string) *apiError {
	secrets := c.allSecrets()
	if len(secrets) == 0 {
		return nil
	}
	if got == "" {
		return newErr(cognito.CodeNotAuthorized, cognito.MsgSecretNotReceived(c.id))
	}
	ok := false
	for _, sec := range secrets {
		for _, n := range names {
			if hmac.Equal([]byte(secretHash(sec.Value, c, n)), []byte(got)) {
				ok = true
			}
		}
	}
	if !ok {
		return newErr(cognito.CodeNotAuthorized, cognito.MsgSecretHashMismatch(c.id))
	}
	return nil
}

// validUsername adds the validation failures of a username member.
func validUsername(v *validator, name string) {
	v.required("username", name != "")
	if name != "" {
		v.length("username", name, 1, 128, true)
		for _, r := range name {
			if !unicode.In(r, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P) {
				v.add("Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+")
				break
			}
		}
	}
}

func validPassword(v *validator, field, pw string) {
	v.required(field, pw != "")
	if pw != "" {
		v.length(field, pw, 1, 256, true)
		first, _ := utf8.DecodeRuneInString(pw)
		last, _ := utf8.DecodeLastRuneInString(pw)
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			v.add("Value at '" + field + "' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$")
		}
	}
}

func validCode(v *validator, code string) {
	v.required("confirmationCode", code != "")
	if code != "" {
		v.length("confirmationCode", code, 1, 2048, true)
		if strings.ContainsAny(code, " \t\r\n") {
			v.add("Value at 'confirmationCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+")
		}
	}
}

// checkNewUsername applies the username rules of email/phone-as-username and alias
// pools to a name given to SignUp or AdminCreateUser.
func checkNewUsername(p *pool, name string) *apiError {
	email, phone := p.usernameAttr("email"), p.usernameAttr("phone_number")
	switch {
	case email && phone:
		if !simulate.IsEmail(name) && !simulate.IsE164(name) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgUsernameEmailOrPhone)
		}
	case email:
		if !simulate.IsEmail(name) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgUsernameEmail)
		}
	case phone:
		if !simulate.IsE164(name) {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgUsernamePhone)
		}
	}
	if p.aliasAttr("email") && simulate.IsEmail(name) {
		return newErr(cognito.CodeInvalidParameter, cognito.MsgUsernameEmailAlias)
	}
	if p.aliasAttr("phone_number") && simulate.IsE164(name) {
		return newErr(cognito.CodeInvalidParameter, cognito.MsgUsernamePhoneAlias)
	}
	return nil
}

func attrValue(list []attr, name string) (string, bool) {
	for _, a := range list {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

func attributeList(attrs []attr) []attributeType {
	out := make([]attributeType, len(attrs))
	for i := range attrs {
		out[i] = attributeType{Name: attrs[i].name, Value: &attrs[i].value}
	}
	return out
}

// userType is Cognito's UserType.
type userType struct {
	Username             string          `json:"Username"`
	Attributes           []attributeType `json:"Attributes"`
	UserCreateDate       float64         `json:"UserCreateDate"`
	UserLastModifiedDate float64         `json:"UserLastModifiedDate"`
	Enabled              bool            `json:"Enabled"`
	UserStatus           string          `json:"UserStatus"`
}

func userTypeOf(v userView) userType {
	return userType{Username: v.username, Attributes: attributeList(v.attrs), UserCreateDate: epoch(v.created),
		UserLastModifiedDate: epoch(v.modified), Enabled: !v.disabled, UserStatus: v.status.String()}
}

// enabledAnswer is what an ENABLED client c answers instead of the LEGACY failure
// fail of op: the masked rows of internal/cognito, shared with the middleware.
// A LEGACY client keeps fail (cognito.Keep).
func enabledAnswer(p *pool, c *appClient, op string, fail *apiError) cognito.Action {
	if !c.masking {
		return cognito.Keep
	}
	return cognito.Masked(op, fail.Code, fail.Message, cognito.Policy{NoAutoVerify: len(p.cfg().AutoVerifiedAttributes) == 0})
}

// simulatedDelivery is the CodeDeliveryDetails answered for a user who does not exist
// (or must not be revealed) under PreventUserExistenceErrors ENABLED.
func (s *Server) simulatedDelivery(p *pool, typed string) *codeDeliveryDetails {
	d := s.sim.Delivery(p.id, p.simKey(typed), p.cfg().AutoVerifiedAttributes)
	return &codeDeliveryDetails{Destination: d.Destination, DeliveryMedium: d.DeliveryMedium, AttributeName: d.AttributeName}
}

// sendCode draws a code, stores it on u (the caller holds p.mu), puts it in the outbox
// and returns the masked delivery details. kind is "signup" or "reset".
func (s *Server) sendCode(r *request, p *pool, clientID string, u *user, kind, purpose string) (*codeDeliveryDetails, bool) {
	now := r.now
	medium, attrName, dest, ok := p.delivery(u, kind)
	if !ok {
		return nil, false
	}
	code := s.newCode()
	pc := &pendingCode{code: code, attr: attrName}
	if kind == "signup" {
		pc.expires = now.Add(24 * time.Hour).UnixNano()
		u.signUpCode = pc
	} else {
		pc.expires = now.Add(time.Hour).UnixNano()
		u.resetCode = pc
	}
	s.queue(r, p, clientID, u.attrs, Message{UserPoolID: p.id, Username: u.username, Medium: medium, Destination: dest, Code: code, Purpose: purpose, SentAt: now})
	return &codeDeliveryDetails{Destination: maskDestination(medium, dest), DeliveryMedium: medium, AttributeName: attrName}, true
}

// codeMatches compares a code in constant time.
func codeMatches(pc *pendingCode, code string) bool {
	return pc != nil && hmac.Equal([]byte(pc.code), []byte(code))
}

// passwordMaterial is what setPassword stores, computed without holding a lock.
type passwordMaterial struct {
	salt     [16]byte
	hash     [32]byte
	srpSalt  []byte
	verifier []byte
}

func (m *passwordMaterial) apply(u *user) {
	u.pwSalt, u.pwHash, u.hasPassword = m.salt, m.hash, true
	u.srpSalt, u.srpVerifier = m.srpSalt, m.verifier
}

// touch sets the modification time.
func (u *user) touch(now time.Time) { u.modified = now.UnixMilli() }
