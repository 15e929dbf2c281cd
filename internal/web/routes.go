package web

import (
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/web/kit"
)

// Routes returns the route table, for tests and documentation.
func (s *Server) Routes() []kit.Route { return s.routes }

// routeTable is every route klacht serves, in one place.
func (s *Server) routeTable() []kit.Route {
	ui := kit.UI
	own := []kit.Route{
		// Health and documents.
		kit.API("GET /healthz", auth.Public, s.healthz),
		kit.API("GET /readyz", auth.Public, s.readyz),
		kit.API("GET /metrics", auth.MetricsRead, s.metrics),

		// Staff UI.
		ui("GET /static/", auth.Public, s.static),
		ui("GET /{$}", auth.Public, s.home),
		ui("GET /login", auth.Public, s.loginForm),
		ui("POST /login", auth.Public, s.login),
		ui("GET /login/sso", auth.Public, s.ssoStart),
		ui("GET /login/sso/callback", auth.Public, s.ssoCallback),
		ui("GET /login/code", auth.Public, s.codeForm),
		ui("GET /login/unlock/{token}", auth.Public, s.unlockForm),
		ui("POST /login/unlock/{token}", auth.Public, s.unlock),
		ui("POST /login/code", auth.Public, s.checkCode),
		ui("GET /account/totp", auth.SignedIn, s.enrolForm),
		ui("POST /account/totp", auth.SignedIn, s.enrol),
		ui("POST /logout", auth.SignedIn, s.logout),
		ui("POST /logout/everywhere", auth.SignedIn, s.logoutEverywhere),
		ui("POST /lang", auth.Public, s.setLang),
		ui("GET /setup/{token}", auth.Public, s.setupForm),
		ui("POST /setup/{token}", auth.Public, s.setup),
		ui("GET /password/{token}", auth.Public, s.passwordForm),
		ui("POST /password/{token}", auth.Public, s.setPassword),
		ui("GET /complaints", auth.ComplaintRead, s.listPage),
		ui("GET /complaints/new", auth.ComplaintCreate, s.newPage),
		ui("POST /complaints", auth.ComplaintCreate, s.createFromForm),
		ui("GET /complaints/{reference}", auth.ComplaintRead, s.detailPage),
		ui("GET /complaints/{reference}/edit", auth.ComplaintUpdate, s.editPage),
		ui("GET /complaints/{reference}/attachments/{id}", auth.ComplaintRead, s.attachmentDownload),
		ui("POST /complaints/{reference}/edit", auth.ComplaintUpdate, s.updateFromForm),
		ui("POST /complaints/{reference}/status", auth.ComplaintTransition, s.complaintAction("moved", s.transitionFromForm)),
		ui("POST /complaints/{reference}/notes", auth.ComplaintNote, s.complaintAction("noted#timeline", s.noteFromForm)),
		ui("POST /complaints/{reference}/assign", auth.ComplaintAssign, s.complaintAction("assigned", s.assignFromForm)),
		ui("POST /complaints/{reference}/forward", auth.ComplaintForward, s.complaintAction("forwarded", s.forwardFromForm)),
		ui(
			"POST /complaints/{reference}/delay",
			auth.ComplaintTransition,
			s.complaintAction("delay_noticed", s.delayFromForm),
		),
		ui("POST /complaints/{reference}/handle", auth.ComplaintTransition, s.complaintAction("handled", s.handleFromForm)),
		ui("POST /complaints/{reference}/reply", auth.ComplaintNote, s.complaintAction("replied", s.replyFromForm)),
		ui("POST /complaints/{reference}/experts", auth.ComplaintAssign, s.complaintAction("expert_asked", s.expertFromForm)),
		ui("GET /complaints/{reference}/merge", auth.ComplaintUpdate, s.mergeReview),
		ui("POST /complaints/{reference}/merge", auth.ComplaintUpdate, s.mergeConfirmed),
		ui("POST /complaints/{reference}/pause", auth.ComplaintTransition, s.complaintAction("paused", s.pauseFromForm)),
		ui(
			"POST /complaints/{reference}/do-not-call",
			auth.ComplaintTransition,
			s.complaintAction("do_not_call", s.doNotCallFromForm),
		),
		ui("GET /do-not-call", auth.DoNotCallExport, s.doNotCallPage),
		ui("GET /mail/intake", auth.MailIntake, s.intakeLogPage),
		ui("GET /mail/quarantine", auth.MailIntake, s.quarantinePage),
		ui("GET /mail/quarantine/{id}/raw", auth.MailIntake, s.quarantineRaw),
		ui("POST /mail/quarantine/{id}/resolve", auth.MailIntake, s.quarantineResolve),
		ui("GET /dashboard", auth.DashboardView, s.dashboardPage),
		ui("GET /notifications", auth.SignedIn, s.notificationsPage),
		ui("POST /notifications/digest", auth.SignedIn, s.setDigest),
		ui("GET /cancellations", auth.CancellationWork, s.callListPage),
		ui("GET /cancellations/import", auth.CancellationImport, s.importPage),
		ui("POST /cancellations/import", auth.CancellationImport, s.importFromForm),
		ui("GET /cancellations/{id}", auth.CancellationWork, s.cancellationPage),
		ui("POST /cancellations/{id}/call", auth.CancellationWork, s.cancellationAction("called", s.callFromForm)),
		ui("POST /cancellations/{id}/conclude", auth.CancellationWork, s.cancellationAction("concluded", s.concludeFromForm)),
		ui(
			"POST /cancellations/{id}/complaint",
			auth.CancellationWork,
			s.cancellationAction("created", s.complaintBehindFromForm),
		),
		ui("GET /appeals", auth.AppealView, s.appealsPage),
		ui("GET /appeals/{id}", auth.AppealView, s.appealPage),
		ui("POST /appeals/{id}/decision", auth.AppealDecide, s.decideFromForm),
		ui("POST /complaints/{reference}/appeal", auth.ComplaintTransition, s.complaintAction("appealed", s.appealFromForm)),
		ui("GET /reports/quarterly", auth.ReportView, s.quarterlyPage),
		ui("GET /reports/quarterly.pdf", auth.ReportView, s.quarterlyPDF),
		ui("POST /reports/quarterly/sign", auth.EvaluationSign, s.signQuarterly),
		ui("POST /reports/agenda", auth.ReportView, s.addAgenda),
		ui("POST /reports/agenda/{id}/conclusion", auth.ReportView, s.concludeAgenda),
		ui("GET /reports/annual", auth.ReportView, s.annualPage),
		ui("POST /reports/volumes", auth.ReportView, s.saveVolumeFromForm),
		ui("POST /reports/volumes/import", auth.ReportView, s.importVolumesFromForm),
		ui("POST /reports/annual/text", auth.ReportPublish, s.saveAnnualText),
		ui("POST /reports/annual/publication", auth.ReportPublish, s.publishAnnual),
		ui("GET /audit", auth.AuditView, s.auditLogPage),
		ui("GET /privacy/subjects", auth.SubjectRights, s.subjectsPage),
		ui("POST /privacy/subjects/erase", auth.SubjectRights, s.eraseSubject),
		ui("GET /letters", auth.LettersPrint, s.lettersPage),
		ui("POST /letters/print", auth.LettersPrint, s.printLetters),
		ui("GET /admin/templates", auth.ProfileManage, s.templatesPage),
		ui("POST /admin/templates", auth.ProfileManage, s.saveTemplate),
		ui("GET /admin/routes", auth.ProfileManage, s.routesPage),
		ui("POST /admin/routes", auth.ProfileManage, s.saveRoutes),
		ui("POST /admin/campaigns", auth.ProfileManage, s.saveCampaign),
		ui("POST /admin/agencies", auth.ProfileManage, s.saveAgency),
		ui("POST /admin/elsewhere", auth.ProfileManage, s.saveElsewhere),
		ui("POST /admin/terms", auth.ProfileManage, s.saveTerms),
		ui("GET /admin/users", auth.UserManage, s.usersPage),
		ui("POST /admin/users", auth.UserManage, s.createUserFromForm),
		ui("GET /admin/users/{id}", auth.UserManage, s.userPage),
		ui("POST /admin/users/{id}", auth.UserManage, s.updateUserFromForm),
		ui("POST /admin/users/{id}/password-link", auth.UserManage, s.newPasswordLink),
	}
	own = append(own, s.api.Routes()...)
	return append(own, s.public.Routes()...)
}

// build wires the route table into a mux behind the common middleware.
func (s *Server) build() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	// A known API path asked with another method answers 405 in JSON; the
	// mux's own 405 would be plain text.
	allowed := map[string][]string{}
	for _, rt := range s.routes {
		if rt.API {
			allowed[rt.Path()] = append(allowed[rt.Path()], rt.Method())
		}
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.WriteProblem(w, r, kit.ErrMethodNotAllowed)
		})
	}
	// Anything unmatched under /api answers in JSON, the rest in HTML.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.WriteProblem(w, r, kit.ErrNotFound)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.ErrorPage(w, r, kit.ErrNotFound)
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.WriteProblem(w, r, kit.ErrForbidden)
			return
		}
		s.ErrorPage(w, r, kit.ErrForbidden)
	}))
	return s.recoverPanics(s.logRequests(s.securityHeaders(csrf.Handler(mux))))
}
