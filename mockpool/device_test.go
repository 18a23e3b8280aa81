package mockpool_test

import (
	"crypto/rand"
	"encoding/base64"
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// testDevice is what a client keeps for a remembered device.
type testDevice struct{ key, group, password string }

// confirm makes the device verifier with the independent test math and calls ConfirmDevice.
func (e *srpEnv) confirm(access *string, md *types.NewDeviceMetadataType) testDevice {
	e.t.Helper()
	raw := make([]byte, 40)
	rand.Read(raw)
	pw := base64.StdEncoding.EncodeToString(raw)
	saltBytes := make([]byte, 16)
	rand.Read(saltBytes)
	salt := new(big.Int).SetBytes(saltBytes)
	key, group := aws.ToString(md.DeviceKey), aws.ToString(md.DeviceGroupKey)
	x := new(big.Int).SetBytes(tH(tPad(salt), tH([]byte(group+key+":"+pw))))
	v := new(big.Int).Exp(tG, x, tN)
	out, err := e.c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: access, DeviceKey: md.DeviceKey, DeviceName: aws.String("test device"),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{
			Salt: aws.String(base64.StdEncoding.EncodeToString(tPad(salt))), PasswordVerifier: aws.String(base64.StdEncoding.EncodeToString(tPad(v)))}})
	noErr(e.t, err)
	if out.UserConfirmationNecessary {
		e.t.Fatal("UserConfirmationNecessary without DeviceOnlyRememberedOnUserPrompt")
	}
	return testDevice{key, group, pw}
}

// signInWithDevice runs USER_SRP_AUTH with DEVICE_KEY, then device SRP with devicePassword.
func (e *srpEnv) signInWithDevice(user, password string, d testDevice, devicePassword string) (*cip.RespondToAuthChallengeOutput, error) {
	e.t.Helper()
	cl := newTClient(nil)
	init, err := e.initiate(cl, user)
	noErr(e.t, err)
	r := e.responses(cl, init.ChallengeParameters, password, srpTS)
	r["DEVICE_KEY"] = d.key
	out, err := e.respond(r)
	noErr(e.t, err)
	if out.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth || aws.ToString(out.Session) == "" {
		e.t.Fatalf("after PASSWORD_VERIFIER: %s", out.ChallengeName)
	}
	userID := init.ChallengeParameters["USER_ID_FOR_SRP"]
	dc := newTClient(nil)
	out, err = e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, Session: out.Session,
		ChallengeName: types.ChallengeNameTypeDeviceSrpAuth, ChallengeResponses: map[string]string{
			"USERNAME": userID, "DEVICE_KEY": d.key, "SRP_A": dc.A.Text(16)}})
	noErr(e.t, err)
	p := out.ChallengeParameters
	if out.ChallengeName != types.ChallengeNameTypeDevicePasswordVerifier || p["SRP_B"] == "" || p["SALT"] == "" || p["SECRET_BLOCK"] == "" {
		e.t.Fatalf("DEVICE_SRP_AUTH answer: %s %v", out.ChallengeName, p)
	}
	return e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID, Session: out.Session,
		ChallengeName: types.ChallengeNameTypeDevicePasswordVerifier, ChallengeResponses: map[string]string{
			"USERNAME": userID, "DEVICE_KEY": d.key, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": srpTS,
			"PASSWORD_CLAIM_SIGNATURE": dc.proof(d.group, d.key, devicePassword, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS)}})
}

func TestDeviceTracking(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, &cip.CreateUserPoolInput{
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	e.addUser("alice", "Passw0rd!")

	_, out, err := e.signIn("alice", "Passw0rd!")
	noErr(t, err)
	ar := out.AuthenticationResult
	if ar == nil || ar.NewDeviceMetadata == nil || aws.ToString(ar.NewDeviceMetadata.DeviceKey) == "" || aws.ToString(ar.NewDeviceMetadata.DeviceGroupKey) == "" {
		t.Fatalf("no NewDeviceMetadata: %+v", ar)
	}
	d := e.confirm(ar.AccessToken, ar.NewDeviceMetadata)

	list, err := e.c.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: ar.AccessToken})
	noErr(t, err)
	if len(list.Devices) != 1 || aws.ToString(list.Devices[0].DeviceKey) != d.key {
		t.Fatalf("ListDevices %+v", list.Devices)
	}
	admin, err := e.c.AdminListDevices(ctx, &cip.AdminListDevicesInput{UserPoolId: &e.poolID, Username: aws.String("alice")})
	noErr(t, err)
	if len(admin.Devices) != 1 {
		t.Fatalf("AdminListDevices %+v", admin.Devices)
	}

	// The remembered device signs in with device SRP; no new device is handed out.
	out, err = e.signInWithDevice("alice", "Passw0rd!", d, d.password)
	noErr(t, err)
	if out.AuthenticationResult == nil || out.AuthenticationResult.NewDeviceMetadata != nil {
		t.Fatalf("device sign-in: %+v", out.AuthenticationResult)
	}
	// A wrong device password fails with the generic answer.
	_, err = e.signInWithDevice("alice", "Passw0rd!", d, "not-the-device-password")
	apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")

	// Forgotten, the device key no longer leads to device SRP.
	_, err = e.c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: ar.AccessToken, DeviceKey: &d.key})
	noErr(t, err)
	list, err = e.c.ListDevices(ctx, &cip.ListDevicesInput{AccessToken: ar.AccessToken})
	noErr(t, err)
	if len(list.Devices) != 0 {
		t.Fatalf("ListDevices after ForgetDevice: %+v", list.Devices)
	}
	cl := newTClient(nil)
	init, err := e.initiate(cl, "alice")
	noErr(t, err)
	r := e.responses(cl, init.ChallengeParameters, "Passw0rd!", srpTS)
	r["DEVICE_KEY"] = d.key
	out, err = e.respond(r)
	noErr(t, err)
	if out.AuthenticationResult == nil || out.AuthenticationResult.NewDeviceMetadata == nil {
		t.Fatalf("after ForgetDevice: %+v", out)
	}
	_, err = e.c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: ar.AccessToken, DeviceKey: &d.key})
	apiErr(t, err, "ResourceNotFoundException", "Device does not exist.")
}

func TestNoDeviceTrackingByDefault(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("bob", "Passw0rd!")
	_, out, err := e.signIn("bob", "Passw0rd!")
	noErr(t, err)
	if out.AuthenticationResult == nil || out.AuthenticationResult.NewDeviceMetadata != nil {
		t.Fatalf("NewDeviceMetadata without DeviceConfiguration: %+v", out.AuthenticationResult)
	}
}
