package mockpool

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestNoSecretInFormatting prints and logs a Server that has sent a code, and its
// Options, with every fmt verb and both slog handlers, and looks for the simulation
// secret, the fixed code and the password.
func TestNoSecretInFormatting(t *testing.T) {
	secret := []byte("SIMULATION-secret-0123456789abcd")
	const code = "918273"
	opts := Options{Secret: secret, FixedCode: code, Region: "eu-west-1"}
	s := New(WithSecret(secret), WithFixedCode(code), WithRegion("eu-west-1"))
	ctx := t.Context()
	c := s.Client()
	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}})
	if err != nil {
		t.Fatal(err)
	}
	client, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("app")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: client.UserPoolClient.ClientId, Username: aws.String("alice"), Password: aws.String("Passw0rd!x"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("alice@example.com")}}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LastCode(*pool.UserPool.Id, "alice"); got != code {
		t.Fatalf("no code sent (%q)", got)
	}
	needles := []string{string(secret), fmt.Sprintf("%x", secret), fmt.Sprint(secret), code}
	values := map[string]any{"*Server": s, "Options": opts, "*Options": &opts}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"}
	check := func(what, out string) {
		t.Helper()
		for _, n := range needles {
			if strings.Contains(out, n) {
				t.Errorf("%s leaks %q: %.200s", what, n, out)
			}
		}
	}
	for name, v := range values {
		for _, verb := range verbs {
			check(name+" "+verb, fmt.Sprintf(verb, v))
		}
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var buf bytes.Buffer
			slog.New(h(&buf)).Info("msg", "v", v)
			check(name+" slog", buf.String())
		}
	}
}
