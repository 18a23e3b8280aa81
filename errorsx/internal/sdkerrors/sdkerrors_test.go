package sdkerrors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "types"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := `package types

type FooException struct{ Message *string }

func (e *FooException) ErrorCode() string {
	if e == nil {
		return "Foo"
	}
	return "Foo"
}

type BarException struct{ Message *string }

type Quux struct{ Message *string }

func (e *Quux) ErrorCode() string { return "QuuxCode" }

type notExported struct{}

func (e *notExported) ErrorCode() string { return "x" }
`
	if err := os.WriteFile(filepath.Join(dir, "types", "errors.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := Parse(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Type{{"BarException", "BarException"}, {"FooException", "Foo"}, {"Quux", "QuuxCode"}}
	if len(ts) != len(want) {
		t.Fatalf("got %v", ts)
	}
	for i := range want {
		if ts[i] != want[i] {
			t.Errorf("got %v, want %v", ts[i], want[i])
		}
	}
	out, err := Generate(ts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `{"Foo", &types.FooException{Message: aws.String("generated FooException")}},`) {
		t.Errorf("generated:\n%s", out)
	}
	if _, err := Parse(t.TempDir()); err == nil {
		t.Error("Parse of a directory without types/ succeeded")
	}
}
