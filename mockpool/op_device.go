package mockpool

// Device tracking: NewDeviceMetadata after an SRP sign-in when the pool's
// DeviceConfiguration is set, ConfirmDevice, DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER (SRP with poolName := DeviceGroupKey and userIdForSrp :=
// DeviceKey), ListDevices, AdminListDevices, GetDevice, AdminGetDevice, ForgetDevice,
// AdminForgetDevice, UpdateDeviceStatus and AdminUpdateDeviceStatus.
//
// The store's hooks are poolConfig.DeviceConfiguration, authenticationResult.NewDeviceMetadata
// and pool.devices (by device key, guarded by pool.mu); the types live in op_srp.go.

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"sort"
	"time"

	"github.com/maskedauth/maskedauth/internal/srp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func init() {
	registerOps(map[string]opHandler{
		cognito.OpConfirmDevice:           (*Server).opConfirmDevice,
		cognito.OpListDevices:             (*Server).opListDevices,
		cognito.OpAdminListDevices:        (*Server).opAdminListDevices,
		cognito.OpGetDevice:               (*Server).opGetDevice,
		cognito.OpAdminGetDevice:          (*Server).opAdminGetDevice,
		cognito.OpForgetDevice:            (*Server).opForgetDevice,
		cognito.OpAdminForgetDevice:       (*Server).opAdminForgetDevice,
		cognito.OpUpdateDeviceStatus:      (*Server).opUpdateDeviceStatus,
		cognito.OpAdminUpdateDeviceStatus: (*Server).opAdminUpdateDeviceStatus,
	})
	registerChallenge(challengeDeviceSRP, (*Server).challengeDeviceSRP)
	registerChallenge(challengeDeviceVerifier, (*Server).challengeDevicePasswordVerifier)
	srpDeviceStep = (*Server).deviceStep
	srpNewDevice = (*Server).addNewDevice
}

const (
	challengeDeviceSRP      = "DEVICE_SRP_AUTH"
	challengeDeviceVerifier = "DEVICE_PASSWORD_VERIFIER"
)

type deviceType struct {
	DeviceKey                   string          `json:"DeviceKey"`
	DeviceAttributes            []attributeType `json:"DeviceAttributes"`
	DeviceCreateDate            float64         `json:"DeviceCreateDate"`
	DeviceLastModifiedDate      float64         `json:"DeviceLastModifiedDate"`
	DeviceLastAuthenticatedDate float64         `json:"DeviceLastAuthenticatedDate"`
}

func (d *device) describe() deviceType {
	status := "not_remembered"
	if d.remembered {
		status = "remembered"
	}
	attrs := []attr{{"device_status", "valid"}, {"dev:device_remembered_status", status}, {"last_ip_used", "127.0.0.1"}}
	if d.name != "" {
		attrs = append(attrs, attr{"device_name", d.name})
	}
	return deviceType{DeviceKey: d.key, DeviceAttributes: attributeList(attrs), DeviceCreateDate: epoch(d.created),
		DeviceLastModifiedDate: epoch(d.modified), DeviceLastAuthenticatedDate: epoch(d.lastAuth)}
}

// userDevice finds a confirmed device of the user. The caller holds p.mu.
func (p *pool) userDevice(key string, u *userView) *device {
	d := p.devices[key]
	if d == nil || !d.confirmed || d.username != u.username || d.sub != u.sub {
		return nil
	}
	return d
}

// addNewDevice adds NewDeviceMetadata to the tokens of a sign-in when the pool tracks
// devices; the device is tracked once ConfirmDevice confirms it.
func (s *Server) addNewDevice(p *pool, st *userView, now time.Time) *newDeviceMetadata {
	if p.cfg.DeviceConfiguration == nil || st == nil {
		return nil
	}
	d := &device{key: s.region + "_" + s.newUUID(), groupKey: "-" + s.randString(alnum, 9),
		username: st.username, sub: st.sub, created: now.UnixMilli(), modified: now.UnixMilli()}
	p.mu.Lock()
	p.devices[d.key] = d
	p.mu.Unlock()
	return &newDeviceMetadata{DeviceKey: d.key, DeviceGroupKey: d.groupKey}
}

