package api

import (
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// apiDashboard gives the same figures as JSON.
func (s *Handler) apiDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.Now()
	overdue, _, err := s.Store.ListComplaints(
		ctx,
		store.Filter{Overdue: true, Now: now},
		store.SortDueAsc,
		kit.DashboardRows,
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
		kit.DashboardRows,
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
	views := func(cs []complaint.Complaint) []ComplaintView {
		out := make([]ComplaintView, len(cs))
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

func (s *Handler) apiNotifications(w http.ResponseWriter, r *http.Request) {
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
