package mockpool_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestUserPoolDomainErrors(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	other := createPool(t, c, &cip.CreateUserPoolInput{})
	_, err := c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("taken-one")})
	noErr(t, err)
	_, err = c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("auth.example.com"),
		CustomDomainConfig: &types.CustomDomainConfigType{CertificateArn: aws.String("arn:aws:acm:us-east-1:123456789012:certificate/abc")}})
	noErr(t, err)

	cert := &types.CustomDomainConfigType{CertificateArn: aws.String("arn:aws:acm:us-east-1:123456789012:certificate/abc")}
	for _, tc := range []struct {
		name, pool, domain string
		custom             *types.CustomDomainConfigType
		version            *int32
		code, msg          string
	}{
		{"upper case", other, "MyDomain", nil, nil, "InvalidParameterException", `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`},
		{"leading hyphen", other, "-abc", nil, nil, "InvalidParameterException", `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`},
		{"a dot in a prefix", other, "auth.example.com", nil, nil, "InvalidParameterException", `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`},
		{"reserved aws", other, "my-aws-login", nil, nil, "InvalidParameterException", "Domain cannot contain reserved word: aws"},
		{"reserved cognito", other, "cognitologin", nil, nil, "InvalidParameterException", "Domain cannot contain reserved word: cognito"},
		{"too long", other, strings.Repeat("a", 64), nil, nil, "InvalidParameterException", "1 validation error detected: Value '" + strings.Repeat("a", 64) + "' at 'domain' failed to satisfy constraint: Member must have length less than or equal to 63"},
		{"custom not qualified", other, "login", cert, nil, "InvalidParameterException", "The custom domain must be a fully qualified domain name."},
		{"prefix of another pool", other, "taken-one", nil, nil, "InvalidParameterException", "Domain already associated with another user pool."},
		{"custom of another pool", other, "auth.example.com", cert, nil, "InvalidParameterException", "Domain already associated with another user pool."},
		{"second prefix", pool, "second-one", nil, nil, "InvalidParameterException", "User pool already has a domain configured."},
		{"bad version", other, "fresh-one", nil, aws.Int32(3), "InvalidParameterException", "ManagedLoginVersion must be 1 or 2."},
		{"unknown pool", "us-east-1_nope", "fresh-one", nil, nil, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(tc.pool), Domain: aws.String(tc.domain), CustomDomainConfig: tc.custom, ManagedLoginVersion: tc.version}
			_, err := c.CreateUserPoolDomain(ctx, in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}
}

func TestUserPoolDomainLifecycle(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})

	// An unknown domain: an empty DomainDescription, no error.
	d, err := c.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String("nobody-here")})
	noErr(t, err)
	if d.DomainDescription == nil || d.DomainDescription.Domain != nil || d.DomainDescription.UserPoolId != nil {
		t.Fatalf("unknown domain: %+v", d.DomainDescription)
	}

	out, err := c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("my-app")})
	noErr(t, err)
	if out.CloudFrontDomain != nil || aws.ToInt32(out.ManagedLoginVersion) != 1 {
		t.Fatalf("prefix domain: CloudFrontDomain %v, version %v", out.CloudFrontDomain, out.ManagedLoginVersion)
	}
	cert := "arn:aws:acm:us-east-1:123456789012:certificate/one"
	cout, err := c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("auth.example.com"),
		CustomDomainConfig: &types.CustomDomainConfigType{CertificateArn: aws.String(cert)}, ManagedLoginVersion: aws.Int32(2)})
	noErr(t, err)
	if !strings.HasSuffix(aws.ToString(cout.CloudFrontDomain), ".cloudfront.net") || aws.ToInt32(cout.ManagedLoginVersion) != 2 {
		t.Fatalf("custom domain: %v %v", aws.ToString(cout.CloudFrontDomain), cout.ManagedLoginVersion)
	}

	d, err = c.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String("auth.example.com")})
	noErr(t, err)
	dd := d.DomainDescription
	if aws.ToString(dd.UserPoolId) != pool || aws.ToString(dd.Domain) != "auth.example.com" || dd.Status != types.DomainStatusTypeActive ||
		aws.ToString(dd.CloudFrontDistribution) != aws.ToString(cout.CloudFrontDomain) || aws.ToString(dd.CustomDomainConfig.CertificateArn) != cert ||
		aws.ToString(dd.AWSAccountId) != "123456789012" {
		t.Fatalf("describe: %+v", dd)
	}

	// Update: a new certificate for the custom domain; none for a prefix domain.
	cert2 := "arn:aws:acm:us-east-1:123456789012:certificate/two"
	_, err = c.UpdateUserPoolDomain(ctx, &cip.UpdateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("auth.example.com"),
		CustomDomainConfig: &types.CustomDomainConfigType{CertificateArn: aws.String(cert2)}})
	noErr(t, err)
	d, _ = c.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String("auth.example.com")})
	if aws.ToString(d.DomainDescription.CustomDomainConfig.CertificateArn) != cert2 {
		t.Fatalf("certificate not updated: %+v", d.DomainDescription.CustomDomainConfig)
	}
	_, err = c.UpdateUserPoolDomain(ctx, &cip.UpdateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("my-app"),
		CustomDomainConfig: &types.CustomDomainConfigType{CertificateArn: aws.String(cert2)}})
	apiErr(t, err, "InvalidParameterException", "A prefix domain cannot have a CustomDomainConfig.")
	up, err := c.UpdateUserPoolDomain(ctx, &cip.UpdateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("my-app"), ManagedLoginVersion: aws.Int32(2)})
	noErr(t, err)
	if aws.ToInt32(up.ManagedLoginVersion) != 2 {
		t.Fatalf("version not updated: %v", up.ManagedLoginVersion)
	}
	_, err = c.UpdateUserPoolDomain(ctx, &cip.UpdateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("not-mine"), ManagedLoginVersion: aws.Int32(2)})
	apiErr(t, err, "InvalidParameterException", "No such domain or user pool exists.")

	// Delete: only the pool's own domain.
	other := createPool(t, c, &cip.CreateUserPoolInput{})
	_, err = c.DeleteUserPoolDomain(ctx, &cip.DeleteUserPoolDomainInput{UserPoolId: aws.String(other), Domain: aws.String("my-app")})
	apiErr(t, err, "InvalidParameterException", "No such domain or user pool exists.")
	_, err = c.DeleteUserPoolDomain(ctx, &cip.DeleteUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("my-app")})
	noErr(t, err)
	d, err = c.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String("my-app")})
	noErr(t, err)
	if d.DomainDescription.Domain != nil {
		t.Fatalf("deleted domain still described: %+v", d.DomainDescription)
	}
	// The name is free again, for any pool.
	_, err = c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(other), Domain: aws.String("my-app")})
	noErr(t, err)
}
