package middleware

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/google/uuid"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// Cognito's error codes and message texts (docs/spec/masked-behaviour.md), from
// internal/cognito.
const (
	codeUserNotFound          = cognito.CodeUserNotFound
	codePasswordResetRequired = cognito.CodePasswordResetRequired
	codeNotAuthorized         = cognito.CodeNotAuthorized
	codeCodeMismatch          = cognito.CodeCodeMismatch
	codeLimitExceeded         = cognito.CodeLimitExceeded

	// MsgIncorrect is the generic sign-in failure of Cognito.
	MsgIncorrect = cognito.MsgIncorrect
	// MsgCodeMismatch is the wrong-code failure of Cognito.
	MsgCodeMismatch = cognito.MsgCodeMismatch
)

// action is what the Mask middleware does with an error answer: a row of
// cognito's masked table.
type action = cognito.Action

const (
	keep        = cognito.Keep
	toGeneric   = cognito.ToGeneric      // NotAuthorizedException "Incorrect username or password."
	toMismatch  = cognito.ToCodeMismatch // CodeMismatchException
	toDelivery  = cognito.ToDelivery     // a simulated CodeDeliveryDetails (ForgotPassword, ResendConfirmationCode)
	toChallenge = cognito.ToChallenge    // USER_SRP_AUTH: a simulated PASSWORD_VERIFIER; other flows: toGeneric
	toSignUp    = cognito.ToSignUp       // a simulated SignUpOutput
)

// decide maps an error answer of op to an action: the masked rows of
// cognito.Masked (when emulating ENABLED) and the policies. In a pool that
// auto-verifies nothing (WithUserPool with no attributes), ResendConfirmationCode
// refuses every name alike: cognito.ToNoAutoVerify is built by simulatedResend,
// which the toDelivery branch calls.
func (m *Masker) decide(op, code, msg string) action {
	a := cognito.Masked(op, code, msg, m.policy())
	if a == cognito.ToNoAutoVerify {
		return toDelivery
	}
	return a
}

// policy is what the masked rows know of the client, the pool and the policies.
func (m *Masker) policy() cognito.Policy {
	return cognito.Policy{
		ClientEnabled:      m.opts.ClientEnabled,
		GenericUnconfirmed: m.opts.GenericUnconfirmed,
		GenericDisabled:    m.opts.GenericDisabled,
		SimulatedSignUp:    m.opts.SimulateSignUpExists,
		NoAutoVerify:       m.resendRefused(),
	}
}

type maskMiddleware struct{ m *Masker }

func (*maskMiddleware) ID() string { return MaskID }

