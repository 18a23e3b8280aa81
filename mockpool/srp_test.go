package mockpool_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// An independent SRP client written out with math/big (not internal/srp, which the
// server uses), checked against the reference client's vectors first.

var (
	tN, _ = new(big.Int).SetString("ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff", 16)
	tG    = big.NewInt(2)
)

// tPad is Java's toByteArray for non-negative values.
func tPad(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

func tH(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

type tClient struct{ a, A *big.Int }

func newTClient(a *big.Int) *tClient {
	if a == nil {
		buf := make([]byte, 32)
		rand.Read(buf)
		a = new(big.Int).SetBytes(buf)
	}
	return &tClient{a: a, A: new(big.Int).Exp(tG, a, tN)}
}

// proof returns PASSWORD_CLAIM_SIGNATURE.
func (c *tClient) proof(poolName, userID, password, saltHex, bHex, block, ts string) string {
	salt, _ := new(big.Int).SetString(saltHex, 16)
	B, _ := new(big.Int).SetString(bHex, 16)
	k := new(big.Int).SetBytes(tH(tPad(tN), tPad(tG)))
	u := new(big.Int).SetBytes(tH(tPad(c.A), tPad(B)))
	x := new(big.Int).SetBytes(tH(tPad(salt), tH([]byte(poolName+userID+":"+password))))
	base := new(big.Int).Sub(B, new(big.Int).Mul(k, new(big.Int).Exp(tG, x, tN)))
	base.Mod(base, tN)
	S := new(big.Int).Exp(base, new(big.Int).Add(c.a, new(big.Int).Mul(u, x)), tN)
	prk := hmac.New(sha256.New, tPad(u))
	prk.Write(tPad(S))
	m := hmac.New(sha256.New, prk.Sum(nil))
	m.Write([]byte("Caldera Derived Key\x01"))
	key := m.Sum(nil)[:16]
	raw, _ := base64.StdEncoding.DecodeString(block)
	sig := hmac.New(sha256.New, key)
	sig.Write([]byte(poolName + userID))
	sig.Write(raw)
	sig.Write([]byte(ts))
	return base64.StdEncoding.EncodeToString(sig.Sum(nil))
}

func TestSRPTestClientMatchesVectors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "srp", "vectors.json"))
	noErr(t, err)
	var vs []struct {
		Input struct {
			PoolName, UserIDForSRP, Password, SmallA, Salt, SRPB, SecretBlock, Timestamp string
		}
		Expected struct {
			Signature string `json:"passwordClaimSignature"`
		}
	}
	noErr(t, json.Unmarshal(b, &vs))
	n := 0
	for _, v := range vs {
		if v.Expected.Signature == "" {
			continue
		}
		a, _ := new(big.Int).SetString(v.Input.SmallA, 16)
		in := v.Input
		if got := newTClient(a).proof(in.PoolName, in.UserIDForSRP, in.Password, in.Salt, in.SRPB, in.SecretBlock, in.Timestamp); got != v.Expected.Signature {
			t.Errorf("test client signature %s, want %s", got, v.Expected.Signature)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d vectors", n)
	}
}

const srpTS = "Mon Jan 5 03:04:05 UTC 2026"

type srpEnv struct {
	t        testing.TB
	c        *cip.Client
	poolID   string
	poolName string
	clientID string
	secret   string
	clk      *fakeClock
}

func newSRPEnv(t testing.TB, mode types.PreventUserExistenceErrorTypes, secret bool, in *cip.CreateUserPoolInput) *srpEnv {
	_, c, clk := newServer(t)
	if in == nil {
		in = &cip.CreateUserPoolInput{}
	}
	poolID := createPool(t, c, in)
	clientID, sec := createClient(t, c, poolID, mode, secret)
	return &srpEnv{t: t, c: c, poolID: poolID, poolName: poolID[strings.IndexByte(poolID, '_')+1:], clientID: clientID, secret: sec, clk: clk}
}

