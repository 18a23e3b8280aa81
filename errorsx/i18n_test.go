package errorsx

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// existencePhrases are, per language, phrases that would tell a reader
// whether an account exists (or is disabled or locked, which says the
// same). No text of any catalog may contain one of any language: a
// translation that kept an English phrase is caught too. The English list
// is the rule TestDefaultCatalog applies to the built-in table.
//
// "Already exists" is not on the lists: auth.account_exists says it,
// because Cognito does not mask UsernameExistsException (the middleware's
// policy decides whether a backend ever shows it).
var existencePhrases = map[string][]string{
	"en": {"not exist", "doesn't exist", "does not exist", "not found", "no account", "unknown user", "disabled", "no such",
		"not registered", "unregistered", "no user", "locked"},
	"de": {"existiert nicht", "nicht vorhanden", "nicht gefunden", "kein konto", "kein benutzer", "unbekannter benutzer",
		"unbekanntes konto", "nicht registriert", "deaktiviert", "gesperrt"},
	"es": {"no existe", "no encontrad", "no se encontr", "ninguna cuenta", "usuario desconocido", "no registrad",
		"desactivad", "deshabilitad", "bloquead"},
	"fr": {"n'existe pas", "introuvable", "non trouvé", "pas trouvé", "aucun compte", "utilisateur inconnu", "non inscrit",
		"pas inscrit", "non enregistré", "désactivé", "bloqué"},
	"it": {"non esiste", "non trovat", "nessun account", "utente sconosciuto", "non registrat", "disattivat",
		"disabilitat", "bloccat"},
	"ja": {"存在しません", "存在しない", "見つかりません", "見つからない", "アカウントがありません", "登録されていません", "未登録",
		"不明なユーザー", "無効化", "ロック"},
	"ko": {"존재하지", "찾을 수 없", "계정이 없", "등록되지 않은", "가입되지 않은", "알 수 없는 사용자", "비활성화", "잠겼", "잠금"},
	"pt": {"não existe", "não encontrad", "nenhuma conta", "usuário desconhecido", "não cadastrad", "não registrad",
		"desativad", "bloquead"},
	"zh": {"不存在", "未找到", "找不到", "没有账户", "没有帐户", "没有账号", "无此用户", "未注册", "未知用户", "已禁用", "已停用",
		"已锁定"},
}

// fold makes texts and phrases comparable: compatibility forms, no
// diacritics, lower case, one kind of apostrophe, single spaces.
func fold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'").Replace(strings.ToLower(out))
	return strings.Join(strings.Fields(out), " ")
}

// revealsExistence returns the first phrase of any language that text
// contains.
func revealsExistence(text string) (lang, phrase string, found bool) {
	low := fold(text)
	for _, l := range slices.Sorted(maps.Keys(existencePhrases)) {
		for _, p := range existencePhrases[l] {
			if strings.Contains(low, fold(p)) {
				return l, p, true
			}
		}
	}
	return "", "", false
}

// placeholderRE finds the placeholders a text may carry: {name} and printf
// verbs such as %s, %d, %[1]v (and %% as the escaped percent sign).
var placeholderRE = regexp.MustCompile(`\{[A-Za-z0-9_.]+\}|%(?:\[[0-9]+\])?[-+# 0]*[0-9]*(?:\.[0-9]+)?[A-Za-z%]`)

