package web

import (
	"bytes"
	"context"
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

func (s *Server) annualParams(r *http.Request, fallback i18n.Lang) (int, i18n.Lang, error) {
	var errs fault.Validation
	year := report.Of(s.Now(), s.Profile().Location()).Year - 1
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			errs.Add("year", "err.year")
		}
		year = y
	}
	lang := fallback
	if v := r.URL.Query().Get("lang"); v != "" {
		l, ok := i18n.Parse(v)
		if !ok {
			errs.Add("lang", "err.language")
		}
		lang = l
	}
	return year, lang, errs.Err()
}

// annualFormats are the ways the yearly summary is written out.
var annualFormats = []report.Format{
	report.FormatJSON,
	report.FormatText,
	report.FormatCSV,
	report.FormatXLSX,
	report.FormatHTML,
	report.FormatPDF,
}

func (s *Server) apiAnnual(w http.ResponseWriter, r *http.Request) {
	year, lang, err := s.annualParams(r, i18n.NL)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	f, err := kit.ReportFormat(r, annualFormats...)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	a, _, err := report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteReport(w, r, f, fmt.Sprintf("summary-%d-%s", year, lang), a, func(w io.Writer) error { return a.Write(w, f) })
}

// apiAnnualText stores the editor's text of a summary (R1–R4).
func (s *Server) apiAnnualText(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Year int    `json:"year"`
		Lang string `json:"lang"`
		Text string `json:"text"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	u, _ := kit.UserOf(r)
	year, lang, err := checkYearLang(in.Year, in.Lang)
	if err == nil {
		err = s.App.SaveAnnualText(r.Context(), u, year, string(lang), in.Text)
	}
	s.answerAnnual(w, r, year, lang, err)
}

// apiPublishAnnual publishes a summary as it stands (POST) or withdraws
// it (DELETE).
func (s *Server) apiPublishAnnual(w http.ResponseWriter, r *http.Request) {
	year, lang, err := s.annualParams(r, "")
	if err == nil && (r.URL.Query().Get("year") == "" || lang == "") {
		err = fault.InvalidField("year", "err.annual.which")
	}
	if err == nil {
		err = s.publish(r, year, lang, r.Method == http.MethodPost)
	}
	s.answerAnnual(w, r, year, lang, err)
}

// answerAnnual answers a change to a summary: the problem, or the
// summary as it now stands.
func (s *Server) answerAnnual(w http.ResponseWriter, r *http.Request, year int, lang i18n.Lang, err error) {
	var a report.Annual
	if err == nil {
		a, _, err = report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, a)
}

// publish freezes the summary as it now reads, or takes it back.
func (s *Server) publish(r *http.Request, year int, lang i18n.Lang, on bool) error {
	if !on {
		return s.App.WithdrawAnnual(r.Context(), year, string(lang))
	}
	a, _, err := report.LoadAnnual(r.Context(), s.Store, s.Profile(), year, lang)
	if err != nil {
		return err
	}
	snap, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	u, _ := kit.UserOf(r)
	return s.App.PublishAnnual(r.Context(), u, year, string(lang), snap)
}

// publishBoth publishes the year's summary in Dutch and English in one
// go, or withdraws whichever language is published.
func (s *Server) publishBoth(r *http.Request, year int, on bool) error {
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

func checkYearLang(year int, lang string) (int, i18n.Lang, error) {
	var errs fault.Validation
	if year < 2000 || year > 2100 {
		errs.Add("year", "err.year")
	}
	l, ok := i18n.Parse(lang)
	if !ok {
		errs.Add("lang", "err.language")
	}
	return year, l, errs.Err()
}

// publicAnnual shows a published summary to anyone; until it is
// published there is nothing to see.
func (s *Server) publicAnnual(w http.ResponseWriter, r *http.Request) {
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

type annualPage struct {
	kit.Page
	A          report.Annual
	Draft      store.AnnualDraft
	Year       int
	Volumes    []store.Volume
	CanPublish bool
	Text       string // what the editor's box holds
	Import     *volumeImport
}

func (s *Server) annualPage(w http.ResponseWriter, r *http.Request) {
	s.renderAnnual(w, r, http.StatusOK, nil)
}

// renderAnnual shows the summary with its editor and the contact volumes;
// formErr, when set, is shown beside the form it came from.
func (s *Server) renderAnnual(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	page := annualPage{Page: s.Page(r, "annual.title")}
	year, lang, err := s.annualParams(r, page.Lang)
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
		var imp *volumeImport
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
func (s *Server) annualForm(w http.ResponseWriter, r *http.Request) (url.Values, int, i18n.Lang, bool, error) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return nil, 0, "", false, nil
	}
	year, _ := strconv.Atoi(r.PostForm.Get("year"))
	year, lang, err := checkYearLang(year, r.PostForm.Get("lang"))
	r.URL.RawQuery = "year=" + strconv.Itoa(year) + "&lang=" + string(lang)
	return r.PostForm, year, lang, true, err
}

// saveAnnualText keeps the editor's text, or returns to the generated
// one (reset), before publishing.
func (s *Server) saveAnnualText(w http.ResponseWriter, r *http.Request) {
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
func (s *Server) publishAnnual(w http.ResponseWriter, r *http.Request) {
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

// agencyKeys are the profile's fundraising agencies.
func (s *Server) agencyKeys() []string {
	var out []string
	for _, a := range s.Profile().Agencies {
		out = append(out, a.Key)
	}
	return out
}

func (s *Server) volumeFrom(from, to, kind, volume, agency string) (store.Volume, error) {
	var errs fault.Validation
	v := store.Volume{Kind: strings.TrimSpace(kind), Agency: strings.TrimSpace(agency)}
	if v.Agency != "" && !s.Profile().HasAgency(v.Agency) {
		errs.Add("agency", "err.unknown_key", v.Agency)
	}
	var err error
	if v.From, err = time.Parse("2006-01-02", strings.TrimSpace(from)); err != nil {
		errs.Add("from", "err.date")
	}
	if v.To, err = time.Parse("2006-01-02", strings.TrimSpace(to)); err != nil {
		errs.Add("to", "err.date")
	}
	if v.Volume, err = strconv.ParseInt(strings.TrimSpace(volume), 10, 64); err != nil {
		errs.Add("volume", "err.number")
	}
	if err := errs.Err(); err != nil {
		return v, err
	}
	return v, store.CheckVolume(v)
}

func (s *Server) saveVolumeFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	f := r.PostForm
	v, err := s.volumeFrom(f.Get("from"), f.Get("to"), f.Get("kind"), f.Get("volume"), f.Get("agency"))
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

func (s *Server) apiSaveVolume(w http.ResponseWriter, r *http.Request) {
	var in struct {
		From   string `json:"from"`
		To     string `json:"to"`
		Kind   string `json:"kind"`
		Volume int64  `json:"volume"`
		Agency string `json:"agency"`
	}
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	v, err := s.volumeFrom(in.From, in.To, in.Kind, strconv.FormatInt(in.Volume, 10), in.Agency)
	if err == nil {
		err = s.App.SaveVolumes(r.Context(), v)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, v)
}

func (s *Server) apiVolumes(w http.ResponseWriter, r *http.Request) {
	year, _, err := s.annualParams(r, i18n.EN)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	loc := s.Profile().Location()
	vols, err := s.Store.Volumes(
		r.Context(),
		time.Date(year, 1, 1, 0, 0, 0, 0, loc).UTC(),
		time.Date(year+1, 1, 1, 0, 0, 0, 0, loc).UTC(),
	)
	writeItems(s, w, r, vols, err)
}

// volumeImport is a contact volume import that was refused, row by row.
type volumeImport struct {
	Rows []report.VolumeError
}

func (v *volumeImport) Error() string { return fmt.Sprintf("%d rows refused", len(v.Rows)) }

// Messages are the rows' problems in lang.
func (v *volumeImport) Messages(lang i18n.Lang) []string {
	out := make([]string, len(v.Rows))
	for i, r := range v.Rows {
		out[i] = i18n.T(lang, "volume.row_error", r.Row, i18n.T(lang, "volume.col."+r.Field), i18n.T(lang, r.Key, r.Args...))
	}
	return out
}

// ImportMessages lists a refused import's problems for the page.
func (p annualPage) ImportMessages() []string { return p.Import.Messages(p.Lang) }

// importVolumes stores the contact volumes of a CSV file: all of them, or
// on any bad row none, with every problem listed.
func (s *Server) importVolumes(ctx context.Context, csv io.Reader) (int, error) {
	vols, rows, err := report.ParseVolumes(csv, s.agencyKeys()...)
	if err != nil {
		return 0, err
	}
	if len(rows) > 0 {
		return 0, &volumeImport{Rows: rows}
	}
	if err := s.App.SaveVolumes(ctx, vols...); err != nil {
		return 0, err
	}
	return len(vols), nil
}

func (s *Server) importVolumesFromForm(w http.ResponseWriter, r *http.Request) {
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
	n, err := s.importVolumes(r.Context(), io.LimitReader(f, kit.MaxCSVBody))
	if err != nil {
		status := kit.StatusOf[fault.CodeOf(err)]
		var imp *volumeImport
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

func (s *Server) apiImportVolumes(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		s.WriteProblem(w, r, fault.New(fault.Unsupported, "err.media_type.csv"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, kit.MaxCSVBody))
	if err != nil {
		s.WriteProblem(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	n, err := s.importVolumes(r.Context(), bytes.NewReader(data))
	var imp *volumeImport
	if errors.As(err, &imp) {
		err = report.VolumeProblem(imp.Rows)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]int{"imported": n})
}
