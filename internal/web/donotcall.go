package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// The do-not-call list: a telemarketing complaint puts its complainant
// on it; the CRM and the telemarketing agency take it as a suppression
// list (CSV or JSON), with the date and the complaint's reference.

// apiSetDoNotCall (POST) and apiLiftDoNotCall (DELETE) change a complaint's flag.
func (s *Server) apiSetDoNotCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	d, err := s.App.SetDoNotCall(r.Context(), u, r.PathValue("reference"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, d)
}

func (s *Server) apiLiftDoNotCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	if err := s.App.LiftDoNotCall(r.Context(), u, r.PathValue("reference")); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// doNotCallFromForm sets or (action=lift) lifts the flag from the complaint page.
func (s *Server) doNotCallFromForm(r *http.Request, u auth.User, ref string) error {
	if r.PostForm.Get("action") == "lift" {
		return s.App.LiftDoNotCall(r.Context(), u, ref)
	}
	_, err := s.App.SetDoNotCall(r.Context(), u, ref)
	return err
}

// doNotCallSince reads ?since=YYYY-MM-DD (the day the CRM last took the list).
func (s *Server) doNotCallSince(r *http.Request) (time.Time, error) {
	v := strings.TrimSpace(r.URL.Query().Get("since"))
	if v == "" {
		return time.Time{}, nil
	}
	day, err := time.ParseInLocation("2006-01-02", v, s.Profile().Location())
	if err != nil {
		return time.Time{}, fault.InvalidField("since", "err.date")
	}
	return day, nil
}

// writeDoNotCallCSV sends the list as the suppression file; the export
// is recorded, as it carries phone numbers out.
func (s *Server) writeDoNotCallCSV(w http.ResponseWriter, r *http.Request, list []store.DoNotCall) error {
	var buf bytes.Buffer
	cw := sheet.NewWriter(&buf)
	cw.Write([]string{"member_number", "name", "phone", "since", "reference"})
	loc := s.Profile().Location()
	for _, d := range list {
		cw.Write([]string{d.MemberNumber, d.Name, d.Phone, d.SetAt.In(loc).Format("2006-01-02"), d.Reference})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("do not call csv: %w", err)
	}
	if err := s.Store.Audit(r.Context(), audit.Entry{At: s.Now(), Action: "privacy.do_not_call_export", Detail: r.URL.RawQuery}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="do-not-call.csv"`)
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) apiDoNotCall(w http.ResponseWriter, r *http.Request) {
	since, err := s.doNotCallSince(r)
	if err == nil {
		_, err = kit.ReportFormat(r, report.FormatJSON, report.FormatCSV)
	}
	var list []store.DoNotCall
	if err == nil {
		list, err = s.Store.DoNotCallList(r.Context(), since)
	}
	if err == nil && r.URL.Query().Get("format") == "csv" {
		err = s.writeDoNotCallCSV(w, r, list)
		if err == nil {
			return
		}
	}
	writeItems(s, w, r, list, err)
}

type doNotCallPage struct {
	kit.Page
	List   []store.DoNotCall
	Export string // the list as the CSV file, for the shown since
}

// doNotCallPage lists the entries that hold, with the CSV download.
func (s *Server) doNotCallPage(w http.ResponseWriter, r *http.Request) {
	page := doNotCallPage{Page: s.Page(r, "dnc.title")}
	page.Form.Values = r.URL.Query()
	since, err := s.doNotCallSince(r)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "donotcall", page)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		list, err := s.Store.DoNotCallList(r.Context(), since)
		if err == nil {
			err = s.writeDoNotCallCSV(w, r, list)
		}
		if err != nil {
			s.ErrorPage(w, r, err)
		}
		return
	}
	if page.List, err = s.Store.DoNotCallList(r.Context(), since); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Export = kit.Link("/do-not-call", r.URL.Query(), "format", "csv")
	s.Render(w, r, http.StatusOK, "donotcall", page)
}
