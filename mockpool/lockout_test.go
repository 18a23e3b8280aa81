package mockpool_test

// The attempt counters (internal/lockout) as an attacker sees them: per resolved
// user, the quiet period, ConfirmForgotPassword's limit for users with no code, and
// floods of made-up names.

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/mockpool"
)

const (
	wrongPW  = "Wr0ng!pass"
	exceeded = "Password attempts exceeded"
)

// answer is what a caller sees of an error: "code: message", or "ok".
func answerOf(err error) string {
	if err == nil {
		return "ok"
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return "transport: " + err.Error()
	}
	return ae.ErrorCode() + ": " + ae.ErrorMessage()
}

func times(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

var (
	aIncorrect = "NotAuthorizedException: " + incorrect
	aExceeded  = "NotAuthorizedException: " + exceeded
	aMismatch  = "CodeMismatchException: " + mismatch
	aExpired   = "ExpiredCodeException: " + expired
	aLimit     = "LimitExceededException: " + limit
)

// addUser creates a CONFIRMED user with a permanent password and attributes, and
// returns its internal username (a UUID in email/phone-as-username pools).
func (e *env) addUser(username string, attrs ...types.AttributeType) string {
	e.t.Helper()
	_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.pool, Username: aws.String(username),
		UserAttributes: attrs, MessageAction: types.MessageActionTypeSuppress})
	noErr(e.t, err)
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.pool, Username: aws.String(username),
		Password: aws.String(goodPW), Permanent: true})
	noErr(e.t, err)
	out, err := e.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &e.pool, Username: aws.String(username)})
	noErr(e.t, err)
	return aws.ToString(out.Username)
}

// srpLogin runs USER_SRP_AUTH with password; it returns the error of the
// PASSWORD_VERIFIER answer (or of InitiateAuth).
func (e *env) srpLogin(mode types.PreventUserExistenceErrorTypes, username, password string) error {
	cl := newTClient(nil)
	init, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(e.clients[mode]), AuthFlow: types.AuthFlowTypeUserSrpAuth,
		AuthParameters: map[string]string{"USERNAME": username, "SRP_A": cl.A.Text(16)}})
	if err != nil {
		return err
	}
	p := init.ChallengeParameters
	userID := p["USER_ID_FOR_SRP"]
	poolName := e.pool[strings.IndexByte(e.pool, '_')+1:]
	_, err = e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(e.clients[mode]),
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: map[string]string{
			"USERNAME": userID, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": srpTS,
			"PASSWORD_CLAIM_SIGNATURE": cl.proof(poolName, userID, password, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], srpTS),
		}})
	return err
}

func (e *env) cfp(mode types.PreventUserExistenceErrorTypes, username, code string) error {
	_, err := e.c.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(e.clients[mode]),
		Username: aws.String(username), ConfirmationCode: aws.String(code), Password: aws.String("NewPassw0rd!")})
	return err
}

func (e *env) forgot(mode types.PreventUserExistenceErrorTypes, username string) error {
	_, err := e.c.ForgotPassword(ctx, &cip.ForgotPasswordInput{ClientId: aws.String(e.clients[mode]), Username: aws.String(username)})
	return err
}

var (
	caseInsensitive = &types.UsernameConfigurationType{CaseSensitive: aws.Bool(false)}
	caseSensitive   = &types.UsernameConfigurationType{CaseSensitive: aws.Bool(true)}
	verifiedEmail   = func(v string) []types.AttributeType {
		return []types.AttributeType{strAttr("email", v), strAttr("email_verified", "true")}
	}
)

