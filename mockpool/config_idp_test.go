package mockpool_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestIdentityProviderErrors(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	google := map[string]string{"client_id": "1.apps.googleusercontent.com", "client_secret": "s", "authorize_scopes": "openid email"}
	_, err := c.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Google"),
		ProviderType: types.IdentityProviderTypeTypeGoogle, ProviderDetails: google, IdpIdentifiers: []string{"gmail.com"}})
	noErr(t, err)
	for _, tc := range []struct {
		name, pool, provider string
		typ                  types.IdentityProviderTypeType
		details              map[string]string
		ids                  []string
		code, msg            string
	}{
		{"bad type", pool, "Xyz", "Okta", map[string]string{}, nil, "InvalidParameterException", "1 validation error detected: Value 'Okta' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC]"},
		{"name too long", pool, "abcdefghijklmnopqrstuvwxyz0123456", "OIDC", map[string]string{}, nil, "InvalidParameterException", "1 validation error detected: Value 'abcdefghijklmnopqrstuvwxyz0123456' at 'providerName' failed to satisfy constraint: Member must have length less than or equal to 32"},
		{"social name must be the type", pool, "MyGoogle", "Google", google, nil, "InvalidParameterException", "ProviderName must be Google for provider type Google."},
		{"reserved name", pool, "Cognito", "OIDC", map[string]string{}, nil, "InvalidParameterException", "ProviderName Cognito is reserved."},
		{"google without secret", pool, "Google", "Google", map[string]string{"client_id": "c", "authorize_scopes": "openid"}, nil, "InvalidParameterException", "ProviderDetails is missing required key: client_secret"},
		{"facebook without scopes", pool, "Facebook", "Facebook", map[string]string{"client_id": "c", "client_secret": "s"}, nil, "InvalidParameterException", "ProviderDetails is missing required key: authorize_scopes"},
		{"amazon without client", pool, "LoginWithAmazon", "LoginWithAmazon", map[string]string{}, nil, "InvalidParameterException", "ProviderDetails is missing required key: client_id"},
		{"apple without key", pool, "SignInWithApple", "SignInWithApple", map[string]string{"client_id": "c", "team_id": "t", "key_id": "k", "authorize_scopes": "email"}, nil, "InvalidParameterException", "ProviderDetails is missing required key: private_key"},
		{"oidc without issuer", pool, "Okta", "OIDC", map[string]string{"client_id": "c", "authorize_scopes": "openid"}, nil, "InvalidParameterException", "ProviderDetails is missing required key: oidc_issuer"},
		{"saml without metadata", pool, "Corp", "SAML", map[string]string{"IDPSignout": "true"}, nil, "InvalidParameterException", "ProviderDetails is missing required key: MetadataURL or MetadataFile"},
		{"duplicate name", pool, "Google", "Google", google, nil, "DuplicateProviderException", "Google already exists in user pool " + pool},
		{"identifier in use", pool, "Corp", "SAML", map[string]string{"MetadataURL": "https://idp.example.com/md"}, []string{"gmail.com"}, "InvalidParameterException", "Identifier gmail.com is already associated with another identity provider."},
		{"bad identifier", pool, "Corp", "SAML", map[string]string{"MetadataURL": "https://idp.example.com/md"}, []string{"a/b"}, "InvalidParameterException", `1 validation error detected: Value 'a/b' at 'idpIdentifiers.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=.@-]+`},
		{"unknown pool", "us-east-1_nope", "Google", "Google", google, nil, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: aws.String(tc.pool), ProviderName: aws.String(tc.provider),
				ProviderType: tc.typ, ProviderDetails: tc.details, IdpIdentifiers: tc.ids})
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	_, err = c.DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Nope")})
	apiErr(t, err, "ResourceNotFoundException", "Identity provider does not exist.")
	_, err = c.UpdateIdentityProvider(ctx, &cip.UpdateIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Nope")})
	apiErr(t, err, "ResourceNotFoundException", "Identity provider does not exist.")
	_, err = c.DeleteIdentityProvider(ctx, &cip.DeleteIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Nope")})
	apiErr(t, err, "ResourceNotFoundException", "Identity provider does not exist.")
	_, err = c.GetIdentityProviderByIdentifier(ctx, &cip.GetIdentityProviderByIdentifierInput{UserPoolId: aws.String(pool), IdpIdentifier: aws.String("nope.com")})
	apiErr(t, err, "ResourceNotFoundException", "Identity provider with the given identifier does not exist.")
}

func TestIdentityProviderLifecycle(t *testing.T) {
	_, c, clk := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	apple := map[string]string{"client_id": "com.example", "team_id": "T", "key_id": "K", "private_key": "PRIVATE", "authorize_scopes": "email name"}
	out, err := c.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("SignInWithApple"),
		ProviderType: types.IdentityProviderTypeTypeSignInWithApple, ProviderDetails: apple, AttributeMapping: map[string]string{"email": "email"}})
	noErr(t, err)
	d := out.IdentityProvider.ProviderDetails
	if _, ok := d["private_key"]; ok {
		t.Fatal("Describe echoes Apple's private key")
	}
	if d["authorize_url"] != "https://appleid.apple.com/auth/authorize" || d["team_id"] != "T" || d["oidc_issuer"] != "https://appleid.apple.com" {
		t.Fatalf("apple details: %v", d)
	}
	oidc := map[string]string{"client_id": "c", "client_secret": "s", "authorize_scopes": "openid", "oidc_issuer": "https://issuer.example.com", "attributes_request_method": "POST"}
	_, err = c.CreateIdentityProvider(ctx, &cip.CreateIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Okta"),
		ProviderType: types.IdentityProviderTypeTypeOidc, ProviderDetails: oidc, IdpIdentifiers: []string{"example.com"}})
	noErr(t, err)

	clk.advance(60e9)
	up, err := c.UpdateIdentityProvider(ctx, &cip.UpdateIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Okta"),
		ProviderDetails: map[string]string{"authorize_scopes": "openid email"}, AttributeMapping: map[string]string{"email": "mail"}, IdpIdentifiers: []string{"example.org"}})
	noErr(t, err)
	ip := up.IdentityProvider
	if ip.ProviderDetails["authorize_scopes"] != "openid email" || ip.ProviderDetails["oidc_issuer"] != "https://issuer.example.com" ||
		ip.ProviderDetails["attributes_request_method"] != "POST" || ip.AttributeMapping["email"] != "mail" ||
		!reflect.DeepEqual(ip.IdpIdentifiers, []string{"example.org"}) || !ip.LastModifiedDate.After(*ip.CreationDate) {
		t.Fatalf("after update: %+v", ip)
	}
	byID, err := c.GetIdentityProviderByIdentifier(ctx, &cip.GetIdentityProviderByIdentifierInput{UserPoolId: aws.String(pool), IdpIdentifier: aws.String("example.org")})
	noErr(t, err)
	if aws.ToString(byID.IdentityProvider.ProviderName) != "Okta" {
		t.Fatalf("by identifier: %v", aws.ToString(byID.IdentityProvider.ProviderName))
	}
	l, err := c.ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1)})
	noErr(t, err)
	if len(l.Providers) != 1 || aws.ToString(l.Providers[0].ProviderName) != "Okta" || l.NextToken == nil {
		t.Fatalf("list page 1: %+v", l)
	}
	l, err = c.ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1), NextToken: l.NextToken})
	noErr(t, err)
	if len(l.Providers) != 1 || aws.ToString(l.Providers[0].ProviderName) != "SignInWithApple" || l.Providers[0].ProviderType != types.IdentityProviderTypeTypeSignInWithApple || l.NextToken != nil {
		t.Fatalf("list page 2: %+v", l)
	}
	_, err = c.ListIdentityProviders(ctx, &cip.ListIdentityProvidersInput{UserPoolId: aws.String(pool), NextToken: aws.String("forged")})
	apiErr(t, err, "InvalidParameterException", "Invalid NextToken")
	_, err = c.DeleteIdentityProvider(ctx, &cip.DeleteIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Okta")})
	noErr(t, err)
	_, err = c.DescribeIdentityProvider(ctx, &cip.DescribeIdentityProviderInput{UserPoolId: aws.String(pool), ProviderName: aws.String("Okta")})
	apiErr(t, err, "ResourceNotFoundException", "Identity provider does not exist.")
}
