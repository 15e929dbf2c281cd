package procedure

import (
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
)

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
		HandlingUnit:       complaint.Days,
		AppealUnit:         complaint.Days,
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
			{Item: item("telemarketing", "Telemarketing", "Telemarketing"), RouteDepartment: DeptServiceDesk,
				DoNotCall: true, ContactKind: "telemarketing_calls"},
			{Item: item("street_recruitment", "Straatwerving", "Street recruitment"), RouteDepartment: DeptServiceDesk,
				ContactKind: "street_conversations"},
			{Item: item("privacy", "Privacy/AVG", "Privacy/GDPR"), RouteDepartment: DeptDPO, Privacy: true},
			{Item: item("financial", "Financieel", "Financial"), RouteDepartment: DeptMembershipAdmin},
			{Item: item("delivery", "Levering en adressering", "Delivery and addressing"), RouteDepartment: DeptMembershipAdmin},
			{Item: item("campaign_content", "Inhoudelijk (campagne)", "Campaign content"), RouteDepartment: DeptCampaigns,
				CampaignHead: true},
			{Item: item("conduct", "Gedrag medewerker", "Conduct of staff"), RouteDepartment: DeptServiceDesk},
			{Item: item("other", "Overig", "Other"), RouteDepartment: DeptServiceDesk, Unclassified: true},
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
		Outcomes: DefaultOutcomes(),
		CancellationReasons: []Item{
			item("moved", "Verhuisd", "Moved"),
			item("financial", "Financieel", "Financial"),
			item("disagrees_campaign", "Oneens met een campagne", "Disagrees with a campaign"),
			item("contact_annoyance", "Ergernis over contact of werving", "Annoyed by contact or fundraising"),
			item("privacy", "Privacy", "Privacy"),
			item("deceased", "Overleden", "Deceased"),
			item("unknown", "Onbekend", "Unknown"),
			item("other", "Anders", "Other"),
		},
		CancellationOffers: []Item{
			item("one_off_donation", "Eenmalige gift", "One-off donation"),
			item("volunteering", "Vrijwilligerswerk", "Volunteering"),
			item("newsletter_only", "Alleen nieuwsbrief", "Newsletter only"),
			item("petitions", "Petities", "Petitions"),
			item("reduced_fee", "Lagere contributie", "Reduced fee"),
			item("other", "Anders", "Other"),
		},
		Elsewhere: []Elsewhere{
			{
				Item: item(
					"membership",
					"Iets regelen voor uw lidmaatschap of donatie",
					"Arranging something for your membership or donation",
				),
				Text: i18n.Label{
					NL: "Een nieuw adres, een ander bedrag of rekeningnummer, of opzeggen: dat regelt de Ledenservice meteen. Daarvoor hoeft u geen klacht in te dienen.",
					EN: "A new address, a different amount or bank account, or cancelling: the membership service arranges it straight away. You need not file a complaint for that.",
				},
				URL: i18n.Label{NL: "https://milieudefensie.nl", EN: "https://en.milieudefensie.nl"},
			},
			{
				Item: item(
					"pollution",
					"Vervuiling of overlast in uw omgeving melden",
					"Reporting pollution or a nuisance near you",
				),
				Text: i18n.Label{
					NL: "Stank, lozingen, geluid of afval meldt u bij de omgevingsdienst van uw regio: die kan ter plekke ingrijpen, wij niet.",
					EN: "Smells, discharges, noise or waste go to your region's environmental service: they can act on the spot, we cannot.",
				},
				URL: i18n.Label{NL: "https://www.omgevingsdienst.nl", EN: "https://www.omgevingsdienst.nl"},
			},
			{
				Item: item(
					"privacy_request",
					"Uw gegevens inzien, verbeteren of laten verwijderen",
					"Seeing, correcting or erasing your data",
				),
				Text: i18n.Label{
					NL: "Dat is een verzoek onder de AVG, geen klacht: vraag het de Servicelijn, die het doorgeeft aan onze functionaris gegevensbescherming. U krijgt binnen een maand antwoord.",
					EN: "That is a request under the GDPR, not a complaint: ask the service desk, who pass it to our data protection officer. You get an answer within a month.",
				},
			},
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

// DefaultOutcomes are the outcomes a profile starts with (ISO 10002 and
// the Dutch ombudsmen's reports): upheld, partly upheld, not upheld,
// resolved to the complainant's satisfaction, withdrawn, not handled (with
// the reason) and forwarded (with where to).
func DefaultOutcomes() []Outcome {
	return []Outcome{
		{Item: item("upheld", "Gegrond", "Upheld")},
		{Item: item("partly_upheld", "Deels gegrond", "Partly upheld")},
		{Item: item("not_upheld", "Ongegrond", "Not upheld")},
		{Item: item("resolved", "Naar tevredenheid opgelost", "Resolved to satisfaction")},
		{Item: item("withdrawn", "Ingetrokken", "Withdrawn")},
		{Item: item("not_handled", "Niet in behandeling genomen", "Not handled"), Reason: true},
		{Item: item("forwarded", "Doorgestuurd", "Forwarded"), Reason: true},
	}
}
