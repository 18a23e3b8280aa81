package mockpool

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/google/uuid"

	"github.com/maskedauth/maskedauth/internal/simulate"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Server is an in-memory Cognito user pool service. It is both the SDK client's
// HTTPClient (Do) and an http.Handler (ServeHTTP); both run the same code. It is safe
// for concurrent use.
type Server struct {
	now      func() time.Time
	rnd      lockedReader
	region   string
	issuerFn func(region, poolID string) string
	code     string
	log      *slog.Logger
	onChange func()
	journal  journal      // durable state (journal.go); nil: memory only
	serving  atomic.Int64 // requests in serve now (the journal gathers commits while > 1)

	allowedHosts []allowedHost // beyond loopback; see Options.AllowedHosts

	triggerTimeout  time.Duration
	defaultTriggers *Triggers // given to every new pool

	secret []byte
	sim    *simulate.Simulator

	keyMu sync.Mutex
	key   atomic.Pointer[tokenKeys] // tokens.go

	mu      sync.RWMutex
	pools   map[string]*pool
	order   []string         // pool ids in creation order
	clients map[string]*pool // app client id -> pool

	outMu  sync.Mutex
	outbox []Message
	outSeq uint64 // the seq of the latest message sent

	dummySalt [16]byte
	dummyHash [32]byte
}

// New returns a Server with no pools.
func New(opts ...Option) *Server {
	o := Options{}
	for _, f := range opts {
		f(&o)
	}
	s := &Server{
		now: o.Clock, region: o.Region, issuerFn: o.Issuer, code: o.FixedCode, log: o.Logger, onChange: o.OnChange,
		pools: map[string]*pool{}, clients: map[string]*pool{},
	}
	s.allowedHosts = parseAllowedHosts(o.AllowedHosts)
	s.triggerTimeout = o.TriggerTimeout
	if o.Triggers != nil && !o.Triggers.empty() {
		t := *o.Triggers
		s.defaultTriggers = &t
	}
	if s.triggerTimeout <= 0 {
		s.triggerTimeout = DefaultTriggerTimeout
	}
	if s.now == nil {
		s.now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	s.rnd = lockedReader{r: o.Rand}
	if s.region == "" {
		s.region = "us-east-1"
	}
	if s.issuerFn == nil {
		s.issuerFn = func(region, poolID string) string {
			return "https://cognito-idp." + region + ".amazonaws.com/" + poolID
		}
	}
	if len(o.Secret) > 0 { // an empty secret (say, an empty -secret-file) is no secret: draw one
		s.secret = bytes.Clone(o.Secret)
		if len(s.secret) < 32 && s.log != nil {
			s.log.Warn("mockpool: simulation secret shorter than 32 bytes; simulated answers may be guessable")
		}
	} else {
		s.secret = make([]byte, 32)
		s.randBytes(s.secret)
	}
	s.touch(recordRef{kind: recServer, key: "secret"})
	s.sim = simulate.New(s.secret)
	s.randBytes(s.dummySalt[:])
	s.dummyHash = hashPassword(s.dummySalt[:], "dummy")
	s.useSigningKeys(o.SigningKey, o.IDSigningKey)
	return s
}

// Region returns the region of the server's pools.
func (s *Server) Region() string { return s.region }

// lockedReader serialises reads of the configured randomness source.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (s *Server) randBytes(b []byte) {
	s.rnd.mu.Lock()
	_, err := io.ReadFull(s.rnd.r, b)
	s.rnd.mu.Unlock()
	if err != nil { // a broken reader: fall back to crypto/rand rather than use zeros
		_, _ = rand.Read(b)
	}
}

// Read implements io.Reader over the server's randomness (for uuid and rsa).
func (s *Server) read(b []byte) (int, error) { s.randBytes(b); return len(b), nil }

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

