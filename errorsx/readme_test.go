package errorsx

import (
	"flag"
	"github.com/maskedauth/maskedauth/internal/readme"
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
	readme.KeepRegion(t, readmePath, messagesFrom, messagesTo, DefaultCatalog().Markdown(), *update, "go generate ./errorsx")
}
