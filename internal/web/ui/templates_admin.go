package ui

import (
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/web/kit"
)

// Administrators edit the messages to complainants; placeholders are
// checked when saved (notify.Template.Check).

type templateView struct {
	Kind   notify.Kind
	Lang   string
	Custom bool
	T      notify.Template
	Error  map[string]string
}

type templatesPage struct {
	kit.Page
	Templates    []templateView
	Placeholders []string
}

func (s *Handler) templatesPage(w http.ResponseWriter, r *http.Request) {
	s.renderTemplates(w, r, http.StatusOK, nil, nil)
}

func (s *Handler) renderTemplates(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	failed *notify.Template,
	formErr error,
) {
	page := templatesPage{Page: s.Page(r, "templates.title"), Placeholders: notify.Placeholders}
	for _, k := range notify.Kinds {
		for _, lang := range []string{"nl", "en"} {
			t, custom, err := s.App.Template(r.Context(), k, lang)
			if err != nil {
				s.ErrorPage(w, r, err)
				return
			}
			v := templateView{Kind: k, Lang: lang, Custom: custom, T: t}
			if failed != nil && failed.Kind == k && failed.Lang == lang {
				v.T = *failed
				if e, ok := fault.As(formErr); ok {
					page.WithError(formErr)
					v.Error = map[string]string{}
					for _, f := range e.Fields {
						v.Error[f.Field] = page.Form.Errors[f.Field]
					}
				}
			}
			page.Templates = append(page.Templates, v)
		}
	}
	s.Render(w, r, status, "templates", page)
}

func (s *Handler) saveTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	t := notify.Template{Kind: notify.Kind(r.PostForm.Get("kind")), Lang: r.PostForm.Get("lang"),
		Subject: strings.TrimSpace(r.PostForm.Get("subject")), Body: strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n")}
	var err error
	if r.PostForm.Get("reset") == "true" {
		err = s.App.ResetTemplate(r.Context(), u, t.Kind, t.Lang)
	} else {
		err = s.App.SaveTemplate(r.Context(), u, t)
	}
	if err != nil {
		if _, ok := fault.As(err); !ok {
			s.ErrorPage(w, r, err)
			return
		}
		s.renderTemplates(w, r, kit.StatusOf[fault.CodeOf(err)], &t, err)
		return
	}
	http.Redirect(w, r, "/admin/templates?notice=template_saved#t-"+string(t.Kind)+"-"+t.Lang, http.StatusSeeOther)
}
