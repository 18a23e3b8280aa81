package enumproof_test

// The shapes of simulated values: CodeDeliveryDetails that take every shape real ones
// take, the same normalisation of typed names for known and unknown users, the
// UserSubs of WithSimulatedSignUp over repeated sign-ups, and ResendConfirmationCode
// in a pool that auto-verifies nothing.

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/middleware"
	"github.com/maskedauth/maskedauth/mockpool"
)

// newPoolEnv is newEnv for a pool created from in, in mode enabledMode or
// maskedNoFloor (the latency floor is no part of what these tests compare). The
// middleware is told the pool's facts: its auto-verified and username attributes and
// its case sensitivity, plus mw.
func newPoolEnv(t *testing.T, in *cip.CreateUserPoolInput, m mode, mw ...middleware.Option) *env {
	t.Helper()
	clk := &clock{}
	s := mockpool.New(mockpool.WithSecret(secret), mockpool.WithTestSigningKey(), mockpool.WithFixedCode(code),
		mockpool.WithClock(clk.now), mockpool.WithRand(rand.NewChaCha8([32]byte{9})))
	e := &env{t: t, shape: plain, mode: m, s: s, clk: clk, admin: s.Client(), users: map[string]user{}}
	in.PoolName = aws.String("shapes")
	out, err := e.admin.CreateUserPool(bg, in)
	e.must(err)
	e.poolID = aws.ToString(out.UserPool.Id)
	legacyID := e.appClient("legacy", types.PreventUserExistenceErrorTypesLegacy)
	enabledID := e.appClient("enabled", types.PreventUserExistenceErrorTypesEnabled)
	e.rec = &recorder{next: s}
	useRec := func(o *cip.Options) { o.HTTPClient = e.rec }
	switch m {
	case enabledMode:
		e.client = enabledID
		e.c = s.Client(useRec)
	case maskedNoFloor:
		e.client = legacyID
		var auto, names []string
		for _, a := range in.AutoVerifiedAttributes {
			auto = append(auto, string(a))
		}
		for _, a := range in.UsernameAttributes {
			names = append(names, string(a))
		}
		norm := func(s string) string { return s }
		if in.UsernameConfiguration != nil && !aws.ToBool(in.UsernameConfiguration.CaseSensitive) {
			norm = strings.ToLower
		}
		opts := []middleware.Option{middleware.WithSecret(secret), middleware.WithUserPool(e.poolID, auto...),
			middleware.WithNormalize(norm), middleware.WithClock(clk.now), middleware.WithoutLatencyFloor()}
		if len(names) > 0 {
			opts = append(opts, middleware.WithUsernameAttributes(names...))
		}
		mk, err := middleware.New(append(opts, mw...)...)
		e.must(err)
		e.masker = mk
		e.c = s.Client(mk.ClientOption(), useRec)
	default:
		t.Fatalf("newPoolEnv: mode %s", m)
	}
	e.policy = e.c
	return e
}

// shapeModes are the modes of these tests.
var shapeModes = []mode{enabledMode, maskedNoFloor}

