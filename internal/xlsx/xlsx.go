// Package xlsx writes Office Open XML spreadsheets (.xlsx) with the
// standard library: a few sheets of text and numbers with a bold header
// row is all the reports need, and the format for that is small (ECMA-376
// part 1, SpreadsheetML).
package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/sheet"
)

// Sheet is one worksheet: Rows[0] is the header, printed bold. A cell is
// a string, an int, an int64 or a float64; anything else is written with
// fmt's %v as text.
type Sheet struct {
	Name string
	Rows [][]any
}

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Write writes the sheets as one workbook.
func Write(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("xlsx: no sheets")
	}
	z := zip.NewWriter(w)
	names := map[string]bool{}
	var overrides, wbSheets, wbRels strings.Builder
	for i, sh := range sheets {
		name := sheetName(sh.Name, i)
		for names[strings.ToLower(name)] {
			name = sheetName(fmt.Sprintf("%s %d", name, i+1), i)
		}
		names[strings.ToLower(name)] = true
		fmt.Fprintf(
			&overrides,
			`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
			i+1,
		)
		fmt.Fprintf(&wbSheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(name), i+1, i+1)
		fmt.Fprintf(
			&wbRels,
			`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`,
			i+1,
			i+1,
		)
	}
	fmt.Fprintf(
		&wbRels,
		`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
		len(sheets)+1,
	)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			overrides.String() + `</Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{
			"xl/workbook.xml",
			xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
				`<sheets>` + wbSheets.String() + `</sheets></workbook>`,
		},
		{
			"xl/_rels/workbook.xml.rels",
			xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + wbRels.String() + `</Relationships>`,
		},
		{"xl/styles.xml", xml.Header + styles},
	}
	for _, p := range parts {
		if err := put(z, p.name, p.body); err != nil {
			return err
		}
	}
	for i, sh := range sheets {
		if err := put(z, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), worksheet(sh)); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// styles holds two cell formats: 0 plain, 1 bold (the header).
const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`</styleSheet>`

func put(z *zip.Writer, name, body string) error {
	f, err := z.Create(name)
	if err != nil {
		return fmt.Errorf("xlsx %s: %w", name, err)
	}
	if _, err := io.WriteString(f, body); err != nil {
		return fmt.Errorf("xlsx %s: %w", name, err)
	}
	return nil
}

func worksheet(sh Sheet) string {
	var b strings.Builder
	b.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range sh.Rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		style := ""
		if r == 0 {
			style = ` s="1"`
		}
		for c, v := range row {
			ref := Column(c) + strconv.Itoa(r+1)
			if num, ok := number(v); ok {
				fmt.Fprintf(&b, `<c r="%s"%s><v>%s</v></c>`, ref, style, num)
				continue
			}
			text, ok := v.(string)
			if !ok {
				text = fmt.Sprint(v)
			}
			// Text is written as text, never as a formula; Safe also marks
			// it for the programs that turn it back into CSV.
			text = sheet.Safe(text)
			fmt.Fprintf(&b, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, style, escape(text))
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

func number(v any) (string, bool) {
	switch n := v.(type) {
	case int:
		return strconv.Itoa(n), true
	case int64:
		return strconv.FormatInt(n, 10), true
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return "", false
		}
		return strconv.FormatFloat(n, 'f', -1, 64), true
	}
	return "", false
}

// Column is the letter name of a 0-based column: 0 is A, 26 is AA.
func Column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
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
		name = "Sheet" + strconv.Itoa(i+1)
	}
	for utf8.RuneCountInString(name) > 31 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// escape writes text as XML character data, leaving out what XML 1.0
// cannot hold (control characters and invalid UTF-8).
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			continue
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
