package cancellation

import (
	"bytes"
	"testing"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// FuzzParseCSV: whatever a membership system exports, the parser returns
// good rows that pass Normalize again unchanged, a report whose counts add
// up, or a file-level fault; never a panic.
func FuzzParseCSV(f *testing.F) {
	sample, _ := SampleCSV(5, 2, 1)
	for _, seed := range [][]byte{sample, []byte("id;member_number;date\n1;2;2026-01-01\n"), []byte("\ufeffid,member_number,date,reason\n\"1\n"),
		[]byte(""), []byte("id,member_number,date\n1,2,31-02-2026\n1,2,2026-01-01\n"), {0xff, 0xfe, 0x00}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, rep, err := ParseCSV(bytes.NewReader(data), procedure.Default(), DefaultMapping(), now, i18n.NL, nil)
		if err != nil {
			if _, ok := fault.As(err); !ok {
				t.Fatalf("error %v is not a fault", err)
			}
			return
		}
		if rep.Good != len(rows) || rep.Good > rep.Rows {
			t.Fatalf("report %+v with %d rows", rep, len(rows))
		}
		for _, r := range rows {
			if _, err := r.C.Normalize(procedure.Default(), now); err != nil {
				t.Fatalf("row %d passed but does not normalise again: %v", r.Line, err)
			}
		}
	})
}
