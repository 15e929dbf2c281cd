package kit

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// doNotCallSince reads ?since=YYYY-MM-DD (the day the CRM last took the list).
func (s *Core) DoNotCallSince(r *http.Request) (time.Time, error) {
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
func (s *Core) WriteDoNotCallCSV(w http.ResponseWriter, r *http.Request, list []store.DoNotCall) error {
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
	if err := s.App.Record(r.Context(), audit.Entry{At: s.Now(), Action: "privacy.do_not_call_export", Detail: r.URL.RawQuery}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="do-not-call.csv"`)
	w.Write(buf.Bytes())
	return nil
}
