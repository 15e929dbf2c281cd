package report

import (
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

// FuzzParseVolumes: any file either yields volumes that each pass the
// store's check, or rows that say what is wrong, or a file-level fault;
// never a panic, never both volumes and bad rows.
func FuzzParseVolumes(f *testing.F) {
	for _, seed := range []string{"from,to,kind,volume\n2019-01-01,2020-01-01,donors,5\n", "van;tot;soort;aantal\n2019-01-01;2020-01-01;members;1.000\n",
		"\ufefffrom,to,kind,volume\n\"2019-01-01\",2020-01-01,donors,\"5\n", "", "a\n", "from,to,kind,volume\n,,,\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		vols, rows, err := ParseVolumes(strings.NewReader(data))
		if err != nil {
			if _, ok := fault.As(err); !ok {
				t.Fatalf("error %v is not a fault", err)
			}
			return
		}
		if len(vols) > 0 && len(rows) > 0 {
			t.Fatal("volumes beside bad rows")
		}
		for _, v := range vols {
			if err := store.CheckVolume(v); err != nil {
				t.Fatalf("volume %+v passed the parser but not the check: %v", v, err)
			}
		}
	})
}
