package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// The yearly public summary (R1–R4) and the contact volumes its rates
// rest on (R3).

func (s *Server) annualParams(r *http.Request, fallback i18n.Lang) (int, i18n.Lang, error) {
	var errs fault.Validation
	year := report.Of(s.now(), s.Profile().Location()).Year - 1
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

func (s *Server) apiAnnual(w http.ResponseWriter, r *http.Request) {
	year, lang, err := s.annualParams(r, i18n.NL)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	a, err := report.BuildAnnual(r.Context(), s.store, s.Profile(), year, lang)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "text" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(a.Text()))
		return
	}
	s.writeJSON(w, r, http.StatusOK, a)
}

type annualPage struct {
	basePage
	A       report.Annual
	Year    int
	Volumes []store.Volume
}

func (s *Server) annualPage(w http.ResponseWriter, r *http.Request) {
	page := annualPage{basePage: s.base(r, "annual.title")}
	year, lang, err := s.annualParams(r, page.Lang)
	if err != nil {
		page.withError(err)
		s.render(w, r, http.StatusUnprocessableEntity, "annual", page)
		return
	}
	page.Year = year
	if page.A, err = report.BuildAnnual(r.Context(), s.store, s.Profile(), year, lang); err != nil {
		s.errorPage(w, r, err)
		return
	}
	loc := s.Profile().Location()
	if page.Volumes, err = s.store.Volumes(r.Context(), time.Date(year, 1, 1, 0, 0, 0, 0, loc).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc).UTC()); err != nil {
		s.errorPage(w, r, err)
		return
	}
	page.Title = page.T("annual.title") + " " + strconv.Itoa(year)
	page.Form.Values = r.PostForm
	s.render(w, r, http.StatusOK, "annual", page)
}

// KindOptions lists the contact volume kinds.
func (p annualPage) KindOptions() []option {
	out := []option{}
	for _, k := range store.VolumeKinds {
		out = append(out, option{Value: k, Label: p.T("volume." + k)})
	}
	return out
}

func volumeFrom(from, to, kind, volume string) (store.Volume, error) {
	var errs fault.Validation
	v := store.Volume{Kind: strings.TrimSpace(kind)}
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
	if !s.parseForm(w, r, maxAuthForm) {
		return
	}
	f := r.PostForm
	v, err := volumeFrom(f.Get("from"), f.Get("to"), f.Get("kind"), f.Get("volume"))
	if err == nil {
		err = s.store.SaveVolume(r.Context(), v, s.now())
	}
	if err != nil {
		page := annualPage{basePage: s.base(r, "annual.title")}
		page.Form.Values = f
		if !page.withError(err) {
			s.errorPage(w, r, err)
			return
		}
		s.render(w, r, statusOf[fault.CodeOf(err)], "annual", page)
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
	}
	if _, err := decodeJSON(w, r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	v, err := volumeFrom(in.From, in.To, in.Kind, strconv.FormatInt(in.Volume, 10))
	if err == nil {
		err = s.store.SaveVolume(r.Context(), v, s.now())
	}
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, v)
}

func (s *Server) apiVolumes(w http.ResponseWriter, r *http.Request) {
	year, _, err := s.annualParams(r, i18n.EN)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	loc := s.Profile().Location()
	vols, err := s.store.Volumes(r.Context(), time.Date(year, 1, 1, 0, 0, 0, 0, loc).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc).UTC())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if vols == nil {
		vols = []store.Volume{}
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"items": vols})
}
