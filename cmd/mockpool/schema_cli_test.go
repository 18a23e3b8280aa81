package main

import (
	"strings"
	"testing"
)

// TestAWSCLISchema extends the AWS CLI interop test with the attribute schema: a pool
// created with a custom attribute, AddCustomAttributes, describe-user-pool's
// SchemaAttributes, a sign-up that writes the declared attribute, and the refusals
// of an undeclared attribute and a reserved claim name with Cognito's texts.
func TestAWSCLISchema(t *testing.T) {
	cli := awsCLI(t)
	in := start(t)
	env := cliEnv(t)
	aws, must := awsRunner(t, cli, in.endpoint, env)
	refused := func(code, text string, args ...string) {
		t.Helper()
		_, stderr, err := aws(args...)
		if err == nil || !strings.Contains(stderr, "("+code+")") || !strings.Contains(stderr, text) {
			t.Fatalf("aws %s: err %v, stderr %q; want %s %q", args[0], err, stderr, code, text)
		}
	}

	pool := must("create-user-pool", "--pool-name", "schema-pool",
		"--schema", `[{"Name":"plan","AttributeDataType":"String","Mutable":true,"StringAttributeConstraints":{"MinLength":"1","MaxLength":"16"}}]`)
	poolID, _ := pool["UserPool"].(map[string]any)["Id"].(string)
	must("add-custom-attributes", "--user-pool-id", poolID,
		"--custom-attributes", `[{"Name":"seats","AttributeDataType":"Number","Mutable":true}]`)
	desc := must("describe-user-pool", "--user-pool-id", poolID)
	var names []string
	for _, a := range desc["UserPool"].(map[string]any)["SchemaAttributes"].([]any) {
		names = append(names, a.(map[string]any)["Name"].(string))
	}
	for _, want := range []string{"sub", "email", "custom:plan", "custom:seats"} {
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+want+" ") {
			t.Fatalf("SchemaAttributes %v lack %s", names, want)
		}
	}
	client := must("create-user-pool-client", "--user-pool-id", poolID, "--client-name", "schema-app",
		"--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
	clientID, _ := client["UserPoolClient"].(map[string]any)["ClientId"].(string)

	const password = "Corr3ct-Horse!"
	must("sign-up", "--client-id", clientID, "--username", "alice", "--password", password,
		"--user-attributes", "Name=custom:plan,Value=pro", "Name=custom:seats,Value=3")
	refused("InvalidParameterException", "Attributes did not conform to the schema: custom:undeclared: Attribute does not exist in the schema.",
		"sign-up", "--client-id", clientID, "--username", "bob", "--password", password,
		"--user-attributes", "Name=custom:undeclared,Value=x")
	refused("InvalidParameterException", "Attributes did not conform to the schema",
		"sign-up", "--client-id", clientID, "--username", "carol", "--password", password,
		"--user-attributes", "Name=cognito:groups,Value=admins")
	user := must("admin-get-user", "--user-pool-id", poolID, "--username", "alice")
	got := map[string]string{}
	for _, a := range user["UserAttributes"].([]any) {
		m := a.(map[string]any)
		got[m["Name"].(string)] = m["Value"].(string)
	}
	if got["custom:plan"] != "pro" || got["custom:seats"] != "3" {
		t.Fatalf("alice's attributes %v", got)
	}
}
