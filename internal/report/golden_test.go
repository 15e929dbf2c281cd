package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

var update = flag.Bool("update", false, "write the golden files anew from what the code makes now")

// golden compares got with testdata/name, or writes it there with -update:
// a change to the wording is then one reviewed diff of the golden file.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to make it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from what the code writes now (go test -update, then review the diff):\n%s", path, got)
	}
}

// TestAnnualTextGolden: the yearly summary's text and table for a small
// year, in both languages, as the public reads them.
func TestAnnualTextGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.NL, i18n.EN} {
		a := Annual{Year: 2019, Lang: string(lang), Total: 84, Handled: 80, Satisfied: 61, SmallBelow: 5, Categories: []CategoryFigure{
			{Key: "telemarketing", Label: "Telemarketing", N: 27, Satisfied: 20, Contacts: 85000, Rate: 0.32},
			{Key: "street_recruitment", Label: "Straatwerving", N: 22, Satisfied: 15, Contacts: 41000, Rate: 0.54},
			{Key: "privacy", Label: "Privacy/AVG", N: 3, Satisfied: 2, New: true},
			{Key: "other", Label: "Overig", N: 32, Satisfied: 24, Other: true},
		}}
		a.suppress()
		a.Paragraphs = a.write(lang, "Milieudefensie")
		text := a.Text() + "\n"
		for _, row := range Display(a.Table(), lang) {
			for i, cell := range row {
				if i > 0 {
					text += " | "
				}
				text += cell
			}
			text += "\n"
		}
		golden(t, "annual_2019_"+string(lang)+".golden", text)
	}
}

// TestEvaluationGolden: the quarterly evaluation of known figures as the
// management team reads it, in CSV and HTML, in both languages, with a
// sign-off; a change to a label or the layout is one reviewed diff.
func TestEvaluationGolden(t *testing.T) {
	p := procedure.Default()
	col := func(q string, received, handled, within int) Column {
		c := Column{Quarter: q}
		c.Received, c.Handled, c.WithinTerm = received, handled, within
		c.WithinTermPct = pct(within, handled)
		return c
	}
	now := col("2026-Q1", 41, 38, 35)
	now.ByCategory = []store.Count{{Key: "telemarketing", N: 17}, {Key: "financial", N: 12}, {Key: "other", N: 12}}
	now.ByChannel = []store.Count{{Key: "phone", N: 22}, {Key: "email", N: 19}}
	now.DelayNotices, now.Paused, now.PausedDays, now.MedianDays, now.P90Days = 3, 2, 4.5, 6, 12.4
	now.OpenAtEnd, now.OverdueAtEnd, now.Incomplete, now.CompletePct = 5, 1, 2, 95.1
	now.Ratings, now.RatingMean, now.SatisfiedPct = 9, 3.8, 71.4
	now.AppealsFiled, now.AppealsDecided, now.AppealsInTerm, now.AppealsInTermPct = 2, 1, 1, 100
	ev := Evaluation{Quarter: "2026-Q1", Columns: []Column{now,
		col("2025-Q4", 36, 36, 30), col("2025-Q3", 29, 28, 28), col("2025-Q2", 0, 0, 0), col("2025-Q1", 31, 30, 26)}}
	sigs := []SignatureLine{{Who: "Anna Bakker (Coördinator)", When: "03-04-2026 10:15", Note: "Telemarketing <op> de agenda"}}
	for _, lang := range []i18n.Lang{i18n.NL, i18n.EN} {
		label := func(k string) string { return FigureLabel(p, lang, k) }
		for _, f := range []Format{FormatCSV, FormatHTML} {
			var buf bytes.Buffer
			if err := ev.Write(&buf, f, lang, label, i18n.T(lang, "eval.title")+" 2026-Q1", sigs); err != nil {
				t.Fatal(err)
			}
			golden(t, "evaluation_2026Q1_"+string(lang)+"."+string(f)+".golden", buf.String())
		}
	}
}
