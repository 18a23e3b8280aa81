package mockpool_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/mockpool"
)

// The attribute schema through the real SDK client: CreateUserPool's Schema,
// DescribeUserPool's SchemaAttributes, AddCustomAttributes and its refusals,
// GetCSVHeader's custom columns, the app client's ReadAttributes and
// WriteAttributes, required and immutable attributes, and a schema that
// survives a restart (SaveState/LoadState and the durable state).

func tierDecl() types.SchemaAttributeType {
	return types.SchemaAttributeType{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString,
		StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("1"), MaxLength: aws.String("16")}}
}

func schemaNames(attrs []types.SchemaAttributeType) []string {
	out := make([]string, len(attrs))
	for i, a := range attrs {
		out[i] = aws.ToString(a.Name)
	}
	return out
}

func describeSchema(t *testing.T, c *cip.Client, pool string) []types.SchemaAttributeType {
	t.Helper()
	out, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &pool})
	noErr(t, err)
	return out.UserPool.SchemaAttributes
}

// standardNames are DescribeUserPool's standard attributes, in Cognito's order.
var standardNames = []string{"sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
	"picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified",
	"address", "updated_at", "identities"}

func TestSchemaDescribeAndAdd(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{
		{Name: aws.String("email"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true), Mutable: aws.Bool(true)},
		tierDecl()}})
	got := describeSchema(t, c, pool)
	if want := append(append([]string(nil), standardNames...), "custom:tier"); !reflect.DeepEqual(schemaNames(got), want) {
		t.Fatalf("SchemaAttributes %v\nwant %v", schemaNames(got), want)
	}
	sub, email, tier := got[0], got[10], got[len(got)-1]
	if !aws.ToBool(sub.Required) || aws.ToBool(sub.Mutable) || sub.AttributeDataType != types.AttributeDataTypeString {
		t.Errorf("sub: required %v mutable %v type %v", aws.ToBool(sub.Required), aws.ToBool(sub.Mutable), sub.AttributeDataType)
	}
	if !aws.ToBool(email.Required) {
		t.Error("email is not required")
	}
	if tier.AttributeDataType != types.AttributeDataTypeString || !aws.ToBool(tier.Mutable) || aws.ToBool(tier.Required) ||
		tier.StringAttributeConstraints == nil || aws.ToString(tier.StringAttributeConstraints.MaxLength) != "16" {
		t.Errorf("custom:tier echoed as %+v", tier)
	}

	_, err := c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &pool, CustomAttributes: []types.SchemaAttributeType{
		{Name: aws.String("plan"), AttributeDataType: types.AttributeDataTypeString},
		{Name: aws.String("seats"), AttributeDataType: types.AttributeDataTypeNumber, Mutable: aws.Bool(false),
			NumberAttributeConstraints: &types.NumberAttributeConstraintsType{MinValue: aws.String("1"), MaxValue: aws.String("100")}}}})
	noErr(t, err)
	got = describeSchema(t, c, pool)
	if names := schemaNames(got); !reflect.DeepEqual(names[len(names)-3:], []string{"custom:tier", "custom:plan", "custom:seats"}) {
		t.Fatalf("after AddCustomAttributes: %v", names)
	}
	h, err := c.GetCSVHeader(ctx, &cip.GetCSVHeaderInput{UserPoolId: &pool})
	noErr(t, err)
	if n := len(h.CSVHeader); n < 5 || !reflect.DeepEqual(h.CSVHeader[n-5:], []string{"custom:tier", "custom:plan", "custom:seats", "cognito:mfa_enabled", "cognito:username"}) {
		t.Errorf("GetCSVHeader: %v", h.CSVHeader)
	}

	many := make([]types.SchemaAttributeType, 26)
	for i := range many {
		many[i] = types.SchemaAttributeType{Name: aws.String(fmt.Sprintf("m%d", i)), AttributeDataType: types.AttributeDataTypeString}
	}
	for _, tc := range []struct {
		name   string
		pool   string
		custom []types.SchemaAttributeType
		code   string
		msg    string
	}{
		{"name taken", pool, []types.SchemaAttributeType{{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString}},
			cognito.CodeInvalidParameter, cognito.MsgSchemaNameTaken("custom:tier")},
		{"required custom", pool, []types.SchemaAttributeType{{Name: aws.String("x"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true)}},
			cognito.CodeInvalidParameter, cognito.MsgRequiredCustom},
		{"bad type", pool, []types.SchemaAttributeType{{Name: aws.String("x"), AttributeDataType: "Text"}},
			cognito.CodeInvalidParameter, cognito.MsgInvalidDataType},
		{"name too long", pool, []types.SchemaAttributeType{{Name: aws.String(strings.Repeat("n", 21)), AttributeDataType: types.AttributeDataTypeString}},
			cognito.CodeInvalidParameter, cognito.MsgMemberLength(strings.Repeat("n", 21), "customAttributes.1.member.name", 20)},
		{"empty list", pool, []types.SchemaAttributeType{}, cognito.CodeInvalidParameter,
			"1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"26 in one request", pool, many, cognito.CodeInvalidParameter,
			"1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must have length less than or equal to 25"},
		{"unknown pool", "us-east-1_nopool", []types.SchemaAttributeType{{Name: aws.String("x"), AttributeDataType: types.AttributeDataTypeString}},
			cognito.CodeResourceNotFound, cognito.MsgUserPoolNotFound("us-east-1_nopool")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: aws.String(tc.pool), CustomAttributes: tc.custom})
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	if n := len(describeSchema(t, c, pool)); n != len(standardNames)+3 {
		t.Fatalf("refused additions changed the schema: %d attributes", n)
	}

	// The limit: 50 custom attributes in all (3 declared).
	for i := 0; i < 47; i += 25 {
		batch := many[:min(25, 47-i)]
		for j := range batch {
			batch[j].Name = aws.String(fmt.Sprintf("a%d", i+j))
		}
		_, err := c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &pool, CustomAttributes: batch})
		noErr(t, err)
	}
	_, err = c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &pool,
		CustomAttributes: []types.SchemaAttributeType{{Name: aws.String("one"), AttributeDataType: types.AttributeDataTypeString}}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgTooManyCustom)
}

