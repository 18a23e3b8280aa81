package srpauth_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// recorder logs the challenges srpauth answers.
type recorder struct {
	*cip.Client
	answered []types.ChallengeNameType
}

func (r *recorder) RespondToAuthChallenge(ctx context.Context, in *cip.RespondToAuthChallengeInput, opts ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	r.answered = append(r.answered, in.ChallengeName)
	return r.Client.RespondToAuthChallenge(ctx, in, opts...)
}

func TestDeviceSignInAgainstMockPool(t *testing.T) {
	ctx := t.Context()
	client := mockpool.New().Client()
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("devices"),
		DeviceConfiguration: &types.DeviceConfigurationType{ChallengeRequiredOnNewDevice: true}})
	if err != nil {
		t.Fatal(err)
	}
	app, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("app"),
		GenerateSecret: true, PreventUserExistenceErrors: types.PreventUserExistenceErrorTypesEnabled})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: pool.UserPool.Id, Username: aws.String("dana"),
		MessageAction: types.MessageActionTypeSuppress}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: pool.UserPool.Id, Username: aws.String("dana"),
		Password: aws.String("Passw0rd!"), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{Client: client}
	store := srpauth.NewMemoryDeviceStore()
	var devErr error
	a, err := srpauth.New(rec, srpauth.Config{UserPoolID: *pool.UserPool.Id, ClientID: *app.UserPoolClient.ClientId,
		ClientSecret: *app.UserPoolClient.ClientSecret}, srpauth.WithDeviceStore(store),
		srpauth.WithDeviceErrorHandler(func(err error) { devErr = err }))
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.SignIn(ctx, "dana", "Passw0rd!")
	if err != nil || r.Kind != errorsx.SignedIn || devErr != nil {
		t.Fatalf("first sign-in: %v %v %v", r, err, devErr)
	}
	d, ok, _ := store.GetDevice(ctx, *pool.UserPool.Id, "dana")
	if !ok {
		t.Fatal("device not remembered")
	}
	rec.answered = nil
	r, err = a.SignIn(ctx, "dana", "Passw0rd!")
	if err != nil || r.Kind != errorsx.SignedIn {
		t.Fatalf("device sign-in: %v %v (cause %v)", r, err, r.Cause)
	}
	want := []types.ChallengeNameType{"PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"}
	if len(rec.answered) != 3 || rec.answered[0] != want[0] || rec.answered[1] != want[1] || rec.answered[2] != want[2] {
		t.Fatalf("answered %v, want %v", rec.answered, want)
	}
	if d2, _, _ := store.GetDevice(ctx, *pool.UserPool.Id, "dana"); d2 != d {
		t.Fatal("device changed")
	}
	list, err := client.AdminListDevices(ctx, &cip.AdminListDevicesInput{UserPoolId: pool.UserPool.Id, Username: aws.String("dana")})
	if err != nil || len(list.Devices) != 1 || *list.Devices[0].DeviceKey != d.DeviceKey {
		t.Fatalf("AdminListDevices: %v %v", list, err)
	}
}
