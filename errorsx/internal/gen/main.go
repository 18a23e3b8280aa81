// Command gen writes errorsx's zz_sdkerrors_test.go from the SDK's source:
// one constructed value of every error type of
// service/cognitoidentityprovider/types. Run it with `go generate` in
// errorsx.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/maskedauth/maskedauth/errorsx/internal/sdkerrors"
)

func main() {
	out := flag.String("o", "zz_sdkerrors_test.go", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out string) error {
	dir, err := sdkerrors.ModuleDir()
	if err != nil {
		return err
	}
	ts, err := sdkerrors.Parse(dir)
	if err != nil {
		return err
	}
	src, err := sdkerrors.Generate(ts)
	if err != nil {
		return fmt.Errorf("gen: format: %w", err)
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
