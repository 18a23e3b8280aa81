package middleware_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// TestResendWithoutAutoVerifiedAttribute: in a pool that auto-verifies email,
// an UNCONFIRMED user who has no email gets "Cannot resend codes. Auto
// verification not turned on." from a LEGACY client, an unknown name a
// UserNotFoundException the middleware turns into a simulated delivery. The
// attacker compares the two through the middleware: they must answer alike,
// as an ENABLED client does (a simulated delivery for both).
func TestResendWithoutAutoVerifiedAttribute(t *testing.T) {
	for _, name := range []string{"nina", "ghost"} {
		t.Run(name, func(t *testing.T) {
			run := func(enabled bool) reply {
				p := newPool(t)
				p.users()
				_, err := p.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(p.legacyID), Username: aws.String("nina"), Password: aws.String(goodPW)})
				p.must(err)
				c, id := p.masked, p.legacyID
				if enabled {
					c, id = p.enabled, p.enabID
				}
				out, meta, err := resend(name)(p, c, id)
				return replyOf(t, out, meta, err)
			}
			want, got := run(true), run(false)
			if !sameReply(want, got, name) {
				t.Errorf("LEGACY + middleware = %+v\nENABLED               = %+v", got, want)
			}
		})
	}
	// And the known and the unknown name answer alike through the middleware.
	var seen []reply
	for _, name := range []string{"nina", "ghost"} {
		p := newPool(t)
		p.users()
		_, err := p.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(p.legacyID), Username: aws.String("nina"), Password: aws.String(goodPW)})
		p.must(err)
		out, meta, err := resend(name)(p, p.masked, p.legacyID)
		seen = append(seen, replyOf(t, out, meta, err))
	}
	if seen[0].code != seen[1].code || seen[0].status != seen[1].status || seen[0].kind != seen[1].kind || (seen[0].delivery == nil) != (seen[1].delivery == nil) {
		t.Errorf("known %+v\nunknown %+v", seen[0], seen[1])
	}
}
