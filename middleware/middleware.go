package middleware

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/simulate"
)

// Stable middleware IDs. Register adds each at most once per stack.
const (
	// ResultID is the Initialize-step middleware: it attaches the Result to every
	// answer, short-circuits simulated SRP sessions, holds masked answers and the
	// real answers they are compared with to the latency floor and writes the log
	// record.
	ResultID = "maskedauth.Result"
	// MaskID is the Deserialize-step middleware, between "ResponseErrorWrapper" and
	// "RequestIDRetriever" (so right outside "OperationDeserializer"): it sees the
	// typed error of each attempt and turns LEGACY answers into ENABLED ones.
	MaskID = "maskedauth.Mask"
)

// SDK middleware IDs the masking middleware is placed against.
const (
	sdkRequestIDRetriever    = "RequestIDRetriever"
	sdkOperationDeserializer = "OperationDeserializer"
)

// Masker holds the configuration and the state (learned latencies, keys) of the
// masking middleware. Build one with New and share it: it is safe for concurrent
// use, and its Register method is what aws.Config.APIOptions wants.
type Masker struct {
	opts     Options
	sim      *simulate.Simulator
	blockKey []byte // keys SECRET_BLOCKs and the other values simulate lacks
	lat      *latency
	timed    bool // the Result middleware needs the clock
	// preciseWait: the default Sleep, so the hold ends on a precise deadline.
	preciseWait bool
	blockLen    atomic.Int32 // decoded length of the last real SECRET_BLOCK seen
	sessionLen  atomic.Int32 // length of the last real SignUp Session seen
	lock        *lockout     // sign-in failures of masked unknown users
	codes       *lockout     // wrong ConfirmForgotPassword codes of masked users
	requests    *lockout     // masked ForgotPassword/ResendConfirmationCode requests
	macs        sync.Pool    // *macState
	hdr         headerShape  // header names of real error answers

	result resultMiddleware
	mask   maskMiddleware
}

