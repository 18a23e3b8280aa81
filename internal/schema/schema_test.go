package schema_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

func ptr[T any](v T) *T { return &v }

func strDecl(name string, minLen, maxLen string) schema.Decl {
	return schema.Decl{Name: name, AttributeDataType: "String", StringAttributeConstraints: &schema.StringConstraints{MinLength: ptr(minLen), MaxLength: ptr(maxLen)}}
}

// testSchema: email required; custom:tier String 0..5; custom:age Number
// 0..150; custom:flag Boolean; custom:code immutable; dev:custom:secret.
func testSchema(t testing.TB) *schema.Schema {
	t.Helper()
	s, err := schema.New([]schema.Decl{
		{Name: "email", AttributeDataType: "String", Required: ptr(true), Mutable: ptr(true)},
		strDecl("tier", "0", "5"),
		{Name: "age", AttributeDataType: "Number", NumberAttributeConstraints: &schema.NumberConstraints{MinValue: ptr("0"), MaxValue: ptr("150")}},
		{Name: "flag", AttributeDataType: "Boolean"},
		{Name: "code", AttributeDataType: "String", Mutable: ptr(false)},
		{Name: "secret", AttributeDataType: "String", DeveloperOnlyAttribute: ptr(true)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var e *schema.Error
	if !errors.As(err, &e) {
		t.Fatalf("want %s %q, got %v", code, msg, err)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("want %s %q\n got %s %q", code, msg, e.Code, e.Message)
	}
}

const bad = cognito.CodeInvalidParameter

func schemaMsg(lines ...string) string {
	return cognito.MsgSchemaPrefix + strings.Join(lines, "")
}

func TestDefaultSchema(t *testing.T) {
	s, err := schema.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	decls := s.Decls()
	var names []string
	for _, d := range decls {
		names = append(names, d.Name)
	}
	want := "sub name given_name family_name middle_name nickname preferred_username profile picture website email email_verified gender birthdate zoneinfo locale phone_number phone_number_verified address updated_at identities"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("standard attributes:\n got %s\nwant %s", got, want)
	}
	byName := map[string]schema.Decl{}
	for _, d := range decls {
		byName[d.Name] = d
	}
	for _, tc := range []struct {
		name, typ         string
		mutable, required bool
		minLen, maxLen    string // String
		minValue          string // Number
	}{
		{"sub", "String", false, true, "1", "2048", ""},
		{"email", "String", true, false, "0", "2048", ""},
		{"birthdate", "String", true, false, "10", "10", ""},
		{"email_verified", "Boolean", true, false, "", "", ""},
		{"phone_number_verified", "Boolean", true, false, "", "", ""},
		{"updated_at", "Number", true, false, "", "", "0"},
	} {
		d := byName[tc.name]
		if d.AttributeDataType != tc.typ || *d.Mutable != tc.mutable || *d.Required != tc.required || *d.DeveloperOnlyAttribute {
			t.Errorf("%s: %+v", tc.name, d)
		}
		if tc.maxLen != "" && (d.StringAttributeConstraints == nil || *d.StringAttributeConstraints.MinLength != tc.minLen || *d.StringAttributeConstraints.MaxLength != tc.maxLen) {
			t.Errorf("%s: string constraints %+v", tc.name, d.StringAttributeConstraints)
		}
		if tc.minValue != "" && (d.NumberAttributeConstraints == nil || *d.NumberAttributeConstraints.MinValue != tc.minValue) {
			t.Errorf("%s: number constraints %+v", tc.name, d.NumberAttributeConstraints)
		}
	}
	// The echo is a copy: changing it does not change the schema.
	*decls[0].Mutable = true
	if *s.Decls()[0].Mutable {
		t.Fatal("Decls shares its pointers with the schema")
	}
}

func TestDeclare(t *testing.T) {
	many := func(n int) []schema.Decl {
		out := make([]schema.Decl, n)
		for i := range out {
			out[i] = schema.Decl{Name: "a" + strings.Repeat("x", i%10) + string(rune('A'+i/10)), AttributeDataType: "String"}
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		decls    []schema.Decl
		declared []string // names the schema must then have
		msg      string   // InvalidParameterException text, "" if accepted
	}{
		{"custom string", []schema.Decl{strDecl("tier", "1", "10")}, []string{"custom:tier"}, ""},
		{"developer only", []schema.Decl{{Name: "secret", AttributeDataType: "Number", DeveloperOnlyAttribute: ptr(true)}}, []string{"dev:custom:secret"}, ""},
		{"prefix kept", []schema.Decl{{Name: "custom:x", AttributeDataType: "String"}}, []string{"custom:custom:x"}, ""},
		{"verified flag is custom", []schema.Decl{{Name: "email_verified", AttributeDataType: "Boolean"}}, []string{"custom:email_verified", "email_verified"}, ""},
		{"standard required", []schema.Decl{{Name: "given_name", AttributeDataType: "String", Required: ptr(true)}}, nil, ""},
		{"name over 20", []schema.Decl{{Name: "phone_number_verified", AttributeDataType: "Boolean"}}, nil,
			"1 validation error detected: Value 'phone_number_verified' at 'schema.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20"},
		{"empty name", []schema.Decl{{Name: "", AttributeDataType: "String"}}, nil,
			"1 validation error detected: Value at 'schema.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"name with space", []schema.Decl{strDecl("ok", "0", "1"), {Name: "a b", AttributeDataType: "String"}}, nil,
			"1 validation error detected: Value 'a b' at 'schema.2.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: " + cognito.AttributeNamePattern},
		{"twice", []schema.Decl{strDecl("tier", "0", "1"), strDecl("tier", "0", "1")}, nil, "custom:tier: Existing attribute already has name custom:tier."},
		{"custom and dev share a name", []schema.Decl{strDecl("tier", "0", "1"), {Name: "tier", AttributeDataType: "String", DeveloperOnlyAttribute: ptr(true)}}, nil,
			"dev:custom:tier: Existing attribute already has name dev:custom:tier."},
		{"required custom", []schema.Decl{{Name: "tier", AttributeDataType: "String", Required: ptr(true)}}, nil, cognito.MsgRequiredCustom},
		{"bad type", []schema.Decl{{Name: "tier", AttributeDataType: "Integer"}}, nil, cognito.MsgInvalidDataType},
		{"no type", []schema.Decl{{Name: "tier"}}, nil, cognito.MsgInvalidDataType},
		{"standard retyped", []schema.Decl{{Name: "email", AttributeDataType: "Number"}}, nil, "email" + cognito.MsgStandardChangedSuffix},
		{"sub made mutable", []schema.Decl{{Name: "sub", AttributeDataType: "String", Mutable: ptr(true)}}, nil, "sub" + cognito.MsgStandardChangedSuffix},
		{"min above max", []schema.Decl{strDecl("tier", "6", "5")}, nil, "custom:tier" + cognito.MsgConstraintsInvalidSuffix},
		{"length not a number", []schema.Decl{strDecl("tier", "0", "five")}, nil, "custom:tier" + cognito.MsgConstraintsInvalidSuffix},
		{"number bounds", []schema.Decl{{Name: "n", AttributeDataType: "Number", NumberAttributeConstraints: &schema.NumberConstraints{MinValue: ptr("10"), MaxValue: ptr("9.5")}}}, nil,
			"custom:n" + cognito.MsgConstraintsInvalidSuffix},
		{"number bound 1e3", []schema.Decl{{Name: "n", AttributeDataType: "Number", NumberAttributeConstraints: &schema.NumberConstraints{MaxValue: ptr("1e3")}}}, nil,
			"custom:n" + cognito.MsgConstraintsInvalidSuffix},
		{"50 custom", many(50), []string{"custom:axA"}, ""},
		{"51 custom", many(51), nil, cognito.MsgTooManyCustom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := schema.New(tc.decls)
			if tc.msg != "" {
				wantErr(t, err, bad, tc.msg)
				return
			}
			wantErr(t, err, "", "")
			for _, n := range tc.declared {
				if !s.Declared(n) {
					t.Errorf("%s not declared", n)
				}
			}
		})
	}
}

func TestAdd(t *testing.T) {
	s := testSchema(t)
	n, err := s.Add(strDecl("plan", "0", "8"))
	wantErr(t, err, "", "")
	if !n.Declared("custom:plan") || s.Declared("custom:plan") {
		t.Fatal("Add must return a new schema and leave the old one alone")
	}
	want := []string{"custom:tier", "custom:age", "custom:flag", "custom:code", "dev:custom:secret", "custom:plan"}
	if got := n.Customs(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Customs() = %v, want %v", got, want)
	}
	_, err = n.Add(strDecl("tier", "0", "1"))
	wantErr(t, err, bad, "custom:tier: Existing attribute already has name custom:tier.")
	// AddCustomAttributes takes standard names as custom ones.
	e, err := n.Add(schema.Decl{Name: "email", AttributeDataType: "String"})
	wantErr(t, err, "", "")
	if !e.Declared("custom:email") {
		t.Fatal("custom:email not declared")
	}
	// The limit counts the attributes already declared (5 custom here).
	var more []schema.Decl
	for i := 0; i < 45; i++ {
		more = append(more, schema.Decl{Name: "m" + string(rune('a'+i%26)) + string(rune('a'+i/26)), AttributeDataType: "String"})
	}
	full, err := s.Add(more...)
	wantErr(t, err, "", "")
	_, err = full.Add(strDecl("one", "0", "1"))
	wantErr(t, err, bad, cognito.MsgTooManyCustom)
	_, err = s.Add(schema.Decl{Name: strings.Repeat("n", 21), AttributeDataType: "String"})
	wantErr(t, err, bad, "1 validation error detected: Value '"+strings.Repeat("n", 21)+"' at 'customAttributes.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20")
}

func attrs(kv ...string) []schema.Attr {
	out := make([]schema.Attr, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, schema.Attr{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

func TestCheck(t *testing.T) {
	s := testSchema(t)
	def, err := s.Client(nil, nil, false)
	wantErr(t, err, "", "")
	limited, err := s.Client(nil, []string{"email", "custom:tier"}, false)
	wantErr(t, err, "", "")
	granted, err := s.Client(nil, []string{"email", "email_verified"}, false)
	wantErr(t, err, "", "")
	const unauth = cognito.CodeNotAuthorized
	email := []string{"email", "a@example.com"}
	with := func(kv ...string) []schema.Attr { return attrs(append(append([]string{}, email...), kv...)...) }
	many := make([]schema.Attr, 29000)
	for i := range many {
		many[i] = schema.Attr{Name: "email", Value: "a@example.com"}
	}

	type op int
	const (
		signUp op = iota
		adminCreate
		update
		adminUpdate
	)
	for _, tc := range []struct {
		name   string
		op     op
		client *schema.Client
		attrs  []schema.Attr
		code   string
		msg    string
	}{
		{"sign-up ok", signUp, def, with("name", "Alice", "custom:tier", "gold", "custom:age", "42", "custom:flag", "true", "custom:code", "X1"), "", ""},
		{"required missing at sign-up", signUp, def, attrs("name", "Alice"), bad, schemaMsg("email: The attribute is required\n")},
		{"required empty at sign-up", signUp, def, attrs("email", ""), bad, cognito.MsgInvalidEmail},
		{"admin may leave required out", adminCreate, nil, attrs("name", "Alice"), "", ""},
		{"update need not repeat required", update, def, attrs("name", "Bob"), "", ""},
		{"undeclared custom", signUp, def, with("custom:x", "1"), bad, schemaMsg("custom:x: Attribute does not exist in the schema.\n")},
		{"custom without prefix", signUp, def, with("tier", "gold"), bad, schemaMsg("tier: Attribute does not exist in the schema.\n")},
		{"claims are not attributes", signUp, def, with("cognito:groups", "admins", "iss", "https://evil", "aud", "x", "exp", "9999999999"), bad,
			schemaMsg("cognito:groups: Attribute does not exist in the schema.\n", "iss: Attribute does not exist in the schema.\n",
				"aud: Attribute does not exist in the schema.\n", "exp: Attribute does not exist in the schema.\n")},
		{"claims at admin create", adminCreate, nil, attrs("cognito:username", "root"), bad, schemaMsg("cognito:username: Attribute does not exist in the schema.\n")},
		{"claims at update", update, def, attrs("token_use", "id"), bad, schemaMsg("token_use: Attribute does not exist in the schema.\n")},
		{"duplicate", signUp, def, with("email", "b@example.com"), bad, schemaMsg("email: Attribute is specified more than once.\n")},
		{"duplicate at update", adminUpdate, nil, attrs("name", "a", "name", "b"), bad, schemaMsg("name: Attribute is specified more than once.\n")},
		{"problems listed in order", signUp, def, attrs("custom:x", "1", "custom:tier", "platinum"), bad,
			schemaMsg("custom:x: Attribute does not exist in the schema.\n", "custom:tier: String must be no longer than 5 characters.\n", "email: The attribute is required\n")},
		{"too short", adminCreate, nil, attrs("birthdate", "1990"), bad, schemaMsg("birthdate: String must be no shorter than 10 characters.\n")},
		{"not a number", signUp, def, with("custom:age", "old"), bad, schemaMsg("custom:age: Number expected.\n")},
		{"number exponent", signUp, def, with("custom:age", "1e2"), bad, schemaMsg("custom:age: Number expected.\n")},
		{"number above max", signUp, def, with("custom:age", "150.5"), bad, schemaMsg("custom:age: Number must be no greater than 150.\n")},
		{"number below min", signUp, def, with("custom:age", "-1"), bad, schemaMsg("custom:age: Number must be no less than 0.\n")},
		{"updated_at is a number", update, def, attrs("updated_at", "yesterday"), bad, schemaMsg("updated_at: Number expected.\n")},
		{"updated_at ok", update, def, attrs("updated_at", "1767225600"), "", ""},
		{"not a boolean", signUp, def, with("custom:flag", "yes"), bad, schemaMsg("custom:flag: Boolean expected: true or false.\n")},
		{"email format", signUp, def, attrs("email", "not-an-email"), bad, cognito.MsgInvalidEmail},
		{"phone format", adminCreate, nil, attrs("phone_number", "555-1234"), bad, cognito.MsgInvalidPhone},
		{"verified value", adminUpdate, nil, attrs("email_verified", "yes"), bad, cognito.MsgVerifiedValue("email_verified")},
		{"client writes verified flag", signUp, def, with("email_verified", "true"), unauth, cognito.MsgUnauthorizedAttribute},
		{"client updates verified flag", update, def, attrs("phone_number_verified", "true"), unauth, cognito.MsgUnauthorizedAttribute},
		{"granted verified flag", update, granted, attrs("email_verified", "true"), "", ""},
		{"admin writes verified flag", adminUpdate, nil, attrs("email_verified", "true"), "", ""},
		{"client writes dev attribute", update, def, attrs("dev:custom:secret", "s"), unauth, cognito.MsgUnauthorizedAttribute},
		{"admin writes dev attribute", adminUpdate, nil, attrs("dev:custom:secret", "s"), "", ""},
		{"nobody writes sub", adminCreate, nil, attrs("sub", "00000000-0000-0000-0000-000000000000"), unauth, cognito.MsgUnauthorizedAttribute},
		{"client writes sub", signUp, def, with("sub", "x"), unauth, cognito.MsgUnauthorizedAttribute},
		{"nobody writes identities", adminUpdate, nil, attrs("identities", "[]"), unauth, cognito.MsgUnauthorizedAttribute},
		{"write list excludes name", signUp, limited, with("name", "Alice"), unauth, cognito.MsgUnauthorizedAttribute},
		{"write list and undeclared name", signUp, limited, with("custom:x", "1"), unauth, cognito.MsgUnauthorizedAttribute},
		{"write list and claim", update, limited, attrs("cognito:groups", "admins"), unauth, cognito.MsgUnauthorizedAttribute},
		{"write list allows", signUp, limited, with("custom:tier", "gold"), "", ""},
		{"immutable set at creation", signUp, def, with("custom:code", "X1"), "", ""},
		{"immutable changed", update, def, attrs("custom:code", "X2"), bad, "user.custom:code: Attribute cannot be updated.\n"},
		{"immutable changed by admin", adminUpdate, nil, attrs("name", "n", "custom:code", "X2"), bad, "user.custom:code: Attribute cannot be updated.\n"},
		{"schema problems before immutability", adminUpdate, nil, attrs("custom:code", "X2", "custom:x", "1"), bad, schemaMsg("custom:x: Attribute does not exist in the schema.\n")},
		{"sub is immutable and unwritable", update, def, attrs("sub", "x"), unauth, cognito.MsgUnauthorizedAttribute},
		{"name too long", signUp, def, with(strings.Repeat("n", 33), "v"), bad,
			"1 validation error detected: Value at 'userAttributes.2.member.name' failed to satisfy constraint: Member must have length less than or equal to 32"},
		{"empty name", update, def, attrs("", "v"), bad,
			"1 validation error detected: Value at 'userAttributes.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"name with newline", update, def, attrs("custom:x\nemail", "v"), bad,
			"1 validation error detected: Value at 'userAttributes.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: " + cognito.AttributeNamePattern},
		{"value over 2048", update, def, attrs("name", strings.Repeat("v", 2049)), bad,
			"1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{"value 2048 ok", update, def, attrs("name", strings.Repeat("é", 2048)), "", ""},
		{"value over 2048 UTF-16 units", update, def, attrs("name", strings.Repeat("😀", 1025)), bad,
			"1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{"1 MB value", signUp, def, attrs("name", strings.Repeat("v", 1<<20)), bad,
			"1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{"29,000 attributes", signUp, def, many, bad, cognito.MsgTooManyAttributes("userAttributes")},
		{"129 attributes", adminUpdate, nil, many[:129], bad, cognito.MsgTooManyAttributes("userAttributes")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch tc.op {
			case signUp:
				err = s.CheckCreate(tc.attrs, tc.client)
			case adminCreate:
				err = s.CheckCreate(tc.attrs, nil)
			case update:
				err = s.CheckUpdate(tc.attrs, tc.client)
			case adminUpdate:
				err = s.CheckUpdate(tc.attrs, nil)
			}
			wantErr(t, err, tc.code, tc.msg)
			if err != nil {
				for _, a := range tc.attrs {
					if len(a.Value) > 3 && strings.Contains(err.Error(), a.Value) {
						t.Fatalf("error %q echoes a value", err)
					}
				}
			}
		})
	}
}

func TestClientLists(t *testing.T) {
	s := testSchema(t)
	for _, tc := range []struct {
		name        string
		read, write []string
		updating    bool
		msg         string
	}{
		{"defaults", nil, nil, false, ""},
		{"declared names", []string{"email", "custom:tier", "dev:custom:secret", "email_verified"}, []string{"email", "custom:tier", "email_verified"}, false, ""},
		{"undeclared read", []string{"custom:x"}, nil, false, "Invalid read attributes specified while creating a client"},
		{"undeclared write", nil, []string{"tier"}, true, "Invalid write attributes specified while updating a client"},
		{"write sub", nil, []string{"sub"}, false, "Invalid write attributes specified while creating a client"},
		{"write dev attribute", nil, []string{"dev:custom:secret"}, false, "Invalid write attributes specified while creating a client"},
		{"write claim", nil, []string{"cognito:groups"}, false, "Invalid write attributes specified while creating a client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Client(tc.read, tc.write, tc.updating)
			if tc.msg == "" {
				wantErr(t, err, "", "")
			} else {
				wantErr(t, err, bad, tc.msg)
			}
		})
	}
}

func TestReadable(t *testing.T) {
	s := testSchema(t)
	user := attrs("sub", "u-1", "email", "a@example.com", "email_verified", "true", "custom:tier", "gold", "dev:custom:secret", "s",
		"cognito:groups", "admins", "iss", "x")
	def, _ := s.Client(nil, nil, false)
	only, _ := s.Client([]string{"email"}, nil, false)
	later, err := s.Add(strDecl("plan", "0", "9"))
	wantErr(t, err, "", "")
	for _, tc := range []struct {
		name   string
		s      *schema.Schema
		client *schema.Client
		attrs  []schema.Attr
		want   string
	}{
		{"default client", s, def, user, "sub email email_verified custom:tier dev:custom:secret"},
		{"read list", s, only, user, "sub email"},
		{"administrator", s, nil, user, "sub email email_verified custom:tier dev:custom:secret"},
		{"default client sees later attributes", later, def, append(attrs("custom:plan", "p"), user...), "custom:plan sub email email_verified custom:tier dev:custom:secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, a := range tc.s.Readable(tc.client, tc.attrs) {
				got = append(got, a.Name)
			}
			if strings.Join(got, " ") != tc.want {
				t.Fatalf("got %v, want %s", got, tc.want)
			}
		})
	}
	if len(user) != 7 || user[5].Name != "cognito:groups" {
		t.Fatal("Readable changed its input")
	}
}

func TestMissing(t *testing.T) {
	s, err := schema.New([]schema.Decl{{Name: "given_name", Required: ptr(true)}, {Name: "email", Required: ptr(true)}})
	wantErr(t, err, "", "")
	got := s.Missing(attrs("email", "a@example.com", "given_name", ""))
	if strings.Join(got, ",") != "given_name" {
		t.Fatalf("Missing = %v", got)
	}
	if r := strings.Join(s.Required(), ","); r != "sub,given_name,email" {
		t.Fatalf("Required = %s", r)
	}
}

func TestReserved(t *testing.T) {
	for _, n := range []string{"iss", "aud", "exp", "iat", "nbf", "auth_time", "token_use", "jti", "origin_jti", "event_id", "client_id",
		"scope", "username", "cognito:username", "cognito:groups", "cognito:roles", "cognito:anything", "sub", "nonce", "at_hash", "c_hash", "device_key"} {
		if !schema.Reserved(n) {
			t.Errorf("Reserved(%q) = false", n)
		}
	}
	for _, n := range []string{"email", "name", "custom:iss", "custom:cognito:groups", "dev:custom:aud", "phone_number", "Iss", "cognito"} {
		if schema.Reserved(n) {
			t.Errorf("Reserved(%q) = true", n)
		}
	}
}
