package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/sheet"
)

// Format is a way a report is written out.
type Format string

const (
	FormatJSON Format = "json"
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
	FormatHTML Format = "html"
	FormatPDF  Format = "pdf"
	FormatText Format = "text"
)

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatXLSX:
		return sheet.ContentType
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatPDF:
		return "application/pdf"
	case FormatText:
		return "text/plain; charset=utf-8"
	}
	return "application/json"
}

// ParseFormat accepts one of allowed; the error names them.
func ParseFormat(v string, allowed ...Format) (Format, error) {
	if slices.Contains(allowed, Format(v)) {
		return Format(v), nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return "", fmt.Errorf("format %q: use %s", v, strings.Join(names, ", "))
}

// Table is the evaluation as a table for people: a header with the
// quarters, then a labelled line per figure with numbers as numbers.
func (ev Evaluation) Table(lang i18n.Lang, label func(string) string) [][]any {
	head := []any{i18n.T(lang, "eval.figure")}
	for _, c := range ev.Columns {
		head = append(head, c.Quarter)
	}
	out := [][]any{head}
	for _, r := range ev.Rows() {
		line := []any{label(r.Key)}
		for _, v := range r.Values {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				line = append(line, v)
				continue
			}
			line = append(line, f)
		}
		out = append(out, line)
	}
	return out
}

// WriteXLSX writes the evaluation as a spreadsheet.
func (ev Evaluation) WriteXLSX(w io.Writer, lang i18n.Lang, label func(string) string) error {
	return sheet.WriteXLSX(w, sheet.Table{Name: ev.Quarter, Rows: ev.Table(lang, label)})
}

// Table is the summary's figures per category, with a header in the
// summary's language.
func (a Annual) Table() [][]any {
	l := i18n.Lang(a.Lang)
	out := [][]any{
		{
			i18n.T(l, "f.category"),
			i18n.T(l, "annual.count"),
			i18n.T(l, "annual.satisfied"),
			i18n.T(l, "annual.contacts"),
			i18n.T(l, "annual.rate"),
		},
	}
	for _, c := range a.Categories {
		count, satisfied := any(c.N), a.cell(c.Satisfied)
		if a.bound(c) > 0 {
			count, satisfied = a.CountOf(c), a.satisfiedOf(c)
		}
		row := []any{c.Label, count, satisfied, "", ""}
		if c.Contacts > 0 {
			row[3] = c.Contacts
			if a.bound(c) == 0 {
				row[4] = c.Rate
			}
		}
		out = append(out, row)
	}
	return append(out, []any{i18n.T(l, "annual.total_row"), a.cell(a.Total), a.cell(a.Satisfied), "", ""})
}

// cell is a count in the public table: the number, or "fewer than N".
func (a Annual) cell(n int) any {
	if a.Small(n) {
		return a.Count(n)
	}
	return n
}

// machineCount is a count in the CSV: the number, or "<N".
func (a Annual) machineCount(n int) string {
	if a.Small(n) {
		return "<" + strconv.Itoa(a.SmallBelow)
	}
	return strconv.Itoa(n)
}

// WriteCSV writes the summary's figures per category, keys and numbers as
// machines read them.
func (a Annual) WriteCSV(w io.Writer) error {
	cw := sheet.NewWriter(w)
	rows := [][]string{{"year", "category", "label", "complaints", "satisfied", "contacts", "rate_per_1000", "new"}}
	for _, c := range a.Categories {
		contacts, rate := "", ""
		if c.Contacts > 0 {
			contacts = strconv.FormatInt(c.Contacts, 10)
			if a.bound(c) == 0 {
				rate = strconv.FormatFloat(c.Rate, 'f', 2, 64)
			}
		}
		count, satisfied := strconv.Itoa(c.N), a.machineCount(c.Satisfied)
		if b := a.bound(c); b > 0 {
			count = "<" + strconv.Itoa(b)
			if c.Satisfied > 0 {
				satisfied = count
			}
		}
		rows = append(
			rows,
			[]string{strconv.Itoa(a.Year), c.Key, c.Label, count, satisfied, contacts, rate, strconv.FormatBool(c.New)},
		)
	}
	rows = append(
		rows,
		[]string{
			strconv.Itoa(a.Year),
			"total",
			i18n.T(i18n.Lang(a.Lang), "annual.total_row"),
			a.machineCount(a.Total),
			a.machineCount(a.Satisfied),
			"",
			"",
			"",
		},
	)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("annual csv: %w", err)
	}
	return nil
}

// WriteXLSX writes the summary as a spreadsheet: the figures, and the
// text a paragraph per line.
func (a Annual) WriteXLSX(w io.Writer) error {
	l := i18n.Lang(a.Lang)
	text := [][]any{{i18n.T(l, "annual.title") + " " + strconv.Itoa(a.Year)}}
	for _, p := range a.Paragraphs {
		text = append(text, []any{p})
	}
	return sheet.WriteXLSX(w,
		sheet.Table{Name: i18n.T(l, "annual.sheet_figures"), Rows: a.Table()},
		sheet.Table{Name: i18n.T(l, "annual.sheet_text"), Rows: text})
}

// Display writes a table's numbers as readers of lang expect them
// (28.300 and 0,95 in Dutch; 28,300 and 0.95 in English).
func Display(rows [][]any, lang i18n.Lang) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			switch n := v.(type) {
			case int:
				out[i][j] = num(int64(n), lang)
			case int64:
				out[i][j] = num(n, lang)
			case float64:
				if n == float64(int64(n)) {
					out[i][j] = num(int64(n), lang)
					continue
				}
				s := strconv.FormatFloat(n, 'f', -1, 64)
				if lang == i18n.NL {
					s = strings.Replace(s, ".", ",", 1)
				}
				out[i][j] = s
			default:
				out[i][j] = fmt.Sprint(v)
			}
		}
	}
	return out
}

// Write writes the evaluation in format f; label names the figures and
// title heads the HTML and PDF.
func (ev Evaluation) Write(
	w io.Writer,
	f Format,
	lang i18n.Lang,
	label func(string) string,
	title string,
	sigs []SignatureLine,
) error {
	switch f {
	case FormatCSV:
		return ev.WriteCSV(w, lang, label)
	case FormatXLSX:
		return ev.WriteXLSX(w, lang, label)
	case FormatHTML:
		return ev.WriteHTML(w, lang, title, label, sigs)
	case FormatPDF:
		pdf, err := EvaluationPDF(ev, title, label, sigs, i18n.T(lang, "signoff.title"))
		if err != nil {
			return err
		}
		_, err = w.Write(pdf)
		return err
	}
	return writeJSON(w, ev)
}

// Write writes the summary in format f.
func (a Annual) Write(w io.Writer, f Format) error {
	switch f {
	case FormatText:
		_, err := io.WriteString(w, a.Text())
		return err
	case FormatCSV:
		return a.WriteCSV(w)
	case FormatXLSX:
		return a.WriteXLSX(w)
	case FormatHTML:
		return a.WriteHTML(w)
	case FormatPDF:
		pdf, err := a.PDF()
		if err != nil {
			return err
		}
		_, err = w.Write(pdf)
		return err
	}
	return writeJSON(w, a)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
