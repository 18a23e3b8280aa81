package mockpool

// AdminSetUserSettings and SetUserSettings: a user's legacy MFA options. Cognito
// keeps them for SMS MFA only: an SMS option turns the user's SMS MFA on, an empty
// list turns it off (AdminGetUser's and GetUser's MFAOptions echo them).

type mfaOptionsInput struct {
	UserPoolID  string      `json:"UserPoolId"`
	Username    string      `json:"Username"`
	AccessToken string      `json:"AccessToken"`
	MFAOptions  []mfaOption `json:"MFAOptions"`
}

func validMFAOptions(v *validator, opts []mfaOption) {
	v.required("mFAOptions", opts != nil)
	for _, o := range opts {
		if o.DeliveryMedium != "" {
			v.enum("mFAOptions.member.deliveryMedium", o.DeliveryMedium, []string{"SMS", "EMAIL"})
		}
		if o.AttributeName != "" {
			v.length("mFAOptions.member.attributeName", o.AttributeName, 1, 32, false)
		}
	}
}

type adminSetUserSettingsInput mfaOptionsInput

func (in *adminSetUserSettingsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolID)
	validUsername(v, in.Username)
	validMFAOptions(v, in.MFAOptions)
}

type setUserSettingsInput mfaOptionsInput

func (in *setUserSettingsInput) validate(v *validator) {
	v.required("accessToken", in.AccessToken != "")
	validMFAOptions(v, in.MFAOptions)
}

// applyMFAOptions stores the options on u (under the pool's write lock).
func applyMFAOptions(u *user, opts []mfaOption) {
	u.mfa.options = append([]mfaOption(nil), opts...)
	if len(u.mfa.options) == 0 {
		u.mfa.options = nil
	}
	sms := false
	for _, o := range opts {
		sms = sms || o.DeliveryMedium == "SMS"
	}
	u.mfa.sms = sms
	if !sms && u.mfa.preferred == mfaSMS {
		u.mfa.preferred = ""
	}
}

func (s *Server) opAdminSetUserSettings(r *request, in *adminSetUserSettingsInput) (*empty, *apiError) {
	return s.withUser(r, &adminUserInput{UserPoolID: in.UserPoolID, Username: in.Username}, func(_ *pool, u *user) *apiError {
		applyMFAOptions(u, in.MFAOptions)
		return nil
	})
}

func (s *Server) opSetUserSettings(r *request, in *setUserSettingsInput) (*empty, *apiError) {
	e := s.withAccessToken(r, in.AccessToken, func(_ *pool, u *user, _ accessClaims) *apiError {
		applyMFAOptions(u, in.MFAOptions)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &empty{}, nil
}
