package middleware

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// AuditAPI is what Audit calls: *cognitoidentityprovider.Client implements it. The
// caller needs cognito-idp:DescribeUserPool, ListUserPoolClients and
// DescribeUserPoolClient.
type AuditAPI interface {
	DescribeUserPool(ctx context.Context, in *cip.DescribeUserPoolInput, optFns ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error)
	ListUserPoolClients(ctx context.Context, in *cip.ListUserPoolClientsInput, optFns ...func(*cip.Options)) (*cip.ListUserPoolClientsOutput, error)
	DescribeUserPoolClient(ctx context.Context, in *cip.DescribeUserPoolClientInput, optFns ...func(*cip.Options)) (*cip.DescribeUserPoolClientOutput, error)
}

// Severity ranks a Risk.
type Severity uint8

// Severities, from the least to the most severe.
const (
	Info Severity = iota
	Low
	Medium
	High
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "Severity(" + fmt.Sprint(uint8(s)) + ")"
}

// Risk IDs: stable strings an application can match on.
const (
	RiskLegacyClient    = "legacy-client"    // PreventUserExistenceErrors is LEGACY
	RiskSRPUserID       = "srp-user-id"      // usernames not UUIDs, SRP allowed: USER_ID_FOR_SRP tells
	RiskSignUpExists    = "signup-exists"    // SignUp answers UsernameExistsException
	RiskUnconfirmed     = "unconfirmed"      // sign-in answers UserNotConfirmedException
	RiskDisabled        = "disabled"         // sign-in answers "User is disabled."
	RiskAliasExists     = "alias-exists"     // ConfirmSignUp answers AliasExistsException
	RiskCustomAuth      = "custom-auth"      // CUSTOM_AUTH: the triggers must simulate unknown users
	RiskUserAuthFlow    = "user-auth"        // USER_AUTH (choice-based) on LEGACY: emulated, with the stable choice's residue
	RiskAdminOperations = "admin-operations" // Admin* operations are never masked
	RiskCaseSensitive   = "case-sensitive"   // case-sensitive usernames: "Alice" and "alice" are two accounts

	// Deprecated: RiskAliasSRP was reported for alias pools only; Audit reports
	// RiskSRPUserID for every pool whose usernames are not UUIDs, alias pools included.
	RiskAliasSRP = RiskSRPUserID
)

// Risk is one enumeration risk of a pool or an app client.
type Risk struct {
	ID         string
	Severity   Severity
	ClientID   string // empty for a risk of the whole pool
	ClientName string
	// Summary says what leaks and how.
	Summary string
	// Fix says what closes the risk: the middleware option, or a pool setting when
	// no option can.
	Fix string
	// ClosedBy is the middleware option that closes the risk ("" if none does).
	ClosedBy string
}

// ClientReport is the part of an app client's settings the audit looked at.
type ClientReport struct {
	ID, Name                   string
	PreventUserExistenceErrors string // "ENABLED" or "LEGACY"
	AuthFlows                  []string
	HasSecret                  bool
}

// Report is the result of Audit.
type Report struct {
	UserPoolID             string
	PoolName               string
	UsernameAttributes     []string // email / phone_number as username
	AliasAttributes        []string // email / phone_number / preferred_username as aliases
	AutoVerifiedAttributes []string
	CaseSensitive          bool
	SelfSignUp             bool // AllowAdminCreateUserOnly is false
	Clients                []ClientReport
	Risks                  []Risk // most severe first
}

// Options returns the middleware options that describe the pool: its id and
// auto-verified attributes, its username and alias attributes, and how it compares
// usernames (NormalizeCaseSensitive or NormalizeCaseInsensitive). ForPool reads
// the same facts and builds the Masker in one step.
func (r Report) Options() []Option {
	opts := []Option{WithUserPool(r.UserPoolID, r.AutoVerifiedAttributes...)}
	if len(r.UsernameAttributes) > 0 {
		opts = append(opts, WithUsernameAttributes(r.UsernameAttributes...))
	}
	if len(r.AliasAttributes) > 0 {
		opts = append(opts, WithAliasAttributes(r.AliasAttributes...))
	}
	if r.CaseSensitive {
		opts = append(opts, WithNormalize(NormalizeCaseSensitive))
	} else {
		opts = append(opts, WithNormalize(NormalizeCaseInsensitive))
	}
	return opts
}