func placeholders(text string) []string {
	p := placeholderRE.FindAllString(text, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// localeProblems checks one translation's JSON against the English table:
// exactly its keys, each once; parses with ParseCatalog; every text
// translated, with the English text's placeholders, and telling nothing of
// an account's existence; texts that are equal in English equal here.
func localeProblems(data []byte) []string {
	var out []string
	keys, err := objectKeys(data)
	if err != nil {
		return []string{fmt.Sprintf("not a JSON object: %v", err)}
	}
	english := DefaultCatalog()
	want := english.Keys()
	count := map[string]int{}
	for _, k := range keys {
		count[k]++
	}
	for _, k := range slices.Sorted(maps.Keys(count)) {
		if count[k] > 1 {
			out = append(out, fmt.Sprintf("key %s appears %d times", k, count[k]))
		}
		if !slices.Contains(want, k) {
			out = append(out, fmt.Sprintf("extra key %s", k))
		}
	}
	for _, k := range want {
		if count[k] == 0 {
			out = append(out, fmt.Sprintf("missing key %s", k))
		}
	}
	c, err := ParseCatalog(data)
	if err != nil {
		return append(out, err.Error())
	}
	if _, err := parseLocale(data); err != nil && len(out) == 0 {
		out = append(out, "parseLocale: "+err.Error())
	}
	byEnglish := map[string]string{} // English text -> its translation
	for _, k := range want {
		en, tr := english.Text(k), c.Text(k)
		if tr == en {
			out = append(out, fmt.Sprintf("%s is not translated: %q", k, tr))
		}
		if tr != strings.TrimSpace(tr) {
			out = append(out, fmt.Sprintf("%s has surrounding space: %q", k, tr))
		}
		if got, want := placeholders(tr), placeholders(en); !slices.Equal(got, want) {
			out = append(out, fmt.Sprintf("%s placeholders %q, English has %q", k, got, want))
		}
		if l, p, bad := revealsExistence(tr); bad {
			out = append(out, fmt.Sprintf("%s text %q reveals whether an account exists (%s %q)", k, tr, l, p))
		}
		if prev, ok := byEnglish[en]; ok && prev != tr {
			out = append(out, fmt.Sprintf("%s: %q, but the same English text is %q elsewhere", k, tr, prev))
		}
		byEnglish[en] = tr
	}
	return out
}

func TestLocaleFilesMatchLanguages(t *testing.T) {
	names, err := fs.Glob(localeFiles, "locales/*")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, tag := range builtinTags[1:] {
		want = append(want, localeFile(tag))
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("embedded files %q, want one per language %q", names, want)
	}
	if got := Languages(); !slices.Equal(got, builtinTags) || got[0] != language.English {
		t.Errorf("Languages() = %v", got)
	}
}

func TestLocales(t *testing.T) {
	for _, tag := range builtinTags[1:] {
		t.Run(tag.String(), func(t *testing.T) {
			data, err := localeFiles.ReadFile(localeFile(tag))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range localeProblems(data) {
				t.Error(p)
			}
			c := CatalogFor(tag)
			if c.Language() != tag {
				t.Errorf("CatalogFor(%s).Language() = %s", tag, c.Language())
			}
			parsed, err := ParseCatalog(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range c.Keys() {
				if c.Text(k) != parsed.Text(k) {
					t.Errorf("%s: CatalogFor has %q, the file %q", k, c.Text(k), parsed.Text(k))
				}
			}
		})
	}
}

// TestLocaleProblemsCatchPlantedErrors shows that each rule of
// localeProblems fails on a translation that breaks it.
func TestLocaleProblemsCatchPlantedErrors(t *testing.T) {
	good, err := localeFiles.ReadFile("locales/de.json")
	if err != nil {
		t.Fatal(err)
	}
	if p := localeProblems(good); len(p) != 0 {
		t.Fatalf("the base of the planted cases has problems: %q", p)
	}
	replace := func(old, new string) []byte {
		if !strings.Contains(string(good), old) {
			t.Fatalf("de.json has no %q", old)
		}
		return []byte(strings.Replace(string(good), old, new, 1))
	}
	deCreds := `"auth.invalid_credentials": "Falscher Benutzername oder falsches Passwort."`
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"missing key", replace(deCreds+",", ""), "missing key auth.invalid_credentials"},
		{"extra key", replace(deCreds, deCreds+`, "auth.invalid_credential": "x"`), "extra key auth.invalid_credential"},
		{"duplicate key", replace(deCreds, deCreds+`, "auth.invalid_credentials": "x"`), "appears 2 times"},
		{"empty text", replace(deCreds, `"auth.invalid_credentials": " "`), "empty text"},
		{"not a string", replace(deCreds, `"auth.invalid_credentials": 1`), "cannot unmarshal"},
		{"untranslated", replace(deCreds, `"auth.invalid_credentials": "Incorrect username or password."`), "not translated"},
		{"extra placeholder", replace(deCreds, `"auth.invalid_credentials": "Falsches Passwort für {username}."`), "placeholders"},
		{"printf verb", replace(deCreds, `"auth.invalid_credentials": "Falsches Passwort für %s."`), "placeholders"},
		{"reveals existence", replace(deCreds, `"auth.invalid_credentials": "Dieser Benutzer existiert nicht."`), "reveals"},
		{"reveals in English", replace(deCreds, `"auth.invalid_credentials": "User not found."`), "reveals"},
		{"inconsistent", replace(`"auth.challenge.sms_otp": "Geben Sie den Code ein, den wir Ihnen per SMS gesendet haben."`,
			`"auth.challenge.sms_otp": "Bitte den SMS-Code eingeben."`), "the same English text"},
		{"not an object", []byte(`["auth.done"]`), "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := localeProblems(tt.data)
			if !strings.Contains(strings.Join(p, "\n"), tt.want) {
				t.Errorf("problems %q, want one with %q", p, tt.want)
			}
		})
	}
}