// New returns a Masker configured by opts.
func New(opts ...Option) (*Masker, error) {
	var o Options
	for _, fn := range opts {
		if fn != nil {
			fn(&o)
		}
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	precise := o.Sleep == nil
	if o.Sleep == nil {
		o.Sleep = sleepContext
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if len(o.Secret) == 0 {
		s := make([]byte, 32)
		if _, err := io.ReadFull(o.Rand, s); err != nil {
			return nil, fmt.Errorf("middleware: draw secret: %w", err)
		}
		o.Secret = s
	}
	m := &Masker{opts: o, sim: simulate.New(o.Secret), preciseWait: precise}
	mac := hmac.New(sha256.New, o.Secret)
	mac.Write([]byte("maskedauth/middleware/v1"))
	m.blockKey = mac.Sum(nil)
	if !o.NoLatencyFloor {
		if !o.Latency.enabled() {
			o.Latency.Learn = true
			m.opts.Latency = o.Latency
		}
		m.lat = newLatency(o.Latency)
	}
	m.timed = m.lat != nil
	m.lock = &lockout{}
	m.codes = &lockout{}
	m.requests = &lockout{}
	m.macs.New = func() any { return &macState{h: hmac.New(sha256.New, m.blockKey)} }
	m.result.m = m
	m.mask.m = m
	return m, nil
}

// Register adds the masking middleware to stack. Adding it again is a no-op. Its
// signature is that of aws.Config.APIOptions and cognitoidentityprovider.Options.APIOptions:
//
//	cfg.APIOptions = append(cfg.APIOptions, masker.Register)
func (m *Masker) Register(stack *smithymiddleware.Stack) error {
	if _, ok := stack.Initialize.Get(ResultID); !ok {
		if err := stack.Initialize.Add(&m.result, smithymiddleware.Before); err != nil {
			return fmt.Errorf("middleware: add %s: %w", ResultID, err)
		}
	}
	if _, ok := stack.Deserialize.Get(MaskID); ok {
		return nil
	}
	var err error
	if _, ok := stack.Deserialize.Get(sdkRequestIDRetriever); ok {
		err = stack.Deserialize.Insert(&m.mask, sdkRequestIDRetriever, smithymiddleware.Before)
	} else if _, ok := stack.Deserialize.Get(sdkOperationDeserializer); ok {
		err = stack.Deserialize.Insert(&m.mask, sdkOperationDeserializer, smithymiddleware.Before)
	} else {
		err = stack.Deserialize.Add(&m.mask, smithymiddleware.After)
	}
	if err != nil {
		return fmt.Errorf("middleware: add %s: %w", MaskID, err)
	}
	return nil
}

// ClientOption returns the client option that registers m on every call of a
// Cognito client.
func (m *Masker) ClientOption() func(*cip.Options) {
	register := m.Register
	return func(o *cip.Options) { o.APIOptions = append(o.APIOptions, register) }
}

// WithMasking returns a Cognito client option that adds the masking middleware to
// every call of the client:
//
//	client := cognitoidentityprovider.NewFromConfig(cfg, middleware.WithMasking(
//		middleware.WithSecret(secret), middleware.WithUserPool(poolID, "email")))
//
// Each call of WithMasking builds a new Masker; pass the option to the client once
// (or use New and ClientOption) so learned latencies are kept. A configuration
// error (the default secret could not be drawn) fails every call.
func WithMasking(opts ...Option) func(*cip.Options) {
	m, err := New(opts...)
	if err != nil {
		return func(o *cip.Options) {
			o.APIOptions = append(o.APIOptions, func(*smithymiddleware.Stack) error { return err })
		}
	}
	return m.ClientOption()
}

// AddMasking adds the masking middleware, configured by opts, to stack; adding it
// to a stack that has it is a no-op. It builds a new Masker on every call, so when it
// runs per operation (aws.Config.APIOptions) give it WithSecret for stable simulated
// values, or better build one Masker with New and append its Register method.
func AddMasking(stack *smithymiddleware.Stack, opts ...Option) error {
	if _, ok := stack.Initialize.Get(ResultID); ok {
		if _, ok := stack.Deserialize.Get(MaskID); ok {
			return nil
		}
	}
	m, err := New(opts...)
	if err != nil {
		return err
	}
	return m.Register(stack)
}

// ResultFrom returns the Result of a successful call from its output's
// ResultMetadata. It reports false when the masking middleware did not run. Failed
// calls carry their Result in the error: use errorsx.From(err).
func ResultFrom(metadata smithymiddleware.Metadata) (errorsx.Result, bool) {
	out := metadata.Get(outputKey{})
	if out == nil {
		return errorsx.Result{}, false
	}
	r := errorsx.Classify(operationOf(out), out, nil)
	if r.RequestID == "" {
		r.RequestID, _ = awsmiddleware.GetRequestIDMetadata(metadata)
	}
	return r, true
}

// Metadata and context keys.
type (
	outputKey struct{} // metadata: the output of a successful call
	maskedKey struct{} // metadata: the middleware changed this answer (a reason)
	paramsKey struct{} // context: the operation input, for the Mask middleware
	fakeKey   struct{} // context: a simulated SRP session to fail without Cognito
	// existingKey (metadata): a masked failure of a user who exists, whose
	// latency teaches the latency floor like a real failure's.
	existingKey struct{}
)

// reason says why the Mask middleware changed an answer.
type reason uint8

const (
	notMasked     reason = iota
	maskedOther          // any other change
	maskedSignIn         // an unknown or reset-required user's sign-in failure (counts toward the lockout)
	maskedSRPFake        // the answer to a simulated SRP challenge (counts too)
)

// maskReason returns why the Mask middleware changed the answer, if it did.
func maskReason(md smithymiddleware.Metadata) reason {
	v, _ := md.Get(maskedKey{}).(reason)
	return v
}

func (m *Masker) norm(username string) string {
	if m.opts.Normalize != nil {
		return m.opts.Normalize(username)
	}
	return username
}

// needsParams reports whether the Mask middleware may need the input of this
// call, and whether the call answers a simulated SRP challenge.
func (m *Masker) needsParams(params any) (need, fake bool) {
	emulate := !m.opts.ClientEnabled
	switch p := params.(type) {
	case *cip.InitiateAuthInput:
		return emulate && p != nil && p.AuthFlow == types.AuthFlowTypeUserSrpAuth, false
	case *cip.AdminInitiateAuthInput:
		return emulate && p != nil && p.AuthFlow == types.AuthFlowTypeUserSrpAuth, false
	case *cip.RespondToAuthChallengeInput:
		if emulate && p != nil && p.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			return false, m.answersSimulated(deref(p.ClientId), p.ChallengeResponses)
		}
	case *cip.AdminRespondToAuthChallengeInput:
		if emulate && p != nil && p.ChallengeName == types.ChallengeNameTypePasswordVerifier {
			return false, m.answersSimulated(deref(p.ClientId), p.ChallengeResponses)
		}
	case *cip.ForgotPasswordInput, *cip.ResendConfirmationCodeInput, *cip.ConfirmForgotPasswordInput:
		return emulate, false
	case *cip.SignUpInput:
		return m.opts.SimulateSignUpExists, false
	}
	return false, false
}

// answersSimulated reports whether PASSWORD_VERIFIER responses answer a simulated
// challenge of this Masker. Responses missing a required parameter go to Cognito,
// which names the missing one as it would for a real challenge.
func (m *Masker) answersSimulated(clientID string, r map[string]string) bool {
	for _, k := range [...]string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
		if r[k] == "" {
			return false
		}
	}
	return m.isSimulatedBlock(clientID, r["PASSWORD_CLAIM_SECRET_BLOCK"])
}

