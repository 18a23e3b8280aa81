package mockpool

// The store of the pool, group, user and app-client operations of op_pool_update.go,
// op_groups.go, op_settings.go, op_authevents.go, op_provider.go and
// op_client_secret.go: UpdateUserPool's settings (replaced, never changed in place),
// group updates, group member listings, a user's sign-in events (a bounded list per
// user), and app clients with up to two secrets. Every change touches its record
// (journal.go).

import (
	"sort"
	"strconv"
	"time"
)

// poolSettings are the pool settings CreateUserPool and UpdateUserPool take that the
// mock stores and DescribeUserPool echoes as given, without acting on them (no email
// or SMS is really sent, so neither the message templates nor the sending accounts
// change what the outbox holds). The JSON names are Cognito's, so the struct is
// embedded in the requests, the stored poolConfig and DescribeUserPool's answer alike.
type poolSettings struct {
	EmailConfiguration          map[string]any               `json:"EmailConfiguration,omitempty"`
	SmsConfiguration            map[string]any               `json:"SmsConfiguration,omitempty"`
	VerificationMessageTemplate map[string]any               `json:"VerificationMessageTemplate,omitempty"`
	SmsVerificationMessage      string                       `json:"SmsVerificationMessage,omitempty"`
	EmailVerificationMessage    string                       `json:"EmailVerificationMessage,omitempty"`
	EmailVerificationSubject    string                       `json:"EmailVerificationSubject,omitempty"`
	SmsAuthenticationMessage    string                       `json:"SmsAuthenticationMessage,omitempty"`
	UserAttributeUpdateSettings *userAttributeUpdateSettings `json:"UserAttributeUpdateSettings,omitempty"`
	UserPoolAddOns              *userPoolAddOns              `json:"UserPoolAddOns,omitempty"`
	UserPoolTier                string                       `json:"UserPoolTier,omitempty"`
	IssuerConfiguration         map[string]any               `json:"IssuerConfiguration,omitempty"`
	KeyConfiguration            map[string]any               `json:"KeyConfiguration,omitempty"`
}

// userAttributeUpdateSettings is Cognito's UserAttributeUpdateSettingsType.
type userAttributeUpdateSettings struct {
	AttributesRequireVerificationBeforeUpdate []string `json:"AttributesRequireVerificationBeforeUpdate"`
}

// userPoolAddOns is Cognito's UserPoolAddOnsType. AdvancedSecurityMode AUDIT or
// ENFORCED makes the pool record sign-in events (AdminListUserAuthEvents); nothing
// is scored or blocked.
type userPoolAddOns struct {
	AdvancedSecurityMode            string         `json:"AdvancedSecurityMode"`
	AdvancedSecurityAdditionalFlows map[string]any `json:"AdvancedSecurityAdditionalFlows,omitempty"`
}

// adminCreateUserSettings is the stored part of AdminCreateUserConfig (its
// UnusedAccountValidityDays is the password policy's TemporaryPasswordValidityDays).
type adminCreateUserSettings struct {
	AllowAdminCreateUserOnly bool           `json:"AllowAdminCreateUserOnly"`
	InviteMessageTemplate    map[string]any `json:"InviteMessageTemplate,omitempty"`
}

// recordsEvents reports whether the pool records sign-in events (threat protection
// in AUDIT or ENFORCED mode).
func (c *poolConfig) recordsEvents() bool {
	return c.UserPoolAddOns != nil && (c.UserPoolAddOns.AdvancedSecurityMode == "AUDIT" || c.UserPoolAddOns.AdvancedSecurityMode == "ENFORCED")
}

// setPoolConfig replaces the pool's settings (UpdateUserPool): the new poolConfig,
// its MFA mode and methods (pool.mfa) and the modification time, in one change of
// the pool record.
func (s *Server) setPoolConfig(p *pool, cfg poolConfig, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conf.Store(&cfg)
	m := &mfaConfig{Mode: cfg.MfaConfiguration, SMS: cfg.MfaSMS, TOTP: cfg.MfaTOTP}
	if live := p.mfa.Load(); live != nil {
		// EMAIL_OTP MFA and the passkey configuration are SetUserPoolMfaConfig's,
		// not UpdateUserPool's: they stay.
		m.Email, m.WebAuthn = live.Email, live.WebAuthn
	}
	p.mfa.Store(m)
	p.modified = now.UnixMilli()
	s.touchPool(p)
}

// lastModified is the pool's modification time (unix milliseconds).
func (p *pool) lastModified() int64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.modified
}

// updateGroup replaces group name by a copy f changed (UpdateGroup); false when
// there is no such group.
func (s *Server) updateGroup(p *pool, name string, f func(g *group)) (group, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.groups[name]
	if old == nil {
		return group{}, false
	}
	g := *old
	f(&g)
	p.groups[name] = &g
	s.touchGroup(p, name)
	return g, true
}