func (e *srpEnv) addUser(username, password string, attrs ...types.AttributeType) {
	e.t.Helper()
	_, err := e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: &username,
		MessageAction: types.MessageActionTypeSuppress, UserAttributes: attrs})
	noErr(e.t, err)
	_, err = e.c.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &e.poolID, Username: &username,
		Password: &password, Permanent: true})
	noErr(e.t, err)
}

func (e *srpEnv) secretHash(name string) string {
	m := hmac.New(sha256.New, []byte(e.secret))
	m.Write([]byte(name + e.clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (e *srpEnv) initiate(cl *tClient, username string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"USERNAME": username, "SRP_A": cl.A.Text(16)}
	if e.secret != "" {
		params["SECRET_HASH"] = e.secretHash(username)
	}
	return e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth, AuthParameters: params})
}

// responses builds the PASSWORD_VERIFIER answer for password.
func (e *srpEnv) responses(cl *tClient, p map[string]string, password, ts string) map[string]string {
	userID := p["USER_ID_FOR_SRP"]
	r := map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   ts,
		"PASSWORD_CLAIM_SIGNATURE":    cl.proof(e.poolName, userID, password, p["SALT"], p["SRP_B"], p["SECRET_BLOCK"], ts),
	}
	if e.secret != "" {
		r["SECRET_HASH"] = e.secretHash(userID)
	}
	return r
}

func (e *srpEnv) respond(r map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &e.clientID,
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: r})
}

// signIn runs the whole SRP sign-in.
func (e *srpEnv) signIn(username, password string) (*cip.InitiateAuthOutput, *cip.RespondToAuthChallengeOutput, error) {
	cl := newTClient(nil)
	init, err := e.initiate(cl, username)
	if err != nil {
		return nil, nil, err
	}
	out, err := e.respond(e.responses(cl, init.ChallengeParameters, password, srpTS))
	return init, out, err
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func checkChallengeShape(t *testing.T, init *cip.InitiateAuthOutput) {
	t.Helper()
	p := init.ChallengeParameters
	if init.ChallengeName != types.ChallengeNameTypePasswordVerifier || init.Session != nil {
		t.Fatalf("challenge %s, session %v", init.ChallengeName, init.Session)
	}
	if len(p) != 5 || len(p["SALT"]) != 32 || len(p["SRP_B"]) < 700 || p["USERNAME"] != p["USER_ID_FOR_SRP"] {
		t.Fatalf("challenge parameters %v", p)
	}
	if _, err := hex.DecodeString(p["SALT"]); err != nil {
		t.Fatalf("SALT %q", p["SALT"])
	}
	if _, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"]); err != nil {
		t.Fatalf("SECRET_BLOCK %q", p["SECRET_BLOCK"])
	}
}

