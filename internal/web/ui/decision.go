package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// decisionFromForm records what came of the complaint from
// the complaint page's form.
func (s *Handler) decisionFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	cents, ok := complaint.ParseAmount(f.Get("amount"))
	if !ok {
		return fault.InvalidField("amount", "err.amount")
	}
	_, err := s.App.RecordDecision(r.Context(), u, ref, complaint.Decision{
		Outcome: f.Get("outcome"), OutcomeReason: f.Get("outcome_reason"),
		RemedyAsked: f.Get("remedy_asked"), RemedyGiven: f.Get("remedy_given"), AmountCents: cents,
		Labels: f["labels"], Lesson: f.Get("lesson"),
	})
	return err
}

// measureFromForm sets a measure from the complaint page: what, who and
// the day it must be done by (to the end of that day).
func (s *Handler) measureFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	var errs fault.Validation
	owner, err := strconv.ParseInt(f.Get("owner_id"), 10, 64)
	if err != nil && f.Get("owner_id") != "" {
		errs.Add("owner_id", "err.user.not_found")
	}
	var due time.Time
	if v := strings.TrimSpace(f.Get("due")); v != "" {
		day, err := time.ParseInLocation(time.DateOnly, v, s.Profile().Location())
		if err != nil {
			errs.Add("due", "err.date")
		}
		due = day.AddDate(0, 0, 1).Add(-time.Second)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	_, err = s.App.SetMeasure(r.Context(), u, ref, f.Get("what"), owner, due)
	return err
}

// measureDoneFromForm marks a measure done, with the note of how.
func (s *Handler) measureDoneFromForm(r *http.Request, u auth.User, ref string) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.ErrNotFound
	}
	_, err = s.App.CompleteMeasure(r.Context(), u, ref, id, r.PostForm.Get("done_note"))
	return err
}

// subjectFromForm records who or what the complaint is about.
func (s *Handler) subjectFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	sub := complaint.Subject{Kind: f.Get("subject.kind"), Name: f.Get("subject.name"),
		Organisation: f.Get("subject.organisation"), Email: f.Get("subject.email"), Department: f.Get("subject.department")}
	if v := f.Get("subject.user_id"); v != "" && v != "0" && sub.Kind == complaint.SubjectStaff {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fault.InvalidField("subject.user_id", "err.user.not_found")
		}
		sub.UserID = id
	}
	_, err := s.App.SetSubject(r.Context(), u, ref, sub)
	return err
}

// hearingFromForm keeps the report of hearing both sides (Awb 9:10).
func (s *Handler) hearingFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	h := complaint.Hearing{Heard: f.Get("heard"), Report: f.Get("report")}
	if v := strings.TrimSpace(f.Get("held_on")); v != "" {
		day, err := time.ParseInLocation(time.DateOnly, v, s.Profile().Location())
		if err != nil {
			return fault.InvalidField("held_on", "err.date")
		}
		h.HeldOn = day // the day, whatever its hour
	}
	_, err := s.App.RecordHearing(r.Context(), u, ref, h)
	return err
}

// partFromForm refers a part of the complaint to a department (issue
// 19.2), with its handler and the day it must be done by.
func (s *Handler) partFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	var errs fault.Validation
	var assignee int64
	if v := f.Get("part.assignee_id"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs.Add("part.assignee_id", "err.user.not_found")
		}
		assignee = id
	}
	var due time.Time
	if v := strings.TrimSpace(f.Get("part.due")); v != "" {
		day, err := time.ParseInLocation(time.DateOnly, v, s.Profile().Location())
		if err != nil {
			errs.Add("part.due", "err.date")
		}
		due = day.AddDate(0, 0, 1).Add(-time.Second)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	_, err := s.App.SplitPart(r.Context(), u, ref, f.Get("part.what"), f.Get("part.department"), assignee, due)
	return err
}

// partHandleFromForm records how a department finished its part.
func (s *Handler) partHandleFromForm(r *http.Request, u auth.User, ref string) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kit.ErrNotFound
	}
	r.PostForm.Set("part.id", r.PathValue("id")) // the form that comes back with an error is this part's
	return s.App.HandlePart(r.Context(), u, ref, id, r.PostForm.Get("part.outcome"))
}
