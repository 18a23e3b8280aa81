package errorsx

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// DefaultTypeBase is the prefix of a problem's "type" member: the type of a
// Result with key "auth.invalid_credentials" is
// "urn:maskedauth:auth.invalid_credentials". A URN names the problem type
// without promising a page to dereference; use WithTypeBase to point at
// your own documentation instead.
const DefaultTypeBase = "urn:maskedauth:"

// ProblemOptions configure WriteProblem, WriteJSON and NewProblem.
type ProblemOptions struct {
	// Catalog gives the texts (default: the built-in English catalog).
	Catalog Catalog
	// TypeBase prefixes the message key to make "type" (default
	// DefaultTypeBase).
	TypeBase string
	// Instance, when set, is written as "instance".
	Instance string
	// RequestID writes Cognito's request ID as "requestId".
	RequestID bool
	// ChallengeParameters writes the challenge's raw ChallengeParameters as
	// "challenge.parameters" (e.g. for CUSTOM_CHALLENGE public parameters).
	ChallengeParameters bool
	// Tokens writes the tokens of a SignedIn Result. WriteJSON only: a
	// problem document never carries tokens.
	Tokens bool
}

// ProblemOption sets a ProblemOptions field.
type ProblemOption func(*ProblemOptions)

// WithCatalog takes the texts from c.
func WithCatalog(c Catalog) ProblemOption { return func(o *ProblemOptions) { o.Catalog = c } }

// WithTypeBase sets the prefix of "type", e.g. "https://example.com/problems/".
func WithTypeBase(base string) ProblemOption { return func(o *ProblemOptions) { o.TypeBase = base } }

// WithInstance sets "instance".
func WithInstance(uri string) ProblemOption { return func(o *ProblemOptions) { o.Instance = uri } }

// WithRequestID writes Cognito's request ID as "requestId".
func WithRequestID() ProblemOption { return func(o *ProblemOptions) { o.RequestID = true } }

// WithChallengeParameters writes the raw ChallengeParameters.
func WithChallengeParameters() ProblemOption {
	return func(o *ProblemOptions) { o.ChallengeParameters = true }
}

// WithTokens makes WriteJSON write the tokens of a SignedIn Result.
func WithTokens() ProblemOption { return func(o *ProblemOptions) { o.Tokens = true } }

// Problem is the RFC 9457 document WriteProblem writes, with the extension
// members an application's client needs. It never holds Cause or Cognito's
// own message.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Instance  string            `json:"instance,omitempty"`
	Code      string            `json:"code"` // the message key
	Kind      Kind              `json:"kind"`
	RequestID string            `json:"requestId,omitempty"`
	Challenge *ProblemChallenge `json:"challenge,omitempty"`
	Delivery  *Delivery         `json:"delivery,omitempty"`
	Tokens    *ProblemTokens    `json:"tokens,omitempty"` // WriteJSON with WithTokens only
}

// ProblemChallenge is what a client needs to answer a NextStep.
type ProblemChallenge struct {
	Name               string            `json:"name"`
	Session            string            `json:"session,omitempty"`
	MFA                string            `json:"mfa,omitempty"`
	RequiredAttributes []string          `json:"requiredAttributes,omitempty"`
	MFAsCanChoose      []string          `json:"mfasCanChoose,omitempty"`
	MFAsCanSetup       []string          `json:"mfasCanSetup,omitempty"`
	Available          []string          `json:"availableChallenges,omitempty"`
	Parameters         map[string]string `json:"parameters,omitempty"`
}

// ProblemTokens are the tokens WriteJSON writes with WithTokens.
type ProblemTokens struct {
	AccessToken  string `json:"accessToken"`
	IDToken      string `json:"idToken,omitempty"`
	RefreshToken string `json:"refreshToken,omitempty"`
	TokenType    string `json:"tokenType,omitempty"`
	ExpiresIn    int64  `json:"expiresIn"` // seconds
}

func problemOptions(opts []ProblemOption) ProblemOptions {
	o := ProblemOptions{TypeBase: DefaultTypeBase}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// NewProblem returns the document WriteProblem would write for r, for
// applications that answer through their own framework. Tokens are never
// set.
func NewProblem(r Result, opts ...ProblemOption) Problem {
	o := problemOptions(opts)
	o.Tokens = false
	return newProblem(r, o)
}

func newProblem(r Result, o ProblemOptions) Problem {
	r = o.Catalog.Localize(r)
	p := Problem{
		Type:     o.TypeBase + r.Message.Key,
		Title:    r.Message.Text,
		Status:   r.SuggestedStatus(),
		Instance: o.Instance,
		Code:     r.Message.Key,
		Kind:     r.Kind,
	}
	if !r.Kind.Valid() {
		p.Kind = Unavailable
	}
	if o.RequestID {
		p.RequestID = r.RequestID
	}
	if c := r.Challenge; c != nil && r.Kind == NextStep {
		pc := &ProblemChallenge{
			Name: c.Name, Session: c.Session, MFA: c.MFA,
			RequiredAttributes: c.RequiredAttributes, MFAsCanChoose: c.MFAsCanChoose,
			MFAsCanSetup: c.MFAsCanSetup, Available: c.Available,
		}
		if o.ChallengeParameters {
			pc.Parameters = c.Parameters
		}
		p.Challenge = pc
	}
	if r.Delivery != nil && (r.Kind == CodeSent || r.Kind == NextStep) {
		d := *r.Delivery
		p.Delivery = &d
	}
	if o.Tokens && r.Kind == SignedIn && r.Tokens != nil {
		t := r.Tokens
		p.Tokens = &ProblemTokens{
			AccessToken: t.AccessToken, IDToken: t.IDToken, RefreshToken: t.RefreshToken,
			TokenType: t.TokenType, ExpiresIn: int64(t.ExpiresIn.Seconds()),
		}
	}
	return p
}

// WriteProblem writes r as an RFC 9457 application/problem+json answer
// with the suggested HTTP status of r's message key (see the message
// table). It is meant for failures, but writes any Result (a NextStep or
// CodeSent carries its challenge or delivery). It never writes Cause,
// Cognito's message or tokens, and sets Cache-Control: no-store.
func WriteProblem(w http.ResponseWriter, r Result, opts ...ProblemOption) {
	o := problemOptions(opts)
	o.Tokens = false
	write(w, "application/problem+json", newProblem(r, o))
}

// WriteJSON writes r for an application's client: failures exactly as
// WriteProblem, successes as application/json with the same members (and
// the tokens of a SignedIn Result when WithTokens is given).
func WriteJSON(w http.ResponseWriter, r Result, opts ...ProblemOption) {
	if !r.Kind.Success() {
		WriteProblem(w, r, opts...)
		return
	}
	write(w, "application/json", newProblem(r, problemOptions(opts)))
}

func write(w http.ResponseWriter, contentType string, p Problem) {
	body, err := json.Marshal(p)
	if err != nil {
		// Problem holds only strings, ints and string slices and maps.
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	body = append(body, '\n')
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}