type resultMiddleware struct{ m *Masker }

func (*resultMiddleware) ID() string { return ResultID }

func (rm *resultMiddleware) HandleInitialize(ctx context.Context, in smithymiddleware.InitializeInput, next smithymiddleware.InitializeHandler) (
	out smithymiddleware.InitializeOutput, md smithymiddleware.Metadata, err error,
) {
	m := rm.m
	var start time.Time
	if m.timed {
		start = m.opts.Clock()
	}
	switch need, fake := m.needsParams(in.Parameters); {
	case fake:
		ctx = context.WithValue(ctx, fakeKey{}, true)
	case need:
		ctx = context.WithValue(ctx, paramsKey{}, in.Parameters)
	}

	out, md, err = next.HandleInitialize(ctx, in)

	op := smithymiddleware.GetOperationName(ctx)
	why := maskReason(md)
	wasMasked := why != notMasked
	if err != nil {
		if why == maskedSignIn || why == maskedSRPFake {
			m.applyLockout(ctx, in.Parameters, err)
		}
		r := errorsx.Classify(op, nil, err)
		if m.lat != nil && (wasMasked || m.heldClass(op, nil, r.HTTPStatus, true)) {
			learn := !wasMasked || md.Get(existingKey{}) != nil
			if herr := m.holdAnswer(ctx, op, in.Parameters, start, learn); herr != nil {
				r = errorsx.Classify(op, nil, fmt.Errorf("middleware: latency floor: %w", herr))
			}
		}
		m.log(ctx, r, wasMasked)
		return out, md, &errorsx.Error{Result: r}
	}
	if m.lat != nil && (wasMasked || m.heldClass(op, out.Result, 0, false)) {
		if herr := m.holdAnswer(ctx, op, in.Parameters, start, !wasMasked); herr != nil {
			r := errorsx.Classify(op, nil, fmt.Errorf("middleware: latency floor: %w", herr))
			m.log(ctx, r, wasMasked)
			return smithymiddleware.InitializeOutput{}, md, &errorsx.Error{Result: r}
		}
	}
	if out.Result != nil {
		md.Set(outputKey{}, out.Result)
	}
	if m.opts.Logger != nil {
		r := errorsx.Classify(op, out.Result, nil)
		if r.RequestID == "" {
			r.RequestID, _ = awsmiddleware.GetRequestIDMetadata(md)
		}
		m.log(ctx, r, wasMasked)
	}
	return out, md, nil
}

// holdAnswer learns the latency of a real answer of a held class (learn: before
// holding it) and holds the answer, real or masked, to the class's floor.
func (m *Masker) holdAnswer(ctx context.Context, op string, params any, start time.Time, learn bool) error {
	key := latencyKey(op, params)
	if learn {
		m.lat.observe(key, m.opts.Clock().Sub(start))
	}
	return m.hold(ctx, key, start)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
