package errorsx

import (
	"strings"
	"testing"
)

// FuzzParseCatalog: the catalog loader never panics, and every catalog it
// accepts has a non-empty text for every key and renders.
func FuzzParseCatalog(f *testing.F) {
	f.Add([]byte(`{"auth.invalid_credentials": "Wrong email or password."}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"auth.done": ""}`))
	f.Add([]byte(`{"auth.nope": "x"}`))
	f.Add([]byte(`{"auth.done": 1}`))
	f.Add([]byte(`{"auth.done": "a", "auth.done": "b"}`))
	f.Add([]byte(`null`))
	f.Add([]byte("{\"auth.done\": \"\xff\"}"))
	f.Add(DefaultCatalog().JSON())
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "errorsx: ") {
				t.Errorf("error without package prefix: %v", err)
			}
			return
		}
		for _, k := range c.Keys() {
			if strings.TrimSpace(c.Text(k)) == "" {
				t.Errorf("accepted an empty text for %s", k)
			}
		}
		_ = c.Markdown()
		back, err := ParseCatalog(c.JSON())
		if err != nil {
			t.Fatalf("JSON of an accepted catalog does not parse: %v", err)
		}
		for _, k := range c.Keys() {
			if back.Text(k) != c.Text(k) {
				t.Errorf("round trip changed %s", k)
			}
		}
	})
}
