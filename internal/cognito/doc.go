// Package cognito holds Cognito's rules once, for errorsx, the middleware and
// mockpool alike: the names of the SDK's operations and the class each belongs
// to ([ClassOf]), the error codes and message texts Cognito answers with, and
// the masked rows of docs/spec/masked-behaviour.md as one table ([Masked], [Rows]):
// given what a LEGACY app client answers (operation, error code, message), what
// an ENABLED one answers instead, and what the middleware's policies change.
//
// A rule written twice drifts, and a drift between the mock pool and the
// middleware is an enumeration oracle; so no other package spells a code, a
// text or an operation class. The operations table is checked against the
// SDK's client by reflection (regenerate it with `go generate`).
//
// The package is internal: it is no public API.
package cognito
