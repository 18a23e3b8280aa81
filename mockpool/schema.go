package mockpool

// The pool's attribute schema, wired to internal/schema (which holds every rule):
// the schema a pool was created with and the custom attributes added since, the
// checks of the attribute lists SignUp, AdminCreateUser, (Admin)UpdateUserAttributes,
// NEW_PASSWORD_REQUIRED and the UserMigration trigger give, and what an app client
// may read.

import (
	"errors"

	"github.com/maskedauth/maskedauth/internal/cognito"
	"github.com/maskedauth/maskedauth/internal/schema"
)

// poolSchema is a pool's attribute schema and the declarations it was built from:
// CreateUserPool's Schema (created) and AddCustomAttributes' custom attributes, in
// the order added (added). It is never changed: AddCustomAttributes stores a new one
// (store_pool.go), and the pool's record persists created and added (poolHeader).
type poolSchema struct {
	s       *schema.Schema
	created []schema.Decl
	added   []schema.Decl
}

// compileSchema builds a pool's schema from its declarations.
func compileSchema(created, added []schema.Decl) (*poolSchema, error) {
	s, err := schema.New(created)
	if err != nil {
		return nil, err
	}
	if len(added) > 0 {
		if s, err = s.Add(added...); err != nil {
			return nil, err
		}
	}
	return &poolSchema{s: s, created: created, added: added}, nil
}

// attrSchema is p's current schema.
func (p *pool) attrSchema() *schema.Schema { return p.sch.Load().s }

// schemaError is the answer to a refusal of internal/schema.
func schemaError(err error) *apiError {
	var e *schema.Error
	if errors.As(err, &e) {
		return newErr(e.Code, e.Message)
	}
	return internalError()
}

func schemaAttrs(in []attributeType) []schema.Attr {
	out := make([]schema.Attr, len(in))
	for i, a := range in {
		out[i].Name = a.Name
		if a.Value != nil {
			out[i].Value = *a.Value
		}
	}
	return out
}

func attrsOf(in []schema.Attr) []attr {
	out := make([]attr, len(in), len(in)+2)
	for i, a := range in {
		out[i] = attr{a.Name, a.Value}
	}
	return out
}

// newUserAttributes checks the attributes of a new user against p's schema and
// returns them: SignUp through an app client whose permissions are writer, or
// (writer nil) an administrator's AdminCreateUser or a UserMigration trigger.
func newUserAttributes(p *pool, writer *schema.Client, in []attributeType) ([]attr, *apiError) {
	a := schemaAttrs(in)
	if err := p.attrSchema().CheckCreate(a, writer); err != nil {
		return nil, schemaError(err)
	}
	return attrsOf(a), nil
}

// changedAttributes checks attribute changes against p's schema and returns them:
// UpdateUserAttributes and NEW_PASSWORD_REQUIRED through an app client whose
// permissions are writer, or (writer nil) AdminUpdateUserAttributes.
func changedAttributes(p *pool, writer *schema.Client, in []attributeType) ([]attr, *apiError) {
	a := schemaAttrs(in)
	if err := p.attrSchema().CheckUpdate(a, writer); err != nil {
		return nil, schemaError(err)
	}
	return attrsOf(a), nil
}

// readableAttributes returns the attributes of attrs that an app client with
// permissions reader may read (GetUser, ID tokens), in their order; nil reader (an
// administrator) reads every declared attribute.
func readableAttributes(p *pool, reader *schema.Client, attrs []attr) []attr {
	sch := p.attrSchema()
	out := make([]attr, 0, len(attrs))
	for _, a := range attrs {
		if sch.CanRead(reader, a.name) {
			out = append(out, a)
		}
	}
	return out
}

// clientPermissions compiles an app client's ReadAttributes and WriteAttributes
// against p's schema (CreateUserPoolClient, UpdateUserPoolClient, loading a state).
func clientPermissions(sch *schema.Schema, cfg *clientConfig, updating bool) (*schema.Client, *apiError) {
	c, err := sch.Client(cfg.ReadAttributes, cfg.WriteAttributes, updating)
	if err != nil {
		return nil, schemaError(err)
	}
	return c, nil
}

// requiredAttributes is NEW_PASSWORD_REQUIRED's requiredAttributes: the required
// attributes attrs lacks (an AdminCreateUser may leave them out), each named
// "userAttributes.<name>" as the challenge response must name it; never nil.
func requiredAttributes(p *pool, attrs []attr) []string {
	out := []string{}
	for _, n := range p.attrSchema().Missing(attrsToSchema(attrs)) {
		out = append(out, "userAttributes."+n)
	}
	return out
}

// checkRequiredAfter refuses a NEW_PASSWORD_REQUIRED answer that leaves a required
// attribute missing from the user's attributes current with changes applied.
func checkRequiredAfter(p *pool, current, changes []attr) *apiError {
	merged := attrsToSchema(current)
	for _, a := range changes {
		merged = append(merged, schema.Attr{Name: a.name, Value: a.value})
	}
	// A change supersedes the current value (Missing takes the first entry of
	// a name): keep one entry per name, the last.
	seen := make(map[string]int, len(merged))
	dedup := merged[:0]
	for _, a := range merged {
		if i, ok := seen[a.Name]; ok {
			dedup[i] = a
			continue
		}
		seen[a.Name] = len(dedup)
		dedup = append(dedup, a)
	}
	if miss := p.attrSchema().Missing(dedup); len(miss) > 0 {
		return newErr(cognito.CodeInvalidParameter, cognito.MsgRequiredMissing(miss[0]))
	}
	return nil
}

func attrsToSchema(in []attr) []schema.Attr {
	out := make([]schema.Attr, len(in), len(in)+8)
	for i, a := range in {
		out[i] = schema.Attr{Name: a.name, Value: a.value}
	}
	return out
}
