package middleware_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
	"github.com/maskedauth/maskedauth/srpauth"
)

// TestAuditOptionsKeySimulatedValues: a Masker built from Audit's Report.Options
// knows the pool's aliases, so in a case-sensitive email-alias pool (the API's
// default) an unknown address gets the same simulated SALT, USER_ID_FOR_SRP and
// delivery whatever case it is typed in, as a real user's do, and the same values as
// the mock pool's ENABLED client with the same secret.
func TestAuditOptionsKeySimulatedValues(t *testing.T) {
	s := mockpool.New(mockpool.WithSecret(testSecret), mockpool.WithTestSigningKey(), mockpool.WithClock(frozen))
	admin := s.Client()
	po, err := admin.CreateUserPool(bg, &cip.CreateUserPoolInput{PoolName: aws.String("p"),
		AliasAttributes:        []types.AliasAttributeType{types.AliasAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(po.UserPool.Id)
	clients := map[types.PreventUserExistenceErrorTypes]string{}
	for _, mode := range []types.PreventUserExistenceErrorTypes{types.PreventUserExistenceErrorTypesLegacy, types.PreventUserExistenceErrorTypesEnabled} {
		co, err := admin.CreateUserPoolClient(bg, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(poolID), ClientName: aws.String(string(mode)),
			PreventUserExistenceErrors: mode, ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
		if err != nil {
			t.Fatal(err)
		}
		clients[mode] = aws.ToString(co.UserPoolClient.ClientId)
	}
	rep, err := middleware.Audit(bg, admin, poolID)
	if err != nil {
		t.Fatal(err)
	}
	mk, err := middleware.New(append(rep.Options(), middleware.WithSecret(testSecret), middleware.WithClock(frozen), middleware.WithoutLatencyFloor())...)
	if err != nil {
		t.Fatal(err)
	}
	masked, enabled := s.Client(mk.ClientOption()), s.Client()
	type values struct{ salt, uid, dest string }
	get := func(c *cip.Client, clientID, typed string) values {
		t.Helper()
		eph, err := srpauth.NewEphemeral(nil)
		if err != nil {
			t.Fatal(err)
		}
		out, err := c.InitiateAuth(bg, &cip.InitiateAuthInput{ClientId: aws.String(clientID), AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": typed, "SRP_A": eph.PublicHex()}})
		if err != nil {
			t.Fatalf("InitiateAuth %q: %v", typed, err)
		}
		fo, err := c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(typed)})
		if err != nil {
			t.Fatalf("ForgotPassword %q: %v", typed, err)
		}
		return values{out.ChallengeParameters["SALT"], out.ChallengeParameters["USER_ID_FOR_SRP"], aws.ToString(fo.CodeDeliveryDetails.Destination)}
	}
	want := get(enabled, clients[types.PreventUserExistenceErrorTypesEnabled], "nobody@example.com")
	for _, typed := range []string{"nobody@example.com", "Nobody@Example.com", "NOBODY@EXAMPLE.COM"} {
		for name, c := range map[string]*cip.Client{"ENABLED": enabled, "LEGACY + middleware": masked} {
			id := clients[types.PreventUserExistenceErrorTypesEnabled]
			if c == masked {
				id = clients[types.PreventUserExistenceErrorTypesLegacy]
			}
			if got := get(c, id, typed); got != want {
				t.Errorf("%s, %q: %+v, want %+v", name, typed, got, want)
			}
		}
	}
}
