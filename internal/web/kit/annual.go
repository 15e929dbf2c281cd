package kit

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

func (s *Core) AnnualParams(r *http.Request, fallback i18n.Lang) (int, i18n.Lang, error) {
	var errs fault.Validation
	year := report.Of(s.Now(), s.Profile().Location()).Year - 1
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			errs.Add("year", "err.year")
		}
		year = y
	}
	lang := fallback
	if v := r.URL.Query().Get("lang"); v != "" {
		l, ok := i18n.Parse(v)
		if !ok {
			errs.Add("lang", "err.language")
		}
		lang = l
	}
	return year, lang, errs.Err()
}

func CheckYearLang(year int, lang string) (int, i18n.Lang, error) {
	var errs fault.Validation
	if year < 2000 || year > 2100 {
		errs.Add("year", "err.year")
	}
	l, ok := i18n.Parse(lang)
	if !ok {
		errs.Add("lang", "err.language")
	}
	return year, l, errs.Err()
}

func (s *Core) VolumeFrom(from, to, kind, volume, agency string) (store.Volume, error) {
	var errs fault.Validation
	v := store.Volume{Kind: strings.TrimSpace(kind), Agency: strings.TrimSpace(agency)}
	if v.Agency != "" && !s.Profile().HasAgency(v.Agency) {
		errs.Add("agency", "err.unknown_key", v.Agency)
	}
	var err error
	if v.From, err = time.Parse("2006-01-02", strings.TrimSpace(from)); err != nil {
		errs.Add("from", "err.date")
	}
	if v.To, err = time.Parse("2006-01-02", strings.TrimSpace(to)); err != nil {
		errs.Add("to", "err.date")
	}
	if v.Volume, err = strconv.ParseInt(strings.TrimSpace(volume), 10, 64); err != nil {
		errs.Add("volume", "err.number")
	}
	if err := errs.Err(); err != nil {
		return v, err
	}
	return v, store.CheckVolume(v)
}

// VolumeImport is a contact volume import that was refused, row by row.
type VolumeImport struct {
	Rows []report.VolumeError
}

func (v *VolumeImport) Error() string { return fmt.Sprintf("%d rows refused", len(v.Rows)) }

// Messages are the rows' problems in lang.
func (v *VolumeImport) Messages(lang i18n.Lang) []string {
	out := make([]string, len(v.Rows))
	for i, r := range v.Rows {
		out[i] = i18n.T(lang, "volume.row_error", r.Row, i18n.T(lang, "volume.col."+r.Field), i18n.T(lang, r.Key, r.Args...))
	}
	return out
}

// importVolumes stores the contact volumes of a CSV file: all of them, or
// on any bad row none, with every problem listed.
func (s *Core) ImportVolumes(ctx context.Context, csv io.Reader) (int, error) {
	vols, rows, err := report.ParseVolumes(csv, s.agencyKeys()...)
	if err != nil {
		return 0, err
	}
	if len(rows) > 0 {
		return 0, &VolumeImport{Rows: rows}
	}
	if err := s.App.SaveVolumes(ctx, vols...); err != nil {
		return 0, err
	}
	return len(vols), nil
}

// agencyKeys are the profile's fundraising agencies.
func (s *Core) agencyKeys() []string {
	var out []string
	for _, a := range s.Profile().Agencies {
		out = append(out, a.Key)
	}
	return out
}
