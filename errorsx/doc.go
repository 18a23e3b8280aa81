// Package errorsx turns every answer of Amazon Cognito user pools (through
// aws-sdk-go-v2) into one app-facing Result, with a stable message key and
// text, so that a backend shows its users one consistent set of messages and
// never tells an attacker which accounts exist.
//
// Classify takes an SDK call's operation name, output and error:
//
//	out, err := client.InitiateAuth(ctx, in)
//	r := errorsx.Classify("InitiateAuth", out, err)
//	switch r.Kind {
//	case errorsx.SignedIn:  // r.Tokens
//	case errorsx.NextStep:  // r.Challenge (and r.Delivery for SMS_MFA / EMAIL_OTP)
//	default:                // a failure: r.Message is what to show
//	}
//
// A generic failure looks the same whatever its cause: an unknown user, a
// wrong password, a password reset required and a disabled user all give
// the same InvalidCredentials Result (only Cause and RequestID differ); on
// ConfirmSignUp and ConfirmForgotPassword an unknown user gives the Result
// of a wrong code; on ForgotPassword and ResendConfirmationCode the LEGACY
// answers that reveal an account give the Result of a real delivery.
//
// Every Cognito error code of the SDK's types package maps to exactly one
// Kind (a test reads the SDK's source and fails when it gains one).
//
// Messages come from a Catalog: DefaultCatalog is the built-in English one,
// ParseCatalog and LoadCatalog merge a JSON object of key -> text over it,
// and Catalog.Localize applies it. Built-in translations (de, es, fr, it,
// ja, ko, pt-BR, zh-CN, embedded as JSON in the same format) are picked by
// CatalogFor and CatalogForAcceptLanguage with golang.org/x/text/language's
// matching, English when none matches; Languages lists them. WriteProblem and WriteJSON answer an
// application's own client (RFC 9457 application/problem+json for failures)
// with the table's suggested status, and never write Cause.
//
// The error form, *Error, carries a Result; its text is
// "errorsx: <operation>: <message key>" and it unwraps to Cause, so
// errors.As with the SDK's exception types keeps working. From finds it in
// a chain.
package errorsx

//go:generate go run ./internal/gen -o zz_sdkerrors_test.go
//go:generate go test -run TestREADMEMessages -update .
