package cognito

// Texts of the configuration operations (user pool domains, resource servers,
// identity providers, UI customization, managed login branding, risk
// configuration, log delivery, user import jobs, terms, tags). A text marked
// (inferred) has no public evidence of Cognito's exact wording: it follows
// Cognito's style and may differ from the real answer.

// User pool domains.
const (
	// MsgDomainTaken: the domain belongs to a pool (this one or another). Public
	// CloudFormation/Terraform logs.
	MsgDomainTaken = "Domain already associated with another user pool."
	// MsgDomainInvalid: a prefix domain outside Cognito's pattern. Public Terraform log.
	MsgDomainInvalid = `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`
	// MsgDomainRequired: SetUICustomization on a pool without a domain. Public log.
	MsgDomainRequired = "A domain must be associated with this user pool."
	// MsgPoolHasDomain: DeleteUserPool of a pool with a domain. Public Terraform log.
	MsgPoolHasDomain = "User pool cannot be deleted. It has a domain configured that should be deleted first."
	// MsgNoSuchDomain: Delete/UpdateUserPoolDomain of a domain the pool lacks (inferred).
	MsgNoSuchDomain = "No such domain or user pool exists."
	// MsgPoolAlreadyHasDomain: a second prefix (or custom) domain (inferred).
	MsgPoolAlreadyHasDomain = "User pool already has a domain configured."
	// MsgCustomDomainInvalid: a custom domain that is no fully qualified name (inferred).
	MsgCustomDomainInvalid = "The custom domain must be a fully qualified domain name."
	// MsgPrefixDomainNoCertificate: UpdateUserPoolDomain with a certificate for a prefix domain (inferred).
	MsgPrefixDomainNoCertificate = "A prefix domain cannot have a CustomDomainConfig."
	// MsgManagedLoginVersion: a version other than 1 or 2 (inferred).
	MsgManagedLoginVersion = "ManagedLoginVersion must be 1 or 2."
)

// MsgDomainReservedWord: a prefix domain containing aws, amazon or cognito.
// Public log ("Domain cannot contain reserved word: aws").
func MsgDomainReservedWord(word string) string { return "Domain cannot contain reserved word: " + word }

// MsgLogoTooLarge: SetUICustomization's ImageFile over 100 KB (inferred).
const MsgLogoTooLarge = "The image file is too large. The maximum size is 100 KB."

// Resource servers (inferred texts).
const (
	MsgResourceServerNotFound = "Resource server does not exist."
	MsgScopeListTooLong       = "A resource server cannot have more than 100 scopes."
)

// MsgResourceServerExists: CreateResourceServer of an identifier in use (inferred,
// in DuplicateProviderException's form).
func MsgResourceServerExists(identifier, poolID string) string {
	return identifier + " already exists in user pool " + poolID
}

// MsgDuplicateScope: a scope name given twice (inferred).
func MsgDuplicateScope(name string) string { return "Duplicate scope name: " + name }

// Identity providers.
const (
	// MsgIdentityProviderNotFound (inferred).
	MsgIdentityProviderNotFound = "Identity provider does not exist."
	// MsgIdentifierNotFound: GetIdentityProviderByIdentifier (inferred).
	MsgIdentifierNotFound = "Identity provider with the given identifier does not exist."
	// MsgProviderNameReserved: ProviderName "Cognito" or "COGNITO" (inferred).
	MsgProviderNameReserved = "ProviderName Cognito is reserved."
)

// MsgProviderNameMustBeType: a social provider named other than its type (inferred).
func MsgProviderNameMustBeType(typ string) string {
	return "ProviderName must be " + typ + " for provider type " + typ + "."
}

// MsgProviderExists: DuplicateProviderException's text (public CloudTrail record:
// "<ProviderName> already exists in user pool <userPoolId>").
func MsgProviderExists(name, poolID string) string {
	return name + " already exists in user pool " + poolID
}

// MsgProviderDetailMissing: a required ProviderDetails key is absent (inferred).
func MsgProviderDetailMissing(key string) string {
	return "ProviderDetails is missing required key: " + key
}

// MsgDuplicateIdpIdentifier: an IdpIdentifier another provider of the pool uses (inferred).
func MsgDuplicateIdpIdentifier(id string) string {
	return "Identifier " + id + " is already associated with another identity provider."
}

// Managed login branding (inferred texts).
const (
	MsgBrandingNotFound = "Managed login branding does not exist."
	MsgBrandingExists   = "A managed login branding already exists for this app client."
	MsgBrandingSettings = "Settings and UseCognitoProvidedValues cannot both be set."
)

// Log delivery (inferred texts).
const (
	MsgLogOneDestination = "Each log configuration must have exactly one destination."
)

// MsgLogLevelForSource: a log level the event source does not log at (inferred).
func MsgLogLevelForSource(source string) string {
	return "Invalid log level for event source " + source + "."
}

// MsgLogDuplicateSource: two configurations for one event source (inferred).
func MsgLogDuplicateSource(source string) string {
	return "Duplicate log configuration for event source " + source + "."
}

// User import jobs (inferred texts, except where noted).
const (
	MsgImportJobNotFound = "Import job does not exist."
	// MsgImportJobNotCreated: StartUserImportJob of a job past Created.
	MsgImportJobNotCreated = "Import job is not in Created status."
	// MsgImportJobNotRunning: StopUserImportJob of a job not Pending or InProgress.
	MsgImportJobNotRunning = "Import job is not in Pending or InProgress status."
	// The CompletionMessage of a job the mock finished or stopped.
	MsgImportJobSucceeded = "Import Job Completed Successfully."
	MsgImportJobStopped   = "Import Job Stopped."
)

// Terms (inferred texts).
const (
	MsgTermsNotFound = "Terms do not exist."
)

// MsgTermsExists: TermsExistsException (inferred).
func MsgTermsExists(name string) string { return "Terms " + name + " already exist." }

// Tags (inferred texts).
const (
	MsgResourceArnNotFound = "Resource does not exist."
	MsgTooManyTags         = "A user pool can have at most 50 tags."
)

// Replicas (inferred texts).
const (
	MsgReplicaNotFound      = "User pool replica does not exist."
	MsgReplicaPrimaryRegion = "The primary region of a user pool cannot be a replica region."
)

// MsgReplicaExists: a second replica in one region (inferred).
func MsgReplicaExists(region string) string {
	return "A replica already exists in region " + region + "."
}