func TestSRPSignIn(t *testing.T) {
	for _, mode := range []types.PreventUserExistenceErrorTypes{types.PreventUserExistenceErrorTypesEnabled, types.PreventUserExistenceErrorTypesLegacy} {
		for _, secret := range []bool{false, true} {
			t.Run(string(mode)+map[bool]string{true: "/secret", false: ""}[secret], func(t *testing.T) {
				e := newSRPEnv(t, mode, secret, nil)
				e.addUser("alice", "Passw0rd!")
				init, out, err := e.signIn("alice", "Passw0rd!")
				noErr(t, err)
				checkChallengeShape(t, init)
				if init.ChallengeParameters["USER_ID_FOR_SRP"] != "alice" {
					t.Errorf("USER_ID_FOR_SRP %q", init.ChallengeParameters["USER_ID_FOR_SRP"])
				}
				ar := out.AuthenticationResult
				if ar == nil || aws.ToString(ar.AccessToken) == "" || aws.ToString(ar.RefreshToken) == "" || ar.ExpiresIn != 3600 {
					t.Fatalf("tokens %+v", out)
				}
				gu, err := e.c.GetUser(ctx, &cip.GetUserInput{AccessToken: ar.AccessToken})
				noErr(t, err)
				if aws.ToString(gu.Username) != "alice" {
					t.Fatalf("GetUser %v", aws.ToString(gu.Username))
				}

				_, _, err = e.signIn("alice", "wrong")
				apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")

				init, _, err = e.signIn("mallory", "Passw0rd!")
				if mode == types.PreventUserExistenceErrorTypesLegacy {
					apiErr(t, err, "UserNotFoundException", "User does not exist.")
					if init != nil {
						t.Fatal("LEGACY sent a challenge for an unknown user")
					}
					return
				}
				apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
				checkChallengeShape(t, init)
				if !uuidRE.MatchString(init.ChallengeParameters["USER_ID_FOR_SRP"]) {
					t.Errorf("simulated USER_ID_FOR_SRP %q is not a UUID", init.ChallengeParameters["USER_ID_FOR_SRP"])
				}
				again, _, _ := e.signIn("mallory", "other")
				for _, k := range []string{"SALT", "USER_ID_FOR_SRP"} {
					if again.ChallengeParameters[k] != init.ChallengeParameters[k] {
						t.Errorf("simulated %s not stable", k)
					}
				}
				for _, k := range []string{"SRP_B", "SECRET_BLOCK"} {
					if again.ChallengeParameters[k] == init.ChallengeParameters[k] {
						t.Errorf("simulated %s repeats", k)
					}
				}
				real, _, _ := e.signIn("alice", "x")
				if len(real.ChallengeParameters["SECRET_BLOCK"]) != len(init.ChallengeParameters["SECRET_BLOCK"]) {
					t.Error("simulated SECRET_BLOCK has another length")
				}
			})
		}
	}
}

func TestSRPChallengeChecks(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("alice", "Passw0rd!")
	// Each subtest signs in as its own user, so the failures do not add up to a lockout.
	user := "alice"
	fresh := func() (*tClient, map[string]string) {
		cl := newTClient(nil)
		init, err := e.initiate(cl, user)
		noErr(t, err)
		return cl, init.ChallengeParameters
	}
	n := 0
	newUser := func() {
		n++
		user = "user" + string(rune('a'+n))
		e.addUser(user, "Passw0rd!")
	}
	generic := func(r map[string]string) {
		t.Helper()
		_, err := e.respond(r)
		apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}

	t.Run("secret block usable once", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		r := e.responses(cl, p, "Passw0rd!", srpTS)
		_, err := e.respond(r)
		noErr(t, err)
		generic(r)
	})
	t.Run("secret block of another challenge", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		_, p2 := fresh()
		r := e.responses(cl, p, "Passw0rd!", srpTS)
		r["PASSWORD_CLAIM_SECRET_BLOCK"] = p2["SECRET_BLOCK"]
		generic(r)
	})
	t.Run("made-up secret block", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		p["SECRET_BLOCK"] = base64.StdEncoding.EncodeToString(make([]byte, 96))
		generic(e.responses(cl, p, "Passw0rd!", srpTS))
	})
	t.Run("wrong proof consumes the block", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		generic(e.responses(cl, p, "wrong", srpTS))
		generic(e.responses(cl, p, "Passw0rd!", srpTS))
	})
	t.Run("non-canonical timestamps", func(t *testing.T) {
		newUser()
		for _, ts := range []string{"Mon Jan 05 03:04:05 UTC 2026", "Mon Jan 5 3:04:05 UTC 2026", "Tue Jan 5 03:04:05 UTC 2026", "Mon Jan 5 03:04:05 GMT 2026", "2026-01-05T03:04:05Z"} {
			newUser()
			cl, p := fresh()
			generic(e.responses(cl, p, "Passw0rd!", ts)) // signed over the bad string
		}
	})
	t.Run("USERNAME of another user", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		r := e.responses(cl, p, "Passw0rd!", srpTS)
		r["USERNAME"] = "alice"
		generic(r)
	})
	t.Run("other app client", func(t *testing.T) {
		newUser()
		other, _ := createClient(t, e.c, e.poolID, types.PreventUserExistenceErrorTypesEnabled, false)
		cl, p := fresh()
		_, err := e.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: &other,
			ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: e.responses(cl, p, "Passw0rd!", srpTS)})
		apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
	})
	t.Run("expired challenge", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		e.clk.advance(time.Hour)
		generic(e.responses(cl, p, "Passw0rd!", srpTS))
	})
	t.Run("missing responses", func(t *testing.T) {
		newUser()
		cl, p := fresh()
		for _, k := range []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
			r := e.responses(cl, p, "Passw0rd!", srpTS)
			delete(r, k)
			_, err := e.respond(r)
			apiErr(t, err, "InvalidParameterException", "Missing required parameter "+k)
		}
	})
	t.Run("bad SRP_A", func(t *testing.T) {
		for _, a := range []string{"0", tN.Text(16), "1" + strings.Repeat("0", 800), "xyz", "-5"} {
			_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
				AuthParameters: map[string]string{"USERNAME": "alice", "SRP_A": a}})
			apiErr(t, err, "InvalidParameterException", "")
		}
		_, err := e.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &e.clientID, AuthFlow: types.AuthFlowTypeUserSrpAuth,
			AuthParameters: map[string]string{"USERNAME": "alice"}})
		apiErr(t, err, "InvalidParameterException", "Missing required parameter SRP_A")
	})
}