func (s *Server) newUUID() string {
	id, err := uuid.NewRandomFromReader(readerFunc(s.read))
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

const (
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randString draws n characters of alphabet uniformly (rejection sampling).
func (s *Server) randString(alphabet string, n int) string {
	out := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet)
	buf := make([]byte, n+8)
	for len(out) < n {
		s.randBytes(buf)
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// newCode returns the fixed code, or 6 random digits.
func (s *Server) newCode() string {
	if s.code != "" {
		return s.code
	}
	return s.randString("0123456789", 6)
}

// request is one API call being served.
type request struct {
	ctx     context.Context
	op      string
	body    []byte
	id      string
	now     time.Time
	changed bool            // set by handlers that changed the state
	outbox  []queuedMessage // messages waiting for the CustomMessage trigger (outbox.go)
}

// serve runs one API call. It never panics on input: a panic in a handler becomes an
// InternalErrorException.
func (s *Server) serve(ctx context.Context, target string, body []byte) (resp *response) {
	r := &request{ctx: ctx, body: body, now: s.now(), id: s.newUUID()}
	start := time.Now()
	s.serving.Add(1)
	defer s.serving.Add(-1)
	defer func() {
		if v := recover(); v != nil {
			resp = errorResponse(&apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: http.StatusInternalServerError}, r.id)
			if s.log != nil {
				s.log.Error("mockpool: handler panic", "operation", r.op, "request_id", r.id)
			}
		}
		if s.log != nil {
			s.log.Info("mockpool request", "operation", r.op, "request_id", r.id, "status", resp.status, "error", resp.errCode, "duration", time.Since(start))
		}
		if r.changed && resp.status == http.StatusOK && s.onChange != nil {
			s.onChange()
		}
	}()
	op, ok := strings.CutPrefix(target, targetPrefix)
	h := operations[op]
	if !ok || h == nil {
		// The answer and the log line name what was asked for (at most a few
		// hundred characters of it), and say whether it is an SDK operation
		// mockpool does not serve or no Cognito operation at all.
		name := echo(target)
		if ok {
			name = echo(op)
		}
		r.op = name
		msg := cognito.MsgUnknownOperation + ": " + name
		if ok && cognito.Known(op) {
			msg += " (a Cognito operation mockpool does not serve)"
		}
		if target == "" {
			msg = cognito.MsgUnknownOperation + ": no X-Amz-Target header"
		}
		return errorResponse(newErr(cognito.CodeUnknownOperationException, msg), r.id)
	}
	r.op = op
	out, aerr := h(s, r)
	if len(r.outbox) > 0 {
		if e := s.flush(r); e != nil && aerr == nil {
			aerr = e
		}
	}
	if s.journal != nil && cognito.ClassOf(r.op) != cognito.Other {
		// A masked operation's answer always waits for a commit: a known user's
		// ForgotPassword stores a code (a commit and its fsync), and the simulated
		// answer for a name that resolves to nobody must cost the same, or the
		// time of the answer tells them apart (TestMaskedAnswersAllCommit).
		s.touch(recordRef{kind: recServer, key: serverPulse})
	}
	if s.journal != nil {
		// Every change made before this answer must be durable before it is given
		// (sync returns at once when nothing is pending). While commits fail, a
		// read-only operation that changed nothing is still answered (the server
		// keeps serving reads); every other one is refused.
		if err := s.journal.sync(r.ctx); err != nil && (r.changed || !cognito.ReadOnly(r.op)) {
			r.changed = false
			aerr = &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalServerError, Status: http.StatusInternalServerError}
			if s.log != nil {
				s.log.Error("mockpool: commit failed", "operation", r.op, "request_id", r.id, "err", err)
			}
		}
	}
	if aerr != nil {
		return errorResponse(aerr, r.id)
	}
	return okResponse(out, r.id)
}

func (s *Server) markChanged(r *request) { r.changed = true }

// readBody reads at most maxBodyBytes.
func readBody(body io.Reader) ([]byte, *apiError) {
	if body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, maxBodyBytes+1))
	if err != nil {
		return nil, newErr(cognito.CodeSerializationException, cognito.MsgUnreadableBody)
	}
	if len(b) > maxBodyBytes {
		return nil, &apiError{Code: cognito.CodeSerializationException, Message: cognito.MsgBodyTooLarge, Status: http.StatusRequestEntityTooLarge}
	}
	return b, nil
}

