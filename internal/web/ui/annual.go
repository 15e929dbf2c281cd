package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The yearly public summary (R1–R4) and the contact volumes its rates
// rest on (R3).

// publishBoth publishes the year's summary in Dutch and English in one
// go, or withdraws whichever language is published.
func (s *Handler) publishBoth(r *http.Request, year int, on bool) error {
	if !on {
		withdrawn := 0
		for _, lang := range i18n.Supported {
			err := s.App.WithdrawAnnual(r.Context(), year, string(lang))
			switch {
			case err == nil:
				withdrawn++
			case fault.CodeOf(err) != fault.Conflict:
				return err
			}
		}
		if withdrawn == 0 {
			return fault.New(fault.Conflict, "err.annual.not_published")
		}
		return nil
	}
	snaps := map[string][]byte{}
	for _, lang := range i18n.Supported {
		a, d, err := report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang)
		if err != nil {
			return err
		}
		if d.Published() {
			continue // already public in this language: it stays as it was
		}
		if snaps[string(lang)], err = json.Marshal(a); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
	}
	if len(snaps) == 0 {
		return fault.New(fault.Conflict, "err.annual.published")
	}
	u, _ := kit.UserOf(r)
	return s.App.PublishAnnuals(r.Context(), u, year, snaps)
}

type annualPage struct {
	kit.Page
	A          report.Annual
	Draft      store.AnnualDraft
	Year       int
	Volumes    []store.Volume
	CanPublish bool
	Text       string // what the editor's box holds
	Import     *kit.VolumeImport
}

func (s *Handler) annualPage(w http.ResponseWriter, r *http.Request) {
	s.renderAnnual(w, r, http.StatusOK, nil)
}

// renderAnnual shows the summary with its editor and the contact volumes;
// formErr, when set, is shown beside the form it came from.
func (s *Handler) renderAnnual(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	page := annualPage{Page: s.Page(r, "annual.title")}
	year, lang, err := s.AnnualParams(r, page.Lang)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "annual", page)
		return
	}
	page.Year = year
	if page.A, page.Draft, err = report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	loc := s.Profile().Location()
	if page.Volumes, err = s.Store.Volumes(r.Context(), time.Date(year, 1, 1, 0, 0, 0, 0, loc).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc).UTC()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	u, _ := kit.UserOf(r)
	page.CanPublish = auth.Can(u.Role, auth.ReportPublish)
	page.Title = page.T("annual.title") + " " + strconv.Itoa(year)
	page.Text = strings.Join(page.A.Paragraphs, "\n\n")
	page.Form.Values = r.PostForm
	if v := r.PostForm.Get("text"); v != "" {
		page.Text = v
	}
	if formErr != nil {
		var imp *kit.VolumeImport
		if errors.As(formErr, &imp) {
			page.Import = imp
		} else if !page.WithError(formErr) {
			s.ErrorPage(w, r, formErr)
			return
		}
	}
	s.Render(w, r, status, "annual", page)
}

// annualForm reads a form about one summary (year and lang); the page to
// return to is set to that summary. ok is false when the form could not
// be read at all (answered already).
func (s *Handler) annualForm(w http.ResponseWriter, r *http.Request) (url.Values, int, i18n.Lang, bool, error) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return nil, 0, "", false, nil
	}
	year, _ := strconv.Atoi(r.PostForm.Get("year"))
	year, lang, err := kit.CheckYearLang(year, r.PostForm.Get("lang"))
	r.URL.RawQuery = "year=" + strconv.Itoa(year) + "&lang=" + string(lang)
	return r.PostForm, year, lang, true, err
}

// saveAnnualText keeps the editor's text, or returns to the generated
// one (reset), before publishing.
func (s *Handler) saveAnnualText(w http.ResponseWriter, r *http.Request) {
	f, year, lang, ok, err := s.annualForm(w, r)
	if !ok {
		return
	}
	if err == nil {
		u, _ := kit.UserOf(r)
		text := f.Get("text")
		if f.Get("reset") != "" {
			text = ""
			r.PostForm.Del("text")
		}
		err = s.App.SaveAnnualText(r.Context(), u, year, string(lang), text)
	}
	if err != nil {
		s.renderAnnual(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/annual?"+r.URL.RawQuery+"&notice=updated#editor", http.StatusSeeOther)
}

// publishAnnual publishes the summary in both languages together, or
// takes both back: the public page never has one without the other.
func (s *Handler) publishAnnual(w http.ResponseWriter, r *http.Request) {
	f, year, _, ok, err := s.annualForm(w, r)
	if !ok {
		return
	}
	if err == nil {
		err = s.publishBoth(r, year, f.Get("withdraw") == "")
	}
	if err != nil {
		s.renderAnnual(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	notice := "published"
	if f.Get("withdraw") != "" {
		notice = "withdrawn"
	}
	http.Redirect(w, r, "/reports/annual?"+r.URL.RawQuery+"&notice="+notice+"#editor", http.StatusSeeOther)
}

// Num writes a count as the summary's readers expect it (28.300 or 28,300).
func (p annualPage) Num(n any) string {
	return report.Display([][]any{{n}}, i18n.Lang(p.A.Lang))[0][0]
}

// KindOptions lists the contact volume kinds.
func (p annualPage) KindOptions() []kit.Option {
	out := []kit.Option{}
	for _, k := range store.VolumeKinds {
		out = append(out, kit.Option{Value: k, Label: p.T("volume." + k)})
	}
	return out
}

func (s *Handler) saveVolumeFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	f := r.PostForm
	v, err := s.VolumeFrom(f.Get("from"), f.Get("to"), f.Get("kind"), f.Get("volume"), f.Get("agency"))
	if err == nil {
		err = s.App.SaveVolumes(r.Context(), v)
	}
	if err != nil {
		r.URL.RawQuery = "year=" + strconv.Itoa(v.From.Year())
		if v.From.IsZero() {
			r.URL.RawQuery = ""
		}
		s.renderAnnual(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/reports/annual?year="+strconv.Itoa(v.From.Year())+"&notice=updated#volumes", http.StatusSeeOther)
}

// ImportMessages lists a refused import's problems for the page.
func (p annualPage) ImportMessages() []string { return p.Import.Messages(p.Lang) }

func (s *Handler) importVolumesFromForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, kit.MaxCSVBody+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		s.ErrorPage(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	if err := kit.FormTextError(r); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	r.URL.RawQuery = url.Values{"year": {r.FormValue("year")}}.Encode()
	f, _, err := r.FormFile("file")
	if err != nil {
		s.renderAnnual(w, r, http.StatusUnprocessableEntity, fault.InvalidField("file", "err.required"))
		return
	}
	defer f.Close()
	n, err := s.ImportVolumes(r.Context(), io.LimitReader(f, kit.MaxCSVBody))
	if err != nil {
		status := kit.StatusOf[fault.CodeOf(err)]
		var imp *kit.VolumeImport
		if errors.As(err, &imp) {
			status = http.StatusUnprocessableEntity
		} else if e, ok := fault.As(err); ok && len(e.Fields) == 0 {
			err = fault.InvalidField("file", e.Key, e.Args...)
		}
		s.renderAnnual(w, r, status, err)
		return
	}
	http.Redirect(
		w,
		r,
		"/reports/annual?"+r.URL.RawQuery+"&notice=imported&n="+strconv.Itoa(n)+"#volumes",
		http.StatusSeeOther,
	)
}
