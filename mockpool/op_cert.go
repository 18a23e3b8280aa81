package mockpool

// GetSigningCertificate: the pool's signing certificate, a self-signed X.509
// certificate of the server's signing key (the key of the JWKS), base64 DER as
// Cognito answers it. The certificate is a function of the key and the pool id
// alone (fixed serial, validity and subject), so it is the same on every call and
// after a restart with the same state. No SAML request is ever signed with it.

import (
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/http"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

type signingCertificateOutput struct {
	Certificate string `json:"Certificate"`
}

// certValidity is the certificate's fixed validity: ten years, as Cognito's (inferred).
var (
	certNotBefore = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	certNotAfter  = certNotBefore.AddDate(10, 0, 0)
)

// signingCertificate builds the pool's certificate.
func (s *Server) signingCertificate(poolID string) (string, error) {
	k, err := s.signingKey()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte("mockpool certificate\x00" + poolID + "\x00" + k.kid))
	tmpl := &x509.Certificate{
		SerialNumber:          new(big.Int).SetBytes(sum[:16]),
		Subject:               pkix.Name{CommonName: poolID, Organization: []string{"mockpool"}},
		NotBefore:             certNotBefore,
		NotAfter:              certNotAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(readerFunc(s.read), tmpl, tmpl, &k.priv.PublicKey, k.priv)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(der), nil
}

func (s *Server) opGetSigningCertificate(r *request, in *poolIDInput) (*signingCertificateOutput, *apiError) {
	p, e := s.getPool(in.UserPoolID)
	if e != nil {
		return nil, e
	}
	c, err := s.signingCertificate(p.id)
	if err != nil {
		return nil, &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: http.StatusInternalServerError}
	}
	return &signingCertificateOutput{Certificate: c}, nil
}