// Audit reads the user pool and each of its app clients and reports every
// enumeration risk it finds, and which middleware option closes each.
func Audit(ctx context.Context, client AuditAPI, userPoolID string) (Report, error) {
	rep := Report{UserPoolID: userPoolID}
	po, err := client.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(userPoolID)})
	if err != nil {
		return rep, fmt.Errorf("middleware: audit: describe user pool: %w", err)
	}
	if po.UserPool == nil {
		return rep, fmt.Errorf("middleware: audit: describe user pool: empty answer")
	}
	up := po.UserPool
	rep.PoolName = aws.ToString(up.Name)
	for _, a := range up.UsernameAttributes {
		rep.UsernameAttributes = append(rep.UsernameAttributes, string(a))
	}
	for _, a := range up.AliasAttributes {
		rep.AliasAttributes = append(rep.AliasAttributes, string(a))
	}
	for _, a := range up.AutoVerifiedAttributes {
		rep.AutoVerifiedAttributes = append(rep.AutoVerifiedAttributes, string(a))
	}
	// A pool without UsernameConfiguration (created before it existed, or through
	// the API without it) is case sensitive.
	rep.CaseSensitive = up.UsernameConfiguration == nil || aws.ToBool(up.UsernameConfiguration.CaseSensitive)
	rep.SelfSignUp = up.AdminCreateUserConfig == nil || !up.AdminCreateUserConfig.AllowAdminCreateUserOnly

	var token *string
	for {
		lo, err := client.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(userPoolID), MaxResults: aws.Int32(60), NextToken: token})
		if err != nil {
			return rep, fmt.Errorf("middleware: audit: list user pool clients: %w", err)
		}
		for _, d := range lo.UserPoolClients {
			co, err := client.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(userPoolID), ClientId: d.ClientId})
			if err != nil {
				return rep, fmt.Errorf("middleware: audit: describe user pool client: %w", err)
			}
			if co.UserPoolClient == nil {
				continue
			}
			rep.Clients = append(rep.Clients, clientReport(co.UserPoolClient))
		}
		token = lo.NextToken
		if aws.ToString(token) == "" {
			break
		}
	}
	rep.Risks = risks(rep)
	return rep, nil
}

func clientReport(c *types.UserPoolClientType) ClientReport {
	cr := ClientReport{ID: aws.ToString(c.ClientId), Name: aws.ToString(c.ClientName), HasSecret: aws.ToString(c.ClientSecret) != ""}
	cr.PreventUserExistenceErrors = string(c.PreventUserExistenceErrors)
	if cr.PreventUserExistenceErrors == "" {
		cr.PreventUserExistenceErrors = string(types.PreventUserExistenceErrorTypesLegacy)
	}
	flows := c.ExplicitAuthFlows
	if len(flows) == 0 { // Cognito's default
		flows = []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowCustomAuth,
			types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}
	}
	for _, f := range flows {
		cr.AuthFlows = append(cr.AuthFlows, string(f))
	}
	return cr
}

func (c ClientReport) allows(flows ...types.ExplicitAuthFlowsType) bool {
	for _, f := range flows {
		if slices.Contains(c.AuthFlows, string(f)) {
			return true
		}
	}
	return false
}

func (c ClientReport) legacy() bool {
	return c.PreventUserExistenceErrors != string(types.PreventUserExistenceErrorTypesEnabled)
}