// TestLockoutPerUser: the lockout belongs to the user (AWS: Cognito "locks out your
// user"). Five failures spread over the case variants and aliases of one account,
// and over both password flows, lock every one of its names out, right password
// included.
func TestLockoutPerUser(t *testing.T) {
	type tc struct {
		name  string
		pool  *cip.CreateUserPoolInput
		setup func(e *env) []string // the names of one account
		srp   bool                  // alternate USER_PASSWORD_AUTH and USER_SRP_AUTH
	}
	cases := []tc{
		{"case variants, case-insensitive pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseInsensitive},
			func(e *env) []string { e.addUser("alice"); return []string{"alice", "ALICE", "Alice"} }, false},
		{"email and preferred_username aliases", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive,
			AliasAttributes: []types.AliasAttributeType{"email", "preferred_username"}},
			func(e *env) []string {
				e.addUser("carol", append(verifiedEmail("carol@example.com"), strAttr("preferred_username", "caz"))...)
				return []string{"carol", "carol@example.com", "CAROL@Example.com", "Caz", "caz"}
			}, false},
		{"phone alias, both flows", &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{"phone_number"}},
			func(e *env) []string {
				e.addUser("dan", strAttr("phone_number", "+15550001111"), strAttr("phone_number_verified", "true"))
				return []string{"dan", "+15550001111"}
			}, true},
		{"email as username, case-sensitive pool, internal username", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive,
			UsernameAttributes: []types.UsernameAttributeType{"email"}},
			func(e *env) []string {
				id := e.addUser("erin@example.com", verifiedEmail("erin@example.com")...)
				return []string{"erin@example.com", "ERIN@example.com", id}
			}, false},
		{"email as username, both flows", &cip.CreateUserPoolInput{UsernameConfiguration: caseInsensitive,
			UsernameAttributes: []types.UsernameAttributeType{"email"}},
			func(e *env) []string {
				id := e.addUser("fay@example.com", verifiedEmail("fay@example.com")...)
				return []string{"Fay@example.com", id}
			}, true},
	}
	for _, c := range cases {
		for _, m := range modes {
			t.Run(c.name+"/"+string(m), func(t *testing.T) {
				e := newEnv(t, c.pool)
				names := c.setup(e)
				fail := func(i int, name, pw string) error {
					if c.srp && i%2 == 1 {
						return e.srpLogin(m, name, pw)
					}
					_, err := e.login(m, name, pw)
					return err
				}
				var got []string
				for i := 0; i < 5; i++ {
					got = append(got, answerOf(fail(i, names[i%len(names)], wrongPW)))
				}
				for i, name := range names { // every name of the account, right password
					got = append(got, answerOf(fail(i, name, goodPW)))
				}
				want := append(times(5, aIncorrect), times(len(names), aExceeded)...)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Fatalf("names %q:\n got %q\nwant %q", names, got, want)
				}
				e.advance(2 * time.Second) // past the lockout: the right password works, by any name
				_, err := e.login(m, names[len(names)-1], goodPW)
				noErr(t, err)
			})
		}
	}
}

// TestLockoutUnknownNameKey: a name that resolves to nobody is counted by its
// normalised typed form: the normalisation the pool would apply to find a user by
// that name (its case sensitivity; emails are matched without case wherever the pool
// resolves them).
func TestLockoutUnknownNameKey(t *testing.T) {
	cases := []struct {
		name   string
		pool   *cip.CreateUserPoolInput
		names  []string
		shared bool
	}{
		{"case-insensitive pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseInsensitive}, []string{"Ghost", "GHOST", "ghost"}, true},
		{"case-sensitive pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive}, []string{"Ghost", "ghost"}, false},
		{"case-sensitive email-as-username pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive,
			UsernameAttributes: []types.UsernameAttributeType{"email"}}, []string{"Ghost@Example.com", "ghost@example.com"}, true},
		{"case-sensitive email alias pool", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive,
			AliasAttributes: []types.AliasAttributeType{"email"}}, []string{"Ghost@Example.com", "ghost@example.com"}, true},
		{"case-sensitive pool, an email is a plain username", &cip.CreateUserPoolInput{UsernameConfiguration: caseSensitive},
			[]string{"Ghost@Example.com", "ghost@example.com"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, c.pool)
			var got []string
			for i := 0; i < 6; i++ {
				_, err := e.login(enabled, c.names[i%len(c.names)], wrongPW)
				got = append(got, answerOf(err))
			}
			sixth := aIncorrect
			if c.shared {
				sixth = aExceeded
			}
			want := append(times(5, aIncorrect), sixth)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("names %q:\n got %q\nwant %q", c.names, got, want)
			}
		})
	}
}

