package api

import (
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// What came of a complaint: its outcome, remedy, labels and
// lesson, where the profile records them.

func (s *Handler) apiDecision(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api decision")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := s.App.Decision(r.Context(), c)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, d)
}

func (s *Handler) apiSetDecision(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in complaint.Decision
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := s.App.RecordDecision(r.Context(), u, r.PathValue("reference"), in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, d)
}

func (s *Handler) apiMeasures(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api measures")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	ms, err := s.Store.Measures(r.Context(), c.ID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if ms == nil {
		ms = []complaint.Measure{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": ms})
}

func (s *Handler) apiSetMeasure(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		What    string    `json:"what"`
		OwnerID int64     `json:"owner_id"`
		DueAt   time.Time `json:"due_at"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	m, err := s.App.SetMeasure(r.Context(), u, r.PathValue("reference"), in.What, in.OwnerID, in.DueAt)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, m)
}

func (s *Handler) apiMeasureDone(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	m, err := s.App.CompleteMeasure(r.Context(), u, r.PathValue("reference"), id, in.Note)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, m)
}

func (s *Handler) apiComplaintSubject(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api subject")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	sub, ok, err := s.App.Subject(r.Context(), c)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if !ok {
		s.WriteProblem(w, r, fault.New(fault.NotFound, "err.subject.none"))
		return
	}
	s.WriteJSON(w, r, http.StatusOK, sub)
}

func (s *Handler) apiSetComplaintSubject(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Kind         string `json:"kind"`
		UserID       int64  `json:"user_id"`
		Name         string `json:"name"`
		Organisation string `json:"organisation"`
		Email        string `json:"email"`
		Department   string `json:"department"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.SetSubject(r.Context(), u, r.PathValue("reference"), complaint.Subject{Kind: in.Kind, UserID: in.UserID,
		Name: in.Name, Organisation: in.Organisation, Email: in.Email, Department: in.Department})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	sub, _, err := s.App.Subject(r.Context(), c)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, sub)
}

func (s *Handler) apiHearing(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		HeldOn time.Time `json:"held_on"`
		Heard  string    `json:"heard"`
		Report string    `json:"report"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.RecordHearing(r.Context(), u, r.PathValue("reference"),
		complaint.Hearing{HeldOn: in.HeldOn, Heard: in.Heard, Report: in.Report})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, viewComplaint(c, s.Now()))
}

func (s *Handler) apiApproval(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	ref := r.PathValue("reference")
	var err error
	switch in.Action {
	case "approve":
		err = s.App.Approve(r.Context(), u, ref)
	case "send_back":
		err = s.App.SendBack(r.Context(), u, ref, in.Note)
	case "":
		err = fault.InvalidField("action", "err.required")
	default:
		err = fault.InvalidField("action", "err.unknown_key", in.Action)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.Store.Complaint(r.Context(), ref)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiFlags(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Flags []string `json:"flags"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if err := s.App.SetFlags(r.Context(), u, r.PathValue("reference"), in.Flags); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.ReadComplaint(r, "api flags")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	flags, err := s.Store.Flags(r.Context(), c.ID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if flags == nil {
		flags = []string{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"flags": flags})
}

func (s *Handler) apiSetRepresentative(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in complaint.Representative
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.SetRepresentative(r.Context(), u, r.PathValue("reference"), &in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiRemoveRepresentative(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	c, err := s.App.SetRepresentative(r.Context(), u, r.PathValue("reference"), nil)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiParts(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api parts")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	parts, err := s.Store.Parts(r.Context(), c.ID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if parts == nil {
		parts = []complaint.Part{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": parts})
}

func (s *Handler) apiSplitPart(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		What       string    `json:"what"`
		Department string    `json:"department"`
		AssigneeID int64     `json:"assignee_id"`
		DueAt      time.Time `json:"due_at"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	p, err := s.App.SplitPart(r.Context(), u, r.PathValue("reference"), in.What, in.Department, in.AssigneeID, in.DueAt)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, p)
}

func (s *Handler) apiHandlePart(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	id, err := kit.PathID(r, "id")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var in struct {
		Outcome string `json:"outcome"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	ref := r.PathValue("reference")
	if err := s.App.HandlePart(r.Context(), u, ref, id, in.Outcome); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.ReadComplaint(r, "api part handled")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}
