package mockpool

// Triggers over HTTP, for functions written in other languages (and for cmd/mockpool):
// each event is POSTed as JSON and the answer is the event JSON, as Lambda passes them.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// malformedOutput is the error of a trigger whose answer could not be read; it becomes
// InvalidLambdaResponseException.
type malformedOutput struct{}

func (malformedOutput) Error() string { return "mockpool: unrecognizable trigger output" }

// unreachable is the error of an HTTP trigger that could not be called; it becomes
// UnexpectedLambdaException.
type unreachable struct{}

func (unreachable) Error() string { return "mockpool: trigger unreachable" }

// maxTriggerResponse bounds the answer of an HTTP trigger.
const maxTriggerResponse = 1 << 20

// HTTPTriggers returns Triggers that invoke functions over HTTP. urls maps a trigger
// name, the name of a Triggers field ("PreSignUp", "MigrateUser",
// "DefineAuthChallenge", ...), to the URL that receives its events: each event is
// POSTed as JSON (Content-Type application/json) and the 2xx answer must be the event
// JSON with its response filled in, exactly as a Lambda function receives and returns
// it. The invocation URL of the Lambda Runtime Interface Emulator
// (http://localhost:9000/2015-03-31/functions/function/invocations) works as is.
//
// An answer {"errorMessage": "..."} (what Lambda returns for a function error), or a
// non-2xx status whose body is the message, is the function's error
// (UserLambdaValidationException "<Trigger> failed with error <message>."); an answer that
// is not the event's JSON is InvalidLambdaResponseException. client nil means a new
// http.Client; the trigger timeout bounds each call.
func HTTPTriggers(urls map[string]string, client *http.Client) (Triggers, error) {
	if client == nil {
		client = &http.Client{}
	}
	var t Triggers
	for name, url := range urls {
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			return Triggers{}, fmt.Errorf("mockpool: trigger %s: URL %q is not http(s)", name, url)
		}
		switch name {
		case "PreSignUp":
			t.PreSignUp = httpTrigger[eventPreSignUp](client, url)
		case "PostConfirmation":
			t.PostConfirmation = httpTrigger[eventPostConfirmation](client, url)
		case "PreAuthentication":
			t.PreAuthentication = httpTrigger[eventPreAuthentication](client, url)
		case "PostAuthentication":
			t.PostAuthentication = httpTrigger[eventPostAuthentication](client, url)
		case "MigrateUser":
			t.MigrateUser = httpTrigger[eventMigrateUser](client, url)
		case "DefineAuthChallenge":
			t.DefineAuthChallenge = httpTrigger[eventDefine](client, url)
		case "CreateAuthChallenge":
			t.CreateAuthChallenge = httpTrigger[eventCreate](client, url)
		case "VerifyAuthChallengeResponse":
			t.VerifyAuthChallengeResponse = httpTrigger[eventVerify](client, url)
		case "CustomMessage":
			t.CustomMessage = httpTrigger[eventCustomMessage](client, url)
		case "PreTokenGeneration":
			t.PreTokenGeneration = httpTrigger[eventPreTokenGen](client, url)
		default:
			return Triggers{}, fmt.Errorf("mockpool: unknown trigger %q", name)
		}
	}
	return t, nil
}

// httpTrigger POSTs the event to url and reads the answer.
func httpTrigger[E any](client *http.Client, url string) func(context.Context, E) (E, error) {
	return func(ctx context.Context, ev E) (E, error) {
		body, err := json.Marshal(ev)
		if err != nil {
			return ev, fmt.Errorf("mockpool: encode event: %w", err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return ev, fmt.Errorf("mockpool: trigger request: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return ev, unreachable{} // no URL or details in the answer
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxTriggerResponse))
		if err != nil {
			return ev, unreachable{}
		}
		var probe struct {
			ErrorMessage *string `json:"errorMessage"`
		}
		if json.Unmarshal(b, &probe) == nil && probe.ErrorMessage != nil {
			return ev, errors.New(*probe.ErrorMessage)
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			msg := strings.TrimSpace(string(b))
			if msg == "" {
				msg = resp.Status
			}
			return ev, errors.New(msg)
		}
		var out E
		if err := json.Unmarshal(b, &out); err != nil {
			return ev, malformedOutput{}
		}
		return out, nil
	}
}
