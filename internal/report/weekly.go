package report

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Weekly is the coordinator's weekly overview (P5.4): what came in and
// went out in the week, where the register stands now, who carries what,
// and the complaints past their term.
type Weekly struct {
	From, To              time.Time // the week, [From, To)
	Received, Handled     int       // in the week
	Open, Overdue, Breach int       // now
	Workloads             []store.Workload
	OverdueList           []complaint.Complaint // the most overdue first
}

// weeklyOverdueRows bounds the overdue complaints listed.
const weeklyOverdueRows = 25

// BuildWeekly gathers the overview of [from, to) as it stands at now.
func BuildWeekly(ctx context.Context, s *store.Store, from, to, now time.Time) (Weekly, error) {
	w := Weekly{From: from, To: to}
	var err error
	open := []complaint.Status{complaint.Registered, complaint.InProgress}
	steps := []func() error{
		func() (err error) {
			w.Received, err = s.CountComplaints(ctx, store.Filter{ReceivedFrom: from, ReceivedTo: to})
			return
		},
		func() (err error) { w.Handled, err = s.CountHandled(ctx, from, to); return },
		func() (err error) {
			w.Open, err = s.CountComplaints(ctx, store.Filter{Statuses: open, Now: now})
			return
		},
		func() (err error) {
			w.Overdue, err = s.CountComplaints(ctx, store.Filter{Overdue: true, Now: now})
			return
		},
		func() (err error) {
			w.Breach, err = s.CountComplaints(ctx, store.Filter{Breach: true, Now: now})
			return
		},
		func() (err error) { w.Workloads, err = s.Workloads(ctx, now); return },
		func() (err error) {
			w.OverdueList, _, err = s.ListComplaints(
				ctx,
				store.Filter{Overdue: true, Now: now},
				store.SortDueAsc,
				weeklyOverdueRows,
				nil,
			)
			return
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return w, fmt.Errorf("weekly overview: %w", err)
		}
	}
	return w, nil
}

// Title names the overview's week in lang.
func (w Weekly) Title(lang i18n.Lang, loc *time.Location) string {
	return i18n.T(
		lang,
		"weekly.title",
		w.From.In(loc).Format("02-01-2006"),
		w.To.In(loc).AddDate(0, 0, -1).Format("02-01-2006"),
	)
}

// Summary is the overview's figures as a few lines of text, for the mail.
func (w Weekly) Summary(lang i18n.Lang) string {
	return i18n.T(lang, "weekly.summary", w.Received, w.Handled, w.Open, w.Overdue, w.Breach)
}

// PDF prints the overview.
func (w Weekly) PDF(p procedure.Profile, lang i18n.Lang) ([]byte, error) {
	loc := p.Location()
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	pdf := notify.NewPDF()
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 14)
	pdf.CellFormat(0, 8, p.Organisation+" — "+w.Title(lang, loc), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	pdf.SetFont("dejavu", "", 10)
	for _, f := range []struct {
		key string
		n   int
	}{{"weekly.received", w.Received}, {"weekly.handled", w.Handled}, {"weekly.open", w.Open}, {"weekly.overdue", w.Overdue}, {"weekly.breach", w.Breach}} {
		pdf.CellFormat(120, 6, t(f.key), "", 0, "L", false, 0, "")
		pdf.CellFormat(30, 6, num(int64(f.n), lang), "", 1, "R", false, 0, "")
	}
	table := func(title string, head []string, widths []float64, rows [][]string) {
		pdf.Ln(4)
		pdf.SetFont("dejavu", "B", 11)
		pdf.CellFormat(0, 7, title, "", 1, "L", false, 0, "")
		pdf.SetFont("dejavu", "B", 8.5)
		for i, h := range head {
			pdf.CellFormat(widths[i], 6, h, "B", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("dejavu", "", 8.5)
		if len(rows) == 0 {
			pdf.CellFormat(0, 6, t("weekly.none"), "", 1, "L", false, 0, "")
		}
		for _, r := range rows {
			for i, v := range r {
				pdf.CellFormat(widths[i], 5, v, "", 0, "L", false, 0, "")
			}
			pdf.Ln(-1)
		}
	}
	var loads [][]string
	for _, l := range w.Workloads {
		name := l.Name
		if name == "" {
			name = t("weekly.nobody")
		}
		loads = append(
			loads,
			[]string{
				name,
				p.DepartmentLabel(l.Team, lang),
				strconv.Itoa(l.Open),
				strconv.Itoa(l.Overdue),
				strconv.Itoa(l.Breach),
			},
		)
	}
	table(
		t("weekly.workloads"),
		[]string{t("weekly.handler"), t("f.team"), t("weekly.open"), t("weekly.overdue"), t("weekly.breach")},
		[]float64{55, 50, 25, 25, 25},
		loads,
	)
	var late [][]string
	for _, c := range w.OverdueList {
		late = append(
			late,
			[]string{c.Reference, p.CategoryLabel(c.Category, lang), c.DueAt.In(loc).Format("02-01-2006"), c.AssigneeName},
		)
	}
	table(t("weekly.overdue_list"), []string{t("f.reference"), t("f.category"), t("weekly.due"), t("weekly.handler")},
		[]float64{35, 60, 30, 55}, late)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("weekly overview pdf: %w", err)
	}
	return buf.Bytes(), nil
}
