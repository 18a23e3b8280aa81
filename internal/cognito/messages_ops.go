package cognito

// Texts of the pool, group, user-settings, auth-event, provider-link and
// client-secret operations (mockpool's op_pool_update.go, op_authevents.go,
// op_provider.go, op_client_secret.go). A text marked (inferred) has no public
// evidence of Cognito's exact wording: it follows Cognito's style and may differ
// from the real answer.

// Auth events.
const (
	// MsgAddOnNotEnabled: AdminListUserAuthEvents and the feedback operations on a
	// pool without threat protection (UserPoolAddOnNotEnabledException; the code is
	// public, the text inferred).
	MsgAddOnNotEnabled = "Threat protection is not enabled for this user pool." // inferred
	// MsgInvalidFeedbackToken: UpdateAuthEventFeedback with a FeedbackToken that is not
	// the event's (inferred).
	MsgInvalidFeedbackToken = "Invalid feedback token." // inferred
	// MsgAuthEventNotFound: a feedback for an event the user does not have (inferred).
	MsgAuthEventNotFound = "Auth event not found." // inferred
)

// Provider links (AdminLinkProviderForUser, AdminDisableProviderForUser).
const (
	// MsgLinkDestinationNotCognito: a DestinationUser whose ProviderName is not
	// Cognito (the mock has no federated users to link to) (inferred).
	MsgLinkDestinationNotCognito = "DestinationUser ProviderName must be Cognito." // inferred
	// MsgLinkSourceCognito: a SourceUser of provider Cognito (inferred).
	MsgLinkSourceCognito = "SourceUser ProviderName cannot be Cognito." // inferred
	// MsgLinkAlreadyLinked: the source identity is linked to a user already (inferred).
	MsgLinkAlreadyLinked = "The SourceUser is already linked to a user." // inferred
	// MsgLinkLimit: a sixth linked identity (Cognito's documented maximum is five;
	// the text is inferred).
	MsgLinkLimit = "The maximum number of federated identities linked to a user is 5." // inferred
	// MsgCognitoSubjectRequired: a social provider's identity named by another
	// attribute than Cognito_Subject (the rule is documented; the text inferred).
	MsgCognitoSubjectRequired = "ProviderAttributeName must be Cognito_Subject for social identity providers." // inferred
)

// MsgProviderNotExist: a provider the pool does not have (inferred).
func MsgProviderNotExist(name string) string { return "Identity provider " + name + " does not exist." }

// Client secrets (AddUserPoolClientSecret, ListUserPoolClientSecrets,
// DeleteUserPoolClientSecret). Cognito documents "up to 2 active secrets per app
// client" and "You cannot delete the last remaining secret"; the texts are inferred.
const (
	MsgClientSecretLimit    = "An app client can have at most 2 client secrets."       // inferred
	MsgClientHasNoSecret    = "The app client is not configured with a client secret." // inferred
	MsgLastClientSecret     = "You cannot delete the last remaining client secret."    // inferred
	MsgClientSecretNotFound = "Client secret not found."                               // inferred
)