// classes reduces a destination to character classes: a lower-case letter a, an
// upper-case letter A, a digit 9, anything else as it is ('*' runs keep their length,
// so a phone mask keeps its number of digits).
func classes(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteByte('a')
		case r >= 'A' && r <= 'Z':
			b.WriteByte('A')
		case r >= '0' && r <= '9':
			b.WriteByte('9')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// caseless is classes without the case of letters.
func caseless(s string) string { return strings.ReplaceAll(classes(s), "A", "a") }

// deliveryOf is medium|attribute|classes of a ForgotPassword answer's delivery, or the
// error when there is none.
func deliveryOf(e *env, typed string) (medium string, dest string) {
	e.t.Helper()
	out, err := e.c.ForgotPassword(bg, &cip.ForgotPasswordInput{ClientId: aws.String(e.client), Username: aws.String(typed)})
	e.rec.take()
	if err != nil {
		e.t.Fatalf("ForgotPassword %q: %v", typed, err)
	}
	d := out.CodeDeliveryDetails
	if d == nil {
		e.t.Fatalf("ForgotPassword %q: no CodeDeliveryDetails", typed)
	}
	return string(d.DeliveryMedium) + "|" + aws.ToString(d.AttributeName), aws.ToString(d.Destination)
}

// genEmail returns an address whose local part starts with a character of class
// local and whose domain starts with one of class domain ('a', 'A', '9'); tag makes it
// unique.
func genEmail(local, domain byte, tag string, i int) string {
	first := func(c byte, n int) string {
		switch c {
		case 'A':
			return string(rune('A' + n%26))
		case '9':
			return string(rune('0' + n%10))
		}
		return string(rune('a' + n%26))
	}
	return first(local, i) + tag + fmt.Sprint(i) + "@" + first(domain, i*7+3) + "ail" + fmt.Sprint(i%5) + ".Example.com"
}

// variants are the spellings an attacker types for one address.
func variants(addr string) []string {
	return []string{addr, strings.ToUpper(addr), strings.ToLower(addr)}
}

// coverage is the set of character classes seen at each position of email masks.
type coverage map[string]bool

func (c coverage) add(dest string) {
	p := classes(dest)
	local, domain, _ := strings.Cut(p, "***@")
	if local != "" {
		c["local "+local[:1]] = true
	}
	if domain != "" {
		c["domain "+domain[:1]] = true
	}
}

func (c coverage) missing(of coverage) []string {
	var out []string
	for k := range of {
		if !c[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestSimulatedDeliveryEmailShapes: ForgotPassword's CodeDeliveryDetails for known
// users whose addresses start with digits and capitals, and for unknown addresses of
// the same shapes typed in three spellings (as given, upper case, lower case). A
// known user's mask shows the stored address whatever the spelling, so an unknown
// one's must not change with the spelling either (case-sensitive email-as-username
// and case-insensitive pools alike); a known and an unknown address of one shape
// give the same medium, attribute and mask up to the case of letters; and every
// class of character real masks show in each position (lower case, upper case,
// digit), simulated masks show too.
func TestSimulatedDeliveryEmailShapes(t *testing.T) {
	const n = 150
	pools := []struct {
		name string
		in   *cip.CreateUserPoolInput
	}{
		{"email as username, case sensitive", &cip.CreateUserPoolInput{
			UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
			AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}},
		{"email as username, case insensitive", &cip.CreateUserPoolInput{
			UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
			UsernameConfiguration:  &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)},
			AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}},
	}
	shapes := []byte{'a', 'A', '9'}
	for _, pc := range pools {
		for _, m := range shapeModes {
			t.Run(pc.name+"/"+string(m), func(t *testing.T) {
				in := *pc.in
				e := newPoolEnv(t, &in, m)
				known, unknown := coverage{}, coverage{}
				for i := 0; i < n; i++ {
					lc, dc := shapes[i%3], shapes[(i/3)%3]
					kAddr, uAddr := genEmail(lc, dc, "kn", i), genEmail(lc, dc, "gh", i)
					_, err := e.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(kAddr),
						UserAttributes: []types.AttributeType{attr("email", kAddr), attr("email_verified", "true")}, MessageAction: types.MessageActionTypeSuppress})
					e.must(err)
					_, err = e.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(e.poolID), Username: aws.String(kAddr),
						Password: aws.String(goodPW), Permanent: true})
					e.must(err)
					var kDest, uDest []string
					var kMed, uMed string
					for _, v := range variants(kAddr) {
						med, d := deliveryOf(e, v)
						kMed, kDest = med, append(kDest, d)
					}
					for _, v := range variants(uAddr) {
						med, d := deliveryOf(e, v)
						uMed, uDest = med, append(uDest, d)
					}
					if kMed != uMed {
						t.Errorf("%s / %s: medium and attribute %s / %s", kAddr, uAddr, kMed, uMed)
					}
					if len(slices.Compact(slices.Clone(kDest))) != 1 {
						t.Fatalf("known %s: the mask changes with the spelling: %v", kAddr, kDest)
					}
					if len(slices.Compact(slices.Clone(uDest))) != 1 {
						t.Errorf("unknown %s: the mask changes with the spelling: %v (a known user's does not: %v)", uAddr, uDest, kDest)
					}
					if caseless(kDest[0]) != caseless(uDest[0]) {
						t.Errorf("%s / %s: masks %q / %q", kAddr, uAddr, kDest[0], uDest[0])
					}
					known.add(kDest[0])
					unknown.add(uDest[0])
				}
				if miss := unknown.missing(known); len(miss) > 0 {
					t.Errorf("real masks show %v, simulated ones never", miss)
				}
			})
		}
	}
}

