package ui

import (
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The coordinator's dashboard (P5.4): what is overdue, oldest first, with
// breaches of P5.5 flagged; what falls due this week; and who holds what.

type dashboardPage struct {
	kit.Page
	Overdue   []complaint.Complaint
	DueSoon   []complaint.Complaint
	Workloads []store.Workload
	Breaches  int
}

func (s *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.Now()
	page := dashboardPage{Page: s.Page(r, "dashboard.title")}
	var err error
	if page.Overdue, _, err = s.Store.ListComplaints(ctx, store.Filter{Overdue: true, Now: now}, store.SortDueAsc, kit.DashboardRows, nil); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	week := store.Filter{DueFrom: now, DueTo: now.Add(7 * 24 * time.Hour), Now: now}
	if page.DueSoon, _, err = s.Store.ListComplaints(ctx, week, store.SortDueAsc, kit.DashboardRows, nil); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Workloads, err = s.Store.Workloads(ctx, now); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Breaches, err = s.Store.CountComplaints(ctx, store.Filter{Breach: true, Now: now}); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "dashboard", page)
}

type notificationsPage struct {
	kit.Page
	Items []store.Notification
}

// notificationsPage lists the user's notifications and marks them read.
func (s *Handler) notificationsPage(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	items, _, err := s.Store.Notifications(r.Context(), u.ID, 100)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := notificationsPage{Page: s.Page(r, "notifications.title"), Items: items}
	page.Unread = 0
	if err := s.App.MarkNotificationsRead(r.Context(), u.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "notifications", page)
}

// setDigest turns the user's own daily digest on or off.
func (s *Handler) setDigest(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	if err := s.App.SetDigest(r.Context(), u.ID, r.PostForm.Get("digest") == "true"); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications?notice=digest_saved", http.StatusSeeOther)
}