// HandleDeserialize sees each attempt's answer and, following decide, builds the
// masked answer in one place: the generic failure (or "Password attempts exceeded"
// when the name's lockout runs), the wrong code (or LimitExceededException when
// its codes are used up), the simulated delivery (or LimitExceededException past
// the delivery limit), the simulated challenge or sign-up. The counters are
// consulted here, where the answer is made; nothing patches it afterwards.
func (mm *maskMiddleware) HandleDeserialize(ctx context.Context, in smithymiddleware.DeserializeInput, next smithymiddleware.DeserializeHandler) (
	out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata, err error,
) {
	m := mm.m
	c := callFrom(ctx)
	if c == nil {
		// Not a call the middleware masks (or not Cognito's).
		return next.HandleDeserialize(ctx, in)
	}
	c.resetFindings()
	if c.uaFake {
		return m.answerUserAuth(ctx, c)
	}
	if c.fake {
		return m.shortCircuit(ctx, c)
	}
	out, md, err = next.HandleDeserialize(ctx, in)
	if err == nil {
		m.sawSuccess(c, out.Result, out.RawResponse)
		return out, md, nil
	}
	// The operation deserializer returns the typed exception (or a
	// *smithy.GenericAPIError) unwrapped: a type assertion is enough.
	ae, ok := err.(smithy.APIError)
	if !ok {
		return out, md, err
	}
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		m.hdr.learn(resp.Header)
	}
	code, msg := ae.ErrorCode(), ae.ErrorMessage()
	if c.userAuth {
		act := cognito.MaskedUserAuth(c.op, c.step, code, msg, m.policy())
		if act == keep {
			c.teach = c.teaches(code, msg)
			return out, md, err
		}
		return m.maskUserAuth(ctx, c, act, out, md)
	}
	act := m.decide(c.op, code, msg)
	if act == keep {
		c.teach = c.teaches(code, msg)
		return out, md, err
	}
	if act == toChallenge {
		if res := m.simulatedChallenge(c.params); res != nil {
			return m.succeed(c, out, md, res)
		}
		act = toGeneric
	}
	switch act {
	case toGeneric:
		why, text := maskedOther, MsgIncorrect
		if c.countsSignIn() {
			why = maskedSignIn
			if m.counters.hit(ctx, SignInRule, c.counterKey(m), m.opts.Clock()) {
				text = MsgAttemptsExceeded
			}
		}
		return m.fail(c, out, md, notAuthorizedWith(text), codeNotAuthorized+":", text, why)
	case toMismatch:
		// Under ENABLED the wrong codes of unknown and disabled users count toward
		// the limit like real ones (ConfirmForgotPassword's and ConfirmSignUp's
		// counters); LEGACY never counts them.
		rule, counted := WrongCodeRule, true
		switch c.op {
		case cognito.OpConfirmSignUp:
			rule = SignUpCodeRule
		case cognito.OpConfirmForgotPassword:
		default:
			counted = false
		}
		if counted && m.counters.hit(ctx, rule, c.counterKey(m), m.opts.Clock()) {
			return m.fail(c, out, md, limitExceeded(), codeLimitExceeded+":", MsgLimitExceeded, maskedOther)
		}
		return m.fail(c, out, md, codeMismatch(), codeCodeMismatch+":", MsgCodeMismatch, maskedOther)
	case toDelivery:
		switch c.op {
		case cognito.OpForgotPassword:
			if m.counters.hit(ctx, DeliveryRule, c.counterKey(m), m.opts.Clock()) {
				return m.fail(c, out, md, limitExceeded(), codeLimitExceeded+":", MsgLimitExceeded, maskedOther)
			}
			return m.succeed(c, out, md, &cip.ForgotPasswordOutput{CodeDeliveryDetails: m.delivery(c.username)})
		case cognito.OpResendConfirmationCode:
			return m.simulatedResend(c, out, md)
		}
	case toSignUp:
		if p, ok := c.params.(*cip.SignUpInput); ok && p != nil {
			if m.opts.OnExistingSignUp != nil {
				m.opts.OnExistingSignUp(ctx, c.username)
			}
			return m.succeed(c, out, md, m.simulatedSignUp(p))
		}
	}
	return out, md, err
}

// countsSignIn reports whether a generic failure made for this call counts toward
// the name's sign-in lockout: every one at InitiateAuth and AdminInitiateAuth (an
// unknown or reset-required user, and the users WithGenericDisabled and
// WithGenericUnconfirmed make generic, counted exactly like unknown ones), and those
// of a PASSWORD_VERIFIER answer (the SRP flow of the same names).
func (c *call) countsSignIn() bool {
	return c.class == cognito.SignIn && (!c.respond || c.challenge == types.ChallengeNameTypePasswordVerifier)
}

// teaches reports whether a real failure, passed on unchanged, may teach the
// latency floor of its class: only one whose code and message are those of the
// masked answer of the class, so its cost is the cost the masked answer stands for
// (a wrong password, a wrong proof, a wrong code), not one the attacker chooses (an
// InvalidParameterException, a lockout refused at once, a SECRET_BLOCK the pool
// never issued). The classes whose masked answer is a success (an SRP challenge, a
// delivery, a sign-up) learn from real successes only.
func (c *call) teaches(code, msg string) bool {
	switch c.class {
	case cognito.SignIn:
		if c.userAuth && c.respond {
			// Only answers to real Sessions seen issued: a Session the pool never
			// issued, or one answered before, costs what the attacker chooses.
			return c.issued && (code == codeNotAuthorized && msg == MsgIncorrect ||
				code == codeCodeMismatch && msg == cognito.MsgSignInCodeMismatch)
		}
		if !c.respond {
			return !c.srp && code == codeNotAuthorized && msg == MsgIncorrect
		}
		if c.challenge == types.ChallengeNameTypePasswordVerifier && !c.issued {
			return false
		}
		return code == codeNotAuthorized && msg == MsgIncorrect
	case cognito.Confirmation:
		return code == codeCodeMismatch && msg == MsgCodeMismatch
	}
	return false
}

