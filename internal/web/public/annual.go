package public

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/web/kit"
)

// publicAnnual shows a published summary to anyone; until it is
// published there is nothing to see.
func (s *Handler) publicAnnual(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	lang := i18n.NL
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	if err != nil {
		s.publicError(w, r, kit.ErrNotFound)
		return
	}
	d, err := s.Store.AnnualDraft(r.Context(), year, string(lang))
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	if !d.Published() {
		s.publicError(w, r, kit.ErrNotFound)
		return
	}
	a, _, err := report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	f := report.FormatHTML
	if r.URL.Query().Get("format") == "pdf" {
		f = report.FormatPDF
	}
	var buf bytes.Buffer
	if f == report.FormatPDF {
		if err = a.Write(&buf, f); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType())
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="summary-%d-%s.pdf"`, year, lang))
		w.Write(buf.Bytes())
		return
	}
	other := i18n.EN
	if lang == i18n.EN {
		other = i18n.NL
	}
	// A public page: the organisation's header, the other language beside.
	page := publicAnnualPage{
		Page: s.publicBase(r, lang, "annual.title", fmt.Sprintf("/annual/%d?lang=%s", year, other)),
		A:    a,
		Year: year,
	}
	page.Title = i18n.T(lang, "annual.title") + " " + strconv.Itoa(year)
	s.Render(w, r, http.StatusOK, "public_annual", page)
}

type publicAnnualPage struct {
	kit.Page
	A    report.Annual
	Year int
}

// Display writes the summary's table for the page.
func (p publicAnnualPage) Display() [][]string {
	return report.Display(p.A.Table(), i18n.Lang(p.A.Lang))
}

// Chart is the summary's chart.
func (p publicAnnualPage) Chart() report.ChartData {
	return report.ChartData{
		Title:     i18n.T(i18n.Lang(p.A.Lang), "annual.chart"),
		Bars:      p.A.CategoryBars(),
		Width:     36,
		LabelSize: 8,
	}
}
