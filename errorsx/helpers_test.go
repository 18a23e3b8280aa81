package errorsx

import (
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// sdkErr wraps apiErr exactly as the SDK does for a Cognito error answer.
func sdkErr(op string, status int, requestID string, apiErr error) error {
	return &smithy.OperationError{
		ServiceID:     "Cognito Identity Provider",
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
				Err:      apiErr,
			},
			RequestID: requestID,
		},
	}
}

// masked zeroes the fields that may differ between answers that must look
// the same.
func masked(r Result) Result {
	r.Cause = nil
	r.RequestID = ""
	return r
}

// awsResponseError builds an *awshttp.ResponseError without an inner
// smithyhttp.ResponseError, which Classify must survive.
func awsResponseError(id string) awshttp.ResponseError {
	return awshttp.ResponseError{RequestID: id}
}
