package api

import (
	"mime"
	"net/http"
	"time"

	"github.com/klacht/klacht/internal/call"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// The telephony system's call events (P3.1): JSON, or the form fields of
// Zammad's generic CTI (event=newCall|answer|hangup, callId, direction,
// from, to, user, cause), so a PBX set up for it works as it is.

// CallView is a call in the caller log.
type CallView struct {
	ID           int64      `json:"id"`
	CallID       string     `json:"call_id"`
	Direction    string     `json:"direction"`
	From         string     `json:"from"`
	To           string     `json:"to"`
	Agent        string     `json:"agent"`
	State        string     `json:"state"`
	Cause        string     `json:"cause,omitempty"`
	MemberNumber string     `json:"member_number,omitempty"`
	CallerName   string     `json:"caller_name,omitempty"`
	Callers      int        `json:"callers"`
	Complaint    string     `json:"complaint,omitempty"`
	StartedAt    time.Time  `json:"started_at"`
	AnsweredAt   *time.Time `json:"answered_at"`
	EndedAt      *time.Time `json:"ended_at"`
	// RegisterURL opens the register form for this call, pre-filled.
	RegisterURL string `json:"register_url"`
}

func viewCall(c call.Call) CallView {
	v := CallView{ID: c.ID, CallID: c.CallID, Direction: c.Direction, From: c.From, To: c.To, Agent: c.Agent,
		State: c.State, Cause: c.Cause, MemberNumber: c.MemberNumber, CallerName: c.CallerName, Callers: c.Callers,
		Complaint: c.Reference, StartedAt: c.StartedAt, RegisterURL: kit.RegisterCallURL(c)}
	if !c.AnsweredAt.IsZero() {
		v.AnsweredAt = &c.AnsweredAt
	}
	if !c.EndedAt.IsZero() {
		v.EndedAt = &c.EndedAt
	}
	return v
}

func (s *Handler) apiCallEvent(w http.ResponseWriter, r *http.Request) {
	var e call.Event
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, kit.MaxAuthForm)
		if err := r.ParseForm(); err != nil {
			s.WriteProblem(w, r, fault.New(fault.Invalid, "err.form"))
			return
		}
		if err := kit.FormTextError(r); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		f := r.PostForm
		agent := f.Get("user")
		if agent == "" {
			agent = f.Get("user[]")
		}
		e = call.Event{Kind: f.Get("event"), CallID: f.Get("callId"), Direction: f.Get("direction"), From: f.Get("from"),
			To: f.Get("to"), Agent: agent, Cause: f.Get("cause")}
	} else {
		var in struct {
			Event     string `json:"event"`
			CallID    string `json:"call_id"`
			Direction string `json:"direction"`
			From      string `json:"from"`
			To        string `json:"to"`
			User      string `json:"user"`
			Cause     string `json:"cause"`
		}
		if _, err := kit.DecodeJSON(w, r, &in); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		e = call.Event{Kind: in.Event, CallID: in.CallID, Direction: in.Direction, From: in.From, To: in.To,
			Agent: in.User, Cause: in.Cause}
	}
	c, _, err := s.App.RecordCallEvent(r.Context(), e)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewCall(c))
}

func (s *Handler) apiCalls(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Store.CallLog(r.Context(), s.Now().Add(-24*time.Hour), 200)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := make([]CallView, len(cs))
	for i, c := range cs {
		views[i] = viewCall(c)
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": views})
}
