package enumproof_test

// Issue 11, the code deliveries: the shapes of simulated CodeDeliveryDetails
// (case 5) and ResendConfirmationCode in a pool that auto-verifies nothing (case 10).

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/middleware"
)

// deliveryKey is what an attacker reads from a delivery: medium, attribute and the
// fine shape of the destination (fineMask).
func deliveryKey(o obs) string {
	if o.a.code != "" {
		return "error " + o.a.code
	}
	medium, attrName, _ := strings.Cut(o.a.delivery, "|")
	attrName, _, _ = strings.Cut(attrName, "|")
	return medium + "|" + attrName + "|" + fineMask(o.dest)
}

// TestAttackDeliveryShapes (issue 11, case 5): every shape a real delivery takes
// (digits and capitals in an email mask, phone numbers of any length, so any number
// of '*') is a shape simulated deliveries take too, for ForgotPassword and for
// ResendConfirmationCode: an attacker who sees a shape no unknown name ever gets
// knows the account exists. The unknown names are many (shapes of rare draws
// included) and typed as usernames; in the alias pool an address typed as such is
// compared with an unknown address of the same shape.
func TestAttackDeliveryShapes(t *testing.T) {
	const unknownNames = 1500
	emails := []string{"7dan@example.com", "Carl@example.com", "zed@9mail.com", "dee@Example.com"}
	phones := []string{"+3545551234", "+8613912345678", "+493012345678901"} // 10, 13 and 15 digits
	specs := []poolSpec{{shape: plain}, {shape: plain, auto: []string{"phone_number"}}, {shape: alias}}
	for _, m := range modes {
		for _, spec := range specs {
			t.Run(fmt.Sprintf("%s/%s", m, spec), func(t *testing.T) {
				// A test of shapes, not of timing: no latency floor (3,000 held
				// deliveries would take a minute per pool).
				ae := newAttackEnv(t, spec, m, middleware.WithoutLatencyFloor())
				if ae.buildErr != nil {
					t.Fatal(ae.buildErr)
				}
				e := ae.env
				phone := spec.auto != nil
				contacts := emails
				if phone {
					contacts = phones
				}
				// Real deliveries: ForgotPassword of confirmed users with a verified
				// contact, ResendConfirmationCode of users who signed up with one.
				type real struct{ op, typed, key string }
				var reals []real
				for i, c := range contacts {
					name := fmt.Sprintf("real%d", i)
					var attrs []types.AttributeType
					if phone {
						attrs = []types.AttributeType{attr("phone_number", c), attr("phone_number_verified", "true")}
					} else {
						attrs = []types.AttributeType{attr("email", c), attr("email_verified", "true")}
					}
					e.addAttrs(name, name, attrs...)
					reals = append(reals, real{op: "ForgotPassword", typed: name, key: deliveryKey(e.oForgot(e.c, name))})
					if spec.shape == alias && c == strings.ToLower(c) {
						// Typed as the alias: compared with an unknown address of the
						// same shape. Only for stored addresses in lower case: an
						// address stored with capitals shows them in its real mask,
						// and no simulation that does not echo the typed case (which
						// TestAttackDeliveryCaseEcho forbids) can follow it there
						// (an inherent limit, README: behaviour matrix; simulated
						// masks show capitals at a small stable rate instead).
						quiet(e)
						k, u := e.oForgot(e.c, c), e.oForgot(e.c, sameShapeAddress(c))
						if kk, uk := deliveryKey(k), deliveryKey(u); kk != uk || obsDiff(k, u) != "" {
							t.Errorf("ForgotPassword typed as the address %q: known %q / unknown %q %s", c, kk, uk, obsDiff(k, u))
						}
					}

					su := fmt.Sprintf("signup%d", i)
					sattrs := []types.AttributeType{attr("email", fmt.Sprintf("x%d@example.com", i))}
					if phone {
						sattrs = append(sattrs, attr("phone_number", c))
					} else {
						sattrs = []types.AttributeType{attr("email", c)}
					}
					_, err := e.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String(su),
						Password: aws.String(goodPW), UserAttributes: sattrs})
					e.must(err)
					reals = append(reals, real{op: "ResendConfirmationCode", typed: su, key: deliveryKey(e.oResend(e.c, su))})
				}
				e.rec.take()
				simulated := map[string]map[string]bool{"ForgotPassword": {}, "ResendConfirmationCode": {}}
				for i := range unknownNames {
					typed := fmt.Sprintf("ghost%04d", i)
					simulated["ForgotPassword"][deliveryKey(e.oForgot(e.c, typed))] = true
					simulated["ResendConfirmationCode"][deliveryKey(e.oResend(e.c, typed))] = true
					e.rec.take()
				}
				for _, r := range reals {
					if strings.HasPrefix(r.key, "error") {
						t.Fatalf("%s %s: no real delivery: %s", r.op, r.typed, r.key)
					}
					if !simulated[r.op][r.key] {
						t.Errorf("%s: the real delivery %q has a shape no unknown name of %d gets (they get %s)", r.op, r.key, unknownNames, keys(simulated[r.op]))
					}
				}
			})
		}
	}
}

