package web

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

const dashboardRows = 50

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.Now()
	page := dashboardPage{Page: s.Page(r, "dashboard.title")}
	var err error
	if page.Overdue, _, err = s.Store.ListComplaints(ctx, store.Filter{Overdue: true, Now: now}, store.SortDueAsc, dashboardRows, nil); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	week := store.Filter{DueFrom: now, DueTo: now.Add(7 * 24 * time.Hour), Now: now}
	if page.DueSoon, _, err = s.Store.ListComplaints(ctx, week, store.SortDueAsc, dashboardRows, nil); err != nil {
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

// apiDashboard gives the same figures as JSON.
func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.Now()
	overdue, _, err := s.Store.ListComplaints(
		ctx,
		store.Filter{Overdue: true, Now: now},
		store.SortDueAsc,
		dashboardRows,
		nil,
	)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	soon, _, err := s.Store.ListComplaints(
		ctx,
		store.Filter{DueFrom: now, DueTo: now.Add(7 * 24 * time.Hour), Now: now},
		store.SortDueAsc,
		dashboardRows,
		nil,
	)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	loads, err := s.Store.Workloads(ctx, now)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := func(cs []complaint.Complaint) []complaintView {
		out := make([]complaintView, len(cs))
		for i, c := range cs {
			out[i] = viewComplaint(c, now)
		}
		return out
	}
	type load struct {
		AssigneeID int64  `json:"assignee_id"`
		Name       string `json:"name"`
		Team       string `json:"team"`
		Open       int    `json:"open"`
		Overdue    int    `json:"overdue"`
		Breach     int    `json:"breach"`
	}
	ls := make([]load, len(loads))
	for i, l := range loads {
		ls[i] = load(l)
	}
	s.WriteJSON(
		w,
		r,
		http.StatusOK,
		map[string]any{"overdue": views(overdue), "due_this_week": views(soon), "handlers": ls},
	)
}

type notificationsPage struct {
	kit.Page
	Items []store.Notification
}

// notificationsPage lists the user's notifications and marks them read.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	items, _, err := s.Store.Notifications(r.Context(), u.ID, 100)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := notificationsPage{Page: s.Page(r, "notifications.title"), Items: items}
	page.Unread = 0
	if err := s.Store.MarkNotificationsRead(r.Context(), u.ID, s.Now()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "notifications", page)
}

// setDigest turns the user's own daily digest on or off.
func (s *Server) setDigest(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	if err := s.Store.SetUserDigest(r.Context(), u.ID, r.PostForm.Get("digest") == "true"); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications?notice=digest_saved", http.StatusSeeOther)
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	items, unread, err := s.Store.Notifications(r.Context(), u.ID, 100)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	type item struct {
		ID        int64      `json:"id"`
		Reference string     `json:"reference,omitempty"`
		Kind      string     `json:"kind"`
		At        time.Time  `json:"at"`
		ReadAt    *time.Time `json:"read_at"`
	}
	out := make([]item, len(items))
	for i, n := range items {
		out[i] = item{ID: n.ID, Reference: n.Reference, Kind: string(n.Kind), At: n.At, ReadAt: kit.TimePtr(n.ReadAt)}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": out, "unread": unread})
}
