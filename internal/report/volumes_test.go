package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/xuri/excelize/v2"
)

func TestParseVolumes(t *testing.T) {
	for _, c := range []struct {
		name, csv string
		n         int
		rows      []string // row.field of each problem
		err       string   // key of a whole-file error
	}{
		{"english, comma", "from,to,kind,volume\n2019-01-01,2020-01-01,telemarketing_calls,28300\n", 1, nil, ""},
		{"dutch, semicolon, BOM, thousands", "\ufeffVan;Tot;Soort;Aantal\n2019-01-01;2020-01-01;telemarketing_calls;28.300\n\n2019-01-01;2020-01-01;donors;1 200\n", 2, nil, ""},
		{"bad rows all named", "from,to,kind,volume\n2019-01-01,2018-01-01,donors,5\nx,2020-01-01,members,-1\n2019-01-01,2020-01-01,calls,3\n", 0,
			[]string{"2.to", "3.from", "3.volume", "4.kind"}, ""},
		{"negative", "from,to,kind,volume\n2019-01-01,2020-01-01,donors,-4\n", 0, []string{"2.volume"}, ""},
		{"duplicate", "from,to,kind,volume\n2019-01-01,2020-01-01,donors,4\n2019-01-01,2020-01-01,donors,5\n", 0, []string{"3.kind"}, ""},
		{"short row", "from,to,kind,volume\n2019-01-01,2020-01-01\n", 0, []string{"2.volume", "2.kind"}, ""},
		{"missing columns", "from,to\n2019-01-01,2020-01-01\n", 0, nil, "err.volume.columns"},
		{"empty file", "", 0, nil, "err.csv.header"},
		{"header only", "from,to,kind,volume\n", 0, nil, "err.csv.empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			vols, rows, err := ParseVolumes(strings.NewReader(c.csv))
			if c.err != "" {
				e, ok := fault.As(err)
				if !ok || e.Key != c.err {
					t.Fatalf("err = %v, want %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, strconv.Itoa(r.Row)+"."+r.Field)
			}
			if strings.Join(got, " ") != strings.Join(c.rows, " ") || len(vols) != c.n {
				t.Errorf("rows %v (want %v), %d volumes (want %d)", got, c.rows, len(vols), c.n)
			}
			if len(rows) > 0 && vols != nil {
				t.Error("volumes returned beside bad rows")
			}
		})
	}
}

// TestParseVolumesXLSX: volumes from a workbook whose dates are real date
// cells, as a spreadsheet saves them.
func TestParseVolumesXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"van", "tot", "soort", "aantal"})
	f.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), "telemarketing_calls", 28300})
	dates, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "A2", "B2", dates)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	vols, rows, err := ParseVolumes(&buf)
	if err != nil || len(rows) != 0 || len(vols) != 1 {
		t.Fatalf("volumes %+v, rows %+v, %v", vols, rows, err)
	}
	if v := vols[0]; v.Volume != 28300 || v.From.Format(time.DateOnly) != "2026-01-01" || v.To.Format(time.DateOnly) != "2026-01-31" {
		t.Errorf("volume %+v", v)
	}
}
