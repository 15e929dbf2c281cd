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

// Covers reports whether a user of role user may hand a token the role
// scope: every permission of scope is the user's, and scope sees no
// complaint or detail the user does not.
func Covers(user, scope Role) bool {
	if !user.Valid() || !scope.Valid() {
		return false
	}
	for _, p := range matrix[scope] {
		if !Can(user, p) {
			return false
		}
	}
	u, s := VisibilityOf(user), VisibilityOf(scope)
	return (u.Rows == AllRows || u.Rows == s.Rows) && (u.Contact || !s.Contact)
}
