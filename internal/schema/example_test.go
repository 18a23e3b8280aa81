package schema_test

import (
	"fmt"

	"github.com/maskedauth/maskedauth/internal/schema"
)

func Example() {
	// CreateUserPool's Schema: email required, one custom attribute.
	s, err := schema.New([]schema.Decl{
		{Name: "email", Required: ptr(true)},
		{Name: "tier", AttributeDataType: "String", StringAttributeConstraints: &schema.StringConstraints{MaxLength: ptr("8")}},
	})
	if err != nil {
		panic(err)
	}
	client, _ := s.Client(nil, nil, false) // an app client with default ReadAttributes and WriteAttributes

	// SignUp through that client, with a claim name among the attributes.
	err = s.CheckCreate([]schema.Attr{{Name: "email", Value: "a@example.com"}, {Name: "cognito:groups", Value: "admins"}}, client)
	fmt.Printf("%q\n", err)

	// UpdateUserAttributes writing a verified flag.
	err = s.CheckUpdate([]schema.Attr{{Name: "email_verified", Value: "true"}}, client)
	fmt.Println(err)

	// A valid sign-up.
	fmt.Println(s.CheckCreate([]schema.Attr{{Name: "email", Value: "a@example.com"}, {Name: "custom:tier", Value: "gold"}}, client))

	// The claim rule of token builders.
	fmt.Println(schema.Reserved("cognito:groups"), schema.Reserved("custom:tier"))
	// Output:
	// "InvalidParameterException: Attributes did not conform to the schema: cognito:groups: Attribute does not exist in the schema.\n"
	// NotAuthorizedException: A client attempted to write unauthorized attribute
	// <nil>
	// true false
}