// groupMembers returns snapshots of up to limit members of group name whose
// normalised username is greater than after, in order, and the normalised username
// of the last one when more follow (else ""). ok is false when the group does not
// exist.
func (p *pool) groupMembers(name, after string, limit int) (members []userView, next string, ok bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.groups[name] == nil {
		return nil, "", false
	}
	keys := make([]string, 0)
	for k, u := range p.users {
		if k > after && contains(u.groups, name) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	members = []userView{}
	for i, k := range keys {
		if len(members) == limit {
			return members, keys[i-1], true
		}
		members = append(members, p.users[k].view())
	}
	return members, "", true
}

// maxAuthEvents bounds the sign-in events kept per user: the oldest is dropped
// beyond it (inferred bound; Cognito keeps events for 90 days).
const maxAuthEvents = 100

// authEvent is one recorded sign-in event of a user (AdminListUserAuthEvents).
type authEvent struct {
	ID       string `json:"id"`
	Type     string `json:"type"`     // SignIn, ...
	Response string `json:"response"` // Pass or Fail
	Created  int64  `json:"created"`  // unix milliseconds
	// Challenges are the challenge names and their results ("Password": "Success").
	Challenges [][2]string `json:"challenges,omitempty"`
	// FeedbackValue, FeedbackProvider and FeedbackDate are set by
	// (Admin)UpdateAuthEventFeedback.
	FeedbackValue    string `json:"feedbackValue,omitempty"`
	FeedbackProvider string `json:"feedbackProvider,omitempty"`
	FeedbackDate     int64  `json:"feedbackDate,omitempty"`
}

// recordAuthEvent appends ev to the events of the user with internal username and
// sub when the pool records events. It takes the pool lock whether or not there is
// such a user, so a sign-in of an unknown name costs the same.
func (s *Server) recordAuthEvent(p *pool, username, sub string, ev authEvent) {
	if !p.cfg().recordsEvents() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.find(byName(username, sub))
	if u == nil || username == "" {
		return
	}
	evs := append(make([]authEvent, 0, len(u.events)+1), u.events...)
	evs = append(evs, ev)
	if len(evs) > maxAuthEvents {
		evs = evs[len(evs)-maxAuthEvents:]
	}
	u.events = evs
	s.touchUser(p, u)
}

// authEvents returns a copy of the events of the user sel selects, newest first;
// found is false when there is no such user.
func (p *pool) authEvents(sel userSel) (evs []authEvent, sub string, found bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	u := p.find(sel)
	if u == nil {
		return nil, "", false
	}
	evs = make([]authEvent, len(u.events))
	for i, ev := range u.events {
		evs[len(evs)-1-i] = ev
	}
	return evs, u.sub, true
}

// eventFeedback sets the feedback of event id of the user sel selects; userFound
// and eventFound say what was missing.
func (s *Server) eventFeedback(p *pool, sel userSel, id, value, provider string, now time.Time) (userFound, eventFound bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.find(sel)
	if u == nil {
		return false, false
	}
	for i := range u.events {
		if u.events[i].ID != id {
			continue
		}
		evs := append([]authEvent(nil), u.events...)
		evs[i].FeedbackValue, evs[i].FeedbackProvider, evs[i].FeedbackDate = value, provider, now.UnixMilli()
		u.events = evs
		s.touchUser(p, u)
		return true, true
	}
	return true, false
}

// mfaOption is one of a user's legacy MFA options (AdminSetUserSettings,
// SetUserSettings), Cognito's MFAOptionType.
type mfaOption struct {
	DeliveryMedium string `json:"DeliveryMedium,omitempty"`
	AttributeName  string `json:"AttributeName,omitempty"`
}

// eachUserUpdate runs f on every user of the pool under its write lock and touches
// those f changed (f returns true). f must keep the user's username and aliases.
func (s *Server) eachUserUpdate(p *pool, f func(u *user) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.users {
		if f(u) {
			s.touchUser(p, u)
		}
	}
}

// clientSecret is one secret of an app client.
type clientSecret struct {
	ID      string `json:"id"`
	Value   string `json:"value"`
	Created int64  `json:"created"` // unix milliseconds
}

// maxClientSecrets is how many secrets an app client may have at a time.
const maxClientSecrets = 2

// clientSecretID is Cognito's secret id: <client id>--<creation time> (the time in
// milliseconds is inferred).
func clientSecretID(clientID string, created int64) string {
	return clientID + "--" + strconv.FormatInt(created, 10)
}

// allSecrets lists the client's secrets, oldest first: the secrets the secret
// operations keep, or else the one CreateUserPoolClient generated.
func (c *appClient) allSecrets() []clientSecret {
	if len(c.secrets) > 0 {
		return c.secrets
	}
	if c.secret == "" {
		return nil
	}
	return []clientSecret{{ID: clientSecretID(c.id, c.created), Value: c.secret, Created: c.created}}
}

// withSecrets returns a copy of c with the secrets list (the first is the one
// DescribeUserPoolClient shows).
func (c *appClient) withSecrets(list []clientSecret) *appClient {
	n := *c
	n.secrets = list
	n.secret = ""
	if len(list) > 0 {
		n.secret = list[0].Value
	}
	return &n
}

// updateClient replaces app client id of p by what f makes of it, under the pool's
// write lock (so two concurrent changes cannot lose one another); f returns the
// replacement or an error. ok is false when there is no such client.
func (s *Server) updateClient(p *pool, id string, f func(c *appClient) (*appClient, *apiError)) (c *appClient, ok bool, e *apiError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.clients[id]
	if old == nil {
		return nil, false, nil
	}
	n, e := f(old)
	if e != nil {
		return nil, true, e
	}
	p.clients[id] = n
	s.touch(recordRef{kind: recClient, pool: p.id, key: id})
	return n, true, nil
}

// otherUserMatches reports whether a user of the pool other than u satisfies
// match. The caller holds p.mu (inside updateUser's f).
func (p *pool) otherUserMatches(u *user, match func(*user) bool) bool {
	for _, x := range p.users {
		if x != u && match(x) {
			return true
		}
	}
	return false
}