// sameShapeAddress returns an address no user has whose local part and domain
// start with the same characters as addr's.
func sameShapeAddress(addr string) string {
	local, domain, _ := strings.Cut(addr, "@")
	return local[:1] + "ghostzz@" + domain[:1] + "ghostmail.com"
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) > 8 {
		out = append(out[:8], fmt.Sprintf("... %d shapes", len(out)))
	}
	return strings.Join(out, ", ")
}

// TestAttackDeliveryCaseEcho (issue 11, case 5): in a case-sensitive pool whose
// usernames are email addresses, an attacker types an address in upper (or mixed)
// case: the delivery of a real account (whose address is stored in lower case) and
// the simulated delivery of an unknown address have the same shape, so no echo of
// the typed case tells them apart.
func TestAttackDeliveryCaseEcho(t *testing.T) {
	variants := []struct {
		what string
		f    func(string) string
	}{{"upper case", strings.ToUpper}, {"mixed case", upperFirst}}
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			ae := newAttackEnv(t, poolSpec{shape: emailName}, m)
			if ae.buildErr != nil {
				t.Fatal(ae.buildErr)
			}
			e := ae.env
			alice := e.add("alice", "confirmed")
			una := e.add("una", "unconfirmed")
			e.rec.take()
			for _, v := range variants {
				quiet(e)
				k, u := e.oForgot(e.c, v.f(alice.typed)), e.oForgot(e.c, v.f(like(alice, "ghostcase")))
				if kk, uk := deliveryKey(k), deliveryKey(u); kk != uk || obsDiff(k, u) != "" {
					t.Errorf("ForgotPassword, address typed in %s: known %q / unknown %q %s", v.what, kk, uk, obsDiff(k, u))
				}
				k, u = e.oResend(e.c, v.f(una.typed)), e.oResend(e.c, v.f(like(una, "ghostcase2")))
				if kk, uk := deliveryKey(k), deliveryKey(u); kk != uk || obsDiff(k, u) != "" {
					t.Errorf("ResendConfirmationCode (unconfirmed user), address typed in %s: known %q / unknown %q %s", v.what, kk, uk, obsDiff(k, u))
				}
			}
		})
	}
}

// TestAttackResendNoAutoVerify (issue 11, case 10): in a pool that auto-verifies no
// attribute, ResendConfirmationCode answers an unconfirmed user (and a confirmed or
// disabled one) like an unknown name.
func TestAttackResendNoAutoVerify(t *testing.T) {
	for _, m := range modes {
		for _, sh := range shapes {
			t.Run(fmt.Sprintf("%s/%s", m, sh), func(t *testing.T) {
				ae := newAttackEnv(t, poolSpec{shape: sh, noAuto: true}, m)
				if ae.buildErr != nil {
					t.Fatal(ae.buildErr)
				}
				e := ae.env
				for _, state := range []string{"unconfirmed", "confirmed", "disabled"} {
					u := e.add("u"+state, state)
					e.rec.take()
					quiet(e)
					k, g := e.oResend(e.c, u.typed), e.oResend(e.c, like(u, "ghost"+state))
					if d := obsDiff(k, g); d != "" {
						t.Errorf("%s user: known %v / unknown %v: %s", state, k, g, d)
					}
				}
			})
		}
	}
}
