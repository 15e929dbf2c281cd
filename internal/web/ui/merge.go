package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// Duplicates and merging: the register suggests complaints that may be
// the same (same member or e-mail address, or similar text, close in
// time); merging makes the others part of one (see store.Merge).

// splitReferences reads references typed in one field, separated by
// commas, semicolons or white space, in the order given, once each.
func splitReferences(vals ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, ref := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ';' || unicode.IsSpace(c) }) {
			ref = strings.ToUpper(ref)
			if !seen[ref] {
				seen[ref] = true
				out = append(out, ref)
			}
		}
	}
	return out
}

// mergeChoice is one complaint on the confirmation page: whether it can
// be the one that stays, and if not, why.
type mergeChoice struct {
	complaint.Complaint
	Suggested bool
	Refused   string // why it cannot stay, in the page's language
}

type mergePage struct {
	kit.Page
	Ref     string // the page the merge started from
	Choices []mergeChoice
	Others  string // every reference but the page's, for the form
}

// mergeReview shows what a merge will do, with the complaint that stays
// chosen (the suggestion: furthest along, then oldest), before anything
// happens.
func (s *Handler) mergeReview(w http.ResponseWriter, r *http.Request) {
	s.renderMerge(w, r, http.StatusOK, r.URL.Query()["with"], "", nil)
}

func (s *Handler) renderMerge(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	with []string,
	chosen string,
	formErr error,
) {
	ref := strings.ToUpper(r.PathValue("reference"))
	page := mergePage{Page: s.Page(r, "merge.review_title"), Ref: ref}
	page.Form.Values = url.Values{"with": {strings.Join(with, ", ")}}
	refs := splitReferences(append([]string{ref}, with...)...)
	var cs []complaint.Complaint
	var errs fault.Validation
	for _, x := range refs {
		if !complaint.LooksLikeReference(x) {
			errs.Add("with", "err.merge.reference", x)
			continue
		}
		c, err := s.Store.Complaint(r.Context(), x)
		switch {
		case fault.CodeOf(err) == fault.NotFound:
			errs.Add("with", "err.merge.unknown", x)
			continue
		case err != nil:
			s.ErrorPage(w, r, err)
			return
		}
		cs = append(cs, c)
	}
	if len(refs) < 2 && !errs.Has("with") {
		errs.Add("with", "err.merge.none")
	}
	if err := errs.Err(); err != nil {
		s.renderDetail(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	suggested := complaint.SuggestSurvivor(cs).Reference
	if chosen == "" {
		chosen = suggested
	}
	for _, keep := range cs {
		ch := mergeChoice{Complaint: keep, Suggested: keep.Reference == suggested}
		for _, dup := range cs {
			if dup.Reference == keep.Reference {
				continue
			}
			if err := complaint.CheckMerge(keep, dup, false); err != nil {
				ch.Refused = kit.ProblemOf(r, err, page.Lang, s.Log).Detail
				break
			}
		}
		page.Choices = append(page.Choices, ch)
	}
	page.Others = strings.Join(refs[1:], ", ")
	page.Form.Values.Set("survivor", chosen)
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "merge", page)
}

// mergeConfirmed merges what the confirmation page showed into the
// complaint chosen to stay, and goes there.
func (s *Handler) mergeConfirmed(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	ref := strings.ToUpper(r.PathValue("reference"))
	all := splitReferences(ref, r.PostForm.Get("references"))
	survivor := strings.ToUpper(strings.TrimSpace(r.PostForm.Get("survivor")))
	if survivor == "" {
		survivor = ref
	}
	var others []string
	for _, x := range all {
		if x != survivor {
			others = append(others, x)
		}
	}
	if !slices.Contains(all, survivor) {
		others = nil // a survivor that was not on the page: refused below
	}
	if _, err := s.App.Merge(r.Context(), u, survivor, others); err != nil {
		if _, ok := fault.As(err); !ok {
			s.ErrorPage(w, r, err)
			return
		}
		s.renderMerge(w, r, kit.StatusOf[fault.CodeOf(err)], all[1:], survivor, err)
		return
	}
	http.Redirect(w, r, "/complaints/"+survivor+"?notice=merged", http.StatusSeeOther)
}
