package mockpool

// The passkey store: a user's WebAuthn credentials (user.passkeys) and her pending
// registration (user.passkeyReg). Both are JSON-tagged: the durable state stores
// them with the user (state.go), and every change goes through updateUser, which
// touches the user's record (journal.go). The slice is replaced, never changed in
// place, so views share it safely.

import (
	"bytes"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
)

// passkey is one registered WebAuthn credential.
type passkey struct {
	Credential webauthn.Credential `json:"credential"` // as go-webauthn verified it (public key, sign count, flags)
	RPID       string              `json:"rpId"`       // the relying party it was registered for
	Attachment string              `json:"attachment,omitempty"`
	Transports []string            `json:"transports,omitempty"`
	Created    int64               `json:"created"` // unix milliseconds
}

// passkeyRegistration is a StartWebAuthnRegistration waiting for its
// CompleteWebAuthnRegistration.
type passkeyRegistration struct {
	Challenge        []byte `json:"challenge"`
	ClientID         string `json:"clientId"`
	RPID             string `json:"rpId"`
	UserVerification string `json:"userVerification"`
	Expires          int64  `json:"expires"` // unix nanoseconds
}

// maxPasskeys bounds a user's passkeys (inferred: Cognito documents 20).
const maxPasskeys = 20

// passkeysFor returns the passkeys of list registered for rpID.
func passkeysFor(list []passkey, rpID string) []passkey {
	var out []passkey
	for _, k := range list {
		if k.RPID == rpID {
			out = append(out, k)
		}
	}
	return out
}

// setPasskeyRegistration records (or, with nil, clears) the pending registration of
// the user sel.
func (s *Server) setPasskeyRegistration(p *pool, sel userSel, reg *passkeyRegistration, now time.Time) *apiError {
	return s.updateUser(p, sel, func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		u.passkeyReg = reg
		u.touch(now)
		return nil
	})
}

// updatePasskeyCounter stores the sign count and flags of a credential after a
// verified assertion.
func (s *Server) updatePasskeyCounter(p *pool, username string, cred webauthn.Credential) {
	_ = s.updateUser(p, byName(username, ""), func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		next := make([]passkey, len(u.passkeys))
		copy(next, u.passkeys)
		for i := range next {
			if bytes.Equal(next[i].Credential.ID, cred.ID) {
				next[i].Credential.Authenticator = cred.Authenticator
				next[i].Credential.Flags = cred.Flags
			}
		}
		u.passkeys = next
		return nil
	})
}

// deletePasskey removes the credential id of the user sel; it reports false when she
// has none such.
func (s *Server) deletePasskey(p *pool, sel userSel, id []byte, now time.Time) (bool, *apiError) {
	found := false
	e := s.updateUser(p, sel, func(u *user) *apiError {
		if u == nil {
			return errNoUser()
		}
		var next []passkey
		for _, k := range u.passkeys {
			if bytes.Equal(k.Credential.ID, id) {
				found = true
				continue
			}
			next = append(next, k)
		}
		if found {
			u.passkeys = next
			u.touch(now)
		}
		return nil
	})
	return found, e
}
