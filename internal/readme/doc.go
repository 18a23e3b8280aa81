// Package readme keeps the Go blocks of the repository's README.md equal to
// the Example functions they are generated from. It has no code: its test,
// TestREADMESnippets, fails when a block drifts from its Example, or when the
// README has a Go block that no Example backs. Rewrite the blocks with
// `go generate ./internal/readme`.
//
// A generated block sits between a marker pair naming the file (from the
// module root) and the function whose body it shows:
//
//	<!-- snippet: middleware/readme_example_test.go ExampleMasker_readme -->
//	```go
//	...the function's body, its // Output: comment included...
//	```
//	<!-- /snippet -->
//
// The function must be an Example in a _test.go file, so `go test` compiles it
// and, with an // Output: comment, runs it and checks what it prints.
package readme

//go:generate go test -run TestREADMESnippets -update
