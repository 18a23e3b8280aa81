package mockpool_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestTerms(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	client, _ := createClient(t, c, pool, types.PreventUserExistenceErrorTypesEnabled, false)
	create := func(clientID, name string, links map[string]string) (*cip.CreateTermsOutput, error) {
		return c.CreateTerms(ctx, &cip.CreateTermsInput{UserPoolId: aws.String(pool), ClientId: aws.String(clientID), TermsName: aws.String(name),
			TermsSource: types.TermsSourceTypeLink, Enforcement: types.TermsEnforcementTypeNone, Links: links})
	}
	links := map[string]string{"cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es/terms"}
	out, err := create(client, "terms-of-use", links)
	noErr(t, err)
	tt := out.Terms
	id := aws.ToString(tt.TermsId)
	if id == "" || aws.ToString(tt.ClientId) != client || !reflect.DeepEqual(tt.Links, links) || tt.Enforcement != types.TermsEnforcementTypeNone {
		t.Fatalf("create: %+v", tt)
	}
	for _, tc := range []struct {
		name, client, terms string
		links               map[string]string
		code, msg           string
	}{
		{"same kind again", client, "terms-of-use-v2", nil, "TermsExistsException", "Terms terms-of-use-v2 already exist."},
		{"bad name", client, "cookies", nil, "InvalidParameterException", `1 validation error detected: Value 'cookies' at 'termsName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(terms-of-use|privacy-policy)[\s\S]*$`},
		{"bad language", client, "privacy-policy", map[string]string{"cognito:klingon": "https://x"}, "InvalidParameterException", `1 validation error detected: Value 'cognito:klingon' at 'links.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^cognito:(default|english|french|spanish|german|bahasa-indonesia|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))$`},
		{"unknown client", "nosuchclient", "privacy-policy", nil, "ResourceNotFoundException", "User pool client nosuchclient does not exist."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := create(tc.client, tc.terms, tc.links)
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	_, err = create(client, "privacy-policy", map[string]string{"cognito:default": "https://example.com/privacy"})
	noErr(t, err)

	up, err := c.UpdateTerms(ctx, &cip.UpdateTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id), Links: map[string]string{"cognito:default": "https://example.com/v2"}})
	noErr(t, err)
	if up.Terms.Links["cognito:default"] != "https://example.com/v2" || aws.ToString(up.Terms.TermsName) != "terms-of-use" {
		t.Fatalf("update: %+v", up.Terms)
	}
	_, err = c.UpdateTerms(ctx, &cip.UpdateTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id), TermsName: aws.String("privacy-policy-2")})
	apiErr(t, err, "TermsExistsException", "Terms privacy-policy-2 already exist.")
	d, err := c.DescribeTerms(ctx, &cip.DescribeTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id)})
	noErr(t, err)
	if d.Terms.Links["cognito:default"] != "https://example.com/v2" {
		t.Fatalf("describe: %+v", d.Terms)
	}
	l, err := c.ListTerms(ctx, &cip.ListTermsInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if len(l.Terms) != 2 || aws.ToString(l.Terms[0].TermsName) != "terms-of-use" || aws.ToString(l.Terms[1].TermsName) != "privacy-policy" {
		t.Fatalf("list: %+v", l.Terms)
	}
	_, err = c.DeleteTerms(ctx, &cip.DeleteTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id)})
	noErr(t, err)
	_, err = c.DescribeTerms(ctx, &cip.DescribeTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id)})
	apiErr(t, err, "ResourceNotFoundException", "Terms do not exist.")
	_, err = c.DeleteTerms(ctx, &cip.DeleteTermsInput{UserPoolId: aws.String(pool), TermsId: aws.String(id)})
	apiErr(t, err, "ResourceNotFoundException", "Terms do not exist.")
}
