package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/klacht/klacht/internal/fault"
)

// TestWriteXLSX reads what WriteXLSX wrote back with excelize, as a
// spreadsheet program would: the header bold and frozen, numbers as
// numbers, dates as dates, text as text (never a formula), names Excel
// accepts, columns as wide as their content.
func TestWriteXLSX(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	err := WriteXLSX(&buf,
		Table{Name: "K1 2026: klachten [alles]", Rows: [][]any{
			{"Categorie", "Aantal", "Aandeel", "Ontvangen", "Toelichting"},
			{"Telemarketing", 12, 0.25, day, "=HYPERLINK(\"http://evil\")"},
			{"Straatwerving", int64(7), 0.5, day.Add(90 * time.Minute), "bel\x00me\x07 niet"},
		}},
		Table{Name: "K1 2026: klachten [alles]", Rows: [][]any{{"tekst"}}},
		Table{Name: "", Rows: [][]any{{"x"}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != 3 || names[0] != "K1 2026- klachten -alles-" || names[1] == names[0] || names[2] != "Sheet3" {
		t.Fatalf("sheet names %q", names)
	}
	s := names[0]
	get := func(ref string) string {
		v, err := f.GetCellValue(s, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	typ := func(ref string) excelize.CellType {
		ct, err := f.GetCellType(s, ref)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	if get("A1") != "Categorie" || get("B2") != "12" || get("C3") != "0.5" {
		t.Errorf("cells: %q %q %q", get("A1"), get("B2"), get("C3"))
	}
	if typ("B2") != excelize.CellTypeNumber && typ("B2") != excelize.CellTypeUnset {
		t.Errorf("a count is of type %v", typ("B2"))
	}
	if formula, _ := f.GetCellFormula(s, "E2"); formula != "" {
		t.Errorf("text became the formula %q", formula)
	}
	if v := get("E2"); v != "'=HYPERLINK(\"http://evil\")" {
		t.Errorf("formula-like text written as %q", v)
	}
	if v := get("E3"); v != "belme niet" {
		t.Errorf("control characters kept: %q", v)
	}
	// The date is a date: a serial number with a date format.
	if v := get("D2"); v != "46083" {
		t.Errorf("date stored as %q, want Excel's serial 46083", v)
	}
	shown, _ := f.GetCellValue(s, "D2")
	if shown != "2026-03-02" {
		t.Errorf("date shows as %q", shown)
	}
	if shown, _ := f.GetCellValue(s, "D3"); shown != "2026-03-02 01:30" {
		t.Errorf("date and time show as %q", shown)
	}
	style, _ := f.GetCellStyle(s, "A1")
	if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v %v", st, err)
	}
	panes, err := f.GetPanes(s)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v: the header does not stay in view", panes, err)
	}
	if w, _ := f.GetColWidth(s, "E"); w < 20 {
		t.Errorf("column E is %v wide for a long text", w)
	}
	if err := WriteXLSX(io.Discard); err == nil {
		t.Error("a workbook without sheets")
	}
}

// TestReadXLSX: a workbook as people make them (dates in Excel's own
// format and a Dutch one, numbers, text) reads as the text each cell
// shows, dates as 2006-01-02; what is not a workbook is refused clearly.
func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Opzeggingen")
	f.SetSheetRow("Opzeggingen", "A1", &[]any{"id", "lidnummer", "datum", "naam", "opzegdatum"})
	day := time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)
	f.SetSheetRow("Opzeggingen", "A2", &[]any{"X-1", 123456, day, "Zoë", day})
	f.SetSheetRow("Opzeggingen", "A3", &[]any{"X-2", 654321, day.AddDate(0, 0, 1), "Anne-Marie", day})
	excelDate, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	dutch := "dd-mm-yyyy"
	dutchDate, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dutch})
	f.SetCellStyle("Opzeggingen", "C2", "C3", excelDate)
	f.SetCellStyle("Opzeggingen", "E2", "E3", dutchDate)
	f.NewSheet("Tweede")
	f.SetCellValue("Tweede", "A1", "niet gelezen")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for {
		r, err := recs.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, append([]string(nil), r...))
	}
	want := [][]string{
		{"id", "lidnummer", "datum", "naam", "opzegdatum"},
		{"X-1", "123456", "2026-02-27", "Zoë", "27-02-2026"},
		{"X-2", "654321", "2026-02-28", "Anne-Marie", "27-02-2026"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	// A zip that is no workbook, a truncated workbook: a clear refusal.
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hallo"))
	zw.Close()
	for name, data := range map[string][]byte{"zip": z.Bytes(), "truncated": buf.Bytes()[:0]} {
		if name == "truncated" {
			f.Write(&buf)
			data = buf.Bytes()[:len(buf.Bytes())/2]
		}
		_, err := NewReader(bytes.NewReader(data))
		if fe, ok := fault.As(err); !ok || fe.Key != "err.xlsx.open" {
			t.Errorf("%s: %v", name, err)
		}
	}
}
