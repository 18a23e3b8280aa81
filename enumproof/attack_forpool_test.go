package enumproof_test

// Issue 11, case 6: middleware.ForPool(ctx, client, poolID, opts...) reads the
// pool's case sensitivity, username, alias and auto-verified attributes with
// DescribeUserPool. (Written before ForPool existed, behind a build tag.)

import (
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/maskedauth/maskedauth/middleware"
)

// TestAttackForPool: a Masker from ForPool knows the pool's facts: its simulated
// answers for an unknown name are ENABLED's (delivery, SRP salt and user id), and
// in a case-insensitive pool the case variants of a real and of an unknown name
// answer alike.
func TestAttackForPool(t *testing.T) {
	specs := []poolSpec{{shape: plain, insensitive: true}, {shape: alias, insensitive: true}, {shape: emailName, insensitive: true},
		{shape: plain}, {shape: emailName}, {shape: plain, auto: []string{"phone_number"}}, {shape: alias, noAuto: true}}
	for _, spec := range specs {
		t.Run(spec.String(), func(t *testing.T) {
			en := newAttackEnv(t, spec, enabledMode)
			ms := newAttackEnv(t, spec, maskedMode)
			if en.poolID != ms.poolID {
				t.Fatalf("pool ids %s / %s: the simulated values cannot be compared", en.poolID, ms.poolID)
			}
			mk, err := middleware.ForPool(bg, ms.admin, ms.poolID, middleware.WithSecret(secret), middleware.WithClock(ms.clk.now),
				middleware.WithLearnedLatencyFloor(0, 0, harnessInitialFloor))
			if err != nil {
				t.Fatalf("ForPool: %v", err)
			}
			c := ms.s.Client(mk.ClientOption(), func(o *cip.Options) { o.HTTPClient = ms.rec })
			for _, e := range []*env{en.env, ms.env} {
				e.add("alice", "confirmed")
				e.rec.take()
			}
			ghost := like(en.users["alice"], "ghostforpool")
			for _, typed := range []string{ghost, upperFirst(ghost)} {
				ef, mf := en.oForgot(en.c, typed), ms.oForgot(c, typed)
				if deliveryKey(ef) != deliveryKey(mf) || ef.dest != mf.dest {
					t.Errorf("ForgotPassword %q: ENABLED %q / ForPool %q", typed, ef.dest, mf.dest)
				}
				er, mr := en.oResend(en.c, typed), ms.oResend(c, typed)
				er.a.wire = nil // the middleware's wire carries LEGACY's answers
				if d := obsDiff(er, mr); d != "" || er.dest != mr.dest {
					t.Errorf("ResendConfirmationCode %q: ENABLED %v / ForPool %v: %s", typed, er, mr, d)
				}
				_, es := en.oSRP(en.c, typed, wrongPW)
				_, msrp := ms.oSRP(c, typed, wrongPW)
				if es.salt != msrp.salt || es.a.uid != msrp.a.uid {
					t.Errorf("USER_SRP_AUTH %q: ENABLED salt %s uid %s / ForPool salt %s uid %s", typed, es.salt, es.a.uid, msrp.salt, msrp.a.uid)
				}
			}
			if spec.insensitive {
				checkCaseVariants(t, ms.env, c, ms.users["alice"].typed, like(ms.users["alice"], "ghostvariant"))
			}
		})
	}
}
