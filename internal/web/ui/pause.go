package ui

import (
	"net/http"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
)

// The term pause (see complaint/pause.go): the handler pauses with the
// question for the complainant; the complainant's answer through the
// status page or by mail resumes the clock, as can the handler.

// pauseFromForm pauses, or with action=resume resumes, from the complaint page.
func (s *Handler) pauseFromForm(r *http.Request, u auth.User, ref string) error {
	if r.PostForm.Get("action") == "resume" {
		_, err := s.App.Resume(r.Context(), u, ref)
		return err
	}
	// The page holds the delay form's reason too: this one is pause_reason.
	_, err := s.App.Pause(r.Context(), u, ref, r.PostForm.Get("pause_reason"))
	if e, ok := fault.As(err); ok && e.Field() == "reason" {
		f := e.Fields[0]
		return fault.InvalidField("pause_reason", f.Key, f.Args...)
	}
	return err
}
