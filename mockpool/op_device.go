package mockpool

// Device tracking: NewDeviceMetadata after an SRP sign-in when the pool's
// DeviceConfiguration is set, ConfirmDevice, DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER (SRP with poolName := DeviceGroupKey and userIdForSrp :=
// DeviceKey), ListDevices, AdminListDevices, GetDevice, AdminGetDevice, ForgetDevice,
// AdminForgetDevice, UpdateDeviceStatus and AdminUpdateDeviceStatus.
//
// The devices are in the store (store_device.go); the sign-in steps call addNewDevice
// (signin_steps.go) and deviceStep (op_srp.go).

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"time"

	"github.com/maskedauth/maskedauth/internal/simulate"
	"github.com/maskedauth/maskedauth/internal/srp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

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

// addNewDevice adds NewDeviceMetadata to the tokens of a sign-in when the pool tracks
// devices; the device is tracked once ConfirmDevice confirms it.
func (s *Server) addNewDevice(p *pool, st *userView, now time.Time) *newDeviceMetadata {
	if p.cfg().DeviceConfiguration == nil || st == nil {
		return nil
	}
	d := &device{key: s.region + "_" + s.newUUID(), groupKey: "-" + s.randString(alnum, 9),
		username: st.username, sub: st.sub, created: now.UnixMilli(), modified: now.UnixMilli()}
	s.addDevice(p, d)
	return &newDeviceMetadata{DeviceKey: d.key, DeviceGroupKey: d.groupKey}
}

// deviceStep answers a proved password with DEVICE_SRP_AUTH when the sign-in named a
// confirmed device of the user.
func (s *Server) deviceStep(p *pool, c *appClient, typed string, st *userView, deviceKey string, now time.Time) (*authResponse, bool) {
	if _, ok := p.userDevice(deviceKey, st); !ok {
		return nil, false
	}
	sess := s.newChallengeSession(p, &authSession{Challenge: challengeDeviceSRP, Username: st.username, Typed: typed,
		ClientID: c.id, Expires: now.Add(c.sessionTTL).UnixNano(), DeviceKey: deviceKey})
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
	sess := s.takeChallengeSession(p, q.session, c.id, challenge, q.r.now) // usable once
	if sess == nil {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgInvalidSession)
	}
	if e := checkSecretHash(c, r["SECRET_HASH"], sess.Username, sess.Typed); e != nil {
		return nil, e
	}
	if got := p.norm(r["USERNAME"]); got != p.norm(sess.Username) && got != p.norm(sess.Typed) || r["DEVICE_KEY"] != sess.DeviceKey {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	return sess, nil
}