// TestSimulatedDeliveryDerivedShapes: in a pool of plain usernames the simulated
// destination is derived (nothing typed is an address). Real users' addresses start
// with digits and capitals and their phone numbers have 8 to 15 digits: every such
// shape must be one a simulated mask can take, with the same medium and attribute.
func TestSimulatedDeliveryDerivedShapes(t *testing.T) {
	t.Run("email", func(t *testing.T) {
		const n = 150
		shapes := []byte{'a', 'A', '9'}
		for _, m := range shapeModes {
			e := newPoolEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}}, m)
			known, unknown := coverage{}, coverage{}
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("user%d", i)
				addr := genEmail(shapes[i%3], shapes[(i/3)%3], "kn", i)
				e.confirmedWith(name, attr("email", addr), attr("email_verified", "true"))
				kMed, kDest := deliveryOf(e, name)
				uMed, uDest := deliveryOf(e, fmt.Sprintf("ghost%d", i))
				if kMed != uMed || len(caseless(uDest)) != len(caseless(kDest)) {
					t.Errorf("%s: %s %q / %s %q", m, kMed, kDest, uMed, uDest)
				}
				known.add(kDest)
				unknown.add(uDest)
			}
			if miss := unknown.missing(known); len(miss) > 0 {
				t.Errorf("%s: real masks show %v, simulated ones never", m, miss)
			}
		}
	})
	t.Run("phone", func(t *testing.T) {
		const n = 200
		for _, m := range shapeModes {
			e := newPoolEnv(t, &cip.CreateUserPoolInput{AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypePhoneNumber}}, m)
			known, unknown := map[string]bool{}, map[string]bool{}
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("user%d", i)
				digits := 8 + i%8 // E.164: 8 to 15 digits
				phone := "+" + fmt.Sprint(1+i%9) + strings.Repeat("0", digits-5) + fmt.Sprintf("%04d", i)
				e.confirmedWith(name, attr("phone_number", phone), attr("phone_number_verified", "true"))
				kMed, kDest := deliveryOf(e, name)
				uMed, uDest := deliveryOf(e, fmt.Sprintf("ghost%d", i))
				if kMed != uMed {
					t.Errorf("%s: %s %q / %s %q", m, kMed, kDest, uMed, uDest)
				}
				known[classes(kDest)] = true
				unknown[classes(uDest)] = true
			}
			for k := range known {
				if !unknown[k] {
					t.Errorf("%s: real phone masks take the shape %s, simulated ones never (they take %v)", m, k, sortedKeys(unknown))
				}
			}
		}
	})
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// confirmedWith creates a CONFIRMED user with attributes.
func (e *env) confirmedWith(name string, attrs ...types.AttributeType) {
	e.t.Helper()
	_, err := e.admin.AdminCreateUser(bg, &cip.AdminCreateUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String(name),
		UserAttributes: attrs, MessageAction: types.MessageActionTypeSuppress})
	e.must(err)
	_, err = e.admin.AdminSetUserPassword(bg, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(e.poolID), Username: aws.String(name),
		Password: aws.String(goodPW), Permanent: true})
	e.must(err)
}

