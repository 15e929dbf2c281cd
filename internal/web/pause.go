package web

import (
	"context"
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
)

// The term pause (see complaint/pause.go): the handler pauses with the
// question for the complainant; the complainant's answer through the
// status page or by mail resumes the clock, as can the handler.

// pause stops the term of ref, when the profile allows it.
func (s *Server) pause(ctx context.Context, u auth.User, ref, reason string) (complaint.Complaint, error) {
	if !s.Profile().TermPause {
		return complaint.Complaint{}, fault.New(fault.Conflict, "err.pause.off")
	}
	now := s.now()
	question, err := s.templates(ctx, notify.Question)
	if err != nil {
		return complaint.Complaint{}, err
	}
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Pause(reason, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		// The complainant is asked in writing, so the term never waits on
		// someone who does not know there is a question; without an
		// e-mail or postal address the handler asks by phone.
		asked, _ := ev.Data["reason"].(string)
		if m, ok := notify.Compose(question[c.Language], next, s.letterContext(u, now), "", notify.Values{"reason": asked}); ok {
			ev.Send = []complaint.Outgoing{m}
		}
		return next, []complaint.Event{ev}, nil
	})
}

// resume starts the term of ref again by the handler's hand.
func (s *Server) resume(ctx context.Context, u auth.User, ref string) (complaint.Complaint, error) {
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Resume("staff", u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}

// answered is what the complainant's answer does to a paused term: it
// runs again from now. The events follow the answer's own.
func answered(c complaint.Complaint, now time.Time) (complaint.Complaint, []complaint.Event) {
	if !c.Paused() {
		return c, nil
	}
	next, ev, err := c.Resume("complainant", 0, now)
	if err != nil {
		return c, nil
	}
	if next.AssigneeID != 0 {
		ev.Notify = []int64{next.AssigneeID}
	}
	return next, []complaint.Event{ev}
}

func (s *Server) apiPause(w http.ResponseWriter, r *http.Request) {
	u, _ := userOf(r)
	var in struct {
		Reason string `json:"reason"`
	}
	if _, err := decodeJSON(w, r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	c, err := s.pause(r.Context(), u, r.PathValue("reference"), in.Reason)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, viewComplaint(c, s.now()))
}

func (s *Server) apiResume(w http.ResponseWriter, r *http.Request) {
	u, _ := userOf(r)
	c, err := s.resume(r.Context(), u, r.PathValue("reference"))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, viewComplaint(c, s.now()))
}

// pauseFromForm pauses, or with action=resume resumes, from the complaint page.
func (s *Server) pauseFromForm(r *http.Request, u auth.User, ref string) error {
	if r.PostForm.Get("action") == "resume" {
		_, err := s.resume(r.Context(), u, ref)
		return err
	}
	// The page holds the delay form's reason too: this one is pause_reason.
	_, err := s.pause(r.Context(), u, ref, r.PostForm.Get("pause_reason"))
	if e, ok := fault.As(err); ok && e.Field() == "reason" {
		f := e.Fields[0]
		return fault.InvalidField("pause_reason", f.Key, f.Args...)
	}
	return err
}

// question is what a paused complaint waits for: the reason of its
// latest pause.
func question(c complaint.Complaint, events []complaint.Event) string {
	if !c.Paused() {
		return ""
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == complaint.EventTermPaused {
			q, _ := events[i].Data["reason"].(string)
			return q
		}
	}
	return ""
}