func TestSRPSecretHash(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, true, &cip.CreateUserPoolInput{
		UsernameAttributes: []types.UsernameAttributeType{types.UsernameAttributeTypeEmail}})
	e.addUser("carol@example.com", "Passw0rd!", types.AttributeType{Name: aws.String("email"), Value: aws.String("carol@example.com")})
	cl := newTClient(nil)
	init, err := e.initiate(cl, "carol@example.com")
	noErr(t, err)
	userID := init.ChallengeParameters["USER_ID_FOR_SRP"]
	if !uuidRE.MatchString(userID) {
		t.Fatalf("email-as-username USER_ID_FOR_SRP %q", userID)
	}
	r := e.responses(cl, init.ChallengeParameters, "Passw0rd!", srpTS)
	r["SECRET_HASH"] = "bm90IHRoZSBoYXNo"
	_, err = e.respond(r)
	apiErr(t, err, "NotAuthorizedException", "Unable to verify secret hash for client "+e.clientID)

	_, out, err := e.signIn("carol@example.com", "Passw0rd!")
	noErr(t, err)
	if out.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
}

// TestSRPAliasLeak reproduces what AWS documents: in an alias pool with plain usernames, a
// real user's USER_ID_FOR_SRP is the username, a simulated one a UUID.
func TestSRPAliasLeak(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, &cip.CreateUserPoolInput{
		AliasAttributes: []types.AliasAttributeType{types.AliasAttributeTypeEmail}})
	e.addUser("dave", "Passw0rd!", types.AttributeType{Name: aws.String("email"), Value: aws.String("dave@example.com")},
		types.AttributeType{Name: aws.String("email_verified"), Value: aws.String("true")})
	init, out, err := e.signIn("dave@example.com", "Passw0rd!")
	noErr(t, err)
	if init.ChallengeParameters["USER_ID_FOR_SRP"] != "dave" || out.AuthenticationResult == nil {
		t.Fatalf("alias sign-in: %v", init.ChallengeParameters["USER_ID_FOR_SRP"])
	}
	fake, _, err := e.signIn("eve@example.com", "Passw0rd!")
	apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if !uuidRE.MatchString(fake.ChallengeParameters["USER_ID_FOR_SRP"]) {
		t.Fatalf("simulated USER_ID_FOR_SRP %q", fake.ChallengeParameters["USER_ID_FOR_SRP"])
	}
}

