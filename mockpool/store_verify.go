package mockpool

// Attribute verification codes: a user holds at most one VerifyUserAttribute code
// per verifiable attribute (email, phone_number), with the new value that waits for
// it when the pool keeps the original until verification
// (AttributesRequireVerificationBeforeUpdate). They are part of the user record
// (user.attrCodes, stateUser.AttrCodes). The functions on *user are for the f of
// updateUser (the caller holds p.mu) or for a user not shared yet.

// verifiableAttr reports whether an attribute can be verified with a code.
func verifiableAttr(name string) bool { return name == "email" || name == "phone_number" }

// attrCode is u's pending code for attribute name, or nil.
func (u *user) attrCode(name string) *pendingCode {
	for _, c := range u.attrCodes {
		if c.attr == name {
			return c
		}
	}
	return nil
}

// setAttrCode makes pc u's code for pc.attr, replacing any earlier one. The slice
// is copied, never changed in place.
func (u *user) setAttrCode(pc *pendingCode) {
	out := make([]*pendingCode, 0, len(u.attrCodes)+1)
	for _, c := range u.attrCodes {
		if c.attr != pc.attr {
			out = append(out, c)
		}
	}
	u.attrCodes = append(out, pc)
}

// dropAttrCode forgets u's code for attribute name (used, or its value changed).
func (u *user) dropAttrCode(name string) {
	if u.attrCode(name) == nil {
		return
	}
	out := make([]*pendingCode, 0, len(u.attrCodes))
	for _, c := range u.attrCodes {
		if c.attr != name {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = nil
	}
	u.attrCodes = out
}

// keepsOriginal reports whether the pool keeps the old value of attribute name in
// place until a change is verified (UserAttributeUpdateSettings).
func (p *pool) keepsOriginal(name string) bool {
	us := p.cfg().UserAttributeUpdateSettings
	return us != nil && contains(us.AttributesRequireVerificationBeforeUpdate, name)
}
