package procedure

import "github.com/klacht/klacht/internal/i18n"

func item(key, nl, en string) Item { return Item{Key: key, Label: i18n.Label{NL: nl, EN: en}} }

// Department keys of the default profile.
const (
	DeptServiceDesk     = "servicelijn"
	DeptMembershipAdmin = "ledenadministratie"
	DeptFundraising     = "fondsen_ledenwerving"
	DeptCampaigns       = "campagnes"
	DeptDPO             = "functionaris_gegevensbescherming"
	DeptCommunication   = "communicatie_fondsenwerving"
	DeptManagement      = "managementteam"
	DeptBoard           = "bestuur"
)

// Default returns the procedure of PROCEDURE.md as a profile.
func Default() Profile {
	return Profile{
		Organisation:       "Milieudefensie",
		ReferencePrefix:    "K",
		HandlingDays:       14, // P5.4
		ReminderDays:       10, // P5.4: four days before the term ends
		AppealDays:         30, // P8.2
		AppealReminderDays: 7,
		MaxCallAttempts:    3,
		RetentionMonths:    24,
		SmallCounts:        5,
		TermPause:          true,
		WeeklyRoles:        []string{"coordinator"},
		QuarterlyRoles:     []string{"coordinator", "membership_admin", "manager"},
		DefaultDepartment:  DeptServiceDesk,
		OwnerDepartment:    DeptFundraising, // P2.1
		DefaultLanguage:    "nl",
		TimeZone:           "Europe/Amsterdam",
		Departments: []Item{
			item(DeptServiceDesk, "Servicelijn", "Service desk"),
			item(DeptMembershipAdmin, "Ledenadministratie", "Membership administration"),
			item(DeptFundraising, "Fondsen- en Ledenwerving", "Fundraising and Member Recruitment"),
			item(DeptCampaigns, "Campagnes", "Campaigns"),
			item(DeptDPO, "Functionaris gegevensbescherming", "Data protection officer"),
			item(DeptCommunication, "Communicatie en Fondsenwerving", "Communication and Fundraising"),
			item(DeptManagement, "Managementteam", "Management team"),
			item(DeptBoard, "Bestuur", "Board"),
		},
		// P5.3: each category has a default route.
		Categories: []Category{
			{item("telemarketing", "Telemarketing", "Telemarketing"), DeptServiceDesk},
			{item("street_recruitment", "Straatwerving", "Street recruitment"), DeptServiceDesk},
			{item("privacy", "Privacy/AVG", "Privacy/GDPR"), DeptDPO},
			{item("financial", "Financieel", "Financial"), DeptMembershipAdmin},
			{item("delivery", "Levering en adressering", "Delivery and addressing"), DeptMembershipAdmin},
			{item("campaign_content", "Inhoudelijk (campagne)", "Campaign content"), DeptCampaigns},
			{item("conduct", "Gedrag medewerker", "Conduct of staff"), DeptServiceDesk},
			{item("other", "Overig", "Other"), DeptServiceDesk},
		},
		Channels: []Item{
			item("phone", "Telefoon", "Phone"),
			item("post", "Post", "Post"),
			item("email", "E-mail", "E-mail"),
			item("web", "Webformulier", "Web form"),
			item("in_person", "Persoonlijk", "In person"),
			item("api", "API", "API"),
			item("cancellation", "Opzegging", "Cancellation"),
		},
		Campaigns: []Campaign{
			{Item: item("klimaat", "Klimaat", "Climate")},
			{Item: item("fossielvrij", "Fossielvrij", "Fossil free")},
			{Item: item("landbouw", "Landbouw en voedsel", "Agriculture and food")},
			{Item: item("internationaal", "Internationaal", "International")},
		},
		Roles: []Item{
			item("agent", "Medewerker Servicelijn", "Service desk agent"),
			item("coordinator", "Coördinator Servicelijn", "Service desk coordinator"),
			item("membership_admin", "Ledenadministratie", "Membership administration"),
			item("campaign_lead", "Hoofd campagne", "Campaign lead"),
			item("dpo", "Functionaris gegevensbescherming", "Data protection officer"),
			item("manager", "Manager", "Manager"),
			item("board", "Bestuur", "Board"),
			item("admin", "Beheerder", "Administrator"),
		},
	}
}
