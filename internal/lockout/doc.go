// Package lockout is the one home of Cognito's attempt limits: the sign-in lockout,
// the wrong-code limits of ConfirmForgotPassword, ConfirmSignUp and
// VerifyUserAttribute, ChangePassword's limit of wrong previous passwords and the
// rate limit of code deliveries. mockpool and the middleware both count with it, so a limit cannot
// drift between the mock pool and the masking that imitates it (a drift there is
// an enumeration oracle).
//
// The rules are pure functions over a small fixed-size [State] ([Apply] and
// [Limited]); a [Store] keeps one State per ([Rule], [Key]) and applies them
// atomically. [Table] is the in-memory Store, bounded; a shared store (Redis) runs
// the same transitions in [Script] and is checked against [Apply].
//
// The rules, as Cognito documents them (see docs/spec):
//
//   - [SignIn]: five failed sign-ins are free; each further failure locks the user
//     out for 1 s, then 2 s, 4 s, ... up to 15 minutes. An attempt during a lockout
//     is refused ("Password attempts exceeded") and not counted. A success resets
//     the count, and so do 15 quiet minutes: a failure that comes 15 minutes or more
//     after the last counted one, with no lockout running, starts from zero.
//   - [WrongCode]: five wrong ConfirmForgotPassword codes within an hour of the
//     first; then LimitExceededException until that hour has passed.
//   - [Delivery]: ten code deliveries (ForgotPassword, GetUserAttributeVerificationCode)
//     per user within an hour of the first; the eleventh and later get
//     LimitExceededException.
//   - [SignUpCode], [AttributeCode]: ConfirmSignUp's and VerifyUserAttribute's
//     wrong codes, limited as WrongCode is (the numbers are inferred: Cognito
//     answers LimitExceededException, and publishes no count).
//   - [PreviousPassword]: five wrong previous passwords to ChangePassword within an
//     hour of the first (the count from public threads, the window inferred); then
//     LimitExceededException until that hour has passed.
package lockout
