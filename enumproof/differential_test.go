package enumproof_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// pair is one known/unknown comparison: the answers of the same request for a known
// user and for an unknown one.
type pair struct {
	what           string
	known, unknown answer
	checkUID       bool // USER_ID_FOR_SRP's shape must match too
}

// operation is one masked operation of the suite: run makes its pairs against an
// env (its users in place) with the client the mode uses.
type operation struct {
	name string
	run  func(e *env) []pair
}

// fieldsPerPair is how many properties diff compares in one pair: status, code and
// message, header names, output members, challenge parameters, delivery shape, and
// the wire exchanges (count, then status, header names, body shape, error type).
const fieldsPerPair = 10

// like returns an unknown name typed in the same format as u's.
func like(u user, base string) string {
	if strings.Contains(u.typed, "@") {
		return base + "@example.com"
	}
	return base
}

// quiet advances the clock past every counting window (lockouts, code limits), so
// the pairs of one operation do not feed the counters of the next.
func quiet(e *env) { e.clk.advance(20 * time.Minute) }

func passwordPairs(e *env, call func(c clientKind, typed, pw string) answer) []pair {
	var out []pair
	for _, k := range []struct {
		user, pw string
		policy   bool
	}{{"alice", wrongPW, false}, {"rita", goodPW, false}, {"fran", wrongPW, false}, {"dora", wrongPW, true}} {
		u := e.users[k.user]
		ck := defaultClient
		what := k.user
		if k.policy {
			ck = policyClient
			what += " (WithGenericDisabled under the middleware)"
		}
		quiet(e)
		out = append(out, pair{what: what, known: call(ck, u.typed, k.pw), unknown: call(ck, like(u, "ghost"), k.pw)})
	}
	return out
}

type clientKind int

const (
	defaultClient clientKind = iota
	policyClient
)

func (e *env) cl(k clientKind) *cip.Client {
	if k == policyClient {
		return e.policy
	}
	return e.c
}

var operations = []operation{
	{"InitiateAuth USER_PASSWORD_AUTH", func(e *env) []pair {
		return passwordPairs(e, func(k clientKind, typed, pw string) answer {
			return e.initiate(e.cl(k), types.AuthFlowTypeUserPasswordAuth, typed, pw)
		})
	}},
	{"AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH", func(e *env) []pair {
		return passwordPairs(e, func(k clientKind, typed, pw string) answer {
			return e.adminInitiate(e.cl(k), types.AuthFlowTypeAdminUserPasswordAuth, typed, pw)
		})
	}},
	{"AdminInitiateAuth ADMIN_NO_SRP_AUTH", func(e *env) []pair {
		return passwordPairs(e, func(k clientKind, typed, pw string) answer {
			return e.adminInitiate(e.cl(k), types.AuthFlowTypeAdminNoSrpAuth, typed, pw)
		})
	}},
	{"USER_SRP_AUTH + PASSWORD_VERIFIER", func(e *env) []pair {
		var out []pair
		for _, k := range []struct {
			user, pw string
			policy   bool
		}{{"alice", wrongPW, false}, {"rita", goodPW, false}, {"fran", wrongPW, false}, {"dora", wrongPW, true}} {
			u := e.users[k.user]
			ck := defaultClient
			if k.policy {
				ck = policyClient
			}
			quiet(e)
			k1, k2 := e.srp(e.cl(ck), u.typed, k.pw)
			u1, u2 := e.srp(e.cl(ck), like(u, "ghost"), k.pw)
			out = append(out, pair{what: k.user + " InitiateAuth", known: k1, unknown: u1},
				pair{what: k.user + " RespondToAuthChallenge", known: k2, unknown: u2})
		}
		return out
	}},
	{"ForgotPassword", func(e *env) []pair {
		var out []pair
		for _, name := range []string{"alice", "dora", "una", "fran", "nova"} {
			u, ok := e.users[name]
			if !ok {
				continue
			}
			quiet(e)
			out = append(out, pair{what: name, known: e.forgot(e.c, u.typed), unknown: e.forgot(e.c, like(u, "ghost"))})
		}
		return out
	}},
	{"ConfirmForgotPassword", func(e *env) []pair {
		quiet(e)
		carl := e.users["carl"]
		e.forgot(e.c, carl.typed) // a code pending: the wrong one is a mismatch, not "no code requested"
		dora := e.users["dora"]
		return []pair{
			{what: "carl, wrong code", known: e.confirmForgot(e.c, carl.typed, badCode), unknown: e.confirmForgot(e.c, like(carl, "ghost"), badCode)},
			{what: "dora (disabled)", known: e.confirmForgot(e.c, dora.typed, code), unknown: e.confirmForgot(e.c, like(dora, "ghost2"), code)},
		}
	}},
	{"ResendConfirmationCode", func(e *env) []pair {
		var out []pair
		for _, name := range []string{"una", "alice", "dora"} {
			u := e.users[name]
			quiet(e)
			out = append(out, pair{what: name, known: e.resend(e.c, u.typed), unknown: e.resend(e.c, like(u, "ghost"))})
		}
		return out
	}},
	{"ConfirmSignUp", func(e *env) []pair {
		quiet(e)
		u := e.users["una"]
		return []pair{{what: "una, wrong code", known: e.confirmSignUp(e.c, u.typed, badCode), unknown: e.confirmSignUp(e.c, like(u, "ghost"), badCode)}}
	}},
	{"lockout (USER_PASSWORD_AUTH, 7 failures)", func(e *env) []pair {
		quiet(e)
		u := e.users["lola"]
		var out []pair
		for i := 1; i <= 7; i++ {
			out = append(out, pair{what: fmt.Sprintf("failure %d", i), known: e.initiate(e.c, types.AuthFlowTypeUserPasswordAuth, u.typed, wrongPW),
				unknown: e.initiate(e.c, types.AuthFlowTypeUserPasswordAuth, like(u, "ghostlock"), wrongPW)})
		}
		if out[6].known.msg != "Password attempts exceeded" {
			e.t.Errorf("lockout: the 7th failure got %v", out[6].known)
		}
		// The SRP flow of a locked name: the right password is refused alike.
		k1, k2 := e.srp(e.c, u.typed, goodPW)
		u1, u2 := e.srp(e.c, like(u, "ghostlock"), goodPW)
		if k2.msg != "Password attempts exceeded" {
			e.t.Errorf("lockout: SRP while locked got %v", k2)
		}
		return append(out, pair{what: "locked, SRP InitiateAuth", known: k1, unknown: u1},
			pair{what: "locked, SRP RespondToAuthChallenge", known: k2, unknown: u2})
	}},
	{"ConfirmSignUp attempt limit (7 wrong codes)", func(e *env) []pair {
		quiet(e)
		u := e.users["una"]
		var out []pair
		for i := 1; i <= 7; i++ {
			out = append(out, pair{what: fmt.Sprintf("wrong code %d", i), known: e.confirmSignUp(e.c, u.typed, badCode),
				unknown: e.confirmSignUp(e.c, like(u, "ghost"), badCode)}) // the name of the row above: both carry its wrong code
		}
		if out[6].known.code != "LimitExceededException" {
			e.t.Errorf("limit: the 7th wrong code got %v", out[6].known)
		}
		return out
	}},
	{"ConfirmForgotPassword attempt limit (7 wrong codes)", func(e *env) []pair {
		quiet(e)
		u := e.users["carl"]
		e.forgot(e.c, u.typed)
		e.forgot(e.c, like(u, "ghostcode"))
		var out []pair
		for i := 1; i <= 7; i++ {
			out = append(out, pair{what: fmt.Sprintf("wrong code %d", i), known: e.confirmForgot(e.c, u.typed, badCode),
				unknown: e.confirmForgot(e.c, like(u, "ghostcode"), badCode)})
		}
		if out[6].known.code != "LimitExceededException" {
			e.t.Errorf("limit: the 7th wrong code got %v", out[6].known)
		}
		return out
	}},
}

