package cognito

import "strings"

// Action is what an answer becomes when a LEGACY app client is made to answer as
// an ENABLED one, or when a policy of the middleware masks what Cognito leaves
// unmasked.
type Action uint8

const (
	// Keep: the answer stays as it is.
	Keep Action = iota
	// ToGeneric: NotAuthorizedException MsgIncorrect, the answer to a wrong password.
	ToGeneric
	// ToCodeMismatch: CodeMismatchException MsgCodeMismatch, the answer to a wrong
	// code (the wrong-code limit counts it).
	ToCodeMismatch
	// ToDelivery: a simulated CodeDeliveryDetails, nothing sent (ForgotPassword
	// counts it toward the delivery limit).
	ToDelivery
	// ToChallenge: at InitiateAuth and AdminInitiateAuth with USER_SRP_AUTH a
	// simulated PASSWORD_VERIFIER challenge; with any other flow, ToGeneric.
	ToChallenge
	// ToSignUp: a simulated SignUpOutput (policy SimulatedSignUp).
	ToSignUp
	// ToNoAutoVerify: InvalidParameterException MsgCannotResend, what
	// ResendConfirmationCode answers every name in a pool that auto-verifies no
	// attribute (Policy.NoAutoVerify).
	ToNoAutoVerify
)

var actionNames = [...]string{Keep: "Keep", ToGeneric: "ToGeneric", ToCodeMismatch: "ToCodeMismatch", ToDelivery: "ToDelivery",
	ToChallenge: "ToChallenge", ToSignUp: "ToSignUp", ToNoAutoVerify: "ToNoAutoVerify",
	ToFirstFactor: "ToFirstFactor", ToSignInCodeMismatch: "ToSignInCodeMismatch"}

func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "Action(?)"
}

// Policy is what the lookup knows of the client, the pool and the middleware's
// policies. The zero Policy emulates ENABLED for a LEGACY client of a pool that
// auto-verifies some attribute, with no extra policy: the answers of an ENABLED
// client.
type Policy struct {
	// ClientEnabled: the app client is ENABLED, Cognito masked the answer
	// already; only the policy rows apply.
	ClientEnabled bool
	// GenericUnconfirmed: UserNotConfirmedException at sign-in becomes ToGeneric.
	GenericUnconfirmed bool
	// GenericDisabled: "User is disabled." at sign-in becomes ToGeneric.
	GenericDisabled bool
	// SimulatedSignUp: UsernameExistsException at SignUp becomes ToSignUp.
	SimulatedSignUp bool
	// NoAutoVerify: the pool auto-verifies no attribute, so
	// ResendConfirmationCode answers MsgCannotResend for every name.
	NoAutoVerify bool
}

// Cond is the condition of a masked row: the facts of the Policy it needs.
type Cond uint8

const (
	// Emulating: the client is LEGACY (Policy.ClientEnabled is false).
	Emulating Cond = 1 << iota
	// IfGenericUnconfirmed: Policy.GenericUnconfirmed.
	IfGenericUnconfirmed
	// IfGenericDisabled: Policy.GenericDisabled.
	IfGenericDisabled
	// IfSimulatedSignUp: Policy.SimulatedSignUp.
	IfSimulatedSignUp
	// IfNoAutoVerify: Policy.NoAutoVerify.
	IfNoAutoVerify
	// IfAutoVerify: not Policy.NoAutoVerify.
	IfAutoVerify
)

func (p Policy) conds() Cond {
	var c Cond
	if !p.ClientEnabled {
		c |= Emulating
	}
	if p.GenericUnconfirmed {
		c |= IfGenericUnconfirmed
	}
	if p.GenericDisabled {
		c |= IfGenericDisabled
	}
	if p.SimulatedSignUp {
		c |= IfSimulatedSignUp
	}
	if p.NoAutoVerify {
		c |= IfNoAutoVerify
	} else {
		c |= IfAutoVerify
	}
	return c
}

// Row is one masked row: an answer of Op with Code and a message (equal to Msg,
// or starting with it when Prefix; any message when Msg is "" and Prefix) becomes
// Action when the Policy meets When. For one operation the first matching row
// wins.
type Row struct {
	Op     string
	Code   string
	Msg    string
	Prefix bool
	When   Cond
	Action Action
}

func (r *Row) matches(code, msg string, c Cond) bool {
	if r.Code != code || c&r.When != r.When {
		return false
	}
	if r.Prefix {
		return strings.HasPrefix(msg, r.Msg)
	}
	return msg == r.Msg
}

const anyMsg, prefix = "", true

