package srpauth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/srp"
)

// DevicePasswordBytes is the number of random bytes of a device password (base64-encoded).
const DevicePasswordBytes = 40

// DeviceSaltBytes is the number of random bytes of a device verifier's salt.
const DeviceSaltBytes = 16

// DeviceSecret is what a client keeps to sign in with a remembered device: the keys Cognito
// assigned (NewDeviceMetadata) and the random password whose verifier went to ConfirmDevice.
// The Password is a secret; keep it like a refresh token.
type DeviceSecret struct {
	DeviceKey      string
	DeviceGroupKey string
	Password       string
}

// String redacts the password.
func (d DeviceSecret) String() string {
	return "DeviceSecret{DeviceKey: " + d.DeviceKey + ", DeviceGroupKey: " + d.DeviceGroupKey + ", Password: redacted}"
}

// GoString redacts the password.
func (d DeviceSecret) GoString() string { return d.String() }

// NewDeviceVerifier makes a device password (base64 of 40 random bytes) and a 16-byte salt s
// from rand (crypto/rand.Reader when nil), in that order, and returns the secret to keep and
// the ConfirmDevice verifier config: Salt = base64(PAD(s)), PasswordVerifier =
// base64(PAD(g^H(PAD(s) || H(deviceGroupKey || deviceKey || ":" || password)))).
func NewDeviceVerifier(rand io.Reader, deviceGroupKey, deviceKey string) (DeviceSecret, types.DeviceSecretVerifierConfigType, error) {
	if rand == nil {
		rand = defaultRand
	}
	if deviceGroupKey == "" || deviceKey == "" {
		return DeviceSecret{}, types.DeviceSecretVerifierConfigType{}, errors.New("srpauth: empty device key or device group key")
	}
	if len(deviceGroupKey) > maxFieldLen || len(deviceKey) > maxFieldLen {
		return DeviceSecret{}, types.DeviceSecretVerifierConfigType{}, errors.New("srpauth: device key too long")
	}
	buf := make([]byte, DevicePasswordBytes+DeviceSaltBytes)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return DeviceSecret{}, types.DeviceSecretVerifierConfigType{}, fmt.Errorf("srpauth: read random device password: %w", err)
	}
	password := base64.StdEncoding.EncodeToString(buf[:DevicePasswordBytes])
	salt := new(big.Int).SetBytes(buf[DevicePasswordBytes:])
	v := srp.DeviceVerifier(salt, deviceGroupKey, deviceKey, password)
	cfg := types.DeviceSecretVerifierConfigType{
		Salt:             aws.String(base64.StdEncoding.EncodeToString(srp.Pad(salt))),
		PasswordVerifier: aws.String(base64.StdEncoding.EncodeToString(srp.Pad(v))),
	}
	return DeviceSecret{DeviceKey: deviceKey, DeviceGroupKey: deviceGroupKey, Password: password}, cfg, nil
}

// SignDevice answers a DEVICE_PASSWORD_VERIFIER challenge: Sign with poolName :=
// DeviceGroupKey, userIdForSrp := DeviceKey and the device password. Only c.Salt, c.SRPB and
// c.SecretBlock are used.
func (e *Ephemeral) SignDevice(c Challenge, d DeviceSecret, now time.Time) (Proof, error) {
	if d.DeviceGroupKey == "" || d.DeviceKey == "" {
		return Proof{}, errors.New("srpauth: empty device key or device group key")
	}
	if len(d.DeviceGroupKey) > maxFieldLen {
		return Proof{}, errors.New("srpauth: device group key too long")
	}
	c.poolName = d.DeviceGroupKey
	c.UserIDForSRP = d.DeviceKey
	return e.Sign(c, d.Password, now)
}

// DeviceStore keeps remembered devices, keyed by user pool id and the user's internal
// username (USER_ID_FOR_SRP, which is also the USERNAME of every challenge). Implementations
// must be safe for concurrent use. Get reports ok == false, with a nil error, when nothing is
// stored.
type DeviceStore interface {
	GetDevice(ctx context.Context, userPoolID, username string) (d DeviceSecret, ok bool, err error)
	PutDevice(ctx context.Context, userPoolID, username string, d DeviceSecret) error
	DeleteDevice(ctx context.Context, userPoolID, username string) error
}

// MemoryDeviceStore is an in-memory DeviceStore. The zero value is ready to use.
type MemoryDeviceStore struct {
	mu sync.Mutex
	m  map[[2]string]DeviceSecret
}

// NewMemoryDeviceStore returns an empty in-memory store.
func NewMemoryDeviceStore() *MemoryDeviceStore { return &MemoryDeviceStore{} }

// GetDevice implements DeviceStore.
func (s *MemoryDeviceStore) GetDevice(_ context.Context, userPoolID, username string) (DeviceSecret, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.m[[2]string{userPoolID, username}]
	return d, ok, nil
}

// PutDevice implements DeviceStore.
func (s *MemoryDeviceStore) PutDevice(_ context.Context, userPoolID, username string, d DeviceSecret) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[[2]string]DeviceSecret)
	}
	s.m[[2]string{userPoolID, username}] = d
	return nil
}

// DeleteDevice implements DeviceStore.
func (s *MemoryDeviceStore) DeleteDevice(_ context.Context, userPoolID, username string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, [2]string{userPoolID, username})
	return nil
}