// TestDifferential: for every masked operation, pool shape and mode, the answers
// for a known and an unknown user are the same, and the middleware's answers for
// unknown users are those of ENABLED.
func TestDifferential(t *testing.T) {
	var cases, pairs, fields atomic.Int64
	// unknownAnswers[shape][op][i] per mode, to compare modes afterwards.
	type key struct {
		sh shape
		op string
		i  int
	}
	byMode := map[mode]map[key]answer{}
	// Header-name differences between the answers the SDK returns for a known and
	// an unknown user under the middleware (every header name counts, Date and
	// Content-Length included); reported by the "middleware header names" subtest.
	var headerDiffs []string
	for _, m := range modes {
		byMode[m] = map[key]answer{}
		for _, sh := range shapes {
			e := newEnv(t, sh, m)
			e.population()
			e.rec.take()
			for _, op := range operations {
				cases.Add(1)
				for i, p := range op.run(e) {
					pairs.Add(1)
					fields.Add(fieldsPerPair)
					k, u := p.known, p.unknown
					if m != enabledMode {
						// The wire carries LEGACY's answers under the middleware: what
						// counts is what the SDK client returns.
						k.wire, u.wire = nil, nil
						if !reflect.DeepEqual(k.headers, u.headers) {
							headerDiffs = append(headerDiffs, fmt.Sprintf("%s / %s / %s: %v / %v", sh, op.name, p.what, k.headers, u.headers))
						}
					}
					if d := diff(k, u, p.checkUID); d != "" {
						t.Errorf("%s / %s / %s / %s: known and unknown differ: %s", m, sh, op.name, p.what, d)
					}
					byMode[m][key{sh, op.name, i}] = u
				}
			}
		}
	}
	// ENABLED and LEGACY + middleware answer the unknown users alike.
	var keys []key
	for k := range byMode[enabledMode] {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		a, b := byMode[enabledMode][k], byMode[maskedMode][k]
		a.wire, b.wire = nil, nil
		pairs.Add(1)
		fields.Add(fieldsPerPair)
		if d := diff(a, b, true); d != "" {
			t.Errorf("%s / %s #%d: ENABLED and LEGACY + middleware differ for the unknown user: %s", k.sh, k.op, k.i, d)
		}
	}
	t.Run("middleware header names", func(t *testing.T) {
		for _, d := range headerDiffs {
			t.Errorf("header names differ (known / unknown): %s", d)
		}
	})
	t.Logf("differential suite: %d operations x %d pool shapes x %d modes = %d cases; %d answer comparisons (%d property assertions)",
		len(operations), len(shapes), len(modes), cases.Load(), pairs.Load(), fields.Load())
}