// rows is the one table of masked answers (docs/spec/masked-behaviour.md). Read it
// with Masked; Rows returns a copy for tests and documentation.
var rows = [...]Row{
	// Sign-in: an unknown user fails like a wrong password; USER_SRP_AUTH first
	// gets a simulated challenge. A reset-required user is masked too.
	{OpInitiateAuth, CodeUserNotFound, anyMsg, prefix, Emulating, ToChallenge},
	{OpAdminInitiateAuth, CodeUserNotFound, anyMsg, prefix, Emulating, ToChallenge},
	{OpRespondToAuthChallenge, CodeUserNotFound, anyMsg, prefix, Emulating, ToGeneric},
	{OpAdminRespondToAuthChallenge, CodeUserNotFound, anyMsg, prefix, Emulating, ToGeneric},
	{OpInitiateAuth, CodePasswordResetRequired, anyMsg, prefix, Emulating, ToGeneric},
	{OpAdminInitiateAuth, CodePasswordResetRequired, anyMsg, prefix, Emulating, ToGeneric},
	{OpRespondToAuthChallenge, CodePasswordResetRequired, anyMsg, prefix, Emulating, ToGeneric},
	{OpAdminRespondToAuthChallenge, CodePasswordResetRequired, anyMsg, prefix, Emulating, ToGeneric},
	// Sign-in policies: what Cognito leaves unmasked, ENABLED or not.
	{OpInitiateAuth, CodeUserNotConfirmed, anyMsg, prefix, IfGenericUnconfirmed, ToGeneric},
	{OpAdminInitiateAuth, CodeUserNotConfirmed, anyMsg, prefix, IfGenericUnconfirmed, ToGeneric},
	{OpRespondToAuthChallenge, CodeUserNotConfirmed, anyMsg, prefix, IfGenericUnconfirmed, ToGeneric},
	{OpAdminRespondToAuthChallenge, CodeUserNotConfirmed, anyMsg, prefix, IfGenericUnconfirmed, ToGeneric},
	{OpInitiateAuth, CodeNotAuthorized, MsgUserDisabled, !prefix, IfGenericDisabled, ToGeneric},
	{OpAdminInitiateAuth, CodeNotAuthorized, MsgUserDisabled, !prefix, IfGenericDisabled, ToGeneric},
	{OpRespondToAuthChallenge, CodeNotAuthorized, MsgUserDisabled, !prefix, IfGenericDisabled, ToGeneric},
	{OpAdminRespondToAuthChallenge, CodeNotAuthorized, MsgUserDisabled, !prefix, IfGenericDisabled, ToGeneric},

	// Confirmation: an unknown (or, at ConfirmForgotPassword, disabled) user
	// fails like a wrong code.
	{OpConfirmSignUp, CodeUserNotFound, anyMsg, prefix, Emulating, ToCodeMismatch},
	{OpConfirmForgotPassword, CodeUserNotFound, anyMsg, prefix, Emulating, ToCodeMismatch},
	{OpConfirmForgotPassword, CodeNotAuthorized, MsgUserDisabled, !prefix, Emulating, ToCodeMismatch},
	// A user with no code pending (ExpiredCodeException under LEGACY, and for a
	// right code past its expiry) answers and counts as a wrong code, like an
	// unknown user *(inferred: the rule; no published ENABLED answer)*.
	{OpConfirmForgotPassword, CodeExpiredCode, anyMsg, prefix, Emulating, ToCodeMismatch},

	// Delivery: whatever tells that the account exists (unknown, disabled,
	// FORCE_CHANGE_PASSWORD, no verified contact, already confirmed) gets a
	// simulated delivery.
	{OpForgotPassword, CodeUserNotFound, anyMsg, prefix, Emulating, ToDelivery},
	{OpForgotPassword, CodeNotAuthorized, MsgUserDisabled, !prefix, Emulating, ToDelivery},
	{OpForgotPassword, CodeNotAuthorized, MsgCannotReset, !prefix, Emulating, ToDelivery},
	{OpForgotPassword, CodeInvalidParameter, MsgNoVerifiedContact, prefix, Emulating, ToDelivery},
	// In a pool that auto-verifies nothing, ENABLED answers MsgCannotResend to
	// every name (a fact of the pool, told to anyone).
	{OpResendConfirmationCode, CodeUserNotFound, anyMsg, prefix, Emulating | IfNoAutoVerify, ToNoAutoVerify},
	{OpResendConfirmationCode, CodeNotAuthorized, MsgUserDisabled, !prefix, Emulating | IfNoAutoVerify, ToNoAutoVerify},
	{OpResendConfirmationCode, CodeInvalidParameter, MsgAlreadyConfirmed, !prefix, Emulating | IfNoAutoVerify, ToNoAutoVerify},
	{OpResendConfirmationCode, CodeUserNotFound, anyMsg, prefix, Emulating, ToDelivery},
	{OpResendConfirmationCode, CodeNotAuthorized, MsgUserDisabled, !prefix, Emulating, ToDelivery},
	{OpResendConfirmationCode, CodeInvalidParameter, MsgAlreadyConfirmed, !prefix, Emulating, ToDelivery},
	{OpResendConfirmationCode, CodeInvalidParameter, MsgNoVerifiedContact, prefix, Emulating, ToDelivery},
	// A user without any auto-verified attribute, in a pool that auto-verifies
	// some: as for an unknown user *(inferred)*.
	{OpResendConfirmationCode, CodeInvalidParameter, MsgCannotResend, !prefix, Emulating | IfAutoVerify, ToDelivery},

	// Sign-up policy: a taken name answers like a free one.
	{OpSignUp, CodeUsernameExists, anyMsg, prefix, IfSimulatedSignUp, ToSignUp},
}

// Rows returns a copy of the masked rows, in lookup order.
func Rows() []Row { return append([]Row(nil), rows[:]...) }

// Masked returns what the LEGACY answer (code, msg) of the operation op becomes
// under p: Keep when no row applies. op is the SDK's operation name; an unknown
// one matches no row.
func Masked(op, code, msg string, p Policy) Action {
	lo, hi := span(op)
	c := p.conds()
	for i := lo; i < hi; i++ {
		if rows[i].Op == op && rows[i].matches(code, msg, c) {
			return rows[i].Action
		}
	}
	return Keep
}

// span returns the part of rows an operation's rows lie in, by its class, so a
// lookup reads a handful of rows, not the table.
func span(op string) (lo, hi int) {
	sp := spans[ClassOf(op)]
	return sp[0], sp[1]
}

// spans is where each class's rows lie in rows, computed once from the table
// (rows are grouped by class; TestRowsGrouped checks it).
var spans = func() (sp [classCount][2]int) {
	for i := range rows {
		c := ClassOf(rows[i].Op)
		if sp[c][1] == 0 {
			sp[c][0] = i
		}
		sp[c][1] = i + 1
	}
	return sp
}()