// deviceStep answers a proved password with DEVICE_SRP_AUTH when the sign-in named a
// confirmed device of the user.
func (s *Server) deviceStep(p *pool, c *appClient, typed string, st *userView, deviceKey string, now time.Time) (*authResponse, bool) {
	p.mu.RLock()
	d := p.userDevice(deviceKey, st)
	p.mu.RUnlock()
	if d == nil {
		return nil, false
	}
	sess := s.newChallengeSession(p, &authSession{challenge: challengeDeviceSRP, username: st.username, typed: typed,
		clientID: c.id, expires: now.Add(c.sessionTTL).UnixNano(), data: map[string]string{"device": deviceKey}})
	return &authResponse{ChallengeName: challengeDeviceSRP, Session: sess, ChallengeParameters: map[string]string{"USERNAME": st.username}}, true
}

// deviceSession finds the session of a device challenge and checks USERNAME, DEVICE_KEY
// and SECRET_HASH. It drops the session (each is usable once).
func (s *Server) deviceSession(q *challengeRequest, challenge string) (*authSession, *apiError) {
	r := q.responses
	for _, k := range [...]string{"USERNAME", "DEVICE_KEY"} {
		if r[k] == "" {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+k)
		}
	}
	if q.session == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"Session")
	}
	p, c := q.p, q.c
	sess := p.takeChallengeSession(q.session, c.id, challenge, q.r.now) // usable once
	if sess == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, r["SECRET_HASH"], sess.username, sess.typed); e != nil {
		return nil, e
	}
	if got := p.norm(r["USERNAME"]); got != p.norm(sess.username) && got != p.norm(sess.typed) || r["DEVICE_KEY"] != sess.data["device"] {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	return sess, nil
}

// ownerView returns the session user's current state and device, or nil.
func (p *pool) ownerView(sess *authSession) (*userView, int64, *device) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	u := p.users[p.norm(sess.username)]
	if u == nil {
		return nil, 0, nil
	}
	v := u.view()
	return &v, u.tempExpires, p.userDevice(sess.data["device"], &v)
}

// challengeDeviceSRP answers DEVICE_SRP_AUTH {USERNAME, DEVICE_KEY, SRP_A} with
// DEVICE_PASSWORD_VERIFIER {SRP_B, SALT, SECRET_BLOCK, USERNAME}.
func (s *Server) challengeDeviceSRP(q *challengeRequest) (*authResponse, *apiError) {
	if q.responses["SRP_A"] == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"SRP_A")
	}
	sess, e := s.deviceSession(q, challengeDeviceSRP)
	if e != nil {
		return nil, e
	}
	A, err := srp.ParseA(q.responses["SRP_A"])
	if err != nil {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidSRPA)
	}
	p, now := q.p, q.r.now
	st, _, d := p.ownerView(sess)
	if st == nil || d == nil {
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
	}
	se, err := srp.NewServerEphemeral(s.srpRand(), new(big.Int).SetBytes(d.verifier))
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: 500}
	}
	block := make([]byte, 96)
	s.randBytes(block)
	blockB64 := base64.StdEncoding.EncodeToString(block)
	next := s.newChallengeSession(p, &authSession{challenge: challengeDeviceVerifier, username: sess.username, typed: sess.typed,
		clientID: q.c.id, expires: now.Add(q.c.sessionTTL).UnixNano(), data: map[string]string{
			"device": d.key, "b": se.Secret().Text(16), "B": se.PublicHex(), "A": A.Text(16), "block": blockB64,
		}})
	return &authResponse{ChallengeName: challengeDeviceVerifier, Session: next, ChallengeParameters: map[string]string{
		"SRP_B": se.PublicHex(), "SALT": hex.EncodeToString(d.salt), "SECRET_BLOCK": blockB64, "USERNAME": sess.username,
	}}, nil
}

