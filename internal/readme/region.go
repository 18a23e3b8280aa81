package readme

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// KeepRegion keeps the text of path between the markers from and to equal to
// want (the README's generated tables: errorsx's messages, mockpool's
// operations). When it differs, the test fails with the command that rewrites
// it (how), unless update is set: then the region is rewritten.
func KeepRegion(t testing.TB, path, from, to, want string, update bool, how string) {
	t.Helper()
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte(from))
	end := bytes.Index(readme, []byte(to))
	if start < 0 || end < start {
		t.Fatalf("%s has no %q ... %q region", path, from, to)
	}
	start += len(from)
	if string(readme[start:end]) == want {
		return
	}
	if !update {
		t.Fatalf("the region %s of %s is out of date: run `%s`", strings.TrimSpace(from), path, how)
	}
	var b bytes.Buffer
	b.Write(readme[:start])
	b.WriteString(want)
	b.Write(readme[end:])
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote the region %s of %s", strings.TrimSpace(from), path)
}
