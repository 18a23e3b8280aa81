package errorsx

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

// Classify turns the answer of one Cognito call into a Result.
//
// operation is the Cognito operation name ("InitiateAuth", "ForgotPassword",
// ...), spelled as the SDK spells it; it selects the masking rules. A name
// that is no SDK operation (a wrong case, a typo) gives a Misconfigured Result
// whose Cause wraps ErrUnknownOperation (and err). When it is empty, the name in
// a *smithy.OperationError of err is used, or for an output the operation its
// type belongs to (*cognitoidentityprovider.InitiateAuthOutput: "InitiateAuth"). output is the SDK's output pointer
// (*cognitoidentityprovider.InitiateAuthOutput, ...) and err the call's
// error; when err is not nil, output is ignored.
//
// Errors: the Cognito error code (smithy.APIError.ErrorCode, so typed
// exceptions and *smithy.GenericAPIError alike) selects a Kind from a table
// that covers every exception of the SDK's types package; then:
//
//   - UserNotFoundException, PasswordResetRequiredException and
//     NotAuthorizedException (wrong password, user disabled, invalid token)
//     give one InvalidCredentials result;
//   - "Password attempts exceeded" gives TooManyAttempts; a missing or wrong
//     SECRET_HASH and an auth flow not enabled give Misconfigured;
//   - on ConfirmSignUp and ConfirmForgotPassword, UserNotFoundException and
//     NotAuthorizedException give the InvalidCode result of
//     CodeMismatchException;
//   - on ForgotPassword and ResendConfirmationCode, the LEGACY answers that
//     reveal an account (UserNotFoundException, NotAuthorizedException such
//     as "User is disabled.", no verified email or phone, already
//     confirmed) give the CodeSent result
//     of a real delivery, with HTTPStatus 200 and a nil Delivery: Classify
//     cannot invent a destination; the middleware fills a simulated one;
//   - UserLambdaValidationException (a trigger refused) gives InvalidInput,
//     and InvalidCredentials on sign-in operations;
//   - a code errorsx does not know gives Unavailable for 5xx or a server
//     fault, TooManyAttempts for 429, InvalidInput otherwise.
//
// A *retry.MaxAttemptsError is classified by the error it wraps. Errors with
// no Cognito answer (context cancellation and deadlines, net.Error, DNS and
// connection failures) give Unavailable; the SDK's own input validation
// (*smithy.InvalidParamsError) gives InvalidInput. An *Error already in the
// chain is returned as is.
//
// RequestID and HTTPStatus come from *awshttp.ResponseError (or
// *smithyhttp.ResponseError) on errors and from the output's ResultMetadata
// on success. Cause is err.
//
// Classify allocates nothing on error paths; on success it allocates the
// Tokens, Challenge or Delivery it returns.
func Classify(operation string, output any, err error) Result {
	if operation != "" && !cognito.Known(operation) {
		return unknownOperation(operation, err)
	}
	if err != nil {
		return classifyError(operation, err)
	}
	if operation == "" {
		operation = cognito.OperationOf(output)
	}
	return classifyOutput(operation, output)
}

// ErrUnknownOperation is in the Cause of the Misconfigured Result that Classify
// returns for an operation name that is not one of the SDK's.
var ErrUnknownOperation = errors.New("errorsx: unknown Cognito operation name")

// unknownOperation is the Result for an operation name that is no SDK operation:
// a wrong case or a typo would otherwise select other masking rules silently.
func unknownOperation(op string, err error) Result {
	cause := fmt.Errorf("%w %q (the SDK's names are like \"InitiateAuth\")", ErrUnknownOperation, op)
	if err != nil {
		cause = fmt.Errorf("%w %q (the SDK's names are like \"InitiateAuth\"): %w", ErrUnknownOperation, op, err)
	}
	return Result{Operation: op, Kind: Misconfigured, Message: kindMessage(Misconfigured), Cause: cause}
}

// maxChain bounds how deep Classify follows Unwrap.
const maxChain = 64