// TestLockoutQuietPeriod: 6 wrong passwords, 2 quiet hours, 2 more wrong: the count
// started again, so both are "Incorrect username or password.", for a real name, a
// real user's alias and an unknown name alike.
func TestLockoutQuietPeriod(t *testing.T) {
	cases := []struct {
		mode types.PreventUserExistenceErrorTypes
		user string
	}{{legacy, "alice"}, {enabled, "alice"}, {enabled, "alice@example.com"}, {enabled, "nobody"}, {enabled, "nobody@example.com"}}
	var sequences []string
	for _, c := range cases {
		t.Run(string(c.mode)+"/"+c.user, func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{"email"}})
			e.addUser("alice", verifiedEmail("alice@example.com")...)
			var got []string
			step := func() {
				_, err := e.login(c.mode, c.user, wrongPW)
				got = append(got, answerOf(err))
			}
			for i := 0; i < 5; i++ {
				step()
			}
			e.advance(1500 * time.Millisecond) // past the first lockout: the sixth counts
			step()
			step() // within the second lockout
			e.advance(2 * time.Hour)
			step()
			step()
			want := append(times(6, aIncorrect), aExceeded, aIncorrect, aIncorrect)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("\n got %q\nwant %q", got, want)
			}
			sequences = append(sequences, strings.Join(got, "\n"))
		})
	}
	for _, s := range sequences[1:] {
		if s != sequences[0] {
			t.Fatal("sequences differ")
		}
	}
}

// TestConfirmForgotPasswordLimitNoCode: under ENABLED, seven wrong codes get the same
// answers whether the user is unknown, disabled, unconfirmed, has a code pending or
// has none: five CodeMismatchException, then LimitExceededException. LEGACY keeps
// Cognito's answers (which tell them apart).
func TestConfirmForgotPasswordLimitNoCode(t *testing.T) {
	pending := append(times(5, aMismatch), times(2, aLimit)...)
	cases := []struct {
		subject string
		mode    types.PreventUserExistenceErrorTypes
		user    string
		request bool // ForgotPassword first
		want    []string
	}{
		{"code pending", enabled, "alice", true, pending},
		{"no code pending", enabled, "alice", false, pending},
		{"no code pending, by alias", enabled, "alice@example.com", false, pending},
		{"unknown", enabled, "nobody", false, pending},
		{"unknown, requested", enabled, "nobody", true, pending},
		{"disabled", enabled, "dave", false, pending},
		{"disabled, requested", enabled, "dave", true, pending},
		{"unconfirmed", enabled, "uma", false, pending},
		{"code pending", legacy, "alice", true, pending},
		{"no code pending", legacy, "alice", false, times(7, aExpired)},
		{"unknown", legacy, "nobody", false, times(7, "UserNotFoundException: "+notFound)},
		{"disabled", legacy, "dave", false, times(7, "NotAuthorizedException: User is disabled.")},
	}
	for _, c := range cases {
		t.Run(string(c.mode)+"/"+c.subject, func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{"email"}, AutoVerifiedAttributes: []types.VerifiedAttributeType{"email"}})
			e.addUser("alice", verifiedEmail("alice@example.com")...)
			e.disabled("dave", "dave@example.com")
			e.unconfirmed("uma", "uma@example.com")
			if c.request {
				noErr(t, e.forgot(c.mode, c.user))
			}
			var got []string
			for i := 0; i < 7; i++ {
				got = append(got, answerOf(e.cfp(c.mode, c.user, "000000")))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("\n got %q\nwant %q", got, c.want)
			}
			if c.request && c.user == "alice" { // the right code is refused during the limit too
				check(t, e.cfp(c.mode, c.user, "123456"), want{"LimitExceededException", limit})
			}
		})
	}
}

