package public

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/web/kit"
)

// The public complaint form (P3.3): /klacht in Dutch, /en/complaint in
// English. It works without JavaScript, asks only what the register needs,
// takes attachments, and keeps spam out without a third-party service: a
// honeypot field, a signed time trap, and a limit per address.

// publicPaths maps a language to its form's path.
var publicPaths = map[i18n.Lang]string{i18n.NL: "/klacht", i18n.EN: "/en/complaint"}

// minFillTime is the least time a person takes to fill in the form;
// faster is a robot. maxFormAge bounds how long a form stays valid.
const (
	minFillTime = 3 * time.Second
	maxFormAge  = 24 * time.Hour
)

type publicPage struct {
	kit.Page
	Action  string
	Started string // the signed time trap
}

// publicBase is a page for the public: its language is the path's, and it
// links the same page in the other language.
func (s *Handler) publicBase(r *http.Request, lang i18n.Lang, titleKey string, alt string) kit.Page {
	b := s.Page(r, titleKey)
	b.Lang, b.User, b.Public, b.AltURL = lang, nil, true, alt
	b.Title = b.T(titleKey)
	return b
}

func otherLang(l i18n.Lang) i18n.Lang {
	if l == i18n.EN {
		return i18n.NL
	}
	return i18n.EN
}

// Stamp signs the moment a form was served.
func (s *Handler) Stamp(t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(s.formSecret))
	mac.Write([]byte("form:" + ts))
	return ts + "." + hex.EncodeToString(mac.Sum(nil))[:32]
}

// checkStamp tells whether a form was served by us, long enough ago for a
// person to fill it in, and not too long ago.
func (s *Handler) checkStamp(v string, now time.Time) bool {
	ts, _, ok := strings.Cut(v, ".")
	if !ok || !hmac.Equal([]byte(s.Stamp(time.Unix(atoi64(ts), 0))), []byte(v)) {
		return false
	}
	age := now.Sub(time.Unix(atoi64(ts), 0))
	return age >= minFillTime && age <= maxFormAge
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func (s *Handler) renderPublicForm(
	w http.ResponseWriter,
	r *http.Request,
	lang i18n.Lang,
	status int,
	values url.Values,
	formErr error,
) {
	page := publicPage{Page: s.publicBase(r, lang, "public.title", publicPaths[otherLang(lang)]),
		Action: publicPaths[lang], Started: s.Stamp(s.Now())}
	page.Form.Values = values
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	page.Form.OrderBy(kit.PublicFormOrder)
	s.Render(w, r, status, "public_form", page)
}

// FieldLabel names a field as this form labels it, for the error summary.
func (p publicPage) FieldLabel(name string) string {
	switch name {
	case "category", "description", "answer_by":
		return p.T("public." + name)
	}
	return p.Page.FieldLabel(name)
}

// elsewhereView is one matter that is no complaint, in the page's language.
type elsewhereView struct{ Label, Text, URL, Host string }

// Elsewhere lists the profile's matters that are no complaint, with where
// they belong; a link is shown by its host, so people see where it leads.
func (p publicPage) Elsewhere() []elsewhereView {
	var out []elsewhereView
	for _, e := range p.Profile().Elsewhere {
		v := elsewhereView{Label: e.Label.In(p.Lang), Text: e.Text.In(p.Lang), URL: e.URL.In(p.Lang)}
		if u, err := url.Parse(v.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			v.Host = strings.TrimPrefix(u.Host, "www.")
		} else {
			v.URL = "" // only web links leave the form
		}
		out = append(out, v)
	}
	return out
}

// CategoryChoices lists the categories for the public, "don't know" last.
func (p publicPage) CategoryChoices() []kit.Option {
	return append(
		p.WithChoose(p.CategoryOptions()),
		kit.Option{Value: p.Profile().Unclassified(), Label: p.T("public.category_unknown")},
	)
}

func (s *Handler) publicForm(lang i18n.Lang) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.renderPublicForm(w, r, lang, http.StatusOK, url.Values{}, nil)
	}
}

func (s *Handler) publicSubmit(lang i18n.Lang) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := s.Now()
		if err := kit.ParseUploadForm(w, r); err != nil {
			s.renderPublicForm(w, r, lang, kit.StatusOf[fault.CodeOf(err)], url.Values{}, err)
			return
		}
		f := r.PostForm
		addr := kit.ClientAddr(r)
		switch {
		case f.Get("website") != "":
			// The honeypot: people do not see this field, robots fill it.
			// They get a thank-you and nothing is stored.
			s.Render(
				w,
				r,
				http.StatusOK,
				"public_thanks",
				publicPage{Page: s.publicBase(r, lang, "public.thanks", publicPaths[otherLang(lang)])},
			)
			return
		case !s.checkStamp(f.Get("started"), now):
			s.renderPublicForm(w, r, lang, http.StatusUnprocessableEntity, f, fault.New(fault.Invalid, "err.public.stamp"))
			return
		case !s.formByAddr.Allow(addr):
			s.renderPublicForm(w, r, lang, http.StatusTooManyRequests, f, fault.New(fault.RateLimited, "err.public.rate"))
			return
		}
		category := f.Get("category")
		d := complaint.Draft{
			Channel: complaint.ChannelWeb, Category: category, Language: string(lang), Description: f.Get("description"), ReceivedAt: now,
			Complainant: complaint.Complainant{
				MemberNumber: f.Get("complainant.member_number"), Name: f.Get("complainant.name"),
				Address: f.Get("complainant.address"), Postcode: f.Get("complainant.postcode"), City: f.Get("complainant.city"),
				Email: f.Get("complainant.email"), Phone: f.Get("complainant.phone"),
			},
			AnswerBy: f.Get("answer_by"),
		}
		// Every problem at once: the fields' and the files'.
		var errs fault.Validation
		if strings.TrimSpace(d.AnswerBy) == "" {
			// The form asks it, as research on complaint forms advises;
			// staff and the API may leave it open.
			errs.Add("answer_by", "err.answer_by.required")
		}
		p := s.Profile()
		d.Department = p.DefaultDepartment
		if _, err := d.Normalize(p, now); err != nil {
			e, _ := fault.As(err)
			for _, fe := range e.Fields {
				errs.Add(fe.Field, fe.Key, fe.Args...)
			}
		}
		atts, err := kit.AttachmentsOf(r, "attachments", "form", s.Now)
		if e, ok := fault.As(err); ok {
			for _, fe := range e.Fields {
				errs.Add(fe.Field, fe.Key, fe.Args...)
			}
		}
		if err := errs.Err(); err != nil {
			s.renderPublicForm(w, r, lang, http.StatusUnprocessableEntity, f, err)
			return
		}
		token, hash, err := auth.NewSecret("")
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		if _, _, err := s.App.Register(r.Context(), auth.User{}, d, app.Registration{Attach: atts, StatusLinkHash: hash}); err != nil {
			s.renderPublicForm(w, r, lang, kit.StatusOf[fault.CodeOf(err)], f, err)
			return
		}
		s.formByAddr.Fail(addr) // counts submissions per address
		http.Redirect(w, r, "/status/"+token+"/received", http.StatusSeeOther)
	}
}
