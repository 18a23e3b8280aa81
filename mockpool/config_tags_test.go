package mockpool_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func TestTags(t *testing.T) {
	_, c, _ := newServer(t)
	created, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("tagged"), UserPoolTags: map[string]string{"env": "test"}})
	noErr(t, err)
	arn := aws.String(aws.ToString(created.UserPool.Arn))
	list := func() map[string]string {
		t.Helper()
		out, err := c.ListTagsForResource(ctx, &cip.ListTagsForResourceInput{ResourceArn: arn})
		noErr(t, err)
		return out.Tags
	}
	if got := list(); !reflect.DeepEqual(got, map[string]string{"env": "test"}) {
		t.Fatalf("CreateUserPool's tags: %v", got)
	}
	_, err = c.TagResource(ctx, &cip.TagResourceInput{ResourceArn: arn, Tags: map[string]string{"team": "auth", "env": "prod"}})
	noErr(t, err)
	if got := list(); !reflect.DeepEqual(got, map[string]string{"env": "prod", "team": "auth"}) {
		t.Fatalf("after tag: %v", got)
	}
	_, err = c.UntagResource(ctx, &cip.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"env", "absent"}})
	noErr(t, err)
	if got := list(); !reflect.DeepEqual(got, map[string]string{"team": "auth"}) {
		t.Fatalf("after untag: %v", got)
	}
	_, err = c.UntagResource(ctx, &cip.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"team"}})
	noErr(t, err)
	if got := list(); len(got) != 0 {
		t.Fatalf("after untagging all: %v", got)
	}

	many := map[string]string{}
	for i := 0; i < 51; i++ {
		many["k"+string(rune('A'+i%26))+string(rune('a'+i/26))] = "v"
	}
	unknown := "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_nope"
	for _, tc := range []struct {
		name, arn string
		tags      map[string]string
		code, msg string
	}{
		{"unknown pool", unknown, map[string]string{"a": "b"}, "ResourceNotFoundException", "Resource does not exist."},
		{"not an arn", "userpool-us-east-1_x-long", map[string]string{"a": "b"}, "InvalidParameterException", `1 validation error detected: Value 'userpool-us-east-1_x-long' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`},
		{"bad key", aws.ToString(arn), map[string]string{"a*b": "c"}, "InvalidParameterException", `1 validation error detected: Value 'a*b' at 'tags.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`},
		{"too many", aws.ToString(arn), many, "InvalidParameterException", "A user pool can have at most 50 tags."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.TagResource(ctx, &cip.TagResourceInput{ResourceArn: aws.String(tc.arn), Tags: tc.tags})
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	_, err = c.ListTagsForResource(ctx, &cip.ListTagsForResourceInput{ResourceArn: aws.String(unknown)})
	apiErr(t, err, "ResourceNotFoundException", "Resource does not exist.")
}

// TestConfigConcurrent: configuration changes from many goroutines on one pool
// (run with -race) lose none of them.
func TestConfigConcurrent(t *testing.T) {
	_, c, _ := newServer(t)
	created, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("busy")})
	noErr(t, err)
	pool, arn := created.UserPool.Id, created.UserPool.Arn
	const n = 16
	errs := make(chan error, 2*n)
	for i := 0; i < n; i++ {
		go func(i int) {
			k := "k" + string(rune('a'+i))
			_, err := c.TagResource(ctx, &cip.TagResourceInput{ResourceArn: arn, Tags: map[string]string{k: "v"}})
			errs <- err
		}(i)
		go func(i int) {
			id := "api-" + string(rune('a'+i))
			_, err := c.CreateResourceServer(ctx, &cip.CreateResourceServerInput{UserPoolId: pool, Identifier: aws.String(id), Name: aws.String(id)})
			errs <- err
		}(i)
	}
	for i := 0; i < 2*n; i++ {
		noErr(t, <-errs)
	}
	tags, err := c.ListTagsForResource(ctx, &cip.ListTagsForResourceInput{ResourceArn: arn})
	noErr(t, err)
	servers, err := c.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: pool, MaxResults: aws.Int32(50)})
	noErr(t, err)
	if len(tags.Tags) != n || len(servers.ResourceServers) != n {
		t.Fatalf("%d tags and %d servers, want %d each", len(tags.Tags), len(servers.ResourceServers), n)
	}
}
