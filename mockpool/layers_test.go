package mockpool

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHandlersTakeNoLock: the handlers (op_*.go) reach the state through the store's
// functions (store*.go) only. No handler names a lock of the store (pool.mu,
// pool.sessMu, Server.mu, ...) or calls Lock, RLock, Unlock or RUnlock.
func TestHandlersTakeNoLock(t *testing.T) {
	files, err := filepath.Glob("op_*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("op_*.go: %v, %d files", err, len(files))
	}
	forbidden := map[string]bool{"mu": true, "sessMu": true, "keyMu": true, "outMu": true,
		"Lock": true, "RLock": true, "Unlock": true, "RUnlock": true, "TryLock": true, "TryRLock": true}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && forbidden[sel.Sel.Name] {
				t.Errorf("%s: handler code uses .%s: go through the store (store*.go)", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			if id, ok := n.(*ast.Ident); ok && (id.Name == "sync" || id.Name == "sessMu") {
				t.Errorf("%s: handler code names %s", fset.Position(id.Pos()), id.Name)
			}
			return true
		})
	}
}

// TestStoreKnowsNoWire: the store files import neither HTTP nor JSON; they hold state,
// not answers.
func TestStoreKnowsNoWire(t *testing.T) {
	files, err := filepath.Glob("store*.go")
	if err != nil || len(files) < 5 {
		t.Fatalf("store*.go: %v, %d files", err, len(files))
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			// store_config.go keeps each configuration resource as its JSON
			// encoding (the record form the journal writes), so it may encode JSON;
			// it still knows nothing of HTTP.
			if path == "net/http" || (path == "encoding/json" && name != "store_config.go") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
