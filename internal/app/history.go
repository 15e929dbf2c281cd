package app

import (
	"bytes"
	"context"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// HistoryImport is how an import of the old register runs.
type HistoryImport struct {
	Source  string          // the register's name: ids are unique within it, its mapping is kept for it
	Mapping history.Mapping // nil: the source's saved mapping, or the default
	// GoodRows imports the good rows when some are refused; without it an
	// import is all rows or none.
	GoodRows bool
	DryRun   bool
	Lang     i18n.Lang
	Progress func(stage string, done, total int) // "checking" or "storing"
}

// mappingKey keeps the old register's mappings apart from the
// cancellations' in the one table of import mappings.
func mappingKey(source string) string { return "complaints/" + source }

// ImportHistory brings the old register's complaints in from a CSV or
// XLSX file: every row checked, each refusal reported with its
// row; rows imported before (the same id in the same source) left alone;
// stored all together, or only the good ones when asked. A dry run says
// what would happen and stores nothing. The mapping used is kept for the
// source.
func (a *Service) ImportHistory(ctx context.Context, u auth.User, data []byte, in HistoryImport) (history.Report, error) {
	in.Source = strings.TrimSpace(in.Source)
	if in.Source == "" || len(in.Source) > 100 {
		return history.Report{}, fault.InvalidField("source", "err.required")
	}
	mapping, saved := in.Mapping, false
	if mapping == nil {
		m, ok, err := a.store.ImportMapping(ctx, mappingKey(in.Source))
		if err != nil {
			return history.Report{}, err
		}
		mapping, saved = history.DefaultMapping(), ok
		for f, col := range m {
			mapping[f] = col
		}
	}
	progress := func(stage string) func(int) {
		return func(done int) {
			if in.Progress != nil {
				in.Progress(stage, done, 0)
			}
		}
	}
	now := a.Now()
	rows, rep, err := history.Parse(bytes.NewReader(data), a.Profile(), mapping, now, in.Lang, progress("checking"))
	if err != nil {
		return rep, err
	}
	// Against the register: ids imported before, references it has.
	ids := make([]string, len(rows))
	var refs []string
	for i, r := range rows {
		ids[i] = r.SourceID
		if r.C.Reference != "" {
			refs = append(refs, r.C.Reference)
		}
	}
	known, err := a.store.KnownImports(ctx, in.Source, ids)
	if err != nil {
		return rep, err
	}
	taken, err := a.store.TakenReferences(ctx, refs)
	if err != nil {
		return rep, err
	}
	var good []store.ImportedRow
	for _, r := range rows {
		switch {
		case known[r.SourceID]:
			rep.Existing++
		case r.C.Reference != "" && taken[r.C.Reference]:
			rep.Errors = append(rep.Errors, history.RowError{Row: r.Line, Field: "reference",
				Message: i18n.T(in.Lang, "err.history.reference_taken", r.C.Reference)})
		default:
			good = append(good, store.ImportedRow{SourceID: r.SourceID, C: r.C})
		}
	}
	rep.Good = len(good) + rep.Existing
	if in.DryRun {
		rep.DryRun = true
		return rep, nil
	}
	if len(rep.Errors) > 0 && !in.GoodRows {
		return rep, fault.New(fault.Invalid, "err.history.refused", len(rep.Errors))
	}
	rep.Imported, _, err = a.store.ImportComplaints(ctx, in.Source, a.Profile().ReferencePrefix, good,
		a.Profile().Location(), u.ID, now, func(done int) {
			if in.Progress != nil {
				in.Progress("storing", done, len(good))
			}
		})
	if err != nil {
		return rep, err
	}
	if in.Mapping != nil || !saved {
		if err := a.store.SaveImportMapping(ctx, mappingKey(in.Source), mapping, now); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
