package complaint

import "github.com/klacht/klacht/internal/fault"

// CheckDoNotCall tells whether c can put its member on the do-not-call
// list: its category offers it (categoryOffers, from the profile; the
// default profile's telemarketing) and there is a phone or member number
// to list.
func (c Complaint) CheckDoNotCall(categoryOffers bool) error {
	switch {
	case !categoryOffers:
		return fault.New(fault.Conflict, "err.dnc.category")
	case c.Complainant.Phone == "" && c.Complainant.MemberNumber == "" && (c.Hidden == nil || !c.Hidden.Phone):
		return fault.New(fault.Conflict, "err.dnc.no_contact")
	}
	return nil
}

// OffersDoNotCall reports whether c can put its member on the do-not-call
// list. Registration offers it, and sets it unless the person unticks it.
func (c Complaint) OffersDoNotCall(categoryOffers bool) bool {
	return c.CheckDoNotCall(categoryOffers) == nil
}
