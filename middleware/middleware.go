package middleware

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithymiddleware "github.com/aws/smithy-go/middleware"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/internal/cognito"
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
	// MisconfiguredID is the Initialize-step middleware that WithMasking adds
	// instead of the masking middleware when it cannot mask: every Cognito call
	// then fails with an errorsx Misconfigured Result whose Cause says why.
	MisconfiguredID = "maskedauth.Misconfigured"
)

// SDK middleware IDs the masking middleware is placed against.
const (
	sdkRequestIDRetriever    = "RequestIDRetriever"
	sdkServiceMetadata       = "RegisterServiceMetadata"
	sdkOperationDeserializer = "OperationDeserializer"
)

// Masker holds the configuration and the state of the masking middleware: the
// counters behind the lockout and the limits of masked names, the learned latency
// floors, the challenges it saw issued, its keys. Build one with New or ForPool
// and share it (it is safe for concurrent use): a Masker built per call would
// forget its counters and floors, so the middleware refuses to be set up that way
// (see WithMasking). Its Register method is what aws.Config.APIOptions wants.
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
	counters    *counters    // lockout, wrong codes and deliveries of masked names
	issued      *issuedSet   // real PASSWORD_VERIFIER challenges seen issued (learning only)
	macs        sync.Pool    // *macState
	hdr         headerShape  // header names of real error answers
	// USER_AUTH: the pool's factors, the length of real Sessions, the real
	// Sessions seen issued (learning only), the header names of real 200s.
	factors      simulate.PoolFactors
	uaSessionLen atomic.Int32
	// uaSessionLens: per challenge (uaStepCode), the length of its last real Session.
	uaSessionLens [8]atomic.Int32
	uaUsed        *uaUsedSet // answers of the simulated Sessions (userauth_used.go)
	uaIssued      *issuedSet
	okHdr         headerShape

	result resultMiddleware
	mask   maskMiddleware
}

// ErrCaseSensitivityUnknown is the error of New when nothing says how the pool
// compares usernames. The simulated answers and the counters of unknown names are
// keyed by the normalised name: guessing would make "Alice" and "alice" two names in
// a case-insensitive pool (so an unknown name's lockout could be dodged by changing
// case, where a real user's cannot) or one in a case-sensitive pool.
var ErrCaseSensitivityUnknown = errors.New("middleware: the pool's username case sensitivity is unknown: " +
	"build the Masker with ForPool (it reads the pool), or state it with WithNormalize(NormalizeCaseSensitive) " +
	"or WithNormalize(NormalizeCaseInsensitive)")

// New returns a Masker configured by opts. It refuses a configuration that does
// not say how the pool compares usernames (ErrCaseSensitivityUnknown): use ForPool,
// which reads it from the pool, or WithNormalize.
func New(opts ...Option) (*Masker, error) {
	var o Options
	for _, fn := range opts {
		if fn != nil {
			fn(&o)
		}
	}
	return newMasker(o)
}

