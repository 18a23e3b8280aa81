package mockpool

// The configuration operations' routes (op_config_*.go), registered through
// today's registerOps with a local adapter. The lead folds configRoutes into
// routes.go's table (where handle(f) replaces cfgHandle) at merge.

import "github.com/maskedauth/maskedauth/internal/cognito"

func init() { registerOps(configRoutes()) }

// configRoutes maps every configuration operation to its handler.
func configRoutes() map[string]opHandler {
	return map[string]opHandler{
		// op_config_domain.go
		cognito.OpCreateUserPoolDomain:   cfgHandle((*Server).opCreateUserPoolDomain),
		cognito.OpDescribeUserPoolDomain: cfgHandle((*Server).opDescribeUserPoolDomain),
		cognito.OpUpdateUserPoolDomain:   cfgHandle((*Server).opUpdateUserPoolDomain),
		cognito.OpDeleteUserPoolDomain:   cfgHandle((*Server).opDeleteUserPoolDomain),
		// op_config_server.go
		cognito.OpCreateResourceServer:   cfgHandle((*Server).opCreateResourceServer),
		cognito.OpDescribeResourceServer: cfgHandle((*Server).opDescribeResourceServer),
		cognito.OpUpdateResourceServer:   cfgHandle((*Server).opUpdateResourceServer),
		cognito.OpDeleteResourceServer:   cfgHandle((*Server).opDeleteResourceServer),
		cognito.OpListResourceServers:    cfgHandle((*Server).opListResourceServers),
		// op_config_idp.go
		cognito.OpCreateIdentityProvider:          cfgHandle((*Server).opCreateIdentityProvider),
		cognito.OpDescribeIdentityProvider:        cfgHandle((*Server).opDescribeIdentityProvider),
		cognito.OpUpdateIdentityProvider:          cfgHandle((*Server).opUpdateIdentityProvider),
		cognito.OpDeleteIdentityProvider:          cfgHandle((*Server).opDeleteIdentityProvider),
		cognito.OpListIdentityProviders:           cfgHandle((*Server).opListIdentityProviders),
		cognito.OpGetIdentityProviderByIdentifier: cfgHandle((*Server).opGetIdentityProviderByIdentifier),
		// op_config_ui.go
		cognito.OpGetUICustomization:                   cfgHandle((*Server).opGetUICustomization),
		cognito.OpSetUICustomization:                   cfgHandle((*Server).opSetUICustomization),
		cognito.OpCreateManagedLoginBranding:           cfgHandle((*Server).opCreateManagedLoginBranding),
		cognito.OpDescribeManagedLoginBranding:         cfgHandle((*Server).opDescribeManagedLoginBranding),
		cognito.OpDescribeManagedLoginBrandingByClient: cfgHandle((*Server).opDescribeManagedLoginBrandingByClient),
		cognito.OpUpdateManagedLoginBranding:           cfgHandle((*Server).opUpdateManagedLoginBranding),
		cognito.OpDeleteManagedLoginBranding:           cfgHandle((*Server).opDeleteManagedLoginBranding),
		// op_config_security.go
		cognito.OpDescribeRiskConfiguration:   cfgHandle((*Server).opDescribeRiskConfiguration),
		cognito.OpSetRiskConfiguration:        cfgHandle((*Server).opSetRiskConfiguration),
		cognito.OpGetLogDeliveryConfiguration: cfgHandle((*Server).opGetLogDeliveryConfiguration),
		cognito.OpSetLogDeliveryConfiguration: cfgHandle((*Server).opSetLogDeliveryConfiguration),
		// op_config_import.go
		cognito.OpGetCSVHeader:          cfgHandle((*Server).opGetCSVHeader),
		cognito.OpCreateUserImportJob:   cfgHandle((*Server).opCreateUserImportJob),
		cognito.OpDescribeUserImportJob: cfgHandle((*Server).opDescribeUserImportJob),
		cognito.OpListUserImportJobs:    cfgHandle((*Server).opListUserImportJobs),
		cognito.OpStartUserImportJob:    cfgHandle((*Server).opStartUserImportJob),
		cognito.OpStopUserImportJob:     cfgHandle((*Server).opStopUserImportJob),
		// op_config_tags.go
		cognito.OpTagResource:         cfgHandle((*Server).opTagResource),
		cognito.OpUntagResource:       cfgHandle((*Server).opUntagResource),
		cognito.OpListTagsForResource: cfgHandle((*Server).opListTagsForResource),
		// op_config_terms.go
		cognito.OpCreateTerms:   cfgHandle((*Server).opCreateTerms),
		cognito.OpDescribeTerms: cfgHandle((*Server).opDescribeTerms),
		cognito.OpUpdateTerms:   cfgHandle((*Server).opUpdateTerms),
		cognito.OpDeleteTerms:   cfgHandle((*Server).opDeleteTerms),
		cognito.OpListTerms:     cfgHandle((*Server).opListTerms),
		// op_config_replica.go
		cognito.OpCreateUserPoolReplica: cfgHandle((*Server).opCreateUserPoolReplica),
		cognito.OpDeleteUserPoolReplica: cfgHandle((*Server).opDeleteUserPoolReplica),
		cognito.OpUpdateUserPoolReplica: cfgHandle((*Server).opUpdateUserPoolReplica),
		cognito.OpListUserPoolReplicas:  cfgHandle((*Server).opListUserPoolReplicas),
	}
}

// cfgHandle adapts a typed handler to opHandler: decode, validate, call.
func cfgHandle[I, O any](f func(*Server, *request, *I) (*O, *apiError)) opHandler {
	return func(s *Server, r *request) (any, *apiError) {
		in := new(I)
		if e := decode(r.body, in); e != nil {
			return nil, e
		}
		if vi, ok := any(in).(interface{ validate(*validator) }); ok {
			var v validator
			vi.validate(&v)
			if e := v.err(); e != nil {
				return nil, e
			}
		}
		out, e := f(s, r, in)
		if e != nil {
			return nil, e
		}
		return out, nil
	}
}
