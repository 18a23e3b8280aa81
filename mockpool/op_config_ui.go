package mockpool

// UI customization (GetUICustomization, SetUICustomization) and managed login
// branding (CreateManagedLoginBranding, DescribeManagedLoginBranding,
// DescribeManagedLoginBrandingByClient, UpdateManagedLoginBranding,
// DeleteManagedLoginBranding).
//
// Not acted on: the mock serves no hosted UI or managed login pages, so the CSS,
// the logo and the branding Settings and Assets are stored and echoed only. The
// CSS is not checked against Cognito's list of customizable classes; the logo's
// ImageUrl is a made-up address that serves nothing; ReturnMergedResources
// returns the stored values without Cognito's defaults merged in.

import (
	"encoding/base64"
	"strconv"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const (
	maxLogoBytes = 100 * 1024 // Cognito's limit on the classic hosted UI logo
	maxCSSLen    = 131072     // inferred
)

// uiCustomization is UICustomizationType (stored with the ImageFile's URL).
type uiCustomization struct {
	UserPoolId       string  `json:"UserPoolId,omitempty"`
	ClientId         string  `json:"ClientId,omitempty"`
	ImageUrl         string  `json:"ImageUrl,omitempty"`
	CSS              string  `json:"CSS,omitempty"`
	CSSVersion       string  `json:"CSSVersion,omitempty"`
	CreationDate     float64 `json:"CreationDate,omitempty"`
	LastModifiedDate float64 `json:"LastModifiedDate,omitempty"`
}

type getUICustomizationInput struct {
	UserPoolId string `json:"UserPoolId"`
	ClientId   string `json:"ClientId"`
}

func (in *getUICustomizationInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validOptClientID(v, in.ClientId)
}

type uiCustomizationOutput struct {
	UICustomization uiCustomization `json:"UICustomization"`
}

func uiKey(clientID string) string {
	if clientID == "" {
		clientID = "ALL"
	}
	return cfgKey(cfgUI, clientID)
}

// opGetUICustomization returns the client's customization, else the pool's
// (ClientId ALL), else an empty shape, as the API reference describes.
func (s *Server) opGetUICustomization(_ *request, in *getUICustomizationInput) (*uiCustomizationOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	out := &uiCustomizationOutput{}
	if ui, ok := configGet[uiCustomization](s, p, uiKey(in.ClientId)); ok {
		out.UICustomization = ui
	} else if ui, ok := configGet[uiCustomization](s, p, uiKey("")); ok {
		out.UICustomization = ui
	}
	return out, nil
}

type setUICustomizationInput struct {
	UserPoolId string  `json:"UserPoolId"`
	ClientId   string  `json:"ClientId"`
	CSS        *string `json:"CSS"`
	ImageFile  *string `json:"ImageFile"` // base64, as awsJson1_1 sends a blob
}

func (in *setUICustomizationInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validOptClientID(v, in.ClientId)
	if in.CSS != nil && len(*in.CSS) > maxCSSLen {
		v.add("Value at 'cSS' failed to satisfy constraint: Member must have length less than or equal to " + strconv.Itoa(maxCSSLen))
	}
}

func (s *Server) opSetUICustomization(r *request, in *setUICustomizationInput) (*uiCustomizationOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	prefix, custom := s.configDomains(p)
	if prefix == "" && custom == "" {
		return nil, invalidParam(cognito.MsgDomainRequired)
	}
	var image []byte
	if in.ImageFile != nil {
		b, err := base64.StdEncoding.DecodeString(*in.ImageFile)
		if err != nil {
			return nil, newErr(cognito.CodeSerializationException, cognito.MsgBodyNotJSON)
		}
		if len(b) > maxLogoBytes {
			return nil, invalidParam(cognito.MsgLogoTooLarge)
		}
		image = b
	}
	client := in.ClientId
	if client == "" {
		client = "ALL"
	}
	now := epoch(r.now.UnixMilli())
	var ui uiCustomization
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := uiKey(client)
		if !tx.get(key, &ui) {
			ui = uiCustomization{UserPoolId: p.id, ClientId: client, CreationDate: now}
		}
		ui.LastModifiedDate = now
		if in.CSS != nil {
			ui.CSS = *in.CSS
			ui.CSSVersion = strconv.FormatInt(r.now.UnixMilli(), 10)
		}
		if image != nil {
			ui.ImageUrl = "https://" + s.randString(lowerAlnum, 14) + ".cloudfront.net/" + client + "/" +
				strconv.FormatInt(r.now.UnixMilli(), 10) + "/assets/images/image.jpg"
		}
		return tx.put(key, ui)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &uiCustomizationOutput{UICustomization: ui}, nil
}

// brandingAsset is AssetType; Bytes stays base64 as on the wire.
type brandingAsset struct {
	Category   string `json:"Category"`
	ColorMode  string `json:"ColorMode"`
	Extension  string `json:"Extension"`
	Bytes      string `json:"Bytes,omitempty"`
	ResourceId string `json:"ResourceId,omitempty"`
}

// managedLoginBranding is a branding as stored: ManagedLoginBrandingType plus the
// app client it belongs to.
type managedLoginBranding struct {
	ClientId                 string          `json:"clientId"`
	ManagedLoginBrandingId   string          `json:"ManagedLoginBrandingId"`
	UserPoolId               string          `json:"UserPoolId"`
	UseCognitoProvidedValues bool            `json:"UseCognitoProvidedValues"`
	Settings                 jsonRaw         `json:"Settings,omitempty"`
	Assets                   []brandingAsset `json:"Assets,omitempty"`
	Created                  int64           `json:"created"`
	Modified                 int64           `json:"modified"`
}

type managedLoginBrandingType struct {
	ManagedLoginBrandingId   string          `json:"ManagedLoginBrandingId"`
	UserPoolId               string          `json:"UserPoolId"`
	UseCognitoProvidedValues bool            `json:"UseCognitoProvidedValues"`
	Settings                 jsonRaw         `json:"Settings,omitempty"`
	Assets                   []brandingAsset `json:"Assets"`
	CreationDate             float64         `json:"CreationDate"`
	LastModifiedDate         float64         `json:"LastModifiedDate"`
}

func (b *managedLoginBranding) wire() managedLoginBrandingType {
	assets := b.Assets
	if assets == nil {
		assets = []brandingAsset{}
	}
	return managedLoginBrandingType{
		ManagedLoginBrandingId: b.ManagedLoginBrandingId, UserPoolId: b.UserPoolId,
		UseCognitoProvidedValues: b.UseCognitoProvidedValues, Settings: b.Settings, Assets: assets,
		CreationDate: epoch(b.Created), LastModifiedDate: epoch(b.Modified),
	}
}

type managedLoginBrandingOutput struct {
	ManagedLoginBranding managedLoginBrandingType `json:"ManagedLoginBranding"`
}

var (
	assetCategories = []string{"FAVICON_ICO", "FAVICON_SVG", "EMAIL_GRAPHIC", "SMS_GRAPHIC", "AUTH_APP_GRAPHIC", "PASSWORD_GRAPHIC", "PASSKEY_GRAPHIC", "PAGE_HEADER_LOGO", "PAGE_HEADER_BACKGROUND", "PAGE_FOOTER_LOGO", "PAGE_FOOTER_BACKGROUND", "PAGE_BACKGROUND", "FORM_BACKGROUND", "FORM_LOGO", "IDP_BUTTON_ICON"}
	assetColorModes = []string{"LIGHT", "DARK", "DYNAMIC"}
	assetExtensions = []string{"ICO", "JPEG", "PNG", "SVG", "WEBP"}
)

func validAssets(v *validator, assets []brandingAsset) {
	if len(assets) > 40 {
		v.add("Value at 'assets' failed to satisfy constraint: Member must have length less than or equal to 40")
	}
	for _, a := range assets {
		v.required("assets.member.category", a.Category != "")
		if a.Category != "" {
			v.enum("assets.member.category", a.Category, assetCategories)
		}
		v.required("assets.member.colorMode", a.ColorMode != "")
		if a.ColorMode != "" {
			v.enum("assets.member.colorMode", a.ColorMode, assetColorModes)
		}
		v.required("assets.member.extension", a.Extension != "")
		if a.Extension != "" {
			v.enum("assets.member.extension", a.Extension, assetExtensions)
		}
	}
}

type createManagedLoginBrandingInput struct {
	UserPoolId               string          `json:"UserPoolId"`
	ClientId                 string          `json:"ClientId"`
	UseCognitoProvidedValues bool            `json:"UseCognitoProvidedValues"`
	Settings                 jsonRaw         `json:"Settings"`
	Assets                   []brandingAsset `json:"Assets"`
}

func (in *createManagedLoginBrandingInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validClientID(v, in.ClientId)
	validAssets(v, in.Assets)
}

func (s *Server) opCreateManagedLoginBranding(r *request, in *createManagedLoginBrandingInput) (*managedLoginBrandingOutput, *apiError) {
	settings := rawOrNil(in.Settings)
	if in.UseCognitoProvidedValues && settings != nil {
		return nil, invalidParam(cognito.MsgBrandingSettings)
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	now := r.now.UnixMilli()
	b := managedLoginBranding{
		ClientId: in.ClientId, ManagedLoginBrandingId: s.newUUID(), UserPoolId: p.id,
		UseCognitoProvidedValues: in.UseCognitoProvidedValues || settings == nil && len(in.Assets) == 0,
		Settings:                 settings, Assets: in.Assets, Created: now, Modified: now,
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		for _, k := range tx.keys(cfgBranding) {
			var old managedLoginBranding
			if tx.get(k, &old) && old.ClientId == in.ClientId {
				return newErr(cognito.CodeManagedLoginBrandingExists, cognito.MsgBrandingExists)
			}
		}
		return tx.put(cfgKey(cfgBranding, b.ManagedLoginBrandingId), b)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &managedLoginBrandingOutput{ManagedLoginBranding: b.wire()}, nil
}

type brandingKeyInput struct {
	UserPoolId             string `json:"UserPoolId"`
	ManagedLoginBrandingId string `json:"ManagedLoginBrandingId"`
	ReturnMergedResources  bool   `json:"ReturnMergedResources"`
}

func (in *brandingKeyInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("managedLoginBrandingId", in.ManagedLoginBrandingId != "")
}

func (s *Server) opDescribeManagedLoginBranding(_ *request, in *brandingKeyInput) (*managedLoginBrandingOutput, *apiError) {
	b, e := describeConfig[managedLoginBranding](s, in.UserPoolId, cfgKey(cfgBranding, in.ManagedLoginBrandingId), cognito.MsgBrandingNotFound)
	if e != nil {
		return nil, e
	}
	return &managedLoginBrandingOutput{ManagedLoginBranding: b.wire()}, nil
}

type brandingByClientInput struct {
	UserPoolId            string `json:"UserPoolId"`
	ClientId              string `json:"ClientId"`
	ReturnMergedResources bool   `json:"ReturnMergedResources"`
}

func (in *brandingByClientInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validClientID(v, in.ClientId)
}

func (s *Server) opDescribeManagedLoginBrandingByClient(_ *request, in *brandingByClientInput) (*managedLoginBrandingOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	for _, b := range configList[managedLoginBranding](s, p, cfgBranding) {
		if b.ClientId == in.ClientId {
			return &managedLoginBrandingOutput{ManagedLoginBranding: b.wire()}, nil
		}
	}
	return nil, notFound(cognito.MsgBrandingNotFound)
}

type updateManagedLoginBrandingInput struct {
	UserPoolId               string          `json:"UserPoolId"`
	ManagedLoginBrandingId   string          `json:"ManagedLoginBrandingId"`
	UseCognitoProvidedValues bool            `json:"UseCognitoProvidedValues"`
	Settings                 jsonRaw         `json:"Settings"`
	Assets                   []brandingAsset `json:"Assets"`
}

func (in *updateManagedLoginBrandingInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("managedLoginBrandingId", in.ManagedLoginBrandingId != "")
	validAssets(v, in.Assets)
}

// opUpdateManagedLoginBranding replaces Settings and Assets when given;
// UseCognitoProvidedValues true drops both (inferred from the API reference).
func (s *Server) opUpdateManagedLoginBranding(r *request, in *updateManagedLoginBrandingInput) (*managedLoginBrandingOutput, *apiError) {
	settings := rawOrNil(in.Settings)
	if in.UseCognitoProvidedValues && settings != nil {
		return nil, invalidParam(cognito.MsgBrandingSettings)
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	var b managedLoginBranding
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgBranding, in.ManagedLoginBrandingId)
		if !tx.get(key, &b) {
			return notFound(cognito.MsgBrandingNotFound)
		}
		switch {
		case in.UseCognitoProvidedValues:
			b.UseCognitoProvidedValues, b.Settings, b.Assets = true, nil, nil
		default:
			if settings != nil {
				b.Settings, b.UseCognitoProvidedValues = settings, false
			}
			if in.Assets != nil {
				b.Assets = in.Assets
			}
		}
		b.Modified = r.now.UnixMilli()
		return tx.put(key, b)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &managedLoginBrandingOutput{ManagedLoginBranding: b.wire()}, nil
}

func (s *Server) opDeleteManagedLoginBranding(r *request, in *brandingKeyInput) (*emptyOutput, *apiError) {
	return s.deleteConfig(r, in.UserPoolId, cfgKey(cfgBranding, in.ManagedLoginBrandingId), cognito.MsgBrandingNotFound)
}