func TestSRPUserStates(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("frank", "Passw0rd!")
	// Lockout after repeated wrong proofs.
	var err error
	for i := 0; i < 5; i++ {
		_, _, err = e.signIn("frank", "wrong")
		apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
	}
	_, _, err = e.signIn("frank", "Passw0rd!")
	apiErr(t, err, "NotAuthorizedException", "Password attempts exceeded")

	// Disabled: the generic answer for a wrong proof, "User is disabled." after a right one.
	e.addUser("gina", "Passw0rd!")
	_, err = e.c.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &e.poolID, Username: aws.String("gina")})
	noErr(t, err)
	_, _, err = e.signIn("gina", "wrong")
	apiErr(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, _, err = e.signIn("gina", "Passw0rd!")
	apiErr(t, err, "NotAuthorizedException", "User is disabled.")

	// FORCE_CHANGE_PASSWORD: NEW_PASSWORD_REQUIRED after the proof.
	_, err = e.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &e.poolID, Username: aws.String("hank"),
		TemporaryPassword: aws.String("Temp-Passw0rd!"), MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, out, err := e.signIn("hank", "Temp-Passw0rd!")
	noErr(t, err)
	if out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || aws.ToString(out.Session) == "" {
		t.Fatalf("FORCE_CHANGE_PASSWORD: %+v", out)
	}
}

func TestSRPAdmin(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesLegacy, false, nil)
	e.addUser("ivan", "Passw0rd!")
	cl := newTClient(nil)
	init, err := e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.poolID, ClientId: &e.clientID,
		AuthFlow: types.AuthFlowTypeUserSrpAuth, AuthParameters: map[string]string{"USERNAME": "ivan", "SRP_A": cl.A.Text(16)}})
	noErr(t, err)
	out, err := e.c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &e.poolID, ClientId: &e.clientID,
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ChallengeResponses: e.responses(cl, init.ChallengeParameters, "Passw0rd!", srpTS)})
	noErr(t, err)
	if out.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	_, err = e.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &e.poolID, ClientId: &e.clientID,
		AuthFlow: types.AuthFlowTypeUserSrpAuth, AuthParameters: map[string]string{"USERNAME": "nobody", "SRP_A": cl.A.Text(16)}})
	apiErr(t, err, "UserNotFoundException", "User does not exist.")
}

// BenchmarkSRPFailure measures a failed SRP sign-in (InitiateAuth + PASSWORD_VERIFIER) for a
// real user with a wrong password and for an unknown user under ENABLED, interleaved, and
// reports their time ratio (unknown/known, ideally 1.00).
func BenchmarkSRPFailure(b *testing.B) {
	e := newSRPEnv(b, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("known", "Passw0rd!")
	cl := newTClient(nil)
	// A precomputed wrong proof costs the client nothing: only server time is measured.
	fail := func(user string) time.Duration {
		start := time.Now()
		init, err := e.initiate(cl, user)
		if err != nil {
			b.Fatal(err)
		}
		p := init.ChallengeParameters
		_, err = e.respond(map[string]string{"USERNAME": p["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"TIMESTAMP": srpTS, "PASSWORD_CLAIM_SIGNATURE": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
		if err == nil {
			b.Fatal("accepted")
		}
		return time.Since(start)
	}
	var known, unknown time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Distinct typed names keep the lockout counter of "known" from tripping.
		e.clk.advance(time.Hour)
		known += fail("known")
		unknown += fail("unknown-user")
	}
	b.ReportMetric(float64(unknown)/float64(known), "unknown/known")
}

// TestSRPSecretBlockConcurrentReplay: of concurrent answers with one secret block, exactly
// one signs in.
func TestSRPSecretBlockConcurrentReplay(t *testing.T) {
	e := newSRPEnv(t, types.PreventUserExistenceErrorTypesEnabled, false, nil)
	e.addUser("zoe", "Passw0rd!")
	cl := newTClient(nil)
	init, err := e.initiate(cl, "zoe")
	noErr(t, err)
	r := e.responses(cl, init.ChallengeParameters, "Passw0rd!", srpTS)
	const n = 8
	results := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := e.respond(r)
			results <- err
		}()
	}
	ok := 0
	for i := 0; i < n; i++ {
		if err := <-results; err == nil {
			ok++
		}
	}
	if ok != 1 {
		t.Fatalf("%d of %d concurrent answers signed in", ok, n)
	}
}