// TestSimulatedSignUpSequences: with WithSimulatedSignUp, three SignUps of a taken
// name and three of a free one (the first creates the account, the next two find it
// taken) give sequences of UserSubs an attacker cannot tell apart: which subs repeat
// is the same in both, and every other part of each answer matches.
func TestSimulatedSignUpSequences(t *testing.T) {
	for _, sh := range shapes {
		e := newEnv(t, sh, maskedMode)
		e.population()
		e.rec.take()
		taken := e.users["alice"].name
		free := "newcomer"
		if sh == emailName {
			free = "newcomer@example.com"
		}
		var subs [2][]string
		var answers [2][]answer
		for i := 0; i < 3; i++ {
			for j, name := range []string{taken, free} {
				email := name
				if !strings.Contains(name, "@") {
					email = name + "@example.com"
				}
				out, err := e.policy.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String(name), Password: aws.String(goodPW),
					UserAttributes: []types.AttributeType{attr("email", email)}})
				if err != nil {
					t.Fatalf("%s: SignUp %d of %s: %v", sh, i+1, name, err)
				}
				a := e.answerOf(out, out.ResultMetadata, nil)
				a.wire = nil
				answers[j] = append(answers[j], a)
				sub := aws.ToString(out.UserSub)
				if !uuidRE.MatchString(sub) {
					t.Errorf("%s: UserSub %q is no UUID", sh, sub)
				}
				subs[j] = append(subs[j], sub)
			}
		}
		if a, b := repeats(subs[0]), repeats(subs[1]); a != b {
			t.Errorf("%s: UserSubs of a taken name repeat as %s, of a free name as %s (%v / %v)", sh, a, b, subs[0], subs[1])
		}
		for i := range answers[0] {
			if d := diff(answers[0][i], answers[1][i], true); d != "" {
				t.Errorf("%s: SignUp %d: taken and free differ: %s", sh, i+1, d)
			}
		}
	}
}

// repeats describes which values of a sequence equal an earlier one, e.g. "0 0 1"
// for x, y, y.
func repeats(seq []string) string {
	var out []string
	for i, v := range seq {
		out = append(out, fmt.Sprint(slices.Index(seq[:i+1], v)))
	}
	return strings.Join(out, " ")
}

// TestResendWithoutAutoVerify: in a pool that auto-verifies nothing, Cognito refuses
// ResendConfirmationCode for an unconfirmed user ("Cannot resend codes. Auto
// verification not turned on."); an unknown, confirmed or disabled user must get the
// same answer, under ENABLED and under the middleware (WithUserPool with no
// attributes: the pool auto-verifies none).
func TestResendWithoutAutoVerify(t *testing.T) {
	for _, m := range shapeModes {
		e := newPoolEnv(t, &cip.CreateUserPoolInput{}, m)
		_, err := e.admin.SignUp(bg, &cip.SignUpInput{ClientId: aws.String(e.client), Username: aws.String("una"), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{attr("email", "una@example.com")}})
		e.must(err)
		e.confirmedWith("alice", attr("email", "alice@example.com"), attr("email_verified", "true"))
		e.confirmedWith("dora", attr("email", "dora@example.com"), attr("email_verified", "true"))
		_, err = e.admin.AdminDisableUser(bg, &cip.AdminDisableUserInput{UserPoolId: aws.String(e.poolID), Username: aws.String("dora")})
		e.must(err)
		e.rec.take()
		ghost := e.resend(e.c, "ghost")
		for _, name := range []string{"una", "alice", "dora"} {
			k := e.resend(e.c, name)
			u := ghost
			if m != enabledMode {
				k.wire, u.wire = nil, nil // LEGACY's answers: what counts is what the SDK returns
			}
			if d := diff(k, u, true); d != "" {
				t.Errorf("%s: %s and an unknown user differ: %s", m, name, d)
			}
		}
		if ghost.code != "InvalidParameterException" {
			t.Errorf("%s: unknown user: %v", m, ghost)
		}
	}
}

