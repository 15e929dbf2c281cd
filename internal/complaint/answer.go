package complaint

import "github.com/klacht/klacht/internal/fault"

// How the complainant wants to hear back: the public form asks it, as
// research on Dutch complaint forms advises, and staff record it when the
// complainant says so. The answer goes that way; the contact detail it
// needs is then required.

// AnswerWays lists the ways a complainant can ask to be answered, in the
// order the forms offer them.
var AnswerWays = []string{ToldByEmail, ToldByPhone, ToldByLetter}

// checkAnswerBy validates the wish against the contact details given: a
// phone answer needs a number, an e-mail answer an address, a letter the
// postal address. Errors name the missing detail's field, where the person
// fills it in.
func (d Draft) checkAnswerBy(errs *fault.Validation) {
	need := func(field, value, key string) {
		if value == "" && !errs.Has(field) {
			errs.Add(field, key)
		}
	}
	p := d.Complainant
	switch d.AnswerBy {
	case "":
	case ToldByPhone:
		need("complainant.phone", p.Phone, "err.answer_by.phone")
	case ToldByEmail:
		need("complainant.email", p.Email, "err.answer_by.email")
	case ToldByLetter:
		need("complainant.address", p.Address, "err.answer_by.letter")
		need("complainant.postcode", p.Postcode, "err.answer_by.letter")
		need("complainant.city", p.City, "err.answer_by.letter")
	default:
		errs.Add("answer_by", "err.unknown_key", d.AnswerBy)
	}
}

// AnswerChannel is how the complainant is answered: the way they asked
// for, else in writing (e-mail before a letter), else by phone; "" when
// there is no way at all. It holds for a reader who may not see the
// contact details too.
func (c Complaint) AnswerChannel() string {
	if c.AnswerBy != "" {
		return c.AnswerBy
	}
	switch {
	case c.HasEmail():
		return ToldByEmail
	case c.HasPostalAddress():
		return ToldByLetter
	case c.Complainant.Phone != "" || (c.Hidden != nil && c.Hidden.Phone):
		return ToldByPhone
	}
	return ""
}