type finding struct {
	api           smithy.APIError
	prior         *Error
	status        int
	requestID     string
	operation     string // from *smithy.OperationError
	invalidParams bool
}

func (f *finding) done() bool { return f.api != nil || f.prior != nil || f.invalidParams }

func (f *finding) noteStatus(resp *smithyhttp.Response) {
	if f.status == 0 && resp != nil && resp.Response != nil {
		f.status = resp.StatusCode
	}
}

// walk follows err's chain by hand: errors.As would allocate its target.
func (f *finding) walk(err error, depth int) {
	for e := err; e != nil && depth < maxChain; depth++ {
		switch t := e.(type) {
		case *Error:
			f.prior = t
			return
		case *smithy.OperationError:
			if f.operation == "" {
				f.operation = t.OperationName
			}
			e = t.Err
			continue
		case *awshttp.ResponseError:
			if f.requestID == "" {
				f.requestID = t.RequestID
			}
			if t.ResponseError == nil {
				return
			}
			f.noteStatus(t.ResponseError.Response)
			e = t.ResponseError.Err
			continue
		case *smithyhttp.ResponseError:
			f.noteStatus(t.Response)
			e = t.Err
			continue
		case smithy.APIError:
			f.api = t
			return
		case *smithy.InvalidParamsError:
			f.invalidParams = true
			return
		case interface{ Unwrap() []error }:
			for _, c := range t.Unwrap() {
				f.walk(c, depth+1)
				if f.done() {
					return
				}
			}
			return
		case interface{ Unwrap() error }:
			e = t.Unwrap()
			continue
		}
		return
	}
}

func classifyError(op string, err error) (r Result) {
	defer func() {
		// A typed nil exception (ErrorMessage dereferences its receiver) must
		// not crash the caller.
		if recover() != nil {
			r = Result{Operation: op, Kind: Unavailable, Message: kindMessage(Unavailable), Cause: err}
		}
	}()
	var f finding
	f.walk(err, 0)
	if f.prior != nil {
		return f.prior.Result
	}
	if op == "" {
		op = f.operation
	}
	var k Kind
	switch {
	case f.api != nil:
		code := f.api.ErrorCode()
		var ok bool
		if k, ok = sdkCodes[code]; !ok {
			if k, ok = extraCodes[code]; !ok {
				k = byStatus(f.status, f.api.ErrorFault())
			}
		}
		k = refine(op, code, f.api.ErrorMessage(), k)
	case f.invalidParams:
		k = InvalidInput
	default:
		k = Unavailable
	}
	r = Result{Operation: op, Kind: k, Message: kindMessage(k), RequestID: f.requestID, HTTPStatus: f.status, Cause: err}
	if k.Success() {
		// A masked LEGACY error: answer as ENABLED would.
		r.HTTPStatus = 200
	}
	return r
}

func byStatus(status int, fault smithy.ErrorFault) Kind {
	switch {
	case status >= 500:
		return Unavailable
	case status == 429:
		return TooManyAttempts
	case status >= 400:
		return InvalidInput
	case fault == smithy.FaultClient:
		return InvalidInput
	}
	return Unavailable
}