// TestSimulatedSRPSameEverywhere: the mock pool (ENABLED) and the middleware (LEGACY
// app client) given the same secret send an unknown user the same SALT and
// USER_ID_FOR_SRP, and SECRET_BLOCKs of one decoded length, that of a real
// challenge's. In pools that match email addresses without regard to case (email as
// username, email alias: case-sensitive pools too), a real user's SALT does not change
// with the case the address is typed in, so an unknown one's must not either.
func TestSimulatedSRPSameEverywhere(t *testing.T) {
	pools := []struct {
		name string
		in   *cip.CreateUserPoolInput
		mw   []middleware.Option
	}{
		{"plain", &cip.CreateUserPoolInput{}, nil},
		{"email as username", &cip.CreateUserPoolInput{UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}}, nil},
		{"email alias", &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail}},
			[]middleware.Option{middleware.WithAliasAttributes("email")}},
		{"case insensitive, email alias", &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail},
			UsernameConfiguration: &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}},
			[]middleware.Option{middleware.WithAliasAttributes("email")}},
	}
	for _, pc := range pools {
		t.Run(pc.name, func(t *testing.T) {
			type seen struct{ salt, uid string }
			byMode := map[mode][]seen{}
			blockLens := map[string]bool{}
			for _, m := range shapeModes {
				in := *pc.in
				e := newPoolEnv(t, &in, m, pc.mw...)
				real, username := "Kim.Known@Example.com", "Kim.Known@Example.com"
				if len(in.AliasAttributes) > 0 {
					username = "kim"
				}
				e.confirmedWith(username, attr("email", real), attr("email_verified", "true"))
				e.rec.take()
				challenge := func(typed string) map[string]string {
					a := e.initiate(e.c, types.AuthFlowTypeUserSrpAuth, typed, "")
					if a.challenge == nil {
						t.Fatalf("%s: USER_SRP_AUTH %q: %v", m, typed, a)
					}
					blockLens[fmt.Sprint(len(a.challenge["SECRET_BLOCK"]))] = true
					return a.challenge
				}
				realSalts := map[string]bool{}
				for _, v := range variants(real) {
					if pc.name != "plain" || v == real { // a plain pool finds only the exact username
						realSalts[challenge(v)["SALT"]] = true
					}
				}
				if len(realSalts) != 1 {
					t.Fatalf("%s: a real user's SALT changes with the spelling: %v", m, realSalts)
				}
				for i := 0; i < 5; i++ {
					addr := fmt.Sprintf("Nobody.%d@Example.org", i)
					cs := map[string]bool{}
					var first map[string]string
					for _, v := range variants(addr) {
						c := challenge(v)
						if first == nil {
							first = c
						}
						cs[c["SALT"]+" "+c["USER_ID_FOR_SRP"]] = true
					}
					if pc.name != "plain" && len(cs) != 1 {
						t.Errorf("%s: unknown %s: SALT and USER_ID_FOR_SRP change with the spelling (a real user's do not): %v", m, addr, cs)
					}
					byMode[m] = append(byMode[m], seen{first["SALT"], first["USER_ID_FOR_SRP"]})
				}
			}
			if !slices.Equal(byMode[enabledMode], byMode[maskedNoFloor]) {
				t.Errorf("mock pool and middleware differ:\n%v\n%v", byMode[enabledMode], byMode[maskedNoFloor])
			}
			// Real and simulated, mock pool and middleware: one length, the base64 of
			// DefaultSecretBlockBytes.
			if want := fmt.Sprint(base64.StdEncoding.EncodedLen(middleware.DefaultSecretBlockBytes)); len(blockLens) != 1 || !blockLens[want] {
				t.Errorf("SECRET_BLOCK lengths %v, want only %s", sortedKeys(blockLens), want)
			}
		})
	}
}