func TestCreateUserPoolRefusesABadSchema(t *testing.T) {
	_, c, _ := newServer(t)
	for _, tc := range []struct {
		name   string
		schema []types.SchemaAttributeType
		msg    string
	}{
		{"standard type changed", []types.SchemaAttributeType{{Name: aws.String("email"), AttributeDataType: types.AttributeDataTypeNumber}},
			"email" + cognito.MsgStandardChangedSuffix},
		{"declared twice", []types.SchemaAttributeType{tierDecl(), tierDecl()}, cognito.MsgSchemaNameTaken("custom:tier")},
		{"min above max", []types.SchemaAttributeType{{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString,
			StringAttributeConstraints: &types.StringAttributeConstraintsType{MinLength: aws.String("9"), MaxLength: aws.String("2")}}},
			"custom:tier" + cognito.MsgConstraintsInvalidSuffix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("p"), Schema: tc.schema})
			apiErr(t, err, cognito.CodeInvalidParameter, tc.msg)
		})
	}
	pools, err := c.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	noErr(t, err)
	if len(pools.UserPools) != 0 {
		t.Fatalf("a refused CreateUserPool made %d pools", len(pools.UserPools))
	}
}

// TestClientReadWriteAttributes: CreateUserPoolClient and UpdateUserPoolClient
// refuse names outside the schema; the lists are echoed; GetUser through a
// client's access token and that client's ID token show only what it may read,
// while AdminGetUser shows everything; WriteAttributes bounds SignUp.
func TestClientReadWriteAttributes(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{tierDecl()}})
	flows := []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}
	_, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("bad"),
		ReadAttributes: []string{"email", "custom:nope"}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgInvalidClientAttributes("read", false))
	_, err = c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("bad"),
		WriteAttributes: []string{"sub"}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgInvalidClientAttributes("write", false))

	read, write := []string{"email", "custom:tier"}, []string{"email", "given_name", "custom:tier"}
	out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("narrow"),
		ExplicitAuthFlows: flows, ReadAttributes: read, WriteAttributes: write})
	noErr(t, err)
	narrow := *out.UserPoolClient.ClientId
	d, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &pool, ClientId: &narrow})
	noErr(t, err)
	if !reflect.DeepEqual(d.UserPoolClient.ReadAttributes, read) || !reflect.DeepEqual(d.UserPoolClient.WriteAttributes, write) {
		t.Fatalf("echoed ReadAttributes %v WriteAttributes %v", d.UserPoolClient.ReadAttributes, d.UserPoolClient.WriteAttributes)
	}
	_, err = c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &pool, ClientId: &narrow, ExplicitAuthFlows: flows,
		ReadAttributes: read, WriteAttributes: []string{"custom:nope"}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgInvalidClientAttributes("write", true))
	_, err = c.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &pool, ClientId: &narrow, ExplicitAuthFlows: flows,
		ReadAttributes: read, WriteAttributes: write})
	noErr(t, err)

	// WriteAttributes bounds SignUp: family_name is not in it.
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &narrow, Username: aws.String("ann"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("email", "ann@example.com"), strAttr("family_name", "Lee")}})
	apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute)
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &narrow, Username: aws.String("ann"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("email", "ann@example.com"), strAttr("given_name", "Ann"), strAttr("custom:tier", "gold")}})
	noErr(t, err)
	_, err = c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &pool, Username: aws.String("ann")})
	noErr(t, err)
	auth, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &narrow, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ann", "PASSWORD": goodPW}})
	noErr(t, err)

	u, err := c.GetUser(ctx, &cip.GetUserInput{AccessToken: auth.AuthenticationResult.AccessToken})
	noErr(t, err)
	if got := attrNames(u.UserAttributes); !reflect.DeepEqual(got, []string{"sub", "email", "custom:tier"}) {
		t.Errorf("GetUser through the narrow client: %v", got)
	}
	id := tokenClaims(t, *auth.AuthenticationResult.IdToken)
	if _, ok := id["given_name"]; ok || id["email"] != "ann@example.com" || id["custom:tier"] != "gold" {
		t.Errorf("ID token of the narrow client: given_name %v email %v custom:tier %v", id["given_name"], id["email"], id["custom:tier"])
	}
	a, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &pool, Username: aws.String("ann")})
	noErr(t, err)
	if attrOf(a.UserAttributes, "given_name") != "Ann" {
		t.Errorf("AdminGetUser: %v", attrNames(a.UserAttributes))
	}
	list, err := c.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: &pool})
	noErr(t, err)
	if len(list.Users) != 1 || attrOf(list.Users[0].Attributes, "given_name") != "Ann" {
		t.Errorf("ListUsers: %+v", list.Users)
	}

	// A default client reads and writes a custom attribute added later.
	def, _ := createClient(t, c, pool, legacy, false)
	_, err = c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &pool,
		CustomAttributes: []types.SchemaAttributeType{{Name: aws.String("plan"), AttributeDataType: types.AttributeDataTypeString}}})
	noErr(t, err)
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &def, Username: aws.String("bob"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("email", "bob@example.com"), strAttr("custom:plan", "pro")}})
	noErr(t, err)
	// The narrow client's WriteAttributes do not grow with the schema.
	_, err = c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: auth.AuthenticationResult.AccessToken,
		UserAttributes: []types.AttributeType{strAttr("custom:plan", "pro")}})
	apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute)
	_, err = c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: auth.AuthenticationResult.AccessToken,
		UserAttributes: []types.AttributeType{strAttr("custom:tier", strings.Repeat("t", 17))}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgSchemaPrefix+cognito.MsgSchemaProblem("custom:tier", cognito.ProblemTooLong(16)))
}

