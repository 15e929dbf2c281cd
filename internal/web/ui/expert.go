package ui

import (
	"net/http"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
)

// The pages of outside experts (P5.3; the use case is app/expert.go): the
// staff's form that asks, and the page the expert answers on through the
// signed link in their mail.

func (s *Handler) expertFromForm(r *http.Request, u auth.User, ref string) error {
	f := r.PostForm
	_, _, err := s.App.AskExpert(
		r.Context(),
		u,
		ref,
		app.ExpertInput{Name: f.Get("expert_name"), Email: f.Get("expert_email"), Lang: f.Get("expert_lang"),
			Question: f.Get("question"), Deadline: f.Get("deadline"), ShareText: f.Get("share_text") == "true"},
	)
	// The page's fields carry an expert_ prefix where another form on it
	// uses the same name.
	if e, ok := fault.As(err); ok {
		for i, fe := range e.Fields {
			switch fe.Field {
			case "name", "email", "lang":
				e.Fields[i].Field = "expert_" + fe.Field
			}
		}
	}
	return err
}