func risks(rep Report) []Risk {
	var out []Risk
	add := func(r Risk) { out = append(out, r) }
	aliasSignIn := len(rep.AliasAttributes) > 0 && len(rep.UsernameAttributes) == 0
	// Cognito makes the usernames of email/phone-as-username pools UUIDs; every other
	// pool's are what the application chose.
	plainNames := len(rep.UsernameAttributes) == 0
	for _, c := range rep.Clients {
		if c.legacy() {
			add(Risk{ID: RiskLegacyClient, Severity: High, ClientID: c.ID, ClientName: c.Name,
				Summary: "PreventUserExistenceErrors is LEGACY: sign-in answers UserNotFoundException and PasswordResetRequiredException, " +
					"ForgotPassword and ResendConfirmationCode refuse unknown, disabled and unverified users, and the confirmations answer " +
					"UserNotFoundException, so every one of them tells whether an account exists.",
				Fix: "Add middleware.WithMasking to every client that uses this app client (it emulates ENABLED), " +
					"or set PreventUserExistenceErrors to ENABLED (UpdateUserPoolClient resets the settings it is not given).",
				ClosedBy: "WithMasking"})
		}
		srp := c.allows(types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowUserAuth)
		if plainNames && srp {
			add(srpUserIDRisk(rep, c, aliasSignIn))
		}
		if c.allows(types.ExplicitAuthFlowsTypeAllowCustomAuth, types.ExplicitAuthFlowsTypeCustomAuthFlowOnly) {
			add(Risk{ID: RiskCustomAuth, Severity: Low, ClientID: c.ID, ClientName: c.Name,
				Summary: "CUSTOM_AUTH is allowed: under ENABLED the Define, Create and Verify Auth Challenge triggers run with " +
					"userNotFound true and must simulate challenges for unknown users; on LEGACY the middleware can only answer the generic failure.",
				Fix: "Make the triggers treat userNotFound like a wrong answer, or remove ALLOW_CUSTOM_AUTH if unused."})
		}
		if c.allows(types.ExplicitAuthFlowsTypeAllowUserAuth) && c.legacy() {
			add(Risk{ID: RiskUserAuthFlow, Severity: Low, ClientID: c.ID, ClientName: c.Name,
				Summary: "USER_AUTH (choice-based sign-in) is allowed on a LEGACY client: the middleware answers its unknown users with " +
					"simulated challenges as ENABLED does, from the pool's sign-in policy (ForPool reads it), and every unknown name " +
					"looks like a user who set up every factor the pool serves: someone who knows a real user has fewer can tell her apart.",
				Fix: "Build the Masker with ForPool (DescribeUserPool and GetUserPoolMfaConfig) and keep FactorChoiceStable, or set " +
					"PreventUserExistenceErrors to ENABLED (whose random choice changes per request)."})
		}
	}
	if rep.SelfSignUp {
		add(Risk{ID: RiskSignUpExists, Severity: Medium,
			Summary: "Self sign-up is on: SignUp answers UsernameExistsException for a taken username (\"An account with the given " +
				"email already exists.\" when the email is the username). Cognito never masks it, ENABLED or not.",
			Fix:      "middleware.WithSimulatedSignUp(notify): answer as if a code had been sent, and tell the real owner through notify.",
			ClosedBy: "WithSimulatedSignUp"})
		add(Risk{ID: RiskUnconfirmed, Severity: Low,
			Summary:  "Sign-in answers UserNotConfirmedException for an unconfirmed account, even with a wrong password. Cognito never masks it.",
			Fix:      "middleware.WithGenericUnconfirmed(): the generic failure instead (the app can no longer offer to resend the code).",
			ClosedBy: "WithGenericUnconfirmed"})
		if aliasSignIn {
			add(Risk{ID: RiskAliasExists, Severity: Low,
				Summary: "Alias pool: SignUp accepts an email or phone number another user has verified, and ConfirmSignUp then answers " +
					"AliasExistsException, which tells that the address is in use.",
				Fix: "Confirm with ForceAliasCreation true (the alias moves to the new account once verified), or handle the answer as a wrong code."})
		}
	}
	add(Risk{ID: RiskDisabled, Severity: Low,
		Summary:  "Sign-in answers \"User is disabled.\" for a disabled account (ENABLED: after a right password; LEGACY: whatever the password).",
		Fix:      "middleware.WithGenericDisabled(): the generic failure instead.",
		ClosedBy: "WithGenericDisabled"})
	if rep.CaseSensitive {
		add(Risk{ID: RiskCaseSensitive, Severity: Info,
			Summary: "Usernames are case sensitive: \"Alice\" and \"alice\" are two accounts, and simulated answers are keyed by the typed name.",
			Fix:     "Create pools with UsernameConfiguration CaseSensitive false (it cannot be changed later); give the middleware WithNormalize(strings.ToLower) when it is."})
	}
	add(Risk{ID: RiskAdminOperations, Severity: Info,
		Summary: "Admin operations other than AdminInitiateAuth and AdminRespondToAuthChallenge (AdminGetUser, AdminSetUserPassword, ...) " +
			"answer UserNotFoundException \"User does not exist.\"; token operations answer it for deleted users.",
		Fix: "Never forward their errors to users: map them with errorsx before answering."})
	slices.SortStableFunc(out, func(a, b Risk) int { return int(b.Severity) - int(a.Severity) })
	return out
}

