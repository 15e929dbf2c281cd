package api

import (
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/web/kit"
)

// Routes are the API's routes, for the one route table.
func (s *Handler) Routes() []kit.Route {
	api := kit.API
	return []kit.Route{
		api("GET /api/v1/openapi.json", auth.Public, s.openapi),
		api("GET /api/v1/me", auth.SignedIn, s.apiMe),
		api("GET /api/v1/profile", auth.SignedIn, s.apiProfile),
		api("POST /api/v1/complaints", auth.ComplaintCreate, s.apiCreateComplaint),
		api("GET /api/v1/complaints", auth.ComplaintRead, s.apiListComplaints),
		api("GET /api/v1/complaints/{reference}", auth.ComplaintRead, s.apiGetComplaint),
		api("PATCH /api/v1/complaints/{reference}", auth.ComplaintUpdate, s.apiPatchComplaint),
		api("POST /api/v1/complaints/{reference}/transitions", auth.ComplaintTransition, s.apiTransition),
		api("POST /api/v1/complaints/{reference}/notes", auth.ComplaintNote, s.apiAddNote),
		api("POST /api/v1/complaints/{reference}/assignment", auth.ComplaintAssign, s.apiAssign),
		api("POST /api/v1/complaints/{reference}/forward", auth.ComplaintForward, s.apiForward),
		api("POST /api/v1/complaints/{reference}/delay-notice", auth.ComplaintTransition, s.apiDelayNotice),
		api("POST /api/v1/complaints/{reference}/experts", auth.ComplaintAssign, s.apiAskExpert),
		api("GET /api/v1/complaints/{reference}/experts", auth.ComplaintRead, s.apiExperts),
		api("GET /api/v1/complaints/{reference}/duplicates", auth.ComplaintRead, s.apiDuplicates),
		api("POST /api/v1/complaints/{reference}/merge", auth.ComplaintUpdate, s.apiMerge),
		api("POST /api/v1/complaints/{reference}/pause", auth.ComplaintTransition, s.apiPause),
		api("POST /api/v1/complaints/{reference}/resume", auth.ComplaintTransition, s.apiResume),
		api("POST /api/v1/complaints/{reference}/do-not-call", auth.ComplaintTransition, s.apiSetDoNotCall),
		api("GET /api/v1/mail/intake", auth.MailIntake, s.apiIntakeLog),
		api("DELETE /api/v1/complaints/{reference}/do-not-call", auth.ComplaintTransition, s.apiLiftDoNotCall),
		api("GET /api/v1/do-not-call", auth.DoNotCallExport, s.apiDoNotCall),
		api("GET /api/v1/dashboard", auth.DashboardView, s.apiDashboard),
		api("GET /api/v1/notifications", auth.SignedIn, s.apiNotifications),
		api("GET /api/v1/complaints/{reference}/timeline", auth.ComplaintRead, s.apiTimeline),
		api("GET /api/v1/complainants/{member_number}", auth.ComplaintCreate, s.apiComplainant),
		api("POST /api/v1/cancellations", auth.CancellationImport, s.apiCreateCancellation),
		api("POST /api/v1/cancellations/import", auth.CancellationImport, s.apiImportCancellations),
		api("GET /api/v1/cancellations", auth.CancellationWork, s.apiListCancellations),
		api("POST /api/v1/cancellations/{id}/calls", auth.CancellationWork, s.apiRecordCall),
		api("POST /api/v1/cancellations/{id}/conclusion", auth.CancellationWork, s.apiConclude),
		api("POST /api/v1/cancellations/{id}/complaint", auth.CancellationWork, s.apiComplaintBehind),
		api("POST /api/v1/complaints/{reference}/appeals", auth.ComplaintTransition, s.apiFileAppeal),
		api("GET /api/v1/appeals", auth.AppealView, s.apiAppeals),
		api("POST /api/v1/appeals/{id}/decision", auth.AppealDecide, s.apiDecideAppeal),
		api("GET /api/v1/reports/quarterly", auth.ReportView, s.apiQuarterly),
		api("GET /api/v1/reports/annual", auth.ReportView, s.apiAnnual),
		api("GET /api/v1/reports/recurring", auth.ReportView, s.apiRecurring),
		api("GET /api/v1/contact-volumes", auth.ReportView, s.apiVolumes),
		api("POST /api/v1/contact-volumes", auth.ReportView, s.apiSaveVolume),
		api("POST /api/v1/contact-volumes/import", auth.ReportView, s.apiImportVolumes),
		api("PUT /api/v1/reports/annual/text", auth.ReportPublish, s.apiAnnualText),
		api("POST /api/v1/reports/annual/publication", auth.ReportPublish, s.apiPublishAnnual),
		api("DELETE /api/v1/reports/annual/publication", auth.ReportPublish, s.apiPublishAnnual),
		api("GET /api/v1/audit", auth.AuditView, s.apiAudit),
		api("GET /api/v1/subjects", auth.SubjectRights, s.apiSubject),
		api("POST /api/v1/subjects/erase", auth.SubjectRights, s.apiEraseSubject),
		api("GET /api/v1/users", auth.UserManage, s.apiListUsers),
		api("POST /api/v1/users", auth.UserManage, s.apiCreateUser),
	}
}
