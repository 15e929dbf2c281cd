package auth

// Role is a user's role, from the procedure (PROCEDURE.md P2–P8).
type Role string

const (
	RoleAgent           Role = "agent"            // service desk staff (P3.1, P5.1)
	RoleCoordinator     Role = "coordinator"      // service desk coordinator (P3.2, P5.4)
	RoleMembershipAdmin Role = "membership_admin" // Ledenadministratie (P5.3, P7.1)
	RoleCampaignLead    Role = "campaign_lead"    // head of a campaign (P5.3)
	RoleDPO             Role = "dpo"              // data protection officer (P5.3)
	RoleManager         Role = "manager"          // manager Communication and Fundraising (P7.1)
	RoleBoard           Role = "board"            // the board (P8)
	RoleAdmin           Role = "admin"            // runs klacht itself
)

// Roles lists every role.
var Roles = []Role{
	RoleAgent,
	RoleCoordinator,
	RoleMembershipAdmin,
	RoleCampaignLead,
	RoleDPO,
	RoleManager,
	RoleBoard,
	RoleAdmin,
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	_, ok := matrix[r]
	return ok
}

// Permission is something a route lets a user do.
type Permission string

const (
	// Public routes need no sign-in at all.
	Public Permission = "public"
	// SignedIn routes need any active user (their own settings, sign-out).
	SignedIn Permission = "signed_in"

	ComplaintRead       Permission = "complaint.read"
	ComplaintCreate     Permission = "complaint.create"
	ComplaintUpdate     Permission = "complaint.update"
	ComplaintTransition Permission = "complaint.transition"
	ComplaintNote       Permission = "complaint.note"
	ComplaintAssign     Permission = "complaint.assign"    // hand over to a team or person (P5.3)
	ComplaintForward    Permission = "complaint.forward"   // send to the service-desk coordinator (P3.2)
	ProfileManage       Permission = "profile.manage"      // edit routes and campaigns
	DashboardView       Permission = "dashboard.view"      // the term dashboard (P5.4)
	LettersPrint        Permission = "letters.print"       // print the waiting letters
	CancellationWork    Permission = "cancellation.work"   // the call list (P6.2)
	CancellationImport  Permission = "cancellation.import" // bring in cancellations (P6.1)
	AppealView          Permission = "appeal.view"         // the board's queue (P8)
	AppealDecide        Permission = "appeal.decide"       // record the board's decision (P8.2)
	ReportView          Permission = "report.view"         // the quarterly evaluation (P7.1)
	EvaluationSign      Permission = "evaluation.sign"     // the three reviewers of P7.1
	ReportPublish       Permission = "report.publish"      // edit and publish the yearly summary (R1–R4)
	AuditView           Permission = "audit.view"          // search and export the audit log (the DPO)
	SubjectRights       Permission = "privacy.subjects"    // find, export and erase a person's data (the DPO)
	MetricsRead         Permission = "metrics.read"        // scrape /metrics (Prometheus)
	DoNotCallExport     Permission = "donotcall.export"    // take the do-not-call list for the CRM and the agency
	MailIntake          Permission = "mail.intake"         // the intake log and the quarantine's raw mail (contact data)
	UserManage          Permission = "user.manage"
	WebhookManage       Permission = "webhook.manage"   // register endpoints other systems are told through
	ComplaintImport     Permission = "complaint.import" // bring the old register in
)

// matrix is the one permission matrix: API and UI both ask Can.
var matrix = map[Role][]Permission{
	// P3.2: staff of any department register a complaint that reaches
	// them, or forward it to the coordinator; so every role may do both.
	RoleAgent: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintUpdate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
		LettersPrint,
		CancellationWork,
	},
	RoleCoordinator: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintUpdate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
		DashboardView,
		LettersPrint,
		CancellationWork,
		AppealView,
		ReportView,
		EvaluationSign,
		ReportPublish,
		DoNotCallExport,
		MailIntake,
		ComplaintImport,
	},
	RoleMembershipAdmin: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintUpdate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
		DashboardView,
		LettersPrint,
		CancellationWork,
		CancellationImport,
		AppealView,
		ReportView,
		EvaluationSign,
		DoNotCallExport,
		MailIntake,
		ComplaintImport,
	},
	RoleCampaignLead: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
	},
	RoleDPO: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
		AuditView,
		SubjectRights,
	},
	RoleManager: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintForward,
		DashboardView,
		AppealView,
		ReportView,
		EvaluationSign,
		ReportPublish,
	},
	RoleBoard: {ComplaintRead, ComplaintCreate, ComplaintForward, AppealView, AppealDecide},
	RoleAdmin: {
		ComplaintRead,
		ComplaintCreate,
		ComplaintUpdate,
		ComplaintTransition,
		ComplaintNote,
		ComplaintAssign,
		ComplaintForward,
		UserManage,
		WebhookManage,
		ProfileManage,
		DashboardView,
		LettersPrint,
		CancellationWork,
		CancellationImport,
		AppealView,
		AppealDecide,
		ReportView,
		ReportPublish,
		MetricsRead,
		DoNotCallExport,
		MailIntake,
		ComplaintImport,
	},
}

// Can reports whether role r has permission p.
func Can(r Role, p Permission) bool {
	if p == Public {
		return true
	}
	perms, ok := matrix[r]
	if !ok {
		return false
	}
	if p == SignedIn {
		return true
	}
	for _, q := range perms {
		if q == p {
			return true
		}
	}
	return false
}
