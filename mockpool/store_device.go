package mockpool

// The device store: devices handed out by device tracking (op_device.go), by device
// key, under pool.mu. Readers get copies; a device's salt and verifier slices are
// replaced, never changed in place.

import "sort"

// deviceConfiguration is a pool's DeviceConfiguration.
type deviceConfiguration struct {
	ChallengeRequiredOnNewDevice     bool `json:"ChallengeRequiredOnNewDevice"`
	DeviceOnlyRememberedOnUserPrompt bool `json:"DeviceOnlyRememberedOnUserPrompt"`
}

// newDeviceMetadata is AuthenticationResult.NewDeviceMetadata.
type newDeviceMetadata struct {
	DeviceKey      string `json:"DeviceKey"`
	DeviceGroupKey string `json:"DeviceGroupKey"`
}

// device is a device Cognito handed out; it is tracked once confirmed.
type device struct {
	key, groupKey string
	username, sub string // the owner (sub guards against a re-created username)
	salt          []byte // as ConfirmDevice sent it (base64-decoded PAD(s))
	verifier      []byte // PAD(v)
	name          string
	confirmed     bool
	remembered    bool
	created       int64 // unix milliseconds
	modified      int64
	lastAuth      int64
}

// ownedBy reports whether d belongs to the user of u.
func (d *device) ownedBy(u *userView) bool { return d.username == u.username && d.sub == u.sub }

func (s *Server) touchDevice(p *pool, key string) {
	s.touch(recordRef{kind: recDevice, pool: p.id, key: key})
}

// addDevice stores a new device.
func (s *Server) addDevice(p *pool, d *device) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.devices[d.key] = d
	s.touchDevice(p, d.key)
}

// userDevice returns a copy of the confirmed device key of the user u.
func (p *pool) userDevice(key string, u *userView) (device, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	d := p.devices[key]
	if d == nil || !d.confirmed || !d.ownedBy(u) {
		return device{}, false
	}
	return *d, true
}

// updateDevice runs f on device key under the pool's write lock (f(nil) when there is
// none); the device is touched when f returns nil.
func (s *Server) updateDevice(p *pool, key string, f func(d *device) *apiError) *apiError {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.devices[key]
	if e := f(d); e != nil {
		return e
	}
	if d != nil {
		s.touchDevice(p, key)
	}
	return nil
}

// deleteDevice removes device key when ok (given the device) says so; it reports
// whether it removed one.
func (s *Server) deleteDevice(p *pool, key string, ok func(d *device) bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.devices[key]
	if d == nil || (ok != nil && !ok(d)) {
		return false
	}
	delete(p.devices, key)
	s.touchDevice(p, key)
	return true
}

// deleteDeviceAnywhere removes device key from whichever pool has it.
func (s *Server) deleteDeviceAnywhere(key string) bool {
	for _, p := range s.poolList() {
		if s.deleteDevice(p, key, nil) {
			return true
		}
	}
	return false
}

// devicesOf returns copies of the confirmed devices of u in creation order.
func (p *pool) devicesOf(u *userView) []device {
	p.mu.RLock()
	var list []device
	for _, d := range p.devices {
		if d.confirmed && d.ownedBy(u) {
			list = append(list, *d)
		}
	}
	p.mu.RUnlock()
	sort.Slice(list, func(i, j int) bool {
		if list[i].created != list[j].created {
			return list[i].created < list[j].created
		}
		return list[i].key < list[j].key
	})
	return list
}
