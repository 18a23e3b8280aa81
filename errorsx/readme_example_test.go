package errorsx_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/maskedauth/maskedauth/errorsx"
	"github.com/maskedauth/maskedauth/mockpool"
)

// The README's errorsx snippet: one Result for any answer, written as an RFC
// 9457 problem.
func ExampleClassify_readme() {
	ctx := context.Background()
	// An offline pool stands in for Cognito; with a real pool, client is
	// cognitoidentityprovider.NewFromConfig(cfg).
	mp := mockpool.New(mockpool.WithTestSigningKey())
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		panic(err)
	}
	client := mp.Client()

	out, err := client.InitiateAuth(ctx, &cognitoidentityprovider.InitiateAuthInput{
		ClientId:       aws.String(info.ClientID),
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "nobody", "PASSWORD": "Passw0rd!"},
	})
	r := errorsx.Classify("InitiateAuth", out, err) // out is nil when err is not: Classify reads either
	switch r.Kind {
	case errorsx.SignedIn: // r.Tokens
		fmt.Println("signed in")
	case errorsx.NextStep: // r.Challenge: which MFA, where the code went, required attributes
		fmt.Println("next:", r.Challenge.Name)
	default: // a failure: show r.Message (key + text); log r (or r.Cause), never show r.Cause
		fmt.Println(r.Kind, r.Message.Key, r.Message.Text)
	}

	w := httptest.NewRecorder() // in a handler: its http.ResponseWriter
	errorsx.WriteProblem(w, r)  // RFC 9457 application/problem+json with the table's status
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	// Output:
	// InvalidCredentials auth.invalid_credentials Incorrect username or password.
	// 401 application/problem+json
}

// The README's i18n snippet: a handler answers in its caller's language.
func ExampleCatalogForAcceptLanguage_readme() {
	ctx := context.Background()
	mp := mockpool.New(mockpool.WithTestSigningKey()) // an offline pool stands in for Cognito
	info, err := mp.CreatePool(ctx, mockpool.PoolConfig{PreventUserExistenceErrors: "ENABLED"})
	if err != nil {
		panic(err)
	}
	client := mp.Client()

	signIn := func(w http.ResponseWriter, req *http.Request) {
		out, err := client.InitiateAuth(req.Context(), &cognitoidentityprovider.InitiateAuthInput{
			ClientId: aws.String(info.ClientID), AuthFlow: types.AuthFlowTypeUserPasswordAuth,
			AuthParameters: map[string]string{"USERNAME": req.PostFormValue("username"), "PASSWORD": req.PostFormValue("password")},
		})
		r := errorsx.Classify("InitiateAuth", out, err)
		c := errorsx.CatalogForAcceptLanguage(req.Header.Get("Accept-Language"))
		w.Header().Set("Content-Language", c.Language().String())
		errorsx.WriteJSON(w, r, errorsx.WithCatalog(c)) // tokens only with errorsx.WithTokens()
	}

	form := url.Values{"username": {"nobody"}, "password": {"Passw0rd!"}}.Encode()
	req := httptest.NewRequest(http.MethodPost, "/sign-in", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "de-CH, de;q=0.9, en;q=0.8")
	w := httptest.NewRecorder()
	signIn(w, req)
	fmt.Println(w.Code, w.Header().Get("Content-Language"))
	fmt.Print(w.Body.String())
	// Output:
	// 401 de
	// {"type":"urn:maskedauth:auth.invalid_credentials","title":"Falscher Benutzername oder falsches Passwort.","status":401,"code":"auth.invalid_credentials","kind":"InvalidCredentials"}
}