func attrNames(list []types.AttributeType) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = aws.ToString(a.Name)
	}
	return out
}

// TestRequiredAndImmutableAttributes: SignUp must supply a required attribute
// (AdminCreateUser may leave it out); an immutable custom attribute is set at
// creation and refused afterwards, to the user and the administrator alike.
func TestRequiredAndImmutableAttributes(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{
		{Name: aws.String("given_name"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true), Mutable: aws.Bool(true)},
		{Name: aws.String("org"), AttributeDataType: types.AttributeDataTypeString, Mutable: aws.Bool(false)}}})
	client, _ := createClient(t, c, pool, legacy, false)
	_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("ann"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("custom:org", "acme")}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgSchemaPrefix+cognito.MsgSchemaProblem("given_name", cognito.ProblemRequired))
	_, err = c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("ann"), Password: aws.String(goodPW),
		UserAttributes: []types.AttributeType{strAttr("given_name", "Ann"), strAttr("custom:org", "acme")}})
	noErr(t, err)
	_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("bob"),
		UserAttributes: []types.AttributeType{strAttr("custom:org", "acme")}, MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, err = c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &pool, Username: aws.String("bob"),
		UserAttributes: []types.AttributeType{strAttr("custom:org", "other")}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgImmutableLine("custom:org"))
	_, err = c.AdminConfirmSignUp(ctx, &cip.AdminConfirmSignUpInput{UserPoolId: &pool, Username: aws.String("ann")})
	noErr(t, err)
	auth, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: &client, AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ann", "PASSWORD": goodPW}})
	noErr(t, err)
	_, err = c.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: auth.AuthenticationResult.AccessToken,
		UserAttributes: []types.AttributeType{strAttr("custom:org", "acme")}})
	apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgImmutableLine("custom:org"))
	u, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &pool, Username: aws.String("bob")})
	noErr(t, err)
	if attrOf(u.UserAttributes, "custom:org") != "acme" {
		t.Fatalf("custom:org changed: %v", u.UserAttributes)
	}
}