// srpUserIDRisk is RiskSRPUserID for client c of a pool whose usernames are not UUIDs.
func srpUserIDRisk(rep Report, c ClientReport, aliasSignIn bool) Risk {
	how := "Users sign in with their username"
	if aliasSignIn {
		how = "Users sign in with their username or an alias (" + strings.Join(rep.AliasAttributes, ", ") + ")"
	}
	return Risk{ID: RiskSRPUserID, Severity: High, ClientID: c.ID, ClientName: c.Name,
		Summary: how + ", usernames are not UUIDs, and SRP is allowed: the PASSWORD_VERIFIER challenge of a real user " +
			"carries the username as USER_ID_FOR_SRP, that of an unknown user a simulated UUID, so USER_SRP_AUTH tells " +
			"whether an account exists unless every username is a UUID. ENABLED does not hide it (AWS documents it), " +
			"and neither can the middleware.",
		Fix: "Use email or phone number as username (UsernameAttributes: Cognito makes every username a UUID), or give " +
			"users UUID usernames (the app draws one at sign-up), or remove ALLOW_USER_SRP_AUTH and ALLOW_USER_AUTH from this " +
			"client and sign in with USER_PASSWORD_AUTH from the backend."}
}

// String writes the report for people: the pool, its clients, then each risk with
// what closes it.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Enumeration audit of user pool %s (%s)\n", r.UserPoolID, r.PoolName)
	signIn := "username"
	switch {
	case len(r.UsernameAttributes) > 0:
		signIn = strings.Join(r.UsernameAttributes, " or ") + " as username"
	case len(r.AliasAttributes) > 0:
		signIn = "username or alias (" + strings.Join(r.AliasAttributes, ", ") + ")"
	}
	caseS := "case insensitive"
	if r.CaseSensitive {
		caseS = "case sensitive"
	}
	signUp := "admin-only sign-up"
	if r.SelfSignUp {
		signUp = "self sign-up"
	}
	fmt.Fprintf(&b, "  sign-in: %s; %s; %s; auto-verified: %s\n", signIn, caseS, signUp, listOrNone(r.AutoVerifiedAttributes))
	fmt.Fprintf(&b, "  app clients (%d):\n", len(r.Clients))
	for _, c := range r.Clients {
		secret := ""
		if c.HasSecret {
			secret = ", with secret"
		}
		fmt.Fprintf(&b, "    %s %s: %s%s; flows %s\n", c.Name, c.ID, c.PreventUserExistenceErrors, secret, strings.Join(c.AuthFlows, ", "))
	}
	fmt.Fprintf(&b, "risks (%d):\n", len(r.Risks))
	for _, k := range r.Risks {
		where := "pool"
		if k.ClientID != "" {
			where = "client " + k.ClientName + " " + k.ClientID
		}
		fmt.Fprintf(&b, "  [%s] %s (%s)\n", k.Severity, k.ID, where)
		wrap(&b, "      ", k.Summary)
		wrap(&b, "      ", "fix: "+k.Fix)
	}
	return b.String()
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

// wrap writes text in lines of at most about 96 columns, each starting with indent.
func wrap(b *strings.Builder, indent, text string) {
	const width = 96
	col := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && col+1+len(w) > width {
			b.WriteByte('\n')
			col = 0
		}
		if col == 0 {
			b.WriteString(indent)
			col = len(indent)
		} else {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	b.WriteByte('\n')
}
