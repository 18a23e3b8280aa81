// Package schema holds Cognito's rules for a user pool's attribute schema, once,
// for mockpool and anyone else who must answer as Cognito does:
//
//   - the standard attributes (sub, email, phone_number, updated_at, ...) with
//     their types, mutability and length limits, and the custom attributes a
//     pool declares through CreateUserPool's Schema and AddCustomAttributes
//     (custom: and, for DeveloperOnlyAttribute, dev:custom: names; at most 50);
//   - the check of a list of user attributes given to SignUp, AdminCreateUser,
//     UpdateUserAttributes or AdminUpdateUserAttributes: undeclared names
//     (claim names like iss or cognito:groups among them), duplicates, missing
//     required attributes (at sign-up), immutable attributes written after
//     creation, values that break their type or length, and an app client's
//     WriteAttributes;
//   - what an app client may read (ReadAttributes), and which names are claims
//     Cognito sets itself, so that no user attribute may supply them ([Reserved]).
//
// A [Schema] is an immutable value: [Schema.Add] returns a new one, so a pool can
// swap its schema under its own lock and readers never see a half-made one.
// Every check runs in time linear in its input and refuses an oversized list
// before looking at its entries ([cognito.MaxAttributesPerRequest]).
//
// Errors are [*Error] values carrying Cognito's error code and message; the
// texts live in internal/cognito (schema_texts.go), with their evidence.
// Messages name attributes, never their values.
package schema
