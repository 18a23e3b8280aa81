package readme

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the snippet blocks of ../../README.md from their Example functions")

const root = "../.."

// marker opens a generated block: <!-- snippet: FILE FUNC -->.
var marker = regexp.MustCompile(`(?m)^<!-- snippet: (\S+) (\S+) -->\n`)

const closing = "<!-- /snippet -->"

// snippet is one marker pair of the README.
type snippet struct {
	file, fn   string
	start, end int // the region between the opening marker's line and the closing marker
}

func findSnippets(t *testing.T, readme []byte) []snippet {
	t.Helper()
	var out []snippet
	for _, m := range marker.FindAllSubmatchIndex(readme, -1) {
		s := snippet{file: string(readme[m[2]:m[3]]), fn: string(readme[m[4]:m[5]]), start: m[1]}
		end := bytes.Index(readme[s.start:], []byte(closing))
		if end < 0 {
			t.Fatalf("README.md: snippet %s %s has no %q", s.file, s.fn, closing)
		}
		s.end = s.start + end
		if next := marker.FindIndex(readme[s.start:s.end]); next != nil {
			t.Fatalf("README.md: snippet %s %s is not closed before the next one", s.file, s.fn)
		}
		out = append(out, s)
	}
	return out
}

// block returns the README text of fn's body in file (under dir): a ```go fence around the
// body, one tab of indentation removed and every further leading tab shown as
// four spaces, then a line naming the function, its file and how to run it.
func block(dir, file, fn string) (string, error) {
	if !strings.HasSuffix(file, "_test.go") || !strings.HasPrefix(fn, "Example") {
		return "", fmt.Errorf("%s %s: a snippet must be an Example function in a _test.go file, so go test compiles and runs it", file, fn)
	}
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == fn {
			body = fd.Body
		}
	}
	if body == nil {
		return "", fmt.Errorf("%s has no func %s", file, fn)
	}
	text := string(src[fset.Position(body.Lbrace).Offset+1 : fset.Position(body.Rbrace).Offset])
	var b strings.Builder
	b.WriteString("```go\n")
	for _, line := range strings.Split(strings.Trim(text, "\n"), "\n") {
		line = strings.TrimPrefix(line, "\t")
		n := len(line) - len(strings.TrimLeft(line, "\t"))
		b.WriteString(strings.Repeat("    ", n) + line[n:] + "\n")
	}
	b.WriteString("```\n")
	pkg := path.Dir(file)
	fmt.Fprintf(&b, "*`%s` in [`%s`](%s) (imports there); `go test ./%s -run '^%s$'` runs it.*\n", fn, file, file, pkg, fn)
	return b.String(), nil
}

// TestREADMESnippets: every Go block of README.md is generated from an Example
// function and equal to it.
func TestREADMESnippets(t *testing.T) {
	path := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	snippets := findSnippets(t, readme)
	if len(snippets) == 0 {
		t.Fatal("README.md has no snippet markers")
	}

	// No Go block outside a marker pair: each one is compiled and run.
	inside := func(off int) bool {
		for _, s := range snippets {
			if off >= s.start && off < s.end {
				return true
			}
		}
		return false
	}
	for _, m := range regexp.MustCompile("(?m)^```go\\s*$").FindAllIndex(readme, -1) {
		if !inside(m[0]) {
			line := bytes.Count(readme[:m[0]], []byte("\n")) + 1
			t.Errorf("README.md:%d: a Go block no Example backs: make it an Example and add a snippet marker pair", line)
		}
	}

	var out bytes.Buffer
	last, stale := 0, 0
	for _, s := range snippets {
		want, err := block(root, s.file, s.fn)
		if err != nil {
			t.Error(err)
			continue
		}
		out.Write(readme[last:s.start])
		out.WriteString(want)
		last = s.end
		if string(readme[s.start:s.end]) != want {
			stale++
			if !*update {
				t.Errorf("README.md: the block of %s %s differs from the function: run `go generate ./internal/readme`", s.file, s.fn)
			}
		}
	}
	out.Write(readme[last:])
	if t.Failed() || stale == 0 || !*update {
		return
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote %d snippet blocks in README.md", stale)
}

// TestBlockDedent: the body's first level of tabs goes, deeper ones become
// four spaces each, and the // Output: comment stays.
func TestBlockDedent(t *testing.T) {
	dir := t.TempDir()
	src := "package x_test\n\nimport \"fmt\"\n\nfunc ExampleX() {\n\tif true {\n\t\tfmt.Println(1)\n\t}\n\t// Output: 1\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := block(dir, "x_test.go", "ExampleX")
	if err != nil {
		t.Fatal(err)
	}
	want := "```go\nif true {\n    fmt.Println(1)\n}\n// Output: 1\n```\n"
	if !strings.HasPrefix(got, want) || !strings.Contains(got[len(want):], "-run '^ExampleX$'") {
		t.Fatalf("block:\n%s\nwant:\n%s", got, want)
	}
	if _, err := block(dir, "x_test.go", "main"); err == nil {
		t.Fatal("a function that is no Example was accepted")
	}
}
