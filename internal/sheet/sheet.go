// Package sheet reads and writes the tables people open in spreadsheets.
// Reading: XLSX workbooks, and CSV files as spreadsheet programs save
// them, in whatever charset (UTF-8 with or without a byte-order mark,
// Excel's UTF-16 "Unicode text", else Windows-1252) and with whatever
// separator (comma, semicolon, tab). Writing: every cell klacht puts in a CSV or XLSX file
// goes through Safe, so text that a spreadsheet would run as a formula
// is written as text.
package sheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// MaxInput bounds a file read for import.
const MaxInput = 64 << 20

// Decode returns a spreadsheet program's text file as UTF-8: a byte-order
// mark decides (UTF-8, UTF-16 LE or BE); without one, valid UTF-8 is
// taken as it is and anything else is read as Windows-1252, which Excel
// writes on Windows in Western Europe ("CSV (comma delimited)").
func Decode(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("read UTF-16 text: %w", err)
		}
		return string(out), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("read Windows-1252 text: %w", err)
	}
	return string(out), nil
}

// Records are the rows of a file brought in, one at a time.
type Records interface {
	// Read returns the next row, or io.EOF after the last.
	Read() ([]string, error)
}

// NewReader reads a spreadsheet file (up to MaxInput bytes): an XLSX
// workbook's first sheet, or a CSV file in its own charset with the
// separator its first line uses most: semicolons (Dutch spreadsheets), tabs
// (Excel's "Unicode text") or commas.
func NewReader(r io.Reader) (Records, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if len(data) > MaxInput {
		return nil, fmt.Errorf("the file is larger than %d MB", MaxInput>>20)
	}
	if IsXLSX(data) {
		return readXLSX(data)
	}
	text, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if strings.IndexByte(text, 0) >= 0 {
		// No spreadsheet writes NUL in a CSV; a database refuses it.
		return nil, fault.New(fault.Invalid, "err.csv.nul")
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = Separator(text)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr, nil
}

// Separator is the separator a CSV text's first line uses most.
func Separator(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, c := range []rune{';', '\t'} {
		if m := strings.Count(first, string(c)); m > n {
			best, n = c, m
		}
	}
	return best
}

// Safe neutralises a cell a spreadsheet would run: text starting with =,
// +, -, @, a tab or a carriage return gets a leading apostrophe, as OWASP
// advises against CSV injection. Plain numbers (-3, +0.5) stay numbers.
func Safe(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(cell, 64); err == nil && cell[0] != '=' && cell[0] != '@' {
			return cell
		}
		return "'" + cell
	}
	return cell
}

// Writer writes CSV records with every cell made Safe.
type Writer struct{ *csv.Writer }

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, each cell made Safe.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Safe(c)
	}
	return w.Writer.Write(safe)
}

// WriteAll writes records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