// TestCodeCountersPerUser: the wrong-code limit and the delivery limit of one account
// are shared by its names.
func TestCodeCountersPerUser(t *testing.T) {
	for _, m := range modes {
		t.Run(string(m), func(t *testing.T) {
			e := newEnv(t, &cip.CreateUserPoolInput{AliasAttributes: []types.AliasAttributeType{"email", "preferred_username"}})
			e.addUser("carol", append(verifiedEmail("carol@example.com"), strAttr("preferred_username", "caz"))...)
			names := []string{"carol", "CAROL@example.com", "caz"}
			var got []string
			for i := 0; i < 10; i++ {
				got = append(got, answerOf(e.forgot(m, names[i%len(names)])))
			}
			got = append(got, answerOf(e.forgot(m, "Caz")))
			for i := 0; i < 6; i++ {
				got = append(got, answerOf(e.cfp(m, names[i%len(names)], "000000")))
			}
			want := append(append(times(10, "ok"), aLimit), append(times(5, aMismatch), aLimit)...)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestFloodKeepsLockouts: 200,000 made-up names (far past the counters' bound) do not
// lift a running lockout or wrong-code limit, of a real user or of an unknown name.
func TestFloodKeepsLockouts(t *testing.T) {
	flood := 200_000
	if testing.Short() {
		flood = 20_000
	}
	e := newEnv(t, nil)
	mockpool.SetCounterBound(e.s, e.pool, 1000)
	e.confirmed("alice", "alice@example.com")
	e.confirmed("carl", "carl@example.com")
	noErr(t, e.forgot(enabled, "carl"))
	for i := 0; i < 5; i++ {
		_, _ = e.login(enabled, "alice", wrongPW)
		_, _ = e.login(enabled, "ghost", wrongPW)
		_ = e.cfp(enabled, "carl", "000000")
		_ = e.cfp(enabled, "ghostcode", "000000")
	}
	client := e.clients[enabled]
	for i := 0; i < flood; i++ {
		name := "flood-" + strconv.Itoa(i)
		op, body := "InitiateAuth", fmt.Sprintf(`{"ClientId":%q,"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"USERNAME":%q,"PASSWORD":"x"}}`, client, name)
		status := http.StatusBadRequest
		if i%2 == 1 {
			op, body, status = "ForgotPassword", fmt.Sprintf(`{"ClientId":%q,"Username":%q}`, client, name), http.StatusOK
		}
		req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		rec := httptest.NewRecorder()
		e.s.ServeHTTP(rec, req)
		if rec.Code != status {
			t.Fatalf("flood %d: status %d %s", i, rec.Code, rec.Body)
		}
	}
	_, err := e.login(enabled, "alice", goodPW)
	check(t, err, want{"NotAuthorizedException", exceeded})
	_, err = e.login(enabled, "ghost", wrongPW)
	check(t, err, want{"NotAuthorizedException", exceeded})
	check(t, e.cfp(enabled, "carl", "123456"), want{"LimitExceededException", limit})
	check(t, e.cfp(enabled, "ghostcode", "000000"), want{"LimitExceededException", limit})
}

// TestConcurrentAttemptsCountOnce: attempts sent at once get no more than the free
// ones, for a real user and an unknown name alike: five wrong passwords are
// "Incorrect username or password." and five wrong codes CodeMismatchException,
// every other one is refused.
func TestConcurrentAttemptsCountOnce(t *testing.T) {
	const n = 20
	cases := []struct {
		what, user string
		attempt    func(e *env, user string) error
		free, rest string
	}{
		{"sign-in, real", "alice", func(e *env, u string) error { _, err := e.login(enabled, u, wrongPW); return err }, aIncorrect, aExceeded},
		{"sign-in, unknown", "nobody", func(e *env, u string) error { _, err := e.login(enabled, u, wrongPW); return err }, aIncorrect, aExceeded},
		{"wrong code, real", "alice", func(e *env, u string) error { return e.cfp(enabled, u, "000000") }, aMismatch, aLimit},
		{"wrong code, unknown", "nobody", func(e *env, u string) error { return e.cfp(enabled, u, "000000") }, aMismatch, aLimit},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			e := newEnv(t, nil)
			e.confirmed("alice", "alice@example.com")
			noErr(t, e.forgot(enabled, c.user))
			answers := make(chan string, n)
			start := make(chan struct{})
			for i := 0; i < n; i++ {
				go func() { <-start; answers <- answerOf(c.attempt(e, c.user)) }()
			}
			close(start)
			count := map[string]int{}
			for i := 0; i < n; i++ {
				count[<-answers]++
			}
			if count[c.free] != 5 || count[c.rest] != n-5 {
				t.Fatalf("answers %v, want 5 %q and %d %q", count, c.free, n-5, c.rest)
			}
		})
	}
}
