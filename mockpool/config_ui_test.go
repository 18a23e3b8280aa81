package mockpool_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/document"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestUICustomization(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	client, _ := createClient(t, c, pool, types.PreventUserExistenceErrorTypesEnabled, false)

	// Nothing set: an empty shape.
	g, err := c.GetUICustomization(ctx, &cip.GetUICustomizationInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if g.UICustomization == nil || g.UICustomization.CSS != nil || g.UICustomization.ClientId != nil {
		t.Fatalf("unset: %+v", g.UICustomization)
	}
	for _, tc := range []struct {
		name, client string
		image        []byte
		code, msg    string
		withDomain   bool
	}{
		{"no domain", "", nil, "InvalidParameterException", "A domain must be associated with this user pool.", false},
		{"unknown client", "nosuchclient", nil, "ResourceNotFoundException", "User pool client nosuchclient does not exist.", true},
		{"logo too large", "", bytes.Repeat([]byte{1}, 100*1024+1), "InvalidParameterException", "The image file is too large. The maximum size is 100 KB.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.withDomain {
				_, _ = c.CreateUserPoolDomain(ctx, &cip.CreateUserPoolDomainInput{UserPoolId: aws.String(pool), Domain: aws.String("ui-test")})
			}
			in := &cip.SetUICustomizationInput{UserPoolId: aws.String(pool), CSS: aws.String(".banner{}"), ImageFile: tc.image}
			if tc.client != "" {
				in.ClientId = aws.String(tc.client)
			}
			_, err := c.SetUICustomization(ctx, in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}

	// Pool-wide, then one client: the client without its own gets the pool's.
	set, err := c.SetUICustomization(ctx, &cip.SetUICustomizationInput{UserPoolId: aws.String(pool), CSS: aws.String(".banner{color:red}"), ImageFile: []byte{0x89, 'P', 'N', 'G'}})
	noErr(t, err)
	u := set.UICustomization
	if aws.ToString(u.ClientId) != "ALL" || aws.ToString(u.CSS) != ".banner{color:red}" || !strings.HasPrefix(aws.ToString(u.ImageUrl), "https://") || u.CSSVersion == nil {
		t.Fatalf("pool-wide: %+v", u)
	}
	g, err = c.GetUICustomization(ctx, &cip.GetUICustomizationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	noErr(t, err)
	if aws.ToString(g.UICustomization.ClientId) != "ALL" || aws.ToString(g.UICustomization.CSS) != ".banner{color:red}" {
		t.Fatalf("client falls back: %+v", g.UICustomization)
	}
	_, err = c.SetUICustomization(ctx, &cip.SetUICustomizationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client), CSS: aws.String(".submitButton-customizable{}")})
	noErr(t, err)
	g, err = c.GetUICustomization(ctx, &cip.GetUICustomizationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	noErr(t, err)
	if aws.ToString(g.UICustomization.ClientId) != client || aws.ToString(g.UICustomization.CSS) != ".submitButton-customizable{}" || aws.ToString(g.UICustomization.UserPoolId) != pool {
		t.Fatalf("client's own: %+v", g.UICustomization)
	}
}

func TestManagedLoginBranding(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	client, _ := createClient(t, c, pool, types.PreventUserExistenceErrorTypesEnabled, false)
	settings := document.NewLazyDocument(map[string]any{"components": map[string]any{"form": map[string]any{"borderRadius": 8.0}}})
	asset := types.AssetType{Category: types.AssetCategoryTypeFormLogo, ColorMode: types.ColorSchemeModeTypeLight, Extension: types.AssetExtensionTypePng, Bytes: []byte{1, 2, 3}}

	for _, tc := range []struct {
		name, client string
		cognito      bool
		settings     document.Interface
		code, msg    string
	}{
		{"unknown client", "nosuchclient", false, nil, "ResourceNotFoundException", "User pool client nosuchclient does not exist."},
		{"settings and defaults", client, true, settings, "InvalidParameterException", "Settings and UseCognitoProvidedValues cannot both be set."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateManagedLoginBranding(ctx, &cip.CreateManagedLoginBrandingInput{UserPoolId: aws.String(pool), ClientId: aws.String(tc.client),
				UseCognitoProvidedValues: tc.cognito, Settings: tc.settings})
			apiErr(t, err, tc.code, tc.msg)
		})
	}

	out, err := c.CreateManagedLoginBranding(ctx, &cip.CreateManagedLoginBrandingInput{UserPoolId: aws.String(pool), ClientId: aws.String(client),
		Settings: settings, Assets: []types.AssetType{asset}})
	noErr(t, err)
	b := out.ManagedLoginBranding
	id := aws.ToString(b.ManagedLoginBrandingId)
	if id == "" || b.UseCognitoProvidedValues || len(b.Assets) != 1 || !bytes.Equal(b.Assets[0].Bytes, []byte{1, 2, 3}) || b.Settings == nil {
		t.Fatalf("create: %+v", b)
	}
	var got map[string]any
	noErr(t, b.Settings.UnmarshalSmithyDocument(&got))
	if fmt.Sprint(got) != "map[components:map[form:map[borderRadius:8]]]" {
		t.Fatalf("settings echo: %v", got)
	}
	_, err = c.CreateManagedLoginBranding(ctx, &cip.CreateManagedLoginBrandingInput{UserPoolId: aws.String(pool), ClientId: aws.String(client), UseCognitoProvidedValues: true})
	apiErr(t, err, "ManagedLoginBrandingExistsException", "A managed login branding already exists for this app client.")

	byClient, err := c.DescribeManagedLoginBrandingByClient(ctx, &cip.DescribeManagedLoginBrandingByClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	noErr(t, err)
	if aws.ToString(byClient.ManagedLoginBranding.ManagedLoginBrandingId) != id {
		t.Fatalf("by client: %+v", byClient.ManagedLoginBranding)
	}
	up, err := c.UpdateManagedLoginBranding(ctx, &cip.UpdateManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id), UseCognitoProvidedValues: true})
	noErr(t, err)
	if !up.ManagedLoginBranding.UseCognitoProvidedValues || len(up.ManagedLoginBranding.Assets) != 0 || up.ManagedLoginBranding.Settings != nil {
		t.Fatalf("update to defaults: %+v", up.ManagedLoginBranding)
	}
	d, err := c.DescribeManagedLoginBranding(ctx, &cip.DescribeManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id)})
	noErr(t, err)
	if !d.ManagedLoginBranding.UseCognitoProvidedValues {
		t.Fatalf("describe after update: %+v", d.ManagedLoginBranding)
	}
	_, err = c.DeleteManagedLoginBranding(ctx, &cip.DeleteManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id)})
	noErr(t, err)
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"describe", func() error {
			_, err := c.DescribeManagedLoginBranding(ctx, &cip.DescribeManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id)})
			return err
		}},
		{"by client", func() error {
			_, err := c.DescribeManagedLoginBrandingByClient(ctx, &cip.DescribeManagedLoginBrandingByClientInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
			return err
		}},
		{"update", func() error {
			_, err := c.UpdateManagedLoginBranding(ctx, &cip.UpdateManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id), UseCognitoProvidedValues: true})
			return err
		}},
		{"delete", func() error {
			_, err := c.DeleteManagedLoginBranding(ctx, &cip.DeleteManagedLoginBrandingInput{UserPoolId: aws.String(pool), ManagedLoginBrandingId: aws.String(id)})
			return err
		}},
	} {
		t.Run("deleted "+tc.name, func(t *testing.T) {
			apiErr(t, tc.call(), "ResourceNotFoundException", "Managed login branding does not exist.")
		})
	}
}
