package mockpool

// The README's operations table: every operation of the SDK's client
// (cognito.Operations), whether the server serves it (the operations table of
// routes.go) and, from opNotes, what the mock does not do. TestREADMEOperations
// keeps README.md in sync; rewrite it with
// `go test ./mockpool -run TestREADMEOperations -update`.

import (
	"fmt"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// outboxNote is the note of every operation that "sends" a code or message.
const outboxNote = "No email or SMS is sent: the code is in the outbox (Server.Messages, GET /_mockpool/messages)."

// opNotes says, per operation, what the mock does not do (or does differently);
// an operation without a note does what Cognito does, as far as the evidence goes.
var opNotes = map[string]string{
	// Pools and app clients.
	cognito.OpCreateUserPool:             "No email or SMS is sent (codes go to the outbox). EmailConfiguration, SmsConfiguration, the message templates, AdminCreateUserConfig (AllowAdminCreateUserOnly, InviteMessageTemplate), UserPoolAddOns (beyond recording sign-in events), UserPoolTier, KeyConfiguration, IssuerConfiguration and LambdaConfig's ARNs are stored and echoed only (triggers are Go functions or `-trigger` URLs).",
	cognito.OpUpdateUserPool:             "As CreateUserPool. A setting left out goes back to its default, as Cognito does; PoolName, UserPoolTags and UserPoolTier left out are kept (inferred). The feature plan is not enforced.",
	cognito.OpCreateUserPoolClient:       "OAuth settings (callback and logout URLs, OAuth flows and scopes, identity providers) are stored and echoed only: no hosted UI or OAuth endpoint is served.",
	cognito.OpUpdateUserPoolClient:       "As CreateUserPoolClient.",
	cognito.OpAddUserPoolClientSecret:    "Secrets serve SECRET_HASH only (no client-credentials grant).",
	cognito.OpListUserPoolClientSecrets:  "As AddUserPoolClientSecret.",
	cognito.OpDeleteUserPoolClientSecret: "As AddUserPoolClientSecret.",
	cognito.OpGetSigningCertificate:      "A self-signed certificate of the token signing key with a fixed validity; no SAML request is ever signed with it.",

	// Sign-up, recovery and codes.
	cognito.OpSignUp:                 outboxNote,
	cognito.OpResendConfirmationCode: outboxNote,
	cognito.OpForgotPassword:         outboxNote,
	cognito.OpAdminResetUserPassword: outboxNote,
	cognito.OpUpdateUserAttributes:   outboxNote,
	cognito.OpAdminCreateUser:        "The invitation is not sent: the temporary password is in the outbox; InviteMessageTemplate is not applied.",

	// Sign-in.
	cognito.OpInitiateAuth:                "No threat protection: nothing is scored, no adaptive MFA or block; UserContextData is not used. SMS MFA codes go to the outbox.",
	cognito.OpAdminInitiateAuth:           "As InitiateAuth (ContextData is not used).",
	cognito.OpRespondToAuthChallenge:      "As InitiateAuth.",
	cognito.OpAdminRespondToAuthChallenge: "As InitiateAuth.",

	// Groups.
	cognito.OpCreateGroup: "RoleArn and Precedence are stored and echoed: no IAM role is assumed, no cognito:roles or cognito:preferred_role claim.",
	cognito.OpUpdateGroup: "As CreateGroup.",

	// User settings and auth events.
	cognito.OpAdminSetUserSettings:         "Only an SMS option acts (it turns the user's SMS MFA on; an empty list turns it off), as Cognito documents; EMAIL options are stored and echoed only.",
	cognito.OpSetUserSettings:              "As AdminSetUserSettings.",
	cognito.OpAdminListUserAuthEvents:      "Events are recorded only while UserPoolAddOns.AdvancedSecurityMode is AUDIT or ENFORCED: sign-ins that end in tokens (Pass) and wrong passwords or refused users (Fail), the latest 100 per user. No risk scoring (every event NoRisk), no EventContextData (IP address, city, device), no SignUp, ForgotPassword or PasswordChange events.",
	cognito.OpAdminUpdateAuthEventFeedback: "Stored and echoed in the event; it trains nothing.",
	cognito.OpUpdateAuthEventFeedback:      "No notification email carries the FeedbackToken: a test gets it from Server.FeedbackToken.",

	// Provider links.
	cognito.OpAdminLinkProviderForUser:    "No federation: the link is kept in the user's identities attribute; nobody signs in through the provider and no federated user is created or merged.",
	cognito.OpAdminDisableProviderForUser: "Removes the link; there is no federated user to disable.",

	// Configuration resources (op_config_*.go).
	cognito.OpCreateUserPoolDomain:                 "No DNS, CloudFront or ACM: the CloudFront name is made up, the certificate ARN is not checked; the domain is ACTIVE at once (no CREATING); no hosted UI or managed login pages are served on it. Routing is stored and echoed only.",
	cognito.OpDescribeUserPoolDomain:               "— (an unknown domain answers an empty DomainDescription, as Cognito does)",
	cognito.OpUpdateUserPoolDomain:                 "As CreateUserPoolDomain.",
	cognito.OpDeleteUserPoolDomain:                 "",
	cognito.OpCreateResourceServer:                 "No client-credentials grant is served, so no token carries the custom scopes; app clients' AllowedOAuthScopes are not checked against them.",
	cognito.OpDescribeResourceServer:               "As CreateResourceServer.",
	cognito.OpUpdateResourceServer:                 "As CreateResourceServer.",
	cognito.OpDeleteResourceServer:                 "",
	cognito.OpListResourceServers:                  "",
	cognito.OpCreateIdentityProvider:               "No federation: no SAML metadata or OIDC discovery is fetched, no redirect to the IdP, no federated user is created. SAML providers lack the values Cognito derives from the metadata (ActiveEncryptionCertificate, SSO/SLO binding URIs). AttributeMapping is stored and echoed only.",
	cognito.OpDescribeIdentityProvider:             "As CreateIdentityProvider (social providers' derived endpoints are the documented fixed ones).",
	cognito.OpUpdateIdentityProvider:               "As CreateIdentityProvider.",
	cognito.OpDeleteIdentityProvider:               "",
	cognito.OpListIdentityProviders:                "",
	cognito.OpGetIdentityProviderByIdentifier:      "",
	cognito.OpGetUICustomization:                   "No hosted UI is served.",
	cognito.OpSetUICustomization:                   "CSS not checked against Cognito's customizable classes; the logo's ImageUrl serves nothing.",
	cognito.OpCreateManagedLoginBranding:           "No managed login pages: Settings and Assets are stored and echoed only.",
	cognito.OpDescribeManagedLoginBranding:         "ReturnMergedResources returns the stored values without Cognito's defaults merged in.",
	cognito.OpDescribeManagedLoginBrandingByClient: "As DescribeManagedLoginBranding.",
	cognito.OpUpdateManagedLoginBranding:           "As CreateManagedLoginBranding.",
	cognito.OpDeleteManagedLoginBranding:           "",
	cognito.OpDescribeRiskConfiguration:            "",
	cognito.OpSetRiskConfiguration:                 "No threat protection: no sign-in is scored, no compromised-credentials check, no block/MFA/notify action, no notification e-mail; IP range lists are validated, not enforced; the Plus feature plan is not required.",
	cognito.OpGetLogDeliveryConfiguration:          "",
	cognito.OpSetLogDeliveryConfiguration:          "No log is written to CloudWatch, S3 or Firehose; ARNs are checked for shape only.",
	cognito.OpGetCSVHeader:                         "— (custom attributes appear once the schema is wired in)",
	cognito.OpCreateUserImportJob:                  "The mock does not import: the PreSignedUrl accepts nothing, no CSV is read, no user is created, the CloudWatch role is not assumed.",
	cognito.OpDescribeUserImportJob:                "A started job moves on the clock alone: Pending, InProgress after 1 s, Succeeded with 0 users after 2 s.",
	cognito.OpListUserImportJobs:                   "As DescribeUserImportJob.",
	cognito.OpStartUserImportJob:                   "As DescribeUserImportJob.",
	cognito.OpStopUserImportJob:                    "Stopped at once (Cognito passes through Stopping).",
	cognito.OpTagResource:                          "Tags grant nothing (no IAM, no cost allocation); user pool ARNs only.",
	cognito.OpUntagResource:                        "As TagResource.",
	cognito.OpListTagsForResource:                  "As TagResource.",
	cognito.OpCreateTerms:                          "No managed login page shows the links; Enforcement NONE changes nothing.",
	cognito.OpDescribeTerms:                        "As CreateTerms.",
	cognito.OpUpdateTerms:                          "As CreateTerms.",
	cognito.OpDeleteTerms:                          "",
	cognito.OpListTerms:                            "",
	cognito.OpCreateUserPoolReplica:                "No other region exists: nothing is replicated, the replica's ARN names no pool this server serves; INACTIVE at once (no CREATING). UserPoolTags stored only.",
	cognito.OpDeleteUserPoolReplica:                "As CreateUserPoolReplica.",
	cognito.OpListUserPoolReplicas:                 "The pool's own region is listed first as the PRIMARY (inferred).",
	cognito.OpUpdateUserPoolReplica:                "The replica's Status changes no answer.",
}

// operationsMarkdown renders the table: the count served, then one row per
// operation of the SDK's client.
func operationsMarkdown() string {
	ops := cognito.Operations()
	served := 0
	for _, op := range ops {
		if operations[op] != nil {
			served++
		}
	}
	var b strings.Builder
	if served == len(ops) {
		fmt.Fprintf(&b, "All %d operations of the SDK's client are served. An `X-Amz-Target` the server does not know is answered `UnknownOperationException`, naming it.\n\n", len(ops))
	} else {
		fmt.Fprintf(&b, "%d of the %d operations of the SDK's client are served; the other %d, like any `X-Amz-Target` the server does not know, are answered `UnknownOperationException`, naming the operation.\n\n", served, len(ops), len(ops)-served)
	}
	b.WriteString("| Operation | Served | What the mock does not do |\n|---|---|---|\n")
	for _, op := range ops {
		yes, note := "yes", opNotes[op]
		if operations[op] == nil {
			yes = "no"
			if note == "" {
				note = "Not served: `UnknownOperationException`."
			}
		}
		if note == "" {
			note = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", op, yes, strings.ReplaceAll(note, "|", "\\|"))
	}
	return b.String()
}
