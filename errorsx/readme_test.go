package errorsx

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the messages table in ../README.md")

const (
	readmePath   = "../README.md"
	messagesFrom = "<!-- messages:start -->\n"
	messagesTo   = "<!-- messages:end -->"
)

// TestREADMEMessages keeps the README's message table equal to
// DefaultCatalog().Markdown(). Rewrite it with `go generate ./errorsx` (or
// `go test ./errorsx -run TestREADMEMessages -update`).
func TestREADMEMessages(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte(messagesFrom))
	end := bytes.Index(readme, []byte(messagesTo))
	if start < 0 || end < start {
		t.Fatalf("%s has no %q ... %q region", readmePath, messagesFrom, messagesTo)
	}
	start += len(messagesFrom)
	want := DefaultCatalog().Markdown()
	if string(readme[start:end]) == want {
		return
	}
	if !*update {
		t.Fatalf("the messages table in %s is out of date: run `go generate ./errorsx`", readmePath)
	}
	var b bytes.Buffer
	b.Write(readme[:start])
	b.WriteString(want)
	b.Write(readme[end:])
	if err := os.WriteFile(readmePath, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote the messages table in %s", readmePath)
}