func newMasker(o Options) (*Masker, error) {
	if o.Normalize == nil {
		return nil, ErrCaseSensitivityUnknown
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
	if !o.NoLatencyFloor {
		if !o.Latency.enabled() {
			o.Latency.Learn = true
		}
		if o.Latency.Learn && o.Latency.Fixed <= 0 {
			o.Latency.Fixed = DefaultInitialFloor
		}
	}
	m := &Masker{opts: o, sim: simulate.New(o.Secret), preciseWait: precise, factors: userAuthFacts(o.SignInFactors)}
	mac := hmac.New(sha256.New, o.Secret)
	mac.Write([]byte("maskedauth/middleware/v1"))
	m.blockKey = mac.Sum(nil)
	if !o.NoLatencyFloor {
		m.lat = newLatency(o.Latency)
		if o.Latency.Learn {
			m.issued = newIssuedSet()
			m.uaIssued = newIssuedSet()
		}
	}
	m.timed = m.lat != nil
	m.uaUsed = newUAUsedSet()
	m.counters = newCountersFor(&m.opts)
	m.macs.New = func() any { return &macState{h: hmac.New(sha256.New, m.blockKey)} }
	m.result.m = m
	m.mask.m = m
	return m, nil
}

// Register adds the masking middleware to stack. Adding the same Masker again is a
// no-op; adding a second, different Masker to a stack that has one is an error (two
// Maskers would count and learn apart, and mask twice). Its signature is that of
// aws.Config.APIOptions and cognitoidentityprovider.Options.APIOptions:
//
//	cfg.APIOptions = append(cfg.APIOptions, masker.Register)
//
// On an aws.Config it is added to the stacks of every service's clients, and
// touches only Cognito user pools calls (the stack's service id): other services'
// calls pass through untouched.
func (m *Masker) Register(stack *smithymiddleware.Stack) error {
	if m == nil {
		return errors.New("middleware: register a nil Masker")
	}
	if otherService(stack) {
		// On an aws.Config's APIOptions every service's stacks pass through here:
		// only Cognito user pools get the middleware (the handlers check the
		// service id again at run time, for stacks built without the SDK's
		// service metadata).
		return nil
	}
	if mw, ok := stack.Initialize.Get(ResultID); ok {
		if rm, ok := mw.(*resultMiddleware); !ok || rm.m != m {
			return errOtherMasker
		}
	} else if err := stack.Initialize.Add(&m.result, smithymiddleware.Before); err != nil {
		return fmt.Errorf("middleware: add %s: %w", ResultID, err)
	}
	if mw, ok := stack.Deserialize.Get(MaskID); ok {
		if mm, ok := mw.(*maskMiddleware); !ok || mm.m != m {
			return errOtherMasker
		}
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

var errOtherMasker = errors.New("middleware: another Masker is registered on this stack: " +
	"build one Masker and register it once (two would count and learn apart)")

// ClientOption returns the client option that registers m on every call of a
// Cognito client. It is also the per-operation option: every call it is given to
// shares m's counters and learned floors.
func (m *Masker) ClientOption() func(*cip.Options) {
	register := m.Register
	return func(o *cip.Options) { o.APIOptions = append(o.APIOptions, register) }
}

// WithMasking returns a Cognito client option that builds one Masker from opts and
// adds it to every call of the client:
//
//	client := cognitoidentityprovider.NewFromConfig(cfg, middleware.WithMasking(
//		middleware.WithSecret(secret), middleware.WithUserPool(poolID, "email"),
//		middleware.WithNormalize(middleware.NormalizeCaseInsensitive)))
//
// It is a client option only. Passed to a single operation (or to New with the
// Options of a client already built, client.Options()), it would build a new Masker
// per call, whose counters and learned floors die with the call (an unknown name
// would never be locked out, and every answer would wait for the initial floor):
// such a call fails with an errorsx Misconfigured Result saying so. Per operation,
// pass a shared Masker's ClientOption instead. A configuration New refuses
// (ErrCaseSensitivityUnknown, a secret that cannot be drawn) fails every Cognito
// call of the client the same way, saying why.
func WithMasking(opts ...Option) func(*cip.Options) {
	m, err := New(opts...)
	return func(o *cip.Options) {
		switch {
		case err != nil:
			o.APIOptions = append(o.APIOptions, addMisconfigured(err))
		case resolvedByClient(o):
			o.APIOptions = append(o.APIOptions, addMisconfigured(errPerOperation))
		default:
			o.APIOptions = append(o.APIOptions, m.Register)
		}
	}
}

var errPerOperation = errors.New("middleware: WithMasking is a client option: given to one operation it would build " +
	"a new Masker (counters, learned latency floors) for every call; build one Masker with New or ForPool and pass its ClientOption")

// resolvedByClient reports whether o are the options of a client already built:
// cognitoidentityprovider.New fills AuthSchemes after it has run the client
// options, so they see it nil, while the per-operation options see the client's
// resolved copy. (TestWithMaskingPerOperation pins this.)
func resolvedByClient(o *cip.Options) bool { return o.AuthSchemes != nil }

// AddMasking adds m's masking middleware to stack; adding it to a stack that has it
// is a no-op, and adding it to a stack that has another Masker's is an error. It is
// m.Register, for code that builds stacks by hand.
func AddMasking(stack *smithymiddleware.Stack, m *Masker) error {
	if m == nil {
		return errors.New("middleware: AddMasking: nil Masker")
	}
	return m.Register(stack)
}

// isCognito reports whether the stack of ctx belongs to a Cognito user pools
// client: the middleware touches nothing else.
// otherService reports whether stack belongs to an SDK client of another service:
// its id (the SDK names a stack after its operation) is no Cognito user pools
// operation, or the service metadata that older SDK clients add before the
// APIOptions run names another service. An operation name Cognito shares with
// other services (TagResource, ...) still gets the middleware, which passes such
// calls through at run time (isCognito).
func otherService(stack *smithymiddleware.Stack) bool {
	if id := stack.ID(); id != "" && !cognito.Known(id) {
		return true
	}
	mw, ok := stack.Initialize.Get(sdkServiceMetadata)
	if !ok {
		return false
	}
	md, ok := mw.(*awsmiddleware.RegisterServiceMetadata)
	return ok && md.ServiceID != "" && md.ServiceID != cip.ServiceID
}

func isCognito(ctx context.Context) bool {
	return smithymiddleware.GetServiceID(ctx) == cip.ServiceID || awsmiddleware.GetServiceID(ctx) == cip.ServiceID
}

// addMisconfigured returns the API option that adds the Misconfigured middleware.
func addMisconfigured(err error) func(*smithymiddleware.Stack) error {
	return func(stack *smithymiddleware.Stack) error {
		if _, ok := stack.Initialize.Get(MisconfiguredID); ok {
			return nil
		}
		return stack.Initialize.Add(misconfigured{err}, smithymiddleware.Before)
	}
}

// misconfigured fails every Cognito call with a Misconfigured Result whose Cause is
// err; other services' calls pass.
type misconfigured struct{ err error }

func (misconfigured) ID() string { return MisconfiguredID }

func (mc misconfigured) HandleInitialize(ctx context.Context, in smithymiddleware.InitializeInput, next smithymiddleware.InitializeHandler) (
	smithymiddleware.InitializeOutput, smithymiddleware.Metadata, error,
) {
	if !isCognito(ctx) {
		return next.HandleInitialize(ctx, in)
	}
	r := errorsx.Result{Operation: smithymiddleware.GetOperationName(ctx), Kind: errorsx.Misconfigured,
		Message: errorsx.KindMessage(errorsx.Misconfigured), Cause: mc.err}
	return smithymiddleware.InitializeOutput{}, smithymiddleware.Metadata{}, fmt.Errorf("%w (%w)", mc.err, &errorsx.Error{Result: r})
}

// reason says why the Mask middleware changed an answer.
type reason uint8

const (
	notMasked     reason = iota
	maskedOther          // any other change
	maskedSignIn         // a sign-in failure the middleware counts (unknown, reset-required or generic-by-policy user)
	maskedSRPFake        // the answer to a simulated SRP challenge (counts too)
)

func (m *Masker) norm(username string) string { return m.opts.Normalize(username) }

type resultMiddleware struct{ m *Masker }

func (*resultMiddleware) ID() string { return ResultID }

func (rm *resultMiddleware) HandleInitialize(ctx context.Context, in smithymiddleware.InitializeInput, next smithymiddleware.InitializeHandler) (
	out smithymiddleware.InitializeOutput, md smithymiddleware.Metadata, err error,
) {
	if !isCognito(ctx) {
		return next.HandleInitialize(ctx, in)
	}
	m := rm.m
	var start time.Time
	if m.timed {
		start = m.opts.Clock()
	}
	op := smithymiddleware.GetOperationName(ctx)
	c := m.parse(op, in.Parameters, start)
	latKey := op
	if c != nil {
		defer releaseCall(c)
		ctx = smithymiddleware.WithStackValue(ctx, callKey{}, c)
	}

	out, md, err = next.HandleInitialize(ctx, in)

	var masked, teach bool
	if c != nil {
		masked, teach, latKey = c.why != notMasked, c.teach, c.latKey
	}
	if err != nil {
		r := errorsx.Classify(op, nil, err)
		if m.lat != nil && (masked || m.heldClass(op, nil, r.HTTPStatus, true)) {
			if herr := m.holdAnswer(ctx, latKey, start, teach); herr != nil {
				r = errorsx.Classify(op, nil, fmt.Errorf("middleware: latency floor: %w", herr))
			}
		}
		m.log(ctx, r, masked)
		return out, md, &errorsx.Error{Result: r}
	}
	if m.lat != nil && (masked || m.heldClass(op, out.Result, 0, false) || c != nil && c.userAuth && isUserAuthOutput(out.Result)) {
		if herr := m.holdAnswer(ctx, latKey, start, teach); herr != nil {
			r := errorsx.Classify(op, nil, fmt.Errorf("middleware: latency floor: %w", herr))
			m.log(ctx, r, masked)
			return smithymiddleware.InitializeOutput{}, md, &errorsx.Error{Result: r}
		}
	}
	if m.opts.Logger != nil {
		r := errorsx.Classify(op, out.Result, nil)
		if r.RequestID == "" {
			r.RequestID, _ = awsmiddleware.GetRequestIDMetadata(md)
		}
		m.log(ctx, r, masked)
	}
	return out, md, nil
}

// holdAnswer learns the latency of a real answer that may teach the floor (learn:
// before holding it) and holds the answer, real or masked, to its class's floor.
func (m *Masker) holdAnswer(ctx context.Context, key string, start time.Time, learn bool) error {
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
