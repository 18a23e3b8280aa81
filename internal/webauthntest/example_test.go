package webauthntest_test

import (
	"encoding/json"
	"fmt"

	"github.com/maskedauth/maskedauth/internal/webauthntest"
)

func ExampleAuthenticator_Register() {
	a, err := webauthntest.New(nil, "https://auth.example.com")
	if err != nil {
		panic(err)
	}
	// As StartWebAuthnRegistration's CredentialCreationOptions.
	resp, err := a.Register(`{"challenge":"c2lnbi1tZS11cA","rp":{"id":"auth.example.com","name":"Example"},
		"user":{"id":"dXNlci0x","name":"alice","displayName":"Alice"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}`)
	if err != nil {
		panic(err)
	}
	var r struct {
		Type     string `json:"type"`
		Response struct {
			Transports []string `json:"transports"`
		} `json:"response"`
	}
	_ = json.Unmarshal([]byte(resp), &r)
	fmt.Println(r.Type, r.Response.Transports)
	// Output: public-key [internal]
}
