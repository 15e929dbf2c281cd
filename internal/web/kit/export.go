package kit

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// MaxExportRows bounds an export of the register: more asks for a
// narrower filter (a year, a category) rather than a file no one opens.
const MaxExportRows = 100_000

// WriteRegisterExport answers the complaints the list's filter finds, in
// the list's order, as CSV or an XLSX workbook in the reader's language.
// Need to know holds as in the list: only complaints the reader may see,
// and contact details only for a role that may see them. The export is
// recorded in the audit log, as it carries personal data out.
func (s *Core) WriteRegisterExport(w http.ResponseWriter, r *http.Request, lq ListQuery, format string, b Page) error {
	if format != "csv" && format != "xlsx" {
		return fault.InvalidField("format", "err.export.format")
	}
	ctx := r.Context()
	n, err := s.Store.CountComplaintsUpTo(ctx, lq.Filter, MaxExportRows+1)
	if err != nil {
		return err
	}
	if n > MaxExportRows {
		return fault.New(fault.Invalid, "err.export.too_many", MaxExportRows)
	}
	contact := store.SeesContact(ctx)
	header := []string{"f.reference", "f.status", "f.received_at", "f.due_at", "f.channel", "f.category", "f.concerns",
		"f.department", "f.team", "f.campaign", "f.agency", "f.assignee", "f.taken_by", "f.member_number", "f.name"}
	if contact {
		header = append(header, "f.email", "f.phone", "f.address", "f.postcode", "f.city")
	}
	header = append(header, "f.description", "f.outcome", "export.handled_at", "export.closed_at")
	rows := [][]any{make([]any, len(header))}
	for i, k := range header {
		rows[0][i] = b.T(k)
	}
	loc := s.Profile().Location()
	at := func(t time.Time) any {
		if t.IsZero() {
			return ""
		}
		return t.In(loc)
	}
	label := func(key string, f func(string) string) string {
		if key == "" {
			return ""
		}
		return f(key)
	}
	var after *store.Cursor
	for {
		items, next, err := s.Store.ListComplaints(ctx, lq.Filter, lq.Sort, store.MaxLimit, after)
		if err != nil {
			return err
		}
		for _, c := range items {
			row := []any{c.Reference, b.Status(c.Status), at(c.ReceivedAt), at(c.DueAt), label(c.Channel, b.Channel),
				label(c.Category, b.Category), b.Concerns(c.Concerns), label(c.Department, b.Department),
				label(c.Team, b.Department), label(c.Campaign, b.CampaignName), label(c.Agency, b.AgencyLabel),
				c.AssigneeName, c.TakenByName, c.Complainant.MemberNumber, c.Complainant.Name}
			if contact {
				p := c.Complainant
				row = append(row, p.Email, p.Phone, p.Address, p.Postcode, p.City)
			}
			rows = append(rows, append(row, c.Description, c.Outcome, at(c.HandledAt), at(c.ClosedAt)))
		}
		if next == nil || len(rows) > MaxExportRows {
			break
		}
		after = next
	}
	var buf bytes.Buffer
	name := "klachten-" + s.Now().In(loc).Format("2006-01-02")
	if format == "xlsx" {
		if err := sheet.WriteXLSX(&buf, sheet.Table{Name: b.T("export.sheet"), Rows: rows}); err != nil {
			return err
		}
		w.Header().Set("Content-Type", sheet.ContentType)
	} else {
		cw := sheet.NewWriter(&buf)
		for _, row := range rows {
			rec := make([]string, len(row))
			for i, v := range row {
				switch x := v.(type) {
				case time.Time:
					rec[i] = x.Format("2006-01-02 15:04")
				default:
					rec[i] = fmt.Sprint(x)
				}
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("register csv: %w", err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("register csv: %w", err)
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	if err := s.App.Record(ctx, audit.Entry{At: s.Now(), Action: "complaint.export",
		Detail: strconv.Itoa(len(rows)-1) + " rows, " + format + ": " + r.URL.RawQuery}); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// ExportQuery is the list's filter for an export: every complaint it
// finds in the list's order, a search by its text match rather than its
// ranking.
func ExportQuery(lq ListQuery) ListQuery {
	lq.Relevance = false
	if lq.Sort == "" {
		lq.Sort = store.SortReceivedDesc
	}
	return lq
}
