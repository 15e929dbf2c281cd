package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiFileAppeal(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Grounds string `json:"grounds"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	a, err := s.App.FileAppeal(r.Context(), u, r.PathValue("reference"), in.Grounds)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, viewAppeal(a, s.Now()))
}

func (s *Handler) apiAppeals(w http.ResponseWriter, r *http.Request) {
	open := r.URL.Query().Get("state") != "decided"
	list, err := s.Store.Appeals(r.Context(), open, 200)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := make([]AppealView, len(list))
	for i, a := range list {
		out[i] = viewAppeal(a, s.Now())
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": out})
}

func (s *Handler) apiDecideAppeal(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Decision  string `json:"decision"`
		Reasoning string `json:"reasoning"`
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.WriteProblem(w, r, kit.ErrNotFound)
		return
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	a, err := s.App.DecideAppeal(r.Context(), u, id, in.Decision, in.Reasoning)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewAppeal(a, s.Now()))
}

func viewAppeal(a complaint.Appeal, now time.Time) AppealView {
	return AppealView{
		ID:        a.ID,
		Reference: a.Reference,
		Grounds:   a.Grounds,
		FiledAt:   a.FiledAt,
		DueAt:     a.DueAt,
		Overdue:   a.Overdue(now),
		Decision:  a.Decision,
		Reasoning: a.Reasoning,
		DecidedAt: kit.TimePtr(a.DecidedAt),
	}
}

type AppealView struct {
	ID        int64      `json:"id"`
	Reference string     `json:"reference"`
	Grounds   string     `json:"grounds"`
	FiledAt   time.Time  `json:"filed_at"`
	DueAt     time.Time  `json:"due_at"`
	Overdue   bool       `json:"overdue"`
	Decision  string     `json:"decision"`
	Reasoning string     `json:"reasoning"`
	DecidedAt *time.Time `json:"decided_at"`
}