// handle routes an HTTP request: POST / to the API, GET to the JWKS, OpenID
// configuration and outbox.
func (s *Server) handle(req *http.Request) *response {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return s.handleGet(req)
	}
	if req.Method != http.MethodPost {
		return &response{status: http.StatusMethodNotAllowed, body: []byte(`{"message":"Method not allowed"}`), ctype: "application/json"}
	}
	body, aerr := readBody(req.Body)
	if aerr != nil {
		return errorResponse(aerr, s.newUUID())
	}
	return s.serve(req.Context(), req.Header.Get("X-Amz-Target"), body)
}

func (s *Server) handleGet(req *http.Request) *response {
	path := req.URL.Path
	if path == "/_mockpool/messages" {
		q := req.URL.Query()
		f := MessageFilter{UserPoolID: q.Get("userPoolId"), Username: q.Get("username")}
		b, _ := json.Marshal(s.Messages(f))
		return &response{status: http.StatusOK, body: b, ctype: "application/json"}
	}
	if poolID, ok := strings.CutSuffix(path, "/.well-known/jwks.json"); ok {
		if b, ok := s.JWKS(strings.TrimPrefix(poolID, "/")); ok {
			return &response{status: http.StatusOK, body: b, ctype: "application/json"}
		}
	}
	if poolID, ok := strings.CutSuffix(path, "/.well-known/openid-configuration"); ok {
		if b, ok := s.openIDConfiguration(strings.TrimPrefix(poolID, "/")); ok {
			return &response{status: http.StatusOK, body: b, ctype: "application/json"}
		}
	}
	return &response{status: http.StatusNotFound, body: []byte(`{"message":"Not found"}`), ctype: "application/json"}
}

// Do serves an SDK request in-process (smithy-go's HTTPClient interface).
func (s *Server) Do(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	resp := s.handle(req)
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		Status:        strconv.Itoa(resp.status) + " " + http.StatusText(resp.status),
		StatusCode:    resp.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        resp.header(),
		Body:          io.NopCloser(bytes.NewReader(resp.body)),
		ContentLength: int64(len(resp.body)),
		Request:       req,
	}, nil
}

// ServeHTTP serves the same API over HTTP. It answers only requests whose Host is a
// loopback name or address (localhost, 127.0.0.0/8, [::1]; any port), the address the
// connection came in on, or one of Options.AllowedHosts; any other Host gets 403
// ForbiddenException and nothing of the request is read (DNS rebinding).
func (s *Server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var resp *response
	local, _ := req.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if s.hostAllowed(req.Host, local) {
		resp = s.handle(req)
	} else {
		resp = forbiddenHost(s.newUUID())
		if s.log != nil {
			s.log.Warn("mockpool: request refused: Host not allowed", "host", echo(req.Host))
		}
	}
	h := w.Header()
	for k, v := range resp.header() {
		h[k] = v
	}
	w.WriteHeader(resp.status)
	if req.Method != http.MethodHead {
		_, _ = w.Write(resp.body)
	}
}

// Client returns an SDK client whose HTTPClient is s: region s.Region(), static fake
// credentials, BaseEndpoint "http://mockpool.invalid" (never dialled) and
// RetryMaxAttempts 1, so LimitExceededException and 5xx answers are not retried. optFns
// may change any of these.
func (s *Server) Client(optFns ...func(*cognitoidentityprovider.Options)) *cognitoidentityprovider.Client {
	o := cognitoidentityprovider.Options{
		Region:           s.region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDMOCKPOOLEXAMPLE", "mockpool-fake-secret-key", ""),
		HTTPClient:       s,
		BaseEndpoint:     aws.String("http://mockpool.invalid"),
		RetryMaxAttempts: 1,
	}
	return cognitoidentityprovider.New(o, optFns...)
}
