package sheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/klacht/klacht/internal/fault"
)

// XLSX, both ways, through github.com/xuri/excelize/v2: workbooks klacht
// writes (reports, exports) have a bold header row that stays in view,
// columns as wide as their content, numbers as numbers and dates as
// dates; workbooks people bring (imports) are read from their first sheet
// as the text each cell shows, dates written as 2006-01-02.

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Table is one worksheet: Rows[0] is the header. A cell is a string, an
// int, an int64, a float64 or a time.Time (a date, or a date and time when
// it has a time of day); anything else is written as text with fmt's %v.
type Table struct {
	Name string
	Rows [][]any
}

// WriteXLSX writes the tables as one workbook, a sheet each.
func WriteXLSX(w io.Writer, tables ...Table) (err error) {
	if len(tables) == 0 {
		return fmt.Errorf("xlsx: no sheets")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for i, t := range tables {
		name := sheetName(t.Name, i)
		for names[strings.ToLower(name)] {
			name = sheetName(fmt.Sprintf("%s %d", name, i+1), i)
		}
		names[strings.ToLower(name)] = true
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("xlsx sheet %q: %w", name, err)
		}
		if err := writeTable(f, name, t.Rows, styles); err != nil {
			return fmt.Errorf("xlsx sheet %q: %w", name, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

type styles struct{ header, date, dateTime int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8ECEF"}},
		Border: []excelize.Border{{Type: "bottom", Color: "9AA5B1", Style: 1}}}); err != nil {
		return s, err
	}
	date, dateTime := "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &date}); err != nil {
		return s, err
	}
	s.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateTime})
	return s, err
}

func writeTable(f *excelize.File, name string, rows [][]any, st styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// Each column as wide as its widest cell (within reason), measured
	// before the rows are streamed.
	widths := map[int]int{}
	for _, row := range rows {
		for c, v := range row {
			n := utf8.RuneCountInString(display(v))
			if n > widths[c] {
				widths[c] = n
			}
		}
	}
	for c, n := range widths {
		if err := sw.SetColWidth(c+1, c+1, math.Min(60, math.Max(8, float64(n)+2))); err != nil {
			return err
		}
	}
	if len(rows) > 1 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for c, v := range row {
			cells[c] = cell(v, r == 0, st)
		}
		ref, err := excelize.CoordinatesToCellName(1, r+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cell is v as the stream writer takes it: text never a formula (and
// made Safe for the programs that turn the sheet back into CSV), numbers
// and dates as themselves.
func cell(v any, header bool, st styles) any {
	style := 0
	if header {
		style = st.header
	}
	switch x := v.(type) {
	case int, int64:
		return excelize.Cell{StyleID: style, Value: x}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return excelize.Cell{StyleID: style, Value: Safe(fmt.Sprint(x))}
		}
		return excelize.Cell{StyleID: style, Value: x}
	case time.Time:
		if x.IsZero() {
			return excelize.Cell{StyleID: style, Value: ""}
		}
		if style == 0 {
			style = st.date
			if x.Hour() != 0 || x.Minute() != 0 {
				style = st.dateTime
			}
		}
		return excelize.Cell{StyleID: style, Value: x}
	}
	return excelize.Cell{StyleID: style, Value: Safe(cleanText(display(v)))}
}

func display(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case time.Time:
		return x.Format("2006-01-02 15:04")
	}
	return fmt.Sprint(v)
}

// cleanText leaves out what XML 1.0 cannot hold (control characters and
// invalid UTF-8), which a cell would otherwise make the workbook refuse.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// sheetName keeps what Excel allows: at most 31 characters, none of
// []:*?/\ and not empty.
func sheetName(name string, i int) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		name = fmt.Sprintf("Sheet%d", i+1)
	}
	for utf8.RuneCountInString(name) > 31 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// IsXLSX reports whether data is a zip file, as an .xlsx workbook is.
func IsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// xlsxRecords reads a workbook's first sheet row by row, as Records.
type xlsxRecords struct {
	rows [][]string
	next int
}

func (x *xlsxRecords) Read() ([]string, error) {
	if x.next >= len(x.rows) {
		return nil, io.EOF
	}
	x.next++
	return x.rows[x.next-1], nil
}

// readXLSX opens data as a workbook and takes its first sheet's rows, each
// cell as the text it shows; a date shows as 2006-01-02. A workbook that
// unpacks to more than it may is refused (a zip bomb), as is one with a
// password.
func readXLSX(data []byte) (Records, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: 16 * MaxInput, UnzipXMLSizeLimit: 4 * MaxInput, ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		return nil, fault.New(fault.Invalid, "err.xlsx.open")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fault.New(fault.Invalid, "err.xlsx.open")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fault.New(fault.Invalid, "err.xlsx.open")
	}
	for _, row := range rows {
		for _, c := range row {
			if strings.IndexByte(c, 0) >= 0 {
				return nil, fault.New(fault.Invalid, "err.csv.nul")
			}
		}
	}
	return &xlsxRecords{rows: rows}, nil
}

// Text is a file brought in as CSV text: a CSV file in its own charset,
// an XLSX workbook's first sheet written out as CSV (each cell the text it
// shows). A page that shows a preview sends this text back to confirm.
func Text(data []byte) (string, error) {
	if !IsXLSX(data) {
		return Decode(data)
	}
	recs, err := readXLSX(data)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for {
		rec, err := recs.Read()
		if err == io.EOF {
			break
		}
		if err := w.Write(rec); err != nil {
			return "", err
		}
	}
	w.Flush()
	return b.String(), w.Error()
}