// challengeDevicePasswordVerifier checks the device's SRP proof and issues tokens.
func (s *Server) challengeDevicePasswordVerifier(q *challengeRequest) (*authResponse, *apiError) {
	r := q.responses
	for _, k := range [...]string{"PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
		if r[k] == "" {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+k)
		}
	}
	sess, e := s.deviceSession(q, challengeDeviceVerifier)
	if e != nil {
		return nil, e
	}
	p, c, now := q.p, q.c, q.r.now
	st, tempExpires, d := p.ownerView(sess)
	if st == nil || d == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	block := r["PASSWORD_CLAIM_SECRET_BLOCK"]
	// The secret block is compared in constant time, and the proof is checked whatever
	// the block, so the time taken tells nothing about either.
	blockOK := hmac.Equal([]byte(block), []byte(sess.data["block"]))
	proofOK := s.srpProofOK(d.groupKey, d.key, sess, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"], new(big.Int).SetBytes(d.verifier))
	if !blockOK || !proofOK {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	p.mu.Lock()
	d.lastAuth = now.UnixMilli()
	p.mu.Unlock()
	q.r.changed = true
	return s.passwordVerified(&signIn{r: q.r, p: p, c: c, typed: sess.typed, st: st, tempExpires: tempExpires, srp: true, device: d.key, metadata: q.metadata})
}

type deviceInput struct {
	AccessToken                string `json:"AccessToken"`
	UserPoolID                 string `json:"UserPoolId"`
	Username                   string `json:"Username"`
	DeviceKey                  string `json:"DeviceKey"`
	DeviceName                 string `json:"DeviceName"`
	DeviceRememberedStatus     string `json:"DeviceRememberedStatus"`
	DeviceSecretVerifierConfig *struct {
		PasswordVerifier string `json:"PasswordVerifier"`
		Salt             string `json:"Salt"`
	} `json:"DeviceSecretVerifierConfig"`
	Limit           *int32 `json:"Limit"`
	PaginationToken string `json:"PaginationToken"`
}

// deviceOwner resolves the user of a device call: by access token, or (admin) by pool and
// username. It runs f under the pool's write lock.
func (s *Server) deviceOwner(r *request, admin, needToken bool, f func(p *pool, u *userView, in *deviceInput) (any, *apiError)) (any, *apiError) {
	var in deviceInput
	if e := decode(r.body, &in); e != nil {
		return nil, e
	}
	var v validator
	if admin {
		validPoolID(&v, in.UserPoolID)
		validUsername(&v, in.Username)
	} else if needToken {
		v.required("accessToken", in.AccessToken != "")
	}
	if e := v.err(); e != nil {
		return nil, e
	}
	var p *pool
	var name, sub string
	if admin {
		var e *apiError
		if p, e = s.getPool(in.UserPoolID); e != nil {
			return nil, e
		}
		name = in.Username
	} else if in.AccessToken != "" {
		pp, cl, e := s.accessUser(in.AccessToken, r.now)
		if e != nil {
			return nil, e
		}
		p, name, sub = pp, cl.Username, cl.Sub
	} else {
		// ForgetDevice without a token: the device key alone names the device.
		return s.forgetByKey(r, in.DeviceKey)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.lookup(name)
	if !admin {
		u = p.users[p.norm(name)]
	}
	if u == nil || (sub != "" && u.sub != sub) {
		return nil, newErr(cognito.CodeUserNotFound, cognito.MsgUserNotExist)
	}
	view := u.view()
	return f(p, &view, &in)
}

func (s *Server) forgetByKey(r *request, key string) (any, *apiError) {
	if key == "" {
		return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"DeviceKey")
	}
	s.mu.RLock()
	pools := make([]*pool, 0, len(s.pools))
	for _, p := range s.pools {
		pools = append(pools, p)
	}
	s.mu.RUnlock()
	for _, p := range pools {
		p.mu.Lock()
		_, ok := p.devices[key]
		delete(p.devices, key)
		p.mu.Unlock()
		if ok {
			s.markChanged(r)
			return map[string]any{}, nil
		}
	}
	return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
}

func (s *Server) opConfirmDevice(r *request) (any, *apiError) {
	return s.deviceOwner(r, false, true, func(p *pool, u *userView, in *deviceInput) (any, *apiError) {
		d := p.devices[in.DeviceKey]
		if d == nil || d.username != u.username || d.sub != u.sub {
			return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
		}
		cfg := in.DeviceSecretVerifierConfig
		if cfg == nil {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"DeviceSecretVerifierConfig")
		}
		salt, err1 := base64.StdEncoding.DecodeString(cfg.Salt)
		ver, err2 := base64.StdEncoding.DecodeString(cfg.PasswordVerifier)
		if err1 != nil || err2 != nil || len(salt) == 0 || len(salt) > 64 || len(ver) == 0 || len(ver) > srp.ModulusBytes+1 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceVerifier)
		}
		// v mod N == 0 would make the device key S = (A * v^u)^b zero: anyone could prove.
		if new(big.Int).Mod(new(big.Int).SetBytes(ver), srp.N()).Sign() == 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceVerifier) // inferred: Cognito's text is not published
		}
		if len(in.DeviceName) > 1024 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceName)
		}
		prompt := p.cfg.DeviceConfiguration != nil && p.cfg.DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt
		d.salt, d.verifier, d.name, d.confirmed = salt, ver, in.DeviceName, true
		d.remembered = !prompt
		d.modified = r.now.UnixMilli()
		d.lastAuth = d.modified
		s.markChanged(r)
		return map[string]any{"UserConfirmationNecessary": prompt}, nil
	})
}