// sawSuccess learns from a real success: the shape of real SRP challenges (so
// simulated ones match) and which challenges were issued, the shape of SignUp
// sessions, and whether the answer teaches the latency floor.
func (m *Masker) sawSuccess(c *call, result, raw any) {
	if c.userAuth && m.sawUserAuth(c, result, raw) {
		return
	}
	switch o := result.(type) {
	case *cip.InitiateAuthOutput:
		if o != nil && o.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			m.sawChallenge(c, o.ChallengeParameters)
		}
	case *cip.AdminInitiateAuthOutput:
		if o != nil && o.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			m.sawChallenge(c, o.ChallengeParameters)
		}
	case *cip.SignUpOutput:
		// Cognito may return a Session for sign-in after sign-up: simulated
		// sign-ups carry one of the same length once a real one was seen.
		if o != nil && o.Session != nil && len(*o.Session) <= maxSessionLen && int32(len(*o.Session)) != m.sessionLen.Load() {
			m.sessionLen.Store(int32(len(*o.Session)))
		}
		c.teach = true
	case *cip.ForgotPasswordOutput, *cip.ResendConfirmationCodeOutput:
		c.teach = true
	}
}

// sawChallenge records a real PASSWORD_VERIFIER challenge: its SECRET_BLOCK's
// length, and (when learning floors) the challenge itself with the counter key of
// the typed name, so that its answer may teach the floor and counts toward that
// name's lockout.
func (m *Masker) sawChallenge(c *call, params map[string]string) {
	m.learnBlock(params)
	c.teach = true
	if m.issued != nil {
		if b := params["SECRET_BLOCK"]; b != "" {
			m.issued.add(m.blockID(c.clientID, b), c.counterKey(m), m.opts.Clock())
		}
	}
}

// fail replaces the typed error with e, keeping the response (status, request id)
// and rewriting its error headers (typeHeader is "<Code>:") to match, as if Cognito
// had answered e.
func (m *Masker) fail(c *call, out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata, e error, typeHeader, msg string, why reason) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error,
) {
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		setHeader(resp.Header, "X-Amzn-Errortype", typeHeader)
		setHeader(resp.Header, "X-Amzn-Errormessage", msg)
		// The body the typed error came from is read and gone; its length goes
		// with it, so no header tells the masked answer from a real one.
		n := errorBodyLen(strings.TrimSuffix(typeHeader, ":"), msg)
		resp.ContentLength = int64(n)
		if _, ok := resp.Header["Content-Length"]; ok {
			setHeader(resp.Header, "Content-Length", strconv.Itoa(n))
		}
	}
	c.why = why
	return out, md, e
}

// errorBodyLen is the length of Cognito's error body {"__type":code,"message":msg}.
func errorBodyLen(code, msg string) int {
	return len(`{"__type":"","message":""}`) + len(code) + len(msg)
}

// succeed replaces the error answer with the output res and a 200 response whose
// body is res as Cognito writes it: the error headers go, Content-Length is the
// length of that body, the other headers of the real answer stay (so the header
// names are those of a real 200).
func (m *Masker) succeed(c *call, out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata, res any) (
	smithymiddleware.DeserializeOutput, smithymiddleware.Metadata, error,
) {
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		body := inventedBody(res)
		resp.StatusCode = http.StatusOK
		resp.Status = "200 OK"
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		resp.Header.Del("X-Amzn-Errortype")
		resp.Header.Del("X-Amzn-Errormessage")
		setHeader(resp.Header, "Content-Length", strconv.Itoa(len(body)))
		resp.ContentLength = int64(len(body))
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	out.Result = res
	c.why = maskedOther
	return out, md, nil
}