// ownerView returns the session user's current state and device, or nil.
func (p *pool) ownerView(sess *authSession) (*userView, int64, *device) {
	v := p.viewUser(byName(sess.Username, ""))
	if v == nil {
		return nil, 0, nil
	}
	d, ok := p.userDevice(sess.DeviceKey, v)
	if !ok {
		return v, v.tempExpires, nil
	}
	return v, v.tempExpires, &d
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
	block := make([]byte, simulate.SecretBlockBytes)
	s.randBytes(block)
	blockB64 := simulate.SecretBlock(block)
	next := s.newChallengeSession(p, &authSession{Challenge: challengeDeviceVerifier, Username: sess.Username, Typed: sess.Typed,
		ClientID: q.c.id, Expires: now.Add(q.c.sessionTTL).UnixNano(), DeviceKey: d.key, DeviceBlock: blockB64,
		SRP: newSRPState(se.Secret(), se.Public(), A, "")})
	return &authResponse{ChallengeName: challengeDeviceVerifier, Session: next, ChallengeParameters: map[string]string{
		"SRP_B": se.PublicHex(), "SALT": hex.EncodeToString(d.salt), "SECRET_BLOCK": blockB64, "USERNAME": sess.Username,
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
	blockOK := hmac.Equal([]byte(block), []byte(sess.DeviceBlock))
	proofOK := s.srpProofOK(d.groupKey, d.key, sess.SRP, block, r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"], new(big.Int).SetBytes(d.verifier))
	if !blockOK || !proofOK {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgIncorrect)
	}
	if st.disabled {
		return nil, newErr(cognito.CodeNotAuthorized, cognito.MsgUserDisabled)
	}
	_ = s.updateDevice(p, d.key, func(d *device) *apiError {
		if d != nil {
			d.lastAuth = now.UnixMilli()
		}
		return nil
	})
	q.r.changed = true
	return s.passwordVerified(&signIn{r: q.r, p: p, c: c, typed: sess.Typed, st: st, tempExpires: tempExpires, srp: true, device: d.key, metadata: q.metadata})
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

// tokenDeviceInput is a device call authorised by an access token.
type tokenDeviceInput deviceInput

func (in *tokenDeviceInput) validate(v *validator) { v.required("accessToken", in.AccessToken != "") }

// adminDeviceInput is an admin device call (pool and username).
type adminDeviceInput deviceInput

func (in *adminDeviceInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
}

// deviceOwner resolves the user of a device call: by access token, or (admin) by pool
// and username.
func (s *Server) deviceOwner(r *request, in *deviceInput, admin bool) (*pool, *userView, *apiError) {
	var p *pool
	var sel userSel
	if admin {
		var e *apiError
		if p, e = s.getPool(in.UserPoolID); e != nil {
			return nil, nil, e
		}
		sel = byTyped(in.Username)
	} else {
		pp, cl, e := s.accessUser(in.AccessToken, r.now)
		if e != nil {
			return nil, nil, e
		}
		p, sel = pp, byName(cl.Username, cl.Sub)
	}
	u := p.viewUser(sel)
	if u == nil {
		return nil, nil, errNoUser()
	}
	return p, u, nil
}

func deviceNotFound() *apiError {
	return newErr(cognito.CodeResourceNotFound, cognito.MsgDeviceNotFound)
}

type confirmDeviceOutput struct {
	UserConfirmationNecessary bool `json:"UserConfirmationNecessary"`
}

func (s *Server) opConfirmDevice(r *request, in *tokenDeviceInput) (*confirmDeviceOutput, *apiError) {
	p, u, e := s.deviceOwner(r, (*deviceInput)(in), false)
	if e != nil {
		return nil, e
	}
	prompt := p.cfg().DeviceConfiguration != nil && p.cfg().DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt
	e = s.updateDevice(p, in.DeviceKey, func(d *device) *apiError {
		if d == nil || !d.ownedBy(u) {
			return deviceNotFound()
		}
		cfg := in.DeviceSecretVerifierConfig
		if cfg == nil {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"DeviceSecretVerifierConfig")
		}
		salt, err1 := base64.StdEncoding.DecodeString(cfg.Salt)
		ver, err2 := base64.StdEncoding.DecodeString(cfg.PasswordVerifier)
		if err1 != nil || err2 != nil || len(salt) == 0 || len(salt) > 64 || len(ver) == 0 || len(ver) > srp.ModulusBytes+1 {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceVerifier)
		}
		// v mod N == 0 would make the device key S = (A * v^u)^b zero: anyone could prove.
		if new(big.Int).Mod(new(big.Int).SetBytes(ver), srp.N()).Sign() == 0 {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceVerifier) // inferred: Cognito's text is not published
		}
		if len(in.DeviceName) > 1024 {
			return newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidDeviceName)
		}
		d.salt, d.verifier, d.name, d.confirmed = salt, ver, in.DeviceName, true
		d.remembered = !prompt
		d.modified = r.now.UnixMilli()
		d.lastAuth = d.modified
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &confirmDeviceOutput{UserConfirmationNecessary: prompt}, nil
}

type listDevicesOutput struct {
	Devices         []deviceType `json:"Devices"`
	PaginationToken string       `json:"PaginationToken,omitempty"`
}

// listDevices pages through a user's confirmed devices in creation order; the
// pagination token is the key of the next device.
func listDevices(p *pool, u *userView, in *deviceInput) (*listDevicesOutput, *apiError) {
	list := p.devicesOf(u)
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
		for i := range list {
			if list[i].key == in.PaginationToken {
				start = i
			}
		}
		if start < 0 {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgInvalidPaginationToken)
		}
	}
	out := &listDevicesOutput{Devices: []deviceType{}}
	for i := start; i < len(list) && len(out.Devices) < limit; i++ {
		out.Devices = append(out.Devices, list[i].describe())
		if len(out.Devices) == limit && i+1 < len(list) {
			out.PaginationToken = list[i+1].key
		}
	}
	return out, nil
}

