package webauthntest

import (
	"encoding/json"

	"github.com/aws/smithy-go/document"
)

// DocumentJSON is the JSON of a document the SDK answers (StartWebAuthnRegistration's
// CredentialCreationOptions), for Register: numbers stay JSON numbers.
// (d is any smithy document, as the service's document.Interface is).
func DocumentJSON(d interface{ UnmarshalSmithyDocument(any) error }) (string, error) {
	var m map[string]any
	if err := d.UnmarshalSmithyDocument(&m); err != nil {
		return "", err
	}
	b, err := json.Marshal(plainNumbers(m))
	return string(b), err
}

// plainNumbers turns a document's numbers (document.Number, a string) back into
// JSON numbers.
func plainNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = plainNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = plainNumbers(e)
		}
	case document.Number:
		return json.Number(x)
	}
	return v
}
