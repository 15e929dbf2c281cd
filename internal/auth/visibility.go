package auth

// Need to know (AVG art. 5(1)(c), 25): which complaints a role sees, and
// whether it sees the complainant's contact and address. The matrix lives
// beside the permission matrix; the store enforces it in its queries.

// Rows is which complaints a role sees.
type Rows string

const (
	AllRows      Rows = "all"           // every complaint
	OwnCampaigns Rows = "own_campaigns" // complaints about campaigns the user heads (P5.3)
	PrivacyRows  Rows = "privacy"       // privacy complaints (P5.3: the DPO)
	AppealedRows Rows = "appealed"      // complaints under appeal (P8: the board)
)

// Visibility is what a role may see of complaints. Whatever its Rows, a
// user always sees the complaints they registered themselves (P3.2).
type Visibility struct {
	Rows    Rows
	Contact bool // address, postcode, city, e-mail and phone
}

var visibility = map[Role]Visibility{
	RoleAgent:           {AllRows, true},
	RoleCoordinator:     {AllRows, true},
	RoleMembershipAdmin: {AllRows, true},
	RoleCampaignLead:    {OwnCampaigns, false},
	RoleDPO:             {PrivacyRows, true},
	RoleManager:         {AllRows, false},
	RoleBoard:           {AppealedRows, false},
	RoleAdmin:           {AllRows, true},
}

// VisibilityOf is what role r may see; an unknown role sees nothing but
// its own registrations.
func VisibilityOf(r Role) Visibility {
	if v, ok := visibility[r]; ok {
		return v
	}
	return Visibility{Rows: "none"}
}
