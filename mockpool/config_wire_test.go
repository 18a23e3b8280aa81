package mockpool_test

import (
	"fmt"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// TestConfigRequiredMembers: the members the Go SDK checks before sending are
// checked by the server too, for clients that do not (boto3 without parameter
// validation, curl, other SDKs), with Cognito's front-end texts.
func TestConfigRequiredMembers(t *testing.T) {
	s, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	null := func(field string) string {
		return "Value null at '" + field + "' failed to satisfy constraint: Member must not be null"
	}
	one := func(field string) string { return "1 validation error detected: " + null(field) }
	for _, tc := range []struct {
		op, body, msg string
	}{
		{"CreateUserPoolDomain", fmt.Sprintf(`{"UserPoolId":%q}`, pool), one("domain")},
		{"CreateUserPoolDomain", fmt.Sprintf(`{"UserPoolId":%q,"Domain":"login.example.com","CustomDomainConfig":{}}`, pool), one("customDomainConfig.certificateArn")},
		{"DescribeUserPoolDomain", `{}`, one("domain")},
		{"DeleteUserPoolDomain", `{}`, "2 validation errors detected: " + null("domain") + "; " + null("userPoolId")},
		{"CreateResourceServer", fmt.Sprintf(`{"UserPoolId":%q}`, pool), "2 validation errors detected: " + null("identifier") + "; " + null("name")},
		{"CreateResourceServer", fmt.Sprintf(`{"UserPoolId":%q,"Identifier":"x","Name":"n","Scopes":[{"ScopeName":"read"}]}`, pool), one("scopes.member.scopeDescription")},
		{"CreateIdentityProvider", fmt.Sprintf(`{"UserPoolId":%q}`, pool), "3 validation errors detected: " + null("providerName") + "; " + null("providerType") + "; " + null("providerDetails")},
		{"GetIdentityProviderByIdentifier", fmt.Sprintf(`{"UserPoolId":%q}`, pool), one("idpIdentifier")},
		{"CreateManagedLoginBranding", fmt.Sprintf(`{"UserPoolId":%q}`, pool), one("clientId")},
		{"SetLogDeliveryConfiguration", fmt.Sprintf(`{"UserPoolId":%q}`, pool), one("logConfigurations")},
		{"CreateUserImportJob", fmt.Sprintf(`{"UserPoolId":%q}`, pool), "2 validation errors detected: " + null("jobName") + "; " + null("cloudWatchLogsRoleArn")},
		{"ListUserImportJobs", fmt.Sprintf(`{"UserPoolId":%q}`, pool), one("maxResults")},
		{"TagResource", `{"ResourceArn":"arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"}`, one("tags")},
		{"ListTagsForResource", `{}`, one("resourceArn")},
		{"CreateTerms", fmt.Sprintf(`{"UserPoolId":%q,"ClientId":"abc"}`, pool), "3 validation errors detected: " + null("termsName") + "; " + null("termsSource") + "; " + null("enforcement")},
		{"GetCSVHeader", `{}`, one("userPoolId")},
	} {
		t.Run(tc.op, func(t *testing.T) {
			a := raw(t, s, tc.op, tc.body)
			if a.status != 400 || a.code != "InvalidParameterException" || a.msg != tc.msg {
				t.Fatalf("%d %s %q, want 400 InvalidParameterException %q", a.status, a.code, a.msg, tc.msg)
			}
		})
	}
}
