package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// VolumeError is what is wrong with one row of a contact volume import.
type VolumeError struct {
	Row   int    `json:"row"` // the line in the file; 1 is the header
	Field string `json:"field"`
	Key   string `json:"-"`
	Args  []any  `json:"-"`
}

// volumeColumns names each column in English and in Dutch.
var volumeColumns = map[string]string{
	"from": "from", "van": "from", "to": "to", "tot": "to", "kind": "kind", "soort": "kind", "volume": "volume", "aantal": "volume",
	"agency": "agency", "bureau": "agency",
}

// maxVolumeRows bounds an import: a volume is per period and kind, so
// even daily figures for years stay far below.
const maxVolumeRows = 100_000

// ParseVolumes reads contact volumes (R3) from CSV with the columns from,
// to, kind and volume (or van, tot, soort, aantal), separated by commas or
// semicolons; dates as 2026-01-31. An optional column agency (bureau)
// gives a fundraising agency's own contacts; agencies lists the known
// ones. Every row is checked: with any error, no volume is returned and
// rows lists each problem, so an import is all or nothing.
func ParseVolumes(r io.Reader, agencies ...string) (vols []store.Volume, rows []VolumeError, err error) {
	cr, err := sheet.NewReader(r)
	if err != nil {
		if _, ok := fault.As(err); ok {
			return nil, nil, err
		}
		return nil, nil, fault.New(fault.Invalid, "err.csv.header")
	}
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fault.New(fault.Invalid, "err.csv.header")
	}
	col := map[string]int{}
	for i, h := range header {
		if name, ok := volumeColumns[strings.ToLower(strings.TrimSpace(h))]; ok {
			col[name] = i
		}
	}
	var missing []string
	for _, name := range []string{"from", "to", "kind", "volume"} {
		if _, ok := col[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fault.New(fault.Invalid, "err.volume.columns", strings.Join(missing, ", "))
	}
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if line > maxVolumeRows+1 {
			return nil, nil, fault.New(fault.TooLarge, "err.csv.rows", maxVolumeRows)
		}
		if err != nil {
			rows = append(rows, VolumeError{Row: line, Field: "row", Key: "err.csv.row"})
			continue
		}
		get := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // an empty line
		}
		v := store.Volume{Kind: get("kind")}
		var bad []VolumeError
		if _, ok := col["agency"]; ok {
			if v.Agency = get("agency"); v.Agency != "" && !slices.Contains(agencies, v.Agency) {
				bad = append(bad, VolumeError{Row: line, Field: "agency", Key: "err.unknown_key", Args: []any{v.Agency}})
			}
		}
		var perr error
		if v.From, perr = time.Parse("2006-01-02", get("from")); perr != nil {
			bad = append(bad, VolumeError{Row: line, Field: "from", Key: "err.date"})
		}
		if v.To, perr = time.Parse("2006-01-02", get("to")); perr != nil {
			bad = append(bad, VolumeError{Row: line, Field: "to", Key: "err.date"})
		}
		if v.Volume, perr = strconv.ParseInt(strings.NewReplacer(".", "", " ", "", "_", "").Replace(get("volume")), 10, 64); perr != nil {
			bad = append(bad, VolumeError{Row: line, Field: "volume", Key: "err.number"})
		}
		// The rules of a volume, for the fields that did read.
		if e, ok := fault.As(store.CheckVolume(v)); ok {
			for _, f := range e.Fields {
				if !slices.ContainsFunc(bad, func(b VolumeError) bool { return b.Field == f.Field }) {
					bad = append(bad, VolumeError{Row: line, Field: f.Field, Key: f.Key, Args: f.Args})
				}
			}
		}
		key := v.From.Format(time.DateOnly) + "|" + v.To.Format(time.DateOnly) + "|" + v.Kind + "|" + v.Agency
		if first, dup := seen[key]; dup && len(bad) == 0 {
			bad = append(bad, VolumeError{Row: line, Field: "kind", Key: "err.volume.duplicate", Args: []any{first}})
		}
		seen[key] = line
		if len(bad) > 0 {
			rows = append(rows, bad...)
			continue
		}
		vols = append(vols, v)
	}
	if len(rows) > 0 {
		return nil, rows, nil
	}
	if len(vols) == 0 {
		return nil, nil, fault.New(fault.Invalid, "err.csv.empty")
	}
	return vols, nil, nil
}

// VolumeProblem is the rows' problems as one validation error, a field
// per row and column ("rows[3].volume"), for the API.
func VolumeProblem(rows []VolumeError) error {
	var v fault.Validation
	for _, r := range rows {
		v.Add(fmt.Sprintf("rows[%d].%s", r.Row, r.Field), r.Key, r.Args...)
	}
	return v.Err()
}