// shortCircuit answers a RespondToAuthChallenge for a simulated SRP challenge
// without calling Cognito, as Cognito answers a wrong proof: NotAuthorizedException
// "Incorrect username or password." in a 400 response with a fresh request id, or
// "Password attempts exceeded" while the name's lockout runs (the failure counts
// toward the lockout of the name the challenge was made for, which its SECRET_BLOCK
// carries, so the password and SRP flows share a counter).
func (m *Masker) shortCircuit(ctx context.Context, c *call) (out smithymiddleware.DeserializeOutput, md smithymiddleware.Metadata, err error) {
	text := MsgIncorrect
	if c.hasKey && m.counters.hit(ctx, SignInRule, c.key, m.opts.Clock()) {
		text = MsgAttemptsExceeded
	}
	id, rerr := uuid.NewRandomFromReader(m.opts.Rand)
	if rerr != nil {
		id = uuid.Nil
	}
	reqID := id.String()
	body := `{"__type":"` + codeNotAuthorized + `","message":"` + text + `"}`
	// The header names of the last real error answer (the LEGACY answer to the
	// USER_SRP_AUTH that made the simulated challenge was one), with this answer's
	// values; before any, those of Cognito over HTTP.
	h := m.hdr.template()
	if h == nil {
		h = http.Header{}
		h.Set("Date", "")
	}
	if _, ok := h["Date"]; ok {
		setHeader(h, "Date", m.opts.Clock().UTC().Format(http.TimeFormat))
	}
	if _, ok := h["Content-Type"]; !ok {
		h.Set("Content-Type", "application/x-amz-json-1.1")
	}
	setHeader(h, "Content-Length", strconv.Itoa(len(body)))
	setHeader(h, "X-Amzn-Requestid", reqID)
	setHeader(h, "X-Amzn-Errortype", codeNotAuthorized+":")
	setHeader(h, "X-Amzn-Errormessage", text)
	resp := &http.Response{
		Status: "400 Bad Request", StatusCode: http.StatusBadRequest,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}
	out.RawResponse = &smithyhttp.Response{Response: resp}
	awsmiddleware.SetRequestIDMetadata(&md, reqID)
	c.why = maskedSRPFake
	return out, md, notAuthorizedWith(text)
}

// notAuthorizedWith returns NotAuthorizedException with msg (the generic failure,
// or the lockout's) in one allocation.
func notAuthorizedWith(msg string) error {
	e := &struct {
		types.NotAuthorizedException
		msg string
	}{msg: msg}
	e.Message = &e.msg
	return &e.NotAuthorizedException
}

// limitExceeded returns LimitExceededException "Attempt limit exceeded, please try
// after some time." in one allocation.
func limitExceeded() error {
	e := &struct {
		types.LimitExceededException
		msg string
	}{msg: MsgLimitExceeded}
	e.Message = &e.msg
	return &e.LimitExceededException
}

// codeMismatch returns CodeMismatchException "Invalid verification code provided,
// please try again." in one allocation.
func codeMismatch() error {
	e := &struct {
		types.CodeMismatchException
		msg string
	}{msg: MsgCodeMismatch}
	e.Message = &e.msg
	return &e.CodeMismatchException
}

// delivery returns the simulated CodeDeliveryDetails for username.
func (m *Masker) delivery(username string) *types.CodeDeliveryDetailsType {
	d := m.sim.Delivery(m.opts.UserPoolID, m.simKey(username), m.opts.AutoVerifiedAttributes)
	return toSDKDelivery(d)
}

func toSDKDelivery(d simulate.Delivery) *types.CodeDeliveryDetailsType {
	return &types.CodeDeliveryDetailsType{
		Destination:    ptr(d.Destination),
		DeliveryMedium: types.DeliveryMediumType(d.DeliveryMedium),
		AttributeName:  ptr(d.AttributeName),
	}
}

func ptr(s string) *string { return &s }

// setHeader sets a canonical header key to v, reusing the value slice of the
// response when it holds one value.
func setHeader(h http.Header, key, v string) {
	if old := h[key]; len(old) == 1 {
		old[0] = v
		return
	}
	h[key] = []string{v}
}

func has(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
