package middleware

import (
	"encoding/json"
	"net/http"
	"sync/atomic"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The JSON bodies of the 200 answers the middleware invents, member for member as
// Cognito (and the mock pool) writes them, so that the Content-Length of an
// invented answer is that of a real one with the same values.
type (
	wireDelivery struct {
		Destination    string `json:"Destination,omitempty"`
		DeliveryMedium string `json:"DeliveryMedium,omitempty"`
		AttributeName  string `json:"AttributeName,omitempty"`
	}
	wireDeliveryOutput struct {
		CodeDeliveryDetails *wireDelivery `json:"CodeDeliveryDetails"`
	}
	wireChallenge struct {
		AvailableChallenges []string          `json:"AvailableChallenges,omitempty"`
		ChallengeName       string            `json:"ChallengeName,omitempty"`
		Session             string            `json:"Session,omitempty"`
		ChallengeParameters map[string]string `json:"ChallengeParameters"`
	}
	wireSignUp struct {
		UserConfirmed       bool          `json:"UserConfirmed"`
		UserSub             string        `json:"UserSub"`
		CodeDeliveryDetails *wireDelivery `json:"CodeDeliveryDetails,omitempty"`
		Session             string        `json:"Session,omitempty"`
	}
)

func wireDeliveryOf(d *types.CodeDeliveryDetailsType) *wireDelivery {
	if d == nil {
		return nil
	}
	return &wireDelivery{Destination: deref(d.Destination), DeliveryMedium: string(d.DeliveryMedium), AttributeName: deref(d.AttributeName)}
}

// inventedBody returns the JSON body Cognito would send with the output res.
func inventedBody(res any) []byte {
	var v any
	switch o := res.(type) {
	case *cip.ForgotPasswordOutput:
		v = wireDeliveryOutput{CodeDeliveryDetails: wireDeliveryOf(o.CodeDeliveryDetails)}
	case *cip.ResendConfirmationCodeOutput:
		v = wireDeliveryOutput{CodeDeliveryDetails: wireDeliveryOf(o.CodeDeliveryDetails)}
	case *cip.InitiateAuthOutput:
		v = wireChallenge{AvailableChallenges: challengeNames(o.AvailableChallenges), ChallengeName: string(o.ChallengeName), Session: deref(o.Session), ChallengeParameters: o.ChallengeParameters}
	case *cip.AdminInitiateAuthOutput:
		v = wireChallenge{AvailableChallenges: challengeNames(o.AvailableChallenges), ChallengeName: string(o.ChallengeName), Session: deref(o.Session), ChallengeParameters: o.ChallengeParameters}
	case *cip.RespondToAuthChallengeOutput:
		v = wireChallenge{ChallengeName: string(o.ChallengeName), Session: deref(o.Session), ChallengeParameters: o.ChallengeParameters}
	case *cip.AdminRespondToAuthChallengeOutput:
		v = wireChallenge{ChallengeName: string(o.ChallengeName), Session: deref(o.Session), ChallengeParameters: o.ChallengeParameters}
	case *cip.SignUpOutput:
		v = wireSignUp{UserConfirmed: o.UserConfirmed, UserSub: deref(o.UserSub), CodeDeliveryDetails: wireDeliveryOf(o.CodeDeliveryDetails), Session: deref(o.Session)}
	default:
		return []byte("{}")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("{}")
	}
	return b
}

// headerShape keeps the header set of the last real error answer, so that the
// answers the middleware makes without calling Cognito (the short-circuited answer
// to a simulated SRP challenge) carry the same header names: over HTTP a Date and
// whatever the server or a proxy adds, in process none of those.
type headerShape struct{ last atomic.Pointer[http.Header] }

// learn records the header names (and values) of h when they differ from the last
// recorded ones; it allocates only then.
func (s *headerShape) learn(h http.Header) {
	if h == nil {
		return
	}
	if p := s.last.Load(); p != nil && sameNames(*p, h) {
		return
	}
	c := h.Clone()
	s.last.Store(&c)
}

func sameNames(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// template returns a copy of the last real error answer's headers, or nil.
func (s *headerShape) template() http.Header {
	if p := s.last.Load(); p != nil {
		return p.Clone()
	}
	return nil
}

func challengeNames(cs []types.ChallengeNameType) []string {
	if len(cs) == 0 {
		return nil
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}