func classifyOutput(op string, output any) Result {
	switch o := output.(type) {
	case *cip.InitiateAuthOutput:
		if o != nil {
			return authResult(op, o.AuthenticationResult, o.ChallengeName, o.ChallengeParameters, o.Session, o.AvailableChallenges, o.ResultMetadata)
		}
	case *cip.AdminInitiateAuthOutput:
		if o != nil {
			return authResult(op, o.AuthenticationResult, o.ChallengeName, o.ChallengeParameters, o.Session, o.AvailableChallenges, o.ResultMetadata)
		}
	case *cip.RespondToAuthChallengeOutput:
		if o != nil {
			return authResult(op, o.AuthenticationResult, o.ChallengeName, o.ChallengeParameters, o.Session, nil, o.ResultMetadata)
		}
	case *cip.AdminRespondToAuthChallengeOutput:
		if o != nil {
			return authResult(op, o.AuthenticationResult, o.ChallengeName, o.ChallengeParameters, o.Session, nil, o.ResultMetadata)
		}
	case *cip.GetTokensFromRefreshTokenOutput:
		if o != nil {
			return authResult(op, o.AuthenticationResult, "", nil, nil, nil, o.ResultMetadata)
		}
	case *cip.SignUpOutput:
		if o != nil {
			if !o.UserConfirmed && o.CodeDeliveryDetails != nil {
				return deliveryResult(op, o.CodeDeliveryDetails, o.ResultMetadata)
			}
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.ResendConfirmationCodeOutput:
		if o != nil {
			return deliveryResult(op, o.CodeDeliveryDetails, o.ResultMetadata)
		}
	case *cip.ForgotPasswordOutput:
		if o != nil {
			return deliveryResult(op, o.CodeDeliveryDetails, o.ResultMetadata)
		}
	case *cip.GetUserAttributeVerificationCodeOutput:
		if o != nil {
			return deliveryResult(op, o.CodeDeliveryDetails, o.ResultMetadata)
		}
	case *cip.UpdateUserAttributesOutput:
		if o != nil {
			if len(o.CodeDeliveryDetailsList) > 0 {
				return deliveryResult(op, &o.CodeDeliveryDetailsList[0], o.ResultMetadata)
			}
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.VerifySoftwareTokenOutput:
		if o != nil {
			if o.Status == types.VerifySoftwareTokenResponseTypeError {
				r := doneResult(op, o.ResultMetadata)
				r.Kind, r.Message = InvalidCode, kindMessage(InvalidCode)
				return r
			}
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.ConfirmSignUpOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.ConfirmForgotPasswordOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.ChangePasswordOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.AdminCreateUserOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.VerifyUserAttributeOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.AdminConfirmSignUpOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.AdminSetUserPasswordOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.AdminResetUserPasswordOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.AssociateSoftwareTokenOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.ConfirmDeviceOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.GlobalSignOutOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	case *cip.RevokeTokenOutput:
		if o != nil {
			return doneResult(op, o.ResultMetadata)
		}
	}
	return Result{Operation: op, Kind: Done, Message: kindMessage(Done), HTTPStatus: 200}
}

func doneResult(op string, md middleware.Metadata) Result {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	return Result{Operation: op, Kind: Done, Message: kindMessage(Done), RequestID: id, HTTPStatus: 200}
}

func deliveryResult(op string, d *types.CodeDeliveryDetailsType, md middleware.Metadata) Result {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	r := Result{Operation: op, Kind: CodeSent, Message: kindMessage(CodeSent), RequestID: id, HTTPStatus: 200}
	if d != nil {
		r.Delivery = &Delivery{Medium: string(d.DeliveryMedium), Destination: deref(d.Destination), AttributeName: deref(d.AttributeName)}
	}
	return r
}

func authResult(op string, ar *types.AuthenticationResultType, name types.ChallengeNameType, params map[string]string,
	session *string, avail []types.ChallengeNameType, md middleware.Metadata) Result {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	switch {
	case ar != nil:
		t := &Tokens{
			AccessToken:  deref(ar.AccessToken),
			IDToken:      deref(ar.IdToken),
			RefreshToken: deref(ar.RefreshToken),
			TokenType:    deref(ar.TokenType),
			ExpiresIn:    time.Duration(ar.ExpiresIn) * time.Second,
		}
		if nd := ar.NewDeviceMetadata; nd != nil {
			t.NewDevice = &DeviceMetadata{DeviceKey: deref(nd.DeviceKey), DeviceGroupKey: deref(nd.DeviceGroupKey)}
		}
		return Result{Operation: op, Kind: SignedIn, Message: kindMessage(SignedIn), Tokens: t, RequestID: id, HTTPStatus: 200}
	case name != "":
		r := NewChallenge(op, string(name), deref(session), params)
		if len(avail) > 0 {
			r.Challenge.Available = make([]string, len(avail))
			for i, a := range avail {
				r.Challenge.Available[i] = string(a)
			}
		}
		r.RequestID = id
		return r
	}
	return Result{Operation: op, Kind: Done, Message: kindMessage(Done), RequestID: id, HTTPStatus: 200}
}

// userAttributesPrefix is how Cognito names attributes in requiredAttributes.
const userAttributesPrefix = "userAttributes."

func parseChallenge(name, session string, params map[string]string) (*Challenge, *Delivery) {
	c := &Challenge{
		Name:         name,
		Session:      session,
		Parameters:   params,
		Username:     params["USERNAME"],
		UserIDForSRP: params["USER_ID_FOR_SRP"],
	}
	var d *Delivery
	switch name {
	case string(types.ChallengeNameTypeSmsMfa), string(types.ChallengeNameTypeSmsOtp):
		c.MFA = MFASMS
		d = challengeDelivery(params, MediumSMS)
	case string(types.ChallengeNameTypeEmailOtp):
		c.MFA = MFAEmail
		d = challengeDelivery(params, MediumEmail)
	case string(types.ChallengeNameTypeSoftwareTokenMfa):
		c.MFA = MFATOTP
	case string(types.ChallengeNameTypeSelectMfaType):
		c.MFAsCanChoose = jsonStrings(params["MFAS_CAN_CHOOSE"])
	case string(types.ChallengeNameTypeMfaSetup):
		c.MFAsCanSetup = jsonStrings(params["MFAS_CAN_SETUP"])
	case string(types.ChallengeNameTypeNewPasswordRequired):
		req := jsonStrings(params["requiredAttributes"])
		for i, a := range req {
			req[i] = strings.TrimPrefix(a, userAttributesPrefix)
		}
		c.RequiredAttributes = req
		c.UserAttributes = jsonAttributes(params["userAttributes"])
	}
	return c, d
}

// challengeDelivery reads CODE_DELIVERY_DELIVERY_MEDIUM and
// CODE_DELIVERY_DESTINATION; the attribute name follows from the medium.
func challengeDelivery(params map[string]string, medium string) *Delivery {
	dest, hasDest := params["CODE_DELIVERY_DESTINATION"]
	m, hasMedium := params["CODE_DELIVERY_DELIVERY_MEDIUM"]
	if !hasDest && !hasMedium {
		return nil
	}
	if hasMedium && m != "" {
		medium = m
	}
	attr := "email"
	if medium == MediumSMS {
		attr = "phone_number"
	}
	return &Delivery{Medium: medium, Destination: dest, AttributeName: attr}
}

func jsonStrings(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	if json.Unmarshal([]byte(s), &out) != nil {
		return nil
	}
	return out
}

func jsonAttributes(s string) map[string]string {
	if s == "" {
		return nil
	}
	var out map[string]string
	if json.Unmarshal([]byte(s), &out) == nil {
		return out
	}
	var loose map[string]any
	if json.Unmarshal([]byte(s), &loose) != nil {
		return nil
	}
	out = make(map[string]string, len(loose))
	for k, v := range loose {
		switch v := v.(type) {
		case string:
			out[k] = v
		case nil:
			out[k] = ""
		default:
			b, _ := json.Marshal(v)
			out[k] = string(b)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CognitoCode returns the Cognito error code in r.Cause (e.g.
// "UserNotFoundException"), or "" when Cause holds no Cognito answer. It is
// for logs and for middleware policies; never show it to users.
func (r Result) CognitoCode() string {
	var f finding
	f.walk(r.Cause, 0)
	if f.prior != nil {
		return f.prior.CognitoCode()
	}
	if f.api == nil {
		return ""
	}
	return f.api.ErrorCode()
}

// MaskedDelivery reports whether r is a CodeSent that Classify made from a
// LEGACY error (UserNotFoundException and the like on ForgotPassword or
// ResendConfirmationCode): a success with a Cause and no Delivery, which the
// middleware completes with a simulated Delivery.
func (r Result) MaskedDelivery() bool {
	return r.Kind == CodeSent && r.Cause != nil && r.Delivery == nil
}
