package mockpool_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func scope(name, desc string) types.ResourceServerScopeType {
	return types.ResourceServerScopeType{ScopeName: aws.String(name), ScopeDescription: aws.String(desc)}
}

func TestResourceServerErrors(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	_, err := c.CreateResourceServer(ctx, &cip.CreateResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com"), Name: aws.String("api")})
	noErr(t, err)
	many := make([]types.ResourceServerScopeType, 101)
	for i := range many {
		many[i] = scope("s"+string(rune('a'+i%26))+string(rune('a'+i/26)), "d")
	}
	for _, tc := range []struct {
		name       string
		pool, id   string
		serverName string
		scopes     []types.ResourceServerScopeType
		code, msg  string
	}{
		{"bad name", pool, "x", "a!b", nil, "InvalidParameterException", `1 validation error detected: Value 'a!b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+`},
		{"bad scope name", pool, "x", "n", []types.ResourceServerScopeType{scope("a b", "d")}, "InvalidParameterException", `1 validation error detected: Value 'a b' at 'scopes.member.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+`},
		{"duplicate scope", pool, "x", "n", []types.ResourceServerScopeType{scope("read", "a"), scope("read", "b")}, "InvalidParameterException", "Duplicate scope name: read"},
		{"too many scopes", pool, "x", "n", many, "InvalidParameterException", "1 validation error detected: Value at 'scopes' failed to satisfy constraint: Member must have length less than or equal to 100"},
		{"identifier in use", pool, "https://api.example.com", "again", nil, "InvalidParameterException", "https://api.example.com already exists in user pool " + pool},
		{"unknown pool", "us-east-1_nope", "x", "n", nil, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &cip.CreateResourceServerInput{UserPoolId: aws.String(tc.pool), Identifier: aws.String(tc.id), Name: aws.String(tc.serverName), Scopes: tc.scopes}
			_, err := c.CreateResourceServer(ctx, in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"describe", func() error {
			_, err := c.DescribeResourceServer(ctx, &cip.DescribeResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("nope")})
			return err
		}},
		{"update", func() error {
			_, err := c.UpdateResourceServer(ctx, &cip.UpdateResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("nope"), Name: aws.String("n")})
			return err
		}},
		{"delete", func() error {
			_, err := c.DeleteResourceServer(ctx, &cip.DeleteResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("nope")})
			return err
		}},
	} {
		t.Run("unknown identifier "+tc.name, func(t *testing.T) {
			apiErr(t, tc.call(), "ResourceNotFoundException", "Resource server does not exist.")
		})
	}
}

func TestResourceServerLifecycle(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	scopes := []types.ResourceServerScopeType{scope("read", "Read things"), scope("write", "Write things")}
	out, err := c.CreateResourceServer(ctx, &cip.CreateResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com"), Name: aws.String("My API"), Scopes: scopes})
	noErr(t, err)
	want := types.ResourceServerType{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com"), Name: aws.String("My API"), Scopes: scopes}
	if !reflect.DeepEqual(*out.ResourceServer, want) {
		t.Fatalf("create echo: %+v", *out.ResourceServer)
	}
	d, err := c.DescribeResourceServer(ctx, &cip.DescribeResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com")})
	noErr(t, err)
	if !reflect.DeepEqual(*d.ResourceServer, want) {
		t.Fatalf("describe: %+v", *d.ResourceServer)
	}
	// Update replaces the name and the scopes.
	newScopes := []types.ResourceServerScopeType{scope("admin", "All")}
	_, err = c.UpdateResourceServer(ctx, &cip.UpdateResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com"), Name: aws.String("Renamed"), Scopes: newScopes})
	noErr(t, err)
	d, _ = c.DescribeResourceServer(ctx, &cip.DescribeResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("https://api.example.com")})
	if aws.ToString(d.ResourceServer.Name) != "Renamed" || !reflect.DeepEqual(d.ResourceServer.Scopes, newScopes) {
		t.Fatalf("after update: %+v", *d.ResourceServer)
	}
	// List pages through every server in creation order.
	for _, id := range []string{"b-api", "c-api"} {
		_, err := c.CreateResourceServer(ctx, &cip.CreateResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String(id), Name: aws.String(id)})
		noErr(t, err)
	}
	var got []string
	var token *string
	for {
		l, err := c.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(2), NextToken: token})
		noErr(t, err)
		for _, rs := range l.ResourceServers {
			got = append(got, aws.ToString(rs.Identifier))
		}
		if l.NextToken == nil {
			break
		}
		token = l.NextToken
	}
	if !reflect.DeepEqual(got, []string{"https://api.example.com", "b-api", "c-api"}) {
		t.Fatalf("list: %v", got)
	}
	_, err = c.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(51)})
	apiErr(t, err, "InvalidParameterException", "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")
	_, err = c.DeleteResourceServer(ctx, &cip.DeleteResourceServerInput{UserPoolId: aws.String(pool), Identifier: aws.String("b-api")})
	noErr(t, err)
	l, err := c.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(50)})
	noErr(t, err)
	if len(l.ResourceServers) != 2 {
		t.Fatalf("after delete: %d servers", len(l.ResourceServers))
	}
}
