package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// read opens a workbook the way a spreadsheet program would: every part
// must be well-formed XML; it returns each sheet's name and cells by
// reference.
func read(t *testing.T, data []byte) (names []string, cells []map[string]string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = b
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
	}
	for _, need := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		if parts[need] == nil {
			t.Fatalf("no %s", need)
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	for i, s := range wb.Sheets {
		names = append(names, s.Name)
		var ws struct {
			Rows []struct {
				Cells []struct {
					Ref   string `xml:"r,attr"`
					V     string `xml:"v"`
					Text  string `xml:"is>t"`
					Style string `xml:"s,attr"`
				} `xml:"c"`
			} `xml:"sheetData>row"`
		}
		if err := xml.Unmarshal(parts["xl/worksheets/sheet"+string(rune('1'+i))+".xml"], &ws); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range ws.Rows {
			for _, c := range r.Cells {
				m[c.Ref] = c.V + c.Text
				if c.Style == "1" {
					m[c.Ref+".bold"] = "yes"
				}
			}
		}
		cells = append(cells, m)
	}
	return names, cells
}

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	hostile := `<script>alert(1)</script> & "quotes" ` + "\x00\x07" + "\u202e"
	err := Write(
		&buf,
		Sheet{
			Name: "Figures",
			Rows: [][]any{{"figure", "2026-Q1"}, {"received", 55}, {"rate", 0.95}, {hostile, int64(28300)}},
		},
		Sheet{
			Name: "a/b:c*?[d]" + strings.Repeat("x", 40),
			Rows: [][]any{{"text"}, {"Alle klachten zijn naar tevredenheid afgehandeld."}},
		},
		Sheet{Name: "Figures", Rows: [][]any{{"x"}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	names, cells := read(t, buf.Bytes())
	if len(names) != 3 || names[0] != "Figures" || names[1] != "a-b-c---d-xxxxxxxxxxxxxxxxxxxxx" || names[2] == "Figures" {
		t.Errorf("sheet names = %q", names)
	}
	c := cells[0]
	for ref, want := range map[string]string{"A1": "figure", "B1": "2026-Q1", "A2": "received", "B2": "55", "B3": "0.95", "B4": "28300",
		"A4": `<script>alert(1)</script> & "quotes" ` + "\u202e", "A1.bold": "yes"} {
		if c[ref] != want {
			t.Errorf("%s = %q, want %q", ref, c[ref], want)
		}
	}
	if c["A2.bold"] != "" {
		t.Error("body row is bold")
	}
	if cells[1]["A2"] != "Alle klachten zijn naar tevredenheid afgehandeld." {
		t.Errorf("sheet 2 A2 = %q", cells[1]["A2"])
	}
}

func TestColumn(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := Column(i); got != want {
			t.Errorf("Column(%d) = %s, want %s", i, got, want)
		}
	}
}

func TestNoSheets(t *testing.T) {
	if err := Write(io.Discard); err == nil {
		t.Error("a workbook without sheets was written")
	}
}
