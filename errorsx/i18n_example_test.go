package errorsx_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/maskedauth/maskedauth/errorsx"
)

// A backend answers in the language its caller asked for: the built-in
// catalog that best matches the Accept-Language header, English when none
// does.
func ExampleCatalogForAcceptLanguage() {
	r := errorsx.NewResult("InitiateAuth", errorsx.InvalidCredentials)
	for _, header := range []string{
		"de-CH, de;q=0.9, en;q=0.8",
		"pt-PT",
		"nl, ja;q=0.5",
		"zh-TW",  // no Traditional Chinese catalog: English, not Simplified
		"@@@@@@", // not a header: English
	} {
		c := errorsx.CatalogForAcceptLanguage(header)
		fmt.Printf("%-5s %s\n", c.Language(), c.Localize(r).Message.Text)
	}
	// Output:
	// de    Falscher Benutzername oder falsches Passwort.
	// pt-BR Nome de usuário ou senha incorretos.
	// ja    ユーザー名またはパスワードが正しくありません。
	// en    Incorrect username or password.
	// en    Incorrect username or password.
}

// CatalogFor takes languages already parsed, e.g. from a user's profile;
// Merge adjusts a built-in catalog without changing it.
func ExampleCatalogFor() {
	fr, err := errorsx.CatalogFor(language.CanadianFrench).Merge([]byte(`{"auth.done": "C'est fait."}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(fr.Language(), fr.Text("auth.done"))
	fmt.Println(errorsx.CatalogFor(language.French).Text("auth.done"))
	fmt.Println(errorsx.Languages())
	// Output:
	// fr C'est fait.
	// Votre demande a bien été traitée.
	// [en de es fr it ja ko pt-BR zh-CN]
}
