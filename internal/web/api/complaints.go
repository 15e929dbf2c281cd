package api

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiMe(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	s.WriteJSON(w, r, http.StatusOK, map[string]any{
		"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role, "department": u.Department, "lang": u.Lang,
	})
}

func (s *Handler) apiProfile(w http.ResponseWriter, r *http.Request) {
	p := s.Profile()
	s.WriteJSON(w, r, http.StatusOK, map[string]any{
		"organisation": p.Organisation, "handling_days": p.HandlingDays, "appeal_days": p.AppealDays,
		"handling_unit": p.HandlingTerm().Unit, "appeal_unit": p.AppealTerm().Unit, "holidays": p.Holidays,
		"closing_days": nonNil(p.ClosingDays), "end_on_working_day": p.EndOnWorkingDay,
		"time_zone": p.TimeZone, "default_department": p.DefaultDepartment,
		"categories": p.Categories, "channels": p.Channels, "departments": p.Departments, "roles": p.Roles,
		"statuses": complaint.Statuses, "concerns": complaint.ConcernsValues,
	})
}

// nonNil writes an empty list as [] rather than null.
func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// validIdempotencyKey accepts 1 to 200 visible ASCII characters.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 200 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

func (s *Handler) apiCreateComplaint(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	key := r.Header.Get("Idempotency-Key")
	if _, present := r.Header["Idempotency-Key"]; present && !validIdempotencyKey(key) {
		s.WriteProblem(w, r, fault.InvalidField("Idempotency-Key", "err.idempotency.key"))
		return
	}
	var in kit.ComplaintInput
	body, err := kit.DecodeJSON(w, r, &in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	d, err := in.Draft(s.Core)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	c, replayed, err := s.App.Register(
		r.Context(),
		u,
		d,
		app.Registration{Forward: in.Forward, IdemKey: key, ReqHash: hex.EncodeToString(sum[:])},
	)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	} else {
		s.App.ListDoNotCall(r.Context(), u, c, in.DoNotCall != nil && *in.DoNotCall)
	}
	w.Header().Set("Location", "/api/v1/complaints/"+c.Reference)
	s.WriteJSON(w, r, http.StatusCreated, viewComplaint(c, s.Now()))
}

func (s *Handler) apiGetComplaint(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiListComplaints(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	lq, err := s.ParseListQuery(r.URL.Query(), u)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if lq.Relevance {
		hits, _, err := s.Search(r.Context(), lq)
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		views := make([]hitView, len(hits))
		for i, h := range hits {
			views[i] = hitView{viewComplaint(h.Complaint, lq.Filter.Now), h.Snippet}
		}
		s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": views, "next_cursor": nil})
		return
	}
	items, next, err := s.Store.ListComplaints(r.Context(), lq.Filter, lq.Sort, lq.Limit, lq.After)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := make([]ComplaintView, len(items))
	for i, c := range items {
		views[i] = viewComplaint(c, lq.Filter.Now)
	}
	var nextCursor *string
	if next != nil {
		token := next.Encode()
		nextCursor = &token
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": views, "next_cursor": nextCursor})
}

// apiExportComplaints answers the complaints the list's filters find as a
// CSV or XLSX file (?format=csv|xlsx), by need to know.
func (s *Handler) apiExportComplaints(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	lq, err := s.ParseListQuery(r.URL.Query(), u)
	if err == nil {
		err = s.WriteRegisterExport(w, r, kit.ExportQuery(lq), r.URL.Query().Get("format"), s.Page(r, "list.title"))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
	}
}

// writeItems answers a list, or the error that kept it from being read;
// no items is [] rather than null.
func writeItems[T any](s *Handler, w http.ResponseWriter, r *http.Request, items []T, err error) {
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if items == nil {
		items = []T{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": items})
}

func (s *Handler) apiPatchComplaint(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in kit.ComplaintInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if in.Forward {
		s.WriteProblem(w, r, fault.InvalidField("forward", "err.forward.patch"))
		return
	}
	patch, err := in.Patch(s.Core)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c, err := s.App.Edit(r.Context(), u, r.PathValue("reference"), patch)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiTransition(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Status *string        `json:"status"`
		Note   string         `json:"note"`
		Told   *kit.ToldInput `json:"told"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if in.Status == nil || strings.TrimSpace(*in.Status) == "" {
		s.WriteProblem(w, r, fault.InvalidField("status", "err.required"))
		return
	}
	to := complaint.Status(strings.TrimSpace(*in.Status))
	var c complaint.Complaint
	var err error
	if to == complaint.Handled && in.Told != nil {
		var told complaint.Told
		if told, err = in.Told.Told(s.Core, u); err == nil {
			c, err = s.App.Handle(r.Context(), u, r.PathValue("reference"), told)
		}
	} else {
		c, err = s.App.Transition(r.Context(), u, r.PathValue("reference"), to, in.Note)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	status := http.StatusOK
	if to == complaint.Handled && c.Status != complaint.Handled {
		status = http.StatusAccepted // the written outcome waits for a second person's approval
	}
	s.WriteJSON(w, r, status, viewComplaint(c, s.Now()))
}

func (s *Handler) apiAssign(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Team       string `json:"team"`
		AssigneeID int64  `json:"assignee_id"`
		Note       string `json:"note"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	to, err := s.App.HandoverTarget(r.Context(), strings.TrimSpace(in.Team), in.AssigneeID)
	if err == nil {
		var c complaint.Complaint
		if c, err = s.App.Assign(r.Context(), u, r.PathValue("reference"), to, complaint.EventAssigned, in.Note); err == nil {
			s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
			return
		}
	}
	s.WriteProblem(w, r, err)
}

func (s *Handler) apiForward(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Note string `json:"note"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	to, err := s.App.Coordinator(r.Context())
	if err == nil {
		var c complaint.Complaint
		if c, err = s.App.Assign(r.Context(), u, r.PathValue("reference"), to, complaint.EventForwarded, in.Note); err == nil {
			s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
			return
		}
	}
	s.WriteProblem(w, r, err)
}

func (s *Handler) apiDelayNotice(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		ExpectedAt string `json:"expected_at"`
		Reason     string `json:"reason"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	var expected time.Time
	if strings.TrimSpace(in.ExpectedAt) != "" {
		t, err := kit.ParseTime("expected_at", in.ExpectedAt, s.Profile().Location())
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		expected = t
	}
	c, err := s.App.NoticeDelay(r.Context(), u, r.PathValue("reference"), expected, in.Reason)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewComplaint(c, s.Now()))
}

func (s *Handler) apiAddNote(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Text string `json:"text"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	ev, err := s.App.Note(r.Context(), u, r.PathValue("reference"), in.Text)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, ev)
}

func (s *Handler) apiTimeline(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "api timeline")
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	events, err := s.Store.Timeline(r.Context(), c.ID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if events == nil {
		events = []complaint.Event{}
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": events})
}

// apiComplainant returns the details last registered for a member number,
// so the register form can fill them in (P4.7).
func (s *Handler) apiComplainant(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.LookupMember(r.Context(), r.PathValue("member_number"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, p)
}
