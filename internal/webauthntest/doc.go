// Package webauthntest is a software authenticator for tests: one ES256
// (P-256) credential, attestation "none", that answers real WebAuthn
// ceremonies. [Authenticator.Register] takes the
// PublicKeyCredentialCreationOptions JSON that Cognito's
// StartWebAuthnRegistration returns (CredentialCreationOptions, bare or wrapped
// in "publicKey") and returns a RegistrationResponseJSON, the CREDENTIAL of
// CompleteWebAuthnRegistration; [Authenticator.Assert] takes a WEB_AUTHN
// challenge's CREDENTIAL_REQUEST_OPTIONS and returns the
// AuthenticationResponseJSON of its CREDENTIAL answer.
//
// The responses follow W3C WebAuthn level 3: clientDataJSON {type, challenge,
// origin, crossOrigin}; authenticatorData rpIdHash || flags || signCount ||
// (at registration) attested credential data with the COSE_Key; a CBOR
// attestation object {fmt: "none", attStmt: {}, authData}; an ASN.1 ECDSA
// signature over authenticatorData || SHA-256(clientDataJSON). The tests
// verify them with github.com/go-webauthn/webauthn.
//
// The package is internal and for tests only: its keys are not protected.
package webauthntest
