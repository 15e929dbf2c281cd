package complaint

// DoNotCallCategory is the category whose complaints put the member on the
// do-not-call list: telemarketing.
const DoNotCallCategory = "telemarketing"

// OffersDoNotCall reports whether c can put its member on the do-not-call
// list: a telemarketing complaint with a phone number or member number to
// list. Registration offers it, and sets it unless the person unticks it.
func (c Complaint) OffersDoNotCall() bool {
	return c.Category == DoNotCallCategory && (c.Complainant.Phone != "" || c.Complainant.MemberNumber != "")
}