func (s *Server) opListDevices(r *request, in *tokenDeviceInput) (*listDevicesOutput, *apiError) {
	p, u, e := s.deviceOwner(r, (*deviceInput)(in), false)
	if e != nil {
		return nil, e
	}
	return listDevices(p, u, (*deviceInput)(in))
}

func (s *Server) opAdminListDevices(r *request, in *adminDeviceInput) (*listDevicesOutput, *apiError) {
	p, u, e := s.deviceOwner(r, (*deviceInput)(in), true)
	if e != nil {
		return nil, e
	}
	return listDevices(p, u, (*deviceInput)(in))
}

type deviceOutput struct {
	Device deviceType `json:"Device"`
}

func getDevice(p *pool, u *userView, in *deviceInput) (*deviceOutput, *apiError) {
	d, ok := p.userDevice(in.DeviceKey, u)
	if !ok {
		return nil, deviceNotFound()
	}
	return &deviceOutput{Device: d.describe()}, nil
}

func (s *Server) opGetDevice(r *request, in *tokenDeviceInput) (*deviceOutput, *apiError) {
	p, u, e := s.deviceOwner(r, (*deviceInput)(in), false)
	if e != nil {
		return nil, e
	}
	return getDevice(p, u, (*deviceInput)(in))
}

func (s *Server) opAdminGetDevice(r *request, in *adminDeviceInput) (*deviceOutput, *apiError) {
	p, u, e := s.deviceOwner(r, (*deviceInput)(in), true)
	if e != nil {
		return nil, e
	}
	return getDevice(p, u, (*deviceInput)(in))
}

func (s *Server) forgetDevice(r *request, in *deviceInput, admin bool) (*empty, *apiError) {
	p, u, e := s.deviceOwner(r, in, admin)
	if e != nil {
		return nil, e
	}
	if !s.deleteDevice(p, in.DeviceKey, func(d *device) bool { return d.confirmed && d.ownedBy(u) }) {
		return nil, deviceNotFound()
	}
	s.markChanged(r)
	return &empty{}, nil
}

func (s *Server) opForgetDevice(r *request, in *deviceInput) (*empty, *apiError) {
	if in.AccessToken == "" {
		// ForgetDevice without a token: the device key alone names the device.
		if in.DeviceKey == "" {
			return nil, newErr(cognito.CodeInvalidParameter, cognito.MsgMissingParameterPrefix+"DeviceKey")
		}
		if !s.deleteDeviceAnywhere(in.DeviceKey) {
			return nil, deviceNotFound()
		}
		s.markChanged(r)
		return &empty{}, nil
	}
	return s.forgetDevice(r, in, false)
}

func (s *Server) opAdminForgetDevice(r *request, in *adminDeviceInput) (*empty, *apiError) {
	return s.forgetDevice(r, (*deviceInput)(in), true)
}

func (s *Server) updateDeviceStatus(r *request, in *deviceInput, admin bool) (*empty, *apiError) {
	p, u, e := s.deviceOwner(r, in, admin)
	if e != nil {
		return nil, e
	}
	e = s.updateDevice(p, in.DeviceKey, func(d *device) *apiError {
		if d == nil || !d.confirmed || !d.ownedBy(u) {
			return deviceNotFound()
		}
		switch in.DeviceRememberedStatus {
		case "remembered":
			d.remembered = true
		case "not_remembered":
			d.remembered = false
		default:
			return newErr(cognito.CodeInvalidParameter, cognito.MsgDeviceRememberedEnum)
		}
		d.modified = r.now.UnixMilli()
		return nil
	})
	return s.changed(r, e)
}

func (s *Server) opUpdateDeviceStatus(r *request, in *tokenDeviceInput) (*empty, *apiError) {
	return s.updateDeviceStatus(r, (*deviceInput)(in), false)
}

func (s *Server) opAdminUpdateDeviceStatus(r *request, in *adminDeviceInput) (*empty, *apiError) {
	return s.updateDeviceStatus(r, (*deviceInput)(in), true)
}
