package errorsx

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// The built-in translations of the message table, one JSON file per
// language in the format ParseCatalog reads, each with every key.
//
//go:embed locales/*.json
var localeFiles embed.FS

// builtinTags are the languages of the built-in catalogs. English comes
// first: it is the matcher's fallback. Every other tag has the file
// locales/<tag>.json.
var builtinTags = []language.Tag{
	language.English,
	language.German,
	language.Spanish,
	language.French,
	language.Italian,
	language.Japanese,
	language.Korean,
	language.BrazilianPortuguese,
	language.MustParse("zh-CN"),
}

// locales are the built-in catalogs, parsed once from localeFiles and never
// changed after.
type locales struct {
	tags     []language.Tag
	catalogs []Catalog // catalogs[i] is in tags[i]; catalogs[0] is DefaultCatalog
	matcher  language.Matcher
}

var builtinLocales = sync.OnceValue(func() *locales {
	l, err := loadLocales(builtinTags, func(name string) ([]byte, error) { return localeFiles.ReadFile(name) })
	if err != nil {
		// The files are part of the build and TestLocales reads every one: a
		// failure here is a broken build, not a run-time condition.
		panic(err)
	}
	return l
})

func loadLocales(tags []language.Tag, read func(name string) ([]byte, error)) (*locales, error) {
	l := &locales{tags: slices.Clone(tags), catalogs: make([]Catalog, len(tags))}
	for i, tag := range tags[1:] {
		data, err := read(localeFile(tag))
		if err != nil {
			return nil, fmt.Errorf("errorsx: built-in catalog %s: %w", tag, err)
		}
		c, err := parseLocale(data)
		if err != nil {
			return nil, fmt.Errorf("errorsx: built-in catalog %s: %w", tag, err)
		}
		c.lang = tag
		l.catalogs[i+1] = c
	}
	l.matcher = language.NewMatcher(l.tags)
	return l, nil
}

func localeFile(tag language.Tag) string { return "locales/" + tag.String() + ".json" }

// parseLocale parses a built-in translation: ParseCatalog's format, and in
// addition exactly every key of the message table, each once, so that no
// text silently falls back to English.
func parseLocale(data []byte) (Catalog, error) {
	keys, err := objectKeys(data)
	if err != nil {
		return Catalog{}, err
	}
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			return Catalog{}, fmt.Errorf("duplicate key %s", quoteShort(k))
		}
		seen[k] = true
	}
	var missing []string
	for _, e := range entries {
		if !seen[e.Key] {
			missing = append(missing, e.Key)
		}
	}
	if len(missing) > 0 {
		return Catalog{}, fmt.Errorf("missing keys %s", strings.Join(missing, ", "))
	}
	return ParseCatalog(data) // rejects unknown keys, empty texts, non-strings
}

// objectKeys returns the member names of a JSON object, in order and with
// duplicates (which encoding/json would silently merge).
func objectKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("want a JSON object of message key to text")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		keys = append(keys, k)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// Languages returns the languages of the built-in catalogs, English first:
// en, de, es, fr, it, ja, ko, pt-BR, zh-CN.
func Languages() []language.Tag { return slices.Clone(builtinLocales().tags) }

// CatalogFor returns the built-in catalog that best matches the given
// languages, in order of preference, as golang.org/x/text/language's
// Matcher picks it; English when none matches with High confidence or
// better.
//
// Regional variants match their language: en-GB gets en, de-AT and de-CH
// get de, es-MX and es-419 get es, fr-CA gets fr, pt, pt-PT and pt-AO get
// pt-BR; gl gets es, as CLDR's matching data has it. Chinese is matched by
// script: zh, zh-Hans and zh-SG get zh-CN (Simplified), while zh-TW, zh-HK
// and zh-Hant get English (or the next language of the list), since there
// is no Traditional Chinese catalog and the Matcher rates Simplified for
// them only Low: not what those readers asked for. To serve them, Merge a
// translation over DefaultCatalog and pick it before calling CatalogFor.
func CatalogFor(tags ...language.Tag) Catalog {
	l := builtinLocales()
	_, i, conf := l.matcher.Match(tags...)
	if conf < language.High || i < 0 || i >= len(l.catalogs) {
		return l.catalogs[0]
	}
	return l.catalogs[i]
}

// Bounds on what CatalogForAcceptLanguage reads of a header.
const (
	maxAcceptLanguageLen     = 4 << 10 // bytes
	maxAcceptLanguageEntries = 32      // language ranges
	maxAcceptLanguageRange   = 64      // bytes of one range with its weight
)

// CatalogForAcceptLanguage returns the built-in catalog for an HTTP
// Accept-Language header (RFC 9110), as CatalogFor does for its languages
// in order of their q-values. Ranges with q=0 are excluded; "*" stands for
// the fallback, English; ranges that do not parse are skipped, and a header
// with none that parse gives English. At most the first 4 KiB and 32
// ranges are read.
func CatalogForAcceptLanguage(header string) Catalog {
	return CatalogFor(parseAcceptLanguage(header)...)
}

// parseAcceptLanguage returns the language ranges of an Accept-Language
// header, most preferred first, skipping what does not parse (where
// language.ParseAcceptLanguage fails the whole header).
func parseAcceptLanguage(header string) []language.Tag {
	if len(header) > maxAcceptLanguageLen {
		header = header[:maxAcceptLanguageLen]
		if i := strings.LastIndexByte(header, ','); i >= 0 {
			header = header[:i] // drop the range that was cut
		}
	}
	type weighted struct {
		tag language.Tag
		q   float32
	}
	var ranges []weighted
	for entry := range strings.SplitSeq(header, ",") {
		if len(ranges) == maxAcceptLanguageEntries {
			break
		}
		entry = strings.TrimSpace(entry)
		if entry == "" || len(entry) > maxAcceptLanguageRange {
			continue
		}
		if name, weight, _ := strings.Cut(entry, ";"); strings.TrimSpace(name) == "*" {
			entry = "en;" + weight // the wildcard: any language, so the fallback
		}
		tags, q, err := language.ParseAcceptLanguage(entry)
		if err != nil || len(tags) != 1 {
			continue // malformed, or q=0
		}
		ranges = append(ranges, weighted{tags[0], q[0]})
	}
	slices.SortStableFunc(ranges, func(a, b weighted) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	tags := make([]language.Tag, len(ranges))
	for i, r := range ranges {
		tags[i] = r.tag
	}
	return tags
}

// Language returns the language of the built-in catalog c derives from:
// the matched one for CatalogFor and CatalogForAcceptLanguage, English for
// DefaultCatalog, ParseCatalog and LoadCatalog (whatever the texts merged
// over it). With and Merge keep it.
func (c Catalog) Language() language.Tag {
	if c.lang == language.Und {
		return language.English
	}
	return c.lang
}
