package public

import (
	"net/http"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// expertPage is what the expert sees.
type expertPage struct {
	kit.Page
	X      store.ExpertRequest
	C      complaint.Complaint
	Token  string
	Done   bool
	Late   bool
	Answer string
}

// K is the message key of what the page says, as the person reads it:
// an outside expert, or the person the complaint is about (Awb 9:9).
func (p expertPage) K(name string) string {
	if p.X.Role == store.RoleSubject {
		return "subject." + name
	}
	return "expert." + name
}

// expertRequest checks the link in the path and loads its request.
func (s *Handler) expertRequest(r *http.Request) (store.ExpertRequest, complaint.Complaint, error) {
	return s.App.ExpertByLink(r.Context(), r.PathValue("token"))
}

func (s *Handler) renderExpert(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	x, c, err := s.expertRequest(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	lang := i18n.Lang(x.Lang)
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	token := r.PathValue("token")
	p := expertPage{
		Page:  s.publicBase(r, lang, "expert.title", "/expert/"+token+"?lang="+string(otherLang(lang))),
		X:     x,
		Token: token,
		Done:  x.Answered(),
		Late:  s.Now().After(x.Deadline),
	}
	p.Title = p.T(p.K("title")) + " " + x.Reference
	// Only what the expert needs: the complaint's text when shared, its
	// category and date; nothing that names or reaches the complainant.
	p.C = complaint.Complaint{Reference: c.Reference, Category: c.Category, ReceivedAt: c.ReceivedAt}
	if x.ShareText {
		p.C.Description = c.Description
	}
	p.Form.Values = r.PostForm
	if formErr != nil && !p.WithError(formErr) {
		s.publicError(w, r, formErr)
		return
	}
	s.Render(w, r, status, "expert", p)
}

func (s *Handler) expertForm(w http.ResponseWriter, r *http.Request) {
	s.renderExpert(w, r, http.StatusOK, nil)
}

// expertAnswer takes the expert's answer, once.
func (s *Handler) expertAnswer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	x, _, err := s.expertRequest(r)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	err = s.App.AnswerExpert(r.Context(), x, r.PostForm.Get("answer"))
	if err != nil {
		s.renderExpert(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/expert/"+r.PathValue("token")+"?notice=expert_answered&lang="+x.Lang, http.StatusSeeOther)
}
