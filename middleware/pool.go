package middleware

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// PoolDescriber is what ForPool calls: *cognitoidentityprovider.Client implements
// it. The caller needs cognito-idp:DescribeUserPool.
type PoolDescriber interface {
	DescribeUserPool(ctx context.Context, in *cip.DescribeUserPoolInput, optFns ...func(*cip.Options)) (*cip.DescribeUserPoolOutput, error)
}

// NormalizeCaseSensitive is the Normalize of a case-sensitive pool: names are
// compared as typed ("Alice" and "alice" are two accounts).
func NormalizeCaseSensitive(username string) string { return username }

// NormalizeCaseInsensitive is the Normalize of a case-insensitive pool
// (UsernameConfiguration CaseSensitive false): names are compared in lower case, as
// the pool (and the mock pool) compares them.
func NormalizeCaseInsensitive(username string) string { return strings.ToLower(username) }

// ForPool reads the pool's facts with DescribeUserPool and returns a Masker for it,
// configured by opts and those facts: how it compares usernames
// (UsernameConfiguration.CaseSensitive; a pool without UsernameConfiguration is case
// sensitive), its UsernameAttributes and AliasAttributes, its
// AutoVerifiedAttributes, and for choice-based sign-in (SignInFactors) its
// Policies.SignInPolicy.AllowedFirstAuthFactors, whether it can send email
// (EmailSendingAccount DEVELOPER) and SMS (SmsConfiguration) codes, and, when
// it allows WEB_AUTHN, the relying party (GetUserPoolMfaConfig's
// WebAuthnConfiguration when client is also an MFAConfigGetter, else the pool's
// domain). The facts are applied after opts, so no option can
// contradict the pool (a Normalize that disagrees with it would make an oracle).
//
//	m, err := middleware.ForPool(ctx, client, poolID, middleware.WithSecret(secret))
//	client := cognitoidentityprovider.NewFromConfig(cfg, m.ClientOption())
func ForPool(ctx context.Context, client PoolDescriber, poolID string, opts ...Option) (*Masker, error) {
	if client == nil {
		return nil, fmt.Errorf("middleware: for pool: nil client")
	}
	out, err := client.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil {
		return nil, fmt.Errorf("middleware: for pool: describe user pool: %w", err)
	}
	if out == nil || out.UserPool == nil {
		return nil, fmt.Errorf("middleware: for pool: describe user pool: empty answer")
	}
	var o Options
	for _, fn := range opts {
		if fn != nil {
			fn(&o)
		}
	}
	poolFacts(out.UserPool, poolID)(&o)
	if err := webAuthnFacts(ctx, client, out.UserPool, poolID, &o); err != nil {
		return nil, err
	}
	return newMasker(o)
}

// MFAConfigGetter is what ForPool calls, when its PoolDescriber also has it
// (*cognitoidentityprovider.Client does), to learn the relying party of
// passkeys (WebAuthnConfiguration); the caller then needs
// cognito-idp:GetUserPoolMfaConfig.
type MFAConfigGetter interface {
	GetUserPoolMfaConfig(ctx context.Context, in *cip.GetUserPoolMfaConfigInput, optFns ...func(*cip.Options)) (*cip.GetUserPoolMfaConfigOutput, error)
}

// webAuthnFacts fills the relying party of a pool that allows WEB_AUTHN:
// WebAuthnConfiguration's (GetUserPoolMfaConfig, when client has it), else the
// pool's custom domain, else its prefix domain
// (<domain>.auth.<region>.amazoncognito.com), else what WithSignInFactors said.
// Without one, no unknown name gets a WEB_AUTHN challenge (nor a real user).
func webAuthnFacts(ctx context.Context, client PoolDescriber, up *types.UserPoolType, poolID string, o *Options) error {
	if !has(o.SignInFactors.AllowedFirstAuthFactors, string(types.AuthFactorTypeWebAuthn)) {
		return nil
	}
	var rp string
	var uv string
	if g, ok := client.(MFAConfigGetter); ok {
		mfa, err := g.GetUserPoolMfaConfig(ctx, &cip.GetUserPoolMfaConfigInput{UserPoolId: aws.String(poolID)})
		if err != nil {
			return fmt.Errorf("middleware: for pool: get user pool MFA config: %w", err)
		}
		if mfa != nil && mfa.WebAuthnConfiguration != nil {
			rp, uv = aws.ToString(mfa.WebAuthnConfiguration.RelyingPartyId), string(mfa.WebAuthnConfiguration.UserVerification)
		}
	}
	if rp == "" {
		switch region, _, _ := strings.Cut(poolID, "_"); {
		case aws.ToString(up.CustomDomain) != "":
			rp = aws.ToString(up.CustomDomain)
		case aws.ToString(up.Domain) != "" && region != "":
			rp = aws.ToString(up.Domain) + ".auth." + region + ".amazoncognito.com"
		}
	}
	if rp != "" {
		o.SignInFactors.RelyingPartyID = rp
	}
	if uv != "" {
		o.SignInFactors.UserVerification = strings.ToLower(uv)
	}
	return nil
}

// poolFacts returns the Option that states what DescribeUserPool says of a pool.
func poolFacts(up *types.UserPoolType, poolID string) Option {
	return func(o *Options) {
		o.UserPoolID = poolID
		o.AutoVerifiedAttributes = nil
		for _, a := range up.AutoVerifiedAttributes {
			o.AutoVerifiedAttributes = append(o.AutoVerifiedAttributes, string(a))
		}
		o.UsernameAttributes = nil
		for _, a := range up.UsernameAttributes {
			o.UsernameAttributes = append(o.UsernameAttributes, string(a))
		}
		o.AliasAttributes = nil
		for _, a := range up.AliasAttributes {
			o.AliasAttributes = append(o.AliasAttributes, string(a))
		}
		rp, uv := o.SignInFactors.RelyingPartyID, o.SignInFactors.UserVerification
		o.SignInFactors = SignInFactors{RelyingPartyID: rp, UserVerification: uv}
		if up.Policies != nil && up.Policies.SignInPolicy != nil {
			for _, f := range up.Policies.SignInPolicy.AllowedFirstAuthFactors {
				o.SignInFactors.AllowedFirstAuthFactors = append(o.SignInFactors.AllowedFirstAuthFactors, string(f))
			}
		}
		o.SignInFactors.EmailOTP = up.EmailConfiguration != nil && up.EmailConfiguration.EmailSendingAccount == types.EmailSendingAccountTypeDeveloper
		o.SignInFactors.SMSOTP = up.SmsConfiguration != nil
		if up.UsernameConfiguration == nil || aws.ToBool(up.UsernameConfiguration.CaseSensitive) {
			o.Normalize = NormalizeCaseSensitive
		} else {
			o.Normalize = NormalizeCaseInsensitive
		}
	}
}
