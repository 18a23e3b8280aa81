package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/maskedauth/maskedauth/mockpool"
)

// TestSeedDeclaresSchema: a seed pool's schema declares the custom attributes
// its users carry; without it the same user is refused (the pool checks every
// attribute against its schema).
func TestSeedDeclaresSchema(t *testing.T) {
	for _, tc := range []struct {
		name, schema string
		ok           bool
	}{
		{"declared", `"schema": [{"Name": "tier", "AttributeDataType": "String", "Mutable": true}],`, true},
		{"undeclared", ``, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "seed.json")
			seedJSON := `{"pools": [{"name": "demo", ` + tc.schema + ` "clients": [{"name": "web"}],
				"users": [{"username": "alice", "password": "Passw0rd!", "attributes": {"email": "alice@example.com", "custom:tier": "gold"}}]}]}`
			if err := os.WriteFile(path, []byte(seedJSON), 0o600); err != nil {
				t.Fatal(err)
			}
			srv := mockpool.New(mockpool.WithTestSigningKey())
			var out bytes.Buffer
			err := seed(t.Context(), srv, config{seedPath: path}, &out)
			if !tc.ok {
				if err == nil || !strings.Contains(err.Error(), "custom:tier: Attribute does not exist in the schema.") {
					t.Fatalf("seed with an undeclared custom attribute: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			poolID := strings.Fields(out.String())[2]
			u, err := srv.Client().AdminGetUser(t.Context(), &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("alice")})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range u.UserAttributes {
				if aws.ToString(a.Name) == "custom:tier" && aws.ToString(a.Value) == "gold" {
					return
				}
			}
			t.Fatalf("custom:tier missing: %v", u.UserAttributes)
		})
	}
}