// TestOversizedAttributeListsRefusedAtOnce: a 29,000-entry list is refused by
// its length before any entry is looked at, at every operation that takes one.
func TestOversizedAttributeListsRefusedAtOnce(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	client, _ := createClient(t, c, pool, legacy, false)
	huge := make([]types.AttributeType, 29000)
	for i := range huge {
		huge[i] = strAttr("custom:x", "1")
	}
	want := cognito.MsgTooManyAttributes("userAttributes")
	_, err := c.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("ann"), Password: aws.String(goodPW), UserAttributes: huge})
	apiErr(t, err, cognito.CodeInvalidParameter, want)
	_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("ann"), UserAttributes: huge})
	apiErr(t, err, cognito.CodeInvalidParameter, want)
	_, err = c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("bob"), MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	_, err = c.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &pool, Username: aws.String("bob"), UserAttributes: huge})
	apiErr(t, err, cognito.CodeInvalidParameter, want)
}

// TestSchemaSurvivesRestart: the schema (CreateUserPool's and AddCustomAttributes',
// the latter made after UseState, so through the journal) and the app clients'
// attribute lists come back from the durable state and from SaveState/LoadState.
func TestSchemaSurvivesRestart(t *testing.T) {
	s, c, clk := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{tierDecl()}})
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := mockpool.OpenState(path)
	noErr(t, err)
	noErr(t, s.UseState(st))
	_, err = c.AddCustomAttributes(ctx, &cip.AddCustomAttributesInput{UserPoolId: &pool, CustomAttributes: []types.SchemaAttributeType{
		{Name: aws.String("plan"), AttributeDataType: types.AttributeDataTypeString, Mutable: aws.Bool(false)}}})
	noErr(t, err)
	out, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &pool, ClientName: aws.String("narrow"),
		ReadAttributes: []string{"custom:plan"}, WriteAttributes: []string{"email", "custom:tier"}})
	noErr(t, err)
	client := *out.UserPoolClient.ClientId
	before := describeSchema(t, c, pool)
	var saved bytes.Buffer
	noErr(t, s.SaveState(&saved))
	noErr(t, st.Close())

	check := func(t *testing.T, c2 *cip.Client) {
		t.Helper()
		if got := describeSchema(t, c2, pool); !reflect.DeepEqual(got, before) {
			t.Fatalf("schema after restart:\n%v\nbefore:\n%v", schemaNames(got), schemaNames(before))
		}
		_, err := c2.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("ann"), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{strAttr("email", "ann@example.com"), strAttr("custom:tier", "gold")}})
		noErr(t, err)
		// WriteAttributes survived: custom:plan is not in them.
		_, err = c2.SignUp(ctx, &cip.SignUpInput{ClientId: &client, Username: aws.String("bob"), Password: aws.String(goodPW),
			UserAttributes: []types.AttributeType{strAttr("custom:plan", "pro")}})
		apiErr(t, err, cognito.CodeNotAuthorized, cognito.MsgUnauthorizedAttribute)
		// custom:plan is still immutable.
		_, err = c2.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("cy"),
			UserAttributes: []types.AttributeType{strAttr("custom:plan", "pro")}, MessageAction: types.MessageActionTypeSuppress})
		noErr(t, err)
		_, err = c2.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: &pool, Username: aws.String("cy"),
			UserAttributes: []types.AttributeType{strAttr("custom:plan", "free")}})
		apiErr(t, err, cognito.CodeInvalidParameter, cognito.MsgImmutableLine("custom:plan"))
	}
	t.Run("durable state", func(t *testing.T) {
		st2, err := mockpool.OpenState(path)
		noErr(t, err)
		defer st2.Close()
		s2 := mockpool.New(mockpool.WithClock(clk.now), mockpool.WithFixedCode("123456"))
		noErr(t, s2.UseState(st2))
		check(t, s2.Client())
	})
	t.Run("SaveState", func(t *testing.T) {
		s3, c3, _ := newServer(t)
		noErr(t, s3.LoadState(&saved))
		check(t, c3)
	})
}

