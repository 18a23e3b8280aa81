package mockpool

// The wire layer: awsJson1_1 request decoding, response and error encoding, and the
// validation messages of Cognito's front end. It knows nothing about users or pools.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const (
	contentTypeJSON = "application/x-amz-json-1.1"
	targetPrefix    = "AWSCognitoIdentityProviderService."
	maxBodyBytes    = 1 << 20 // requests over 1 MiB are refused
)

// apiError is an error answer of the API: the code (the SDK's exception name), the
// message, and the HTTP status (400, or 500 for InternalErrorException).
type apiError struct {
	Code    string
	Message string
	Status  int
}

func (e *apiError) Error() string { return "mockpool: " + e.Code + ": " + e.Message }

func newErr(code, msg string) *apiError {
	return &apiError{Code: code, Message: msg, Status: http.StatusBadRequest}
}

// internalError is Cognito's InternalErrorException (status 500).
func internalError() *apiError {
	return &apiError{Code: cognito.CodeInternalError, Message: cognito.MsgInternalError, Status: http.StatusInternalServerError}
}

// Error codes and message texts: internal/cognito, shared with errorsx and the
// middleware.

// maxEcho is how many characters of a request's value an error message repeats.
const maxEcho = 256

// echo is s as an error message may repeat it: at most maxEcho runes, then "...".
// Every message that quotes a value of the request passes it through echo, so a
// megabyte of input never comes back as a megabyte of message (or header).
func echo(s string) string {
	n := 0
	for i := range s {
		if n == maxEcho {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

// decode unmarshals an awsJson1_1 request body into v. An empty body is an empty object.
func decode(body []byte, v any) *apiError {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return newErr(cognito.CodeSerializationException, fmt.Sprintf("Unexpected value type for '%s'", echo(wireField(typeErr.Field))))
		}
		return newErr(cognito.CodeSerializationException, cognito.MsgBodyNotJSON)
	}
	return nil
}

// errorBody is the JSON body of an error answer.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// response is a finished answer, independent of how it is written (http.Response or
// http.ResponseWriter).
type response struct {
	status    int
	body      []byte
	errCode   string // set on errors
	errMsg    string
	requestID string
	ctype     string
}

func (r *response) header() http.Header {
	h := make(http.Header, 5)
	h["Content-Type"] = []string{r.ctype}
	h["Content-Length"] = []string{strconv.Itoa(len(r.body))}
	if r.requestID != "" {
		h["X-Amzn-Requestid"] = []string{r.requestID}
	}
	if r.errCode != "" {
		h["X-Amzn-Errortype"] = []string{r.errCode + ":"}
		h["X-Amzn-Errormessage"] = []string{headerSafe(r.errMsg)}
	}
	return h
}

// headerSafe drops the bytes that may not appear in a header value.
func headerSafe(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return -1
				}
				return r
			}, s)
		}
	}
	return s
}

func errorResponse(e *apiError, requestID string) *response {
	body, _ := json.Marshal(errorBody{Type: e.Code, Message: e.Message})
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	return &response{status: status, body: body, errCode: e.Code, errMsg: e.Message, requestID: requestID, ctype: contentTypeJSON}
}

func okResponse(out any, requestID string) *response {
	body, err := json.Marshal(out)
	if err != nil {
		return errorResponse(internalError(), requestID)
	}
	return &response{status: http.StatusOK, body: body, requestID: requestID, ctype: contentTypeJSON}
}

// validator collects Cognito front-end validation failures and renders them as
// "N validation error(s) detected: ...; ...".
type validator struct {
	errs []string
}

func (v *validator) add(msg string) { v.errs = append(v.errs, msg) }

// required records a null member.
func (v *validator) required(field string, present bool) {
	if !present {
		v.add(fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", field))
	}
}

// length checks the length of a present member; sensitive values are not echoed.
func (v *validator) length(field, value string, minLen, maxLen int, sensitive bool) {
	n := len([]rune(value))
	shown := "Value '" + echo(value) + "' at"
	if sensitive {
		shown = "Value at"
	}
	switch {
	case n < minLen:
		v.add(fmt.Sprintf("%s '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", shown, field, minLen))
	case n > maxLen:
		v.add(fmt.Sprintf("%s '%s' failed to satisfy constraint: Member must have length less than or equal to %d", shown, field, maxLen))
	}
}

// enum checks a present member against its allowed values.
func (v *validator) enum(field, value string, allowed []string) {
	for _, a := range allowed {
		if a == value {
			return
		}
	}
	v.add(fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", echo(value), field, strings.Join(allowed, ", ")))
}

func (v *validator) err() *apiError {
	switch len(v.errs) {
	case 0:
		return nil
	case 1:
		return newErr(cognito.CodeInvalidParameter, "1 validation error detected: "+v.errs[0])
	default:
		return newErr(cognito.CodeInvalidParameter, fmt.Sprintf("%d validation errors detected: %s", len(v.errs), strings.Join(v.errs, "; ")))
	}
}

// attributeType is Cognito's AttributeType.
type attributeType struct {
	Name  string  `json:"Name"`
	Value *string `json:"Value,omitempty"`
}

// codeDeliveryDetails is Cognito's CodeDeliveryDetailsType.
type codeDeliveryDetails struct {
	Destination    string `json:"Destination,omitempty"`
	DeliveryMedium string `json:"DeliveryMedium,omitempty"`
	AttributeName  string `json:"AttributeName,omitempty"`
}

// empty is the body of operations that answer nothing.
type empty struct{}
