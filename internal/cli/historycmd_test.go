package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// TestImportComplaints brings in a 10,000-row old
// register with 20 bad rows, as CSV and as XLSX; all or none by default,
// the good rows when asked; importing again adds nothing; the yearly
// summary of an imported year adds up.
func TestImportComplaints(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "k.db")
	data, bad := history.SampleCSV(10000, 500, 3)
	if len(bad) != 20 {
		t.Fatalf("%d bad rows in the sample", len(bad))
	}
	file := filepath.Join(dir, "oud.csv")
	writeFile(t, file, string(data))
	mapping := "id=Nummer,reference=Kenmerk,received_at=Datum,channel=Kanaal,category=Soort,description=Omschrijving," +
		"member_number=Lidnummer,name=Naam,status=Status,handled_at=Afgehandeld op,outcome=Uitkomst,satisfied=Tevreden"
	run := func(args ...string) (int, string) {
		code, out, errText := runCmd(t, "", nil, append([]string{"import", "complaints", "--db", db, "--lang", "en"}, args...)...)
		if code == 2 {
			t.Fatalf("usage: %s", errText)
		}
		return code, out
	}
	code, out := run(file, "--map", mapping, "--dry-run")
	if code != 0 || !strings.Contains(out, "Nothing was imported: of 10000 rows, 9980 would be imported, 0 were imported before, 20 are refused.") {
		t.Fatalf("dry run = %d %s", code, tail(out))
	}
	for line, field := range bad {
		if !strings.Contains(out, fmt.Sprintf("Row %d: %s: ", line, field)) {
			t.Errorf("report lacks row %d (%s)", line, field)
			break
		}
	}
	// All or none: nothing is stored while rows are refused.
	if code, out := run(file, "--map", mapping); code != 1 || !strings.Contains(out, "20 rows were refused, so nothing was imported") {
		t.Fatalf("all or none = %d %s", code, tail(out))
	}
	if n := countIn(t, db); n != 0 {
		t.Fatalf("%d complaints after a refused import", n)
	}
	// The good rows, chosen explicitly; the mapping is now the source's.
	if code, out := run(file, "--map", mapping, "--good-rows"); code != 1 ||
		!strings.Contains(out, "10000 rows: 9980 imported, 0 were imported before, 20 refused.") {
		t.Fatalf("good rows = %d %s", code, tail(out))
	}
	if code, out := run(file, "--good-rows"); code != 1 || !strings.Contains(out, "9980 were imported before") {
		t.Errorf("again (saved mapping) = %d %s", code, tail(out))
	}
	// The same register as an XLSX workbook adds nothing either.
	rows, _ := history.Sample(10000, 500, 3)
	cells := make([][]any, len(rows))
	for i, r := range rows {
		for _, c := range r {
			cells[i] = append(cells[i], c)
		}
	}
	var book bytes.Buffer
	if err := sheet.WriteXLSX(&book, sheet.Table{Name: "register", Rows: cells}); err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(dir, "oud.xlsx")
	writeFile(t, xlsx, book.String())
	if code, out := run(xlsx, "--good-rows"); code != 1 || !strings.Contains(out, "10000 rows: 0 imported, 9980 were imported before, 20 refused.") {
		t.Errorf("xlsx = %d %s", code, tail(out))
	}
	if n := countIn(t, db); n != 9980 {
		t.Errorf("%d complaints, want 9980", n)
	}
	// The yearly summary of 2020 counts what came in that year.
	code, js, errText := runCmd(t, "", nil, "report", "annual", "--db", db, "--year", "2020", "--format", "json", "--lang", "en")
	if code != 0 {
		t.Fatalf("annual = %d %s", code, errText)
	}
	var a report.Annual
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		t.Fatal(err)
	}
	want := 0
	for i, r := range rows[1:] {
		if _, isBad := bad[i+2]; !isBad && strings.HasSuffix(r[2], "-2020") {
			want++
		}
	}
	sum := 0
	for _, c := range a.Categories {
		sum += c.N
	}
	if a.Total != want || sum != a.Total || a.Handled > a.Total || a.Handled == 0 {
		t.Errorf("2020: total %d (want %d), categories add to %d, handled %d", a.Total, want, sum, a.Handled)
	}
}

func countIn(t *testing.T, db string) int {
	t.Helper()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountComplaints(store.System(context.Background()), store.Filter{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func tail(s string) string { return s[max(0, len(s)-400):] }