// listDevices pages through a user's confirmed devices in creation order; the
// pagination token is the key of the next device.
func listDevices(p *pool, u *userView, in *deviceInput) (any, *apiError) {
	var list []*device
	for _, d := range p.devices {
		if d.confirmed && d.username == u.username && d.sub == u.sub {
			list = append(list, d)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].created != list[j].created {
			return list[i].created < list[j].created
		}
		return list[i].key < list[j].key
	})
	limit := 10
	if in.Limit != nil {
		if *in.Limit < 0 || *in.Limit > 60 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgDeviceLimitTooHigh)
		}
		if *in.Limit > 0 {
			limit = int(*in.Limit)
		}
	}
	start := 0
	if in.PaginationToken != "" {
		start = -1
		for i, d := range list {
			if d.key == in.PaginationToken {
				start = i
			}
		}
		if start < 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidPaginationToken)
		}
	}
	out := map[string]any{}
	devices := []deviceType{}
	for i := start; i < len(list) && len(devices) < limit; i++ {
		devices = append(devices, list[i].describe())
		if len(devices) == limit && i+1 < len(list) {
			out["PaginationToken"] = list[i+1].key
		}
	}
	out["Devices"] = devices
	return out, nil
}

func (s *Server) opListDevices(r *request) (any, *apiError) {
	return s.deviceOwner(r, false, true, listDevices)
}

func (s *Server) opAdminListDevices(r *request) (any, *apiError) {
	return s.deviceOwner(r, true, false, listDevices)
}

func getDevice(p *pool, u *userView, in *deviceInput) (any, *apiError) {
	d := p.userDevice(in.DeviceKey, u)
	if d == nil {
		return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
	}
	return map[string]any{"Device": d.describe()}, nil
}

func (s *Server) opGetDevice(r *request) (any, *apiError) {
	return s.deviceOwner(r, false, true, getDevice)
}

func (s *Server) opAdminGetDevice(r *request) (any, *apiError) {
	return s.deviceOwner(r, true, false, getDevice)
}

func (s *Server) forgetDevice(r *request) func(p *pool, u *userView, in *deviceInput) (any, *apiError) {
	return func(p *pool, u *userView, in *deviceInput) (any, *apiError) {
		if p.userDevice(in.DeviceKey, u) == nil {
			return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
		}
		delete(p.devices, in.DeviceKey)
		s.markChanged(r)
		return map[string]any{}, nil
	}
}

func (s *Server) opForgetDevice(r *request) (any, *apiError) {
	return s.deviceOwner(r, false, false, s.forgetDevice(r))
}

func (s *Server) opAdminForgetDevice(r *request) (any, *apiError) {
	return s.deviceOwner(r, true, false, s.forgetDevice(r))
}

func (s *Server) updateDeviceStatus(r *request) func(p *pool, u *userView, in *deviceInput) (any, *apiError) {
	return func(p *pool, u *userView, in *deviceInput) (any, *apiError) {
		d := p.userDevice(in.DeviceKey, u)
		if d == nil {
			return nil, newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
		}
		switch in.DeviceRememberedStatus {
		case "remembered":
			d.remembered = true
		case "not_remembered":
			d.remembered = false
		default:
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgDeviceRememberedEnum)
		}
		d.modified = r.now.UnixMilli()
		s.markChanged(r)
		return map[string]any{}, nil
	}
}

func (s *Server) opUpdateDeviceStatus(r *request) (any, *apiError) {
	return s.deviceOwner(r, false, true, s.updateDeviceStatus(r))
}

func (s *Server) opAdminUpdateDeviceStatus(r *request) (any, *apiError) {
	return s.deviceOwner(r, true, false, s.updateDeviceStatus(r))
}