// TestNewPasswordRequiredAsksForRequiredAttributes: a user an administrator
// created without a required attribute is asked for it at NEW_PASSWORD_REQUIRED
// (requiredAttributes) and cannot finish without it.
func TestNewPasswordRequiredAsksForRequiredAttributes(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{Schema: []types.SchemaAttributeType{
		{Name: aws.String("given_name"), AttributeDataType: types.AttributeDataTypeString, Required: aws.Bool(true), Mutable: aws.Bool(true)}}})
	client, _ := createClient(t, c, pool, legacy, false)
	const temp = "Temp0rary!pw"
	_, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: &pool, Username: aws.String("ann"), TemporaryPassword: aws.String(temp),
		MessageAction: types.MessageActionTypeSuppress})
	noErr(t, err)
	start := func() *cip.AdminInitiateAuthOutput {
		out, err := c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{UserPoolId: &pool, ClientId: &client,
			AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, AuthParameters: map[string]string{"USERNAME": "ann", "PASSWORD": temp}})
		noErr(t, err)
		return out
	}
	ch := start()
	if ch.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || ch.ChallengeParameters["requiredAttributes"] != `["userAttributes.given_name"]` {
		t.Fatalf("challenge %s, requiredAttributes %q", ch.ChallengeName, ch.ChallengeParameters["requiredAttributes"])
	}
	respond := func(session *string, extra map[string]string) error {
		r := map[string]string{"USERNAME": "ann", "NEW_PASSWORD": goodPW}
		for k, v := range extra {
			r[k] = v
		}
		_, err := c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{UserPoolId: &pool, ClientId: &client,
			ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: session, ChallengeResponses: r})
		return err
	}
	apiErr(t, respond(ch.Session, nil), cognito.CodeInvalidParameter, cognito.MsgRequiredMissing("given_name"))
	apiErr(t, respond(ch.Session, map[string]string{"userAttributes.given_name": ""}), cognito.CodeInvalidParameter, cognito.MsgRequiredMissing("given_name"))
	apiErr(t, respond(ch.Session, map[string]string{"userAttributes.cognito:groups": "admins"}), cognito.CodeInvalidParameter, notInSchema("cognito:groups"))
	noErr(t, respond(ch.Session, map[string]string{"userAttributes.given_name": "Ann"}))
	u, err := c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &pool, Username: aws.String("ann")})
	noErr(t, err)
	if u.UserStatus != types.UserStatusTypeConfirmed || attrOf(u.UserAttributes, "given_name") != "Ann" {
		t.Fatalf("status %s, given_name %q", u.UserStatus, attrOf(u.UserAttributes, "given_name"))
	}
}
