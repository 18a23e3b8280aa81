package mockpool_test

import (
	"encoding/base64"
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestConfirmDeviceRejectsDegenerateVerifier checks that ConfirmDevice refuses a
// verifier v with v mod N == 0: with it the device key S = (A * v^u)^b is 0, which
// anyone can compute, so any device proof would pass.
func TestConfirmDeviceRejectsDegenerateVerifier(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, &cip.CreateUserPoolInput{
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	e.addUser("alice", "Passw0rd!")
	_, out, err := e.signIn("alice", "Passw0rd!")
	noErr(t, err)
	ar := out.AuthenticationResult
	if ar == nil || ar.NewDeviceMetadata == nil {
		t.Fatal("no NewDeviceMetadata")
	}
	salt := base64.StdEncoding.EncodeToString(tPad(big.NewInt(12345)))
	for name, v := range map[string]*big.Int{"zero": big.NewInt(0), "N": tN} {
		_, err := e.c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: ar.AccessToken, DeviceKey: ar.NewDeviceMetadata.DeviceKey,
			DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{Salt: aws.String(salt),
				PasswordVerifier: aws.String(base64.StdEncoding.EncodeToString(tPad(v)))}})
		if err == nil {
			t.Errorf("ConfirmDevice accepted the verifier %s", name)
			continue
		}
		apiErr(t, err, "InvalidParameterException", "Invalid DeviceSecretVerifierConfig")
	}
}
