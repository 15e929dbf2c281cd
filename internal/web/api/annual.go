package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiAnnual(w http.ResponseWriter, r *http.Request) {
	year, lang, err := s.AnnualParams(r, i18n.NL)
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
func (s *Handler) apiAnnualText(w http.ResponseWriter, r *http.Request) {
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
	year, lang, err := kit.CheckYearLang(in.Year, in.Lang)
	if err == nil {
		err = s.App.SaveAnnualText(r.Context(), u, year, string(lang), in.Text)
	}
	s.answerAnnual(w, r, year, lang, err)
}

// apiPublishAnnual publishes a summary as it stands (POST) or withdraws
// it (DELETE).
func (s *Handler) apiPublishAnnual(w http.ResponseWriter, r *http.Request) {
	year, lang, err := s.AnnualParams(r, "")
	if err == nil && (r.URL.Query().Get("year") == "" || lang == "") {
		err = fault.InvalidField("year", "err.annual.which")
	}
	if err == nil {
		err = s.publish(r, year, lang, r.Method == http.MethodPost)
	}
	s.answerAnnual(w, r, year, lang, err)
}

func (s *Handler) apiSaveVolume(w http.ResponseWriter, r *http.Request) {
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
	v, err := s.VolumeFrom(in.From, in.To, in.Kind, strconv.FormatInt(in.Volume, 10), in.Agency)
	if err == nil {
		err = s.App.SaveVolumes(r.Context(), v)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, v)
}

func (s *Handler) apiVolumes(w http.ResponseWriter, r *http.Request) {
	year, _, err := s.AnnualParams(r, i18n.EN)
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

func (s *Handler) apiImportVolumes(w http.ResponseWriter, r *http.Request) {
	if !kit.Spreadsheet(r) {
		s.WriteProblem(w, r, fault.New(fault.Unsupported, "err.media_type.csv"))
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, kit.MaxCSVBody))
	if err != nil {
		s.WriteProblem(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	n, err := s.ImportVolumes(r.Context(), bytes.NewReader(data))
	var imp *kit.VolumeImport
	if errors.As(err, &imp) {
		err = report.VolumeProblem(imp.Rows)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]int{"imported": n})
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

// answerAnnual answers a change to a summary: the problem, or the
// summary as it now stands.
func (s *Handler) answerAnnual(w http.ResponseWriter, r *http.Request, year int, lang i18n.Lang, err error) {
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
func (s *Handler) publish(r *http.Request, year int, lang i18n.Lang, on bool) error {
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