// TestRevealsExistence plants one text per language that says an account
// is missing (or disabled), and checks the safe texts of every language.
func TestRevealsExistence(t *testing.T) {
	bad := []struct{ lang, text string }{
		{"en", "No account matches that email."},
		{"en", "This user is DISABLED."},
		{"de", "Dieses Konto existiert nicht."},
		{"de", "Benutzer nicht gefunden."},
		{"de", "Es gibt kein Konto mit dieser E-Mail-Adresse."},
		{"es", "La cuenta no existe."},
		{"es", "Usuario no encontrado."},
		{"fr", "Ce compte n’existe pas."}, // typographic apostrophe
		{"fr", "Utilisateur introuvable."},
		{"fr", "Aucun compte ne correspond."},
		{"it", "L'account non esiste."},
		{"it", "Utente non trovato."},
		{"pt", "A conta não existe."},
		{"pt", "Usuario nao encontrado."}, // without diacritics
		{"ja", "このアカウントは存在しません。"},
		{"ja", "ユーザーが見つかりません。"},
		{"ko", "계정이 존재하지 않습니다."},
		{"ko", "사용자를 찾을 수 없습니다."},
		{"zh", "该账户不存在。"},
		{"zh", "未找到用户。"},
	}
	for _, tt := range bad {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			if _, _, found := revealsExistence(tt.text); !found {
				t.Errorf("%q passed the existence rule", tt.text)
			}
		})
	}
	for _, tag := range Languages() {
		c := CatalogFor(tag)
		for _, k := range c.Keys() {
			if l, p, found := revealsExistence(c.Text(k)); found {
				t.Errorf("%s %s: %q (%s %q)", tag, k, c.Text(k), l, p)
			}
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Enter your password.", nil},
		{"Hello {name}, {name}!", []string{"{name}"}},
		{"%s sent to %[2]d %% {user.email}", []string{"%%", "%[2]d", "%s", "{user.email}"}},
		{"Un { espace }", nil},
	}
	for _, tt := range tests {
		if got := placeholders(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("placeholders(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCatalogForAcceptLanguage(t *testing.T) {
	long := strings.Repeat("x-aaaaaaaa;q=0.9, ", 1000) // 18 kB of ranges that match nothing
	tests := []struct {
		name, header, want string
	}{
		{"empty", "", "en"},
		{"german", "de", "de"},
		{"region", "de-CH", "de"},
		{"browser", "fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"},
		{"q-values reorder", "en;q=0.3, ja;q=0.9, de;q=0.5", "ja"},
		{"equal q keeps order", "ko;q=0.5, it;q=0.5", "ko"},
		{"q=0 excludes", "de;q=0, es;q=0.1", "es"},
		{"only q=0", "de;q=0", "en"},
		{"english first", "en-GB, de", "en"},
		{"unsupported then supported", "nl, sv;q=0.9, it;q=0.8", "it"},
		{"unsupported only", "nl-BE, sv", "en"},
		{"wildcard", "*", "en"},
		{"wildcard after", "es, *;q=0.1", "es"},
		{"wildcard preferred", "*;q=1, es;q=0.5", "en"},
		{"wildcard excluded", "*;q=0, ko", "ko"},
		{"pt-PT", "pt-PT", "pt-BR"},
		{"pt", "pt", "pt-BR"},
		{"pt-BR", "pt-br", "pt-BR"},
		{"zh", "zh", "zh-CN"},
		{"zh-Hans", "zh-Hans", "zh-CN"},
		{"zh-SG", "zh-SG", "zh-CN"},
		{"zh-TW gets English", "zh-TW", "en"},
		{"zh-HK gets English", "zh-HK", "en"},
		{"zh-Hant gets English", "zh-Hant-TW", "en"},
		{"zh-TW then de", "zh-TW, de;q=0.8", "de"},
		{"zh-TW then zh-CN", "zh-TW, zh-CN;q=0.5", "zh-CN"},
		{"es-419", "es-419", "es"},
		{"underscore", "ja_JP", "ja"},
		{"spaces", "  ko-KR ;  q=0.8 , ", "ko"},
		{"garbage", "@@@ not a header \x00", "en"},
		{"bad weight skipped", "de;q=abc, fr;q=0.2", "fr"},
		{"bad range skipped", "de-123456789-x, it", "it"},
		{"only commas", ",,,,", "en"},
		{"long range skipped", "de-" + strings.Repeat("a", 100) + ", es", "es"},
		{"long header, language first", "de, " + long, "de"},
		{"long header, language past the bound", long + "de", "en"},
		{"long header without commas", strings.Repeat("de", 5000), "en"},
		{"past 32 ranges", strings.Repeat("nl, ", 32) + "de", "en"},
		{"within 32 ranges", strings.Repeat("nl, ", 31) + "de", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CatalogForAcceptLanguage(tt.header)
			if got := c.Language().String(); got != tt.want {
				t.Errorf("CatalogForAcceptLanguage(%.60q) is %s, want %s", tt.header, got, tt.want)
			}
			want := CatalogFor(language.MustParse(tt.want))
			if c.Text("auth.invalid_credentials") != want.Text("auth.invalid_credentials") {
				t.Errorf("texts of %s, want those of %s", c.Language(), tt.want)
			}
		})
	}
}

func TestParseAcceptLanguageBounded(t *testing.T) {
	h := strings.Repeat("de;q=0.5,", 10000)
	if got := parseAcceptLanguage(h); len(got) != maxAcceptLanguageEntries {
		t.Errorf("%d ranges read, want %d", len(got), maxAcceptLanguageEntries)
	}
}

func TestCatalogFor(t *testing.T) {
	de := language.German
	tests := []struct {
		name string
		tags []language.Tag
		want language.Tag
	}{
		{"none", nil, language.English},
		{"und", []language.Tag{language.Und}, language.English},
		{"german", []language.Tag{de}, de},
		{"austrian", []language.Tag{language.MustParse("de-AT")}, de},
		{"first match wins", []language.Tag{language.Dutch, language.Korean, de}, language.Korean},
		{"european portuguese", []language.Tag{language.EuropeanPortuguese}, language.BrazilianPortuguese},
		{"traditional chinese", []language.Tag{language.TraditionalChinese}, language.English},
		{"simplified chinese", []language.Tag{language.SimplifiedChinese}, language.MustParse("zh-CN")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CatalogFor(tt.tags...).Language(); got != tt.want {
				t.Errorf("CatalogFor(%v) is %s, want %s", tt.tags, got, tt.want)
			}
		})
	}
}

func TestCatalogLanguageAndImmutability(t *testing.T) {
	if DefaultCatalog().Language() != language.English {
		t.Error("DefaultCatalog is not English")
	}
	fromFile, err := ParseCatalog([]byte(`{"auth.done": "Fait."}`))
	if err != nil || fromFile.Language() != language.English {
		t.Errorf("ParseCatalog: %v %s", err, fromFile.Language())
	}
	de := CatalogFor(language.German)
	before := de.Text("auth.done")
	custom, err := de.Merge([]byte(`{"auth.done": "Erledigt."}`))
	if err != nil {
		t.Fatal(err)
	}
	if custom.Language() != language.German || custom.Text("auth.done") != "Erledigt." {
		t.Errorf("Merge: %s %q", custom.Language(), custom.Text("auth.done"))
	}
	if again := CatalogFor(language.German); again.Text("auth.done") != before || de.Text("auth.done") != before {
		t.Error("Merge changed the built-in German catalog")
	}
	r := de.Localize(NewResult("InitiateAuth", InvalidCredentials))
	if r.Message != (Message{Key: "auth.invalid_credentials", Text: "Falscher Benutzername oder falsches Passwort."}) {
		t.Errorf("Localize: %+v", r.Message)
	}
	langs := Languages()
	langs[0] = language.Dutch
	if Languages()[0] != language.English {
		t.Error("Languages returned its own slice")
	}
}

func TestLoadLocalesErrors(t *testing.T) {
	tags := []language.Tag{language.English, language.German}
	if _, err := loadLocales(tags, func(string) ([]byte, error) { return nil, fs.ErrNotExist }); err == nil || !strings.Contains(err.Error(), "built-in catalog de") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := loadLocales(tags, func(string) ([]byte, error) { return []byte(`{"auth.done": "x"}`), nil }); err == nil || !strings.Contains(err.Error(), "missing keys") {
		t.Errorf("incomplete file: %v", err)
	}
}

func TestCatalogForConcurrent(t *testing.T) {
	headers := []string{"de", "fr-CA", "ja;q=0.5, ko", "zh-TW", "", "*"}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				h := headers[(i+j)%len(headers)]
				if CatalogForAcceptLanguage(h).Text("auth.done") == "" {
					t.Errorf("empty text for %q", h)
				}
			}
		})
	}
	wg.Wait()
}
