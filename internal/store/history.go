package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
)

// The old register comes in: historical complaints stored
// as they were, each marked imported on its timeline, in one transaction.

// ImportedRow is a complaint of the old register with its id there.
type ImportedRow struct {
	SourceID string
	C        complaint.Complaint // Reference set: the historical one, kept
}

// KnownImports are the source ids among ids that source imported before.
func (s *Store) KnownImports(ctx context.Context, source string, ids []string) (map[string]bool, error) {
	return knownImports(ctx, s.reader(), source, ids)
}

// TakenReferences are the references among refs the register already has.
func (s *Store) TakenReferences(ctx context.Context, refs []string) (map[string]bool, error) {
	taken := map[string]bool{}
	for _, part := range chunks(refs, 500) {
		in, args := inList(part)
		got, err := collect(ctx, s.reader(), func(r interface{ Scan(...any) error }) (string, error) {
			var ref string
			return ref, r.Scan(&ref)
		}, `SELECT reference FROM complaints WHERE reference IN `+in, args...)
		if err != nil {
			return nil, fmt.Errorf("taken references: %w", err)
		}
		for _, ref := range got {
			taken[ref] = true
		}
	}
	return taken, nil
}

// ImportComplaints stores rows from source in one transaction: all or,
// on any failure, none. A row whose source id was imported before is left
// alone (existing counts them). A row without a reference is numbered in
// the year it was received; a kept reference moves its year's counter past
// it, so no new complaint is given it. Each complaint's timeline has its
// registration, its handling and closing as the old register dated them,
// and "imported", naming the source. progress hears the rows stored.
func (s *Store) ImportComplaints(
	ctx context.Context,
	source, prefix string,
	rows []ImportedRow,
	loc *time.Location,
	actor int64,
	now time.Time,
	progress func(int),
) (imported, existing int, err error) {
	err = s.inTx(ctx, func(tx conn) error {
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.SourceID
		}
		known, err := knownImports(ctx, tx, source, ids)
		if err != nil {
			return err
		}
		var todo []ImportedRow
		for _, r := range rows {
			if !known[r.SourceID] {
				todo = append(todo, r)
			}
		}
		existing = len(rows) - len(todo)
		// Kept references first: their years' counters move past them.
		highest := map[int]int64{}
		var years []int
		for _, r := range todo {
			if y, n, ok := complaint.ReferenceParts(r.C.Reference); ok {
				highest[y] = max(highest[y], n)
			} else {
				years = append(years, RefYear(r.C.ReceivedAt, loc))
			}
		}
		for y, n := range highest {
			if _, err := tx.exec(ctx, `INSERT INTO reference_counters (year, last) VALUES (?, ?) ON CONFLICT (year)
				DO UPDATE SET last = CASE WHEN reference_counters.last < ? THEN ? ELSE reference_counters.last END`,
				y, n, n, n); err != nil {
				return fmt.Errorf("move the counter of %d: %w", y, err)
			}
		}
		next, err := reserveReferences(ctx, tx, years)
		if err != nil {
			return err
		}
		for start := 0; start < len(todo); start += bulkRows {
			part := todo[start:min(start+bulkRows, len(todo))]
			if err := importPart(ctx, tx, source, prefix, part, next, loc, actor, now); err != nil {
				return err
			}
			if progress != nil {
				progress(start + len(part))
			}
		}
		imported = len(todo)
		return appendAudit(ctx, tx, audit.Entry{At: now, Action: "complaint.imported", Object: "source:" + source,
			Detail: fmt.Sprintf("%d new, %d known", imported, existing)})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("import complaints: %w", err)
	}
	return imported, existing, nil
}

func knownImports(ctx context.Context, tx conn, source string, ids []string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, part := range chunks(ids, 500) {
		in, args := inList(part)
		got, err := collect(ctx, tx, func(r interface{ Scan(...any) error }) (string, error) {
			var id string
			return id, r.Scan(&id)
		}, `SELECT source_id FROM complaint_imports WHERE source = ? AND source_id IN `+in, append([]any{source}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("known imports: %w", err)
		}
		for _, id := range got {
			known[id] = true
		}
	}
	return known, nil
}

// importPart stores one statement's worth of rows with their timelines.
func importPart(
	ctx context.Context,
	tx conn,
	source, prefix string,
	part []ImportedRow,
	next map[int]int64,
	loc *time.Location,
	actor int64,
	now time.Time,
) error {
	rows := make([][]any, len(part))
	index := make(map[string]int, len(part))
	for i := range part {
		c := &part[i].C
		if c.Reference == "" {
			y := RefYear(c.ReceivedAt, loc)
			c.Reference = complaint.FormatReference(prefix, y, next[y])
			next[y]++
		}
		index[c.Reference] = i
		rows[i] = complaintRow(*c)
	}
	err := insertRows(ctx, tx, "complaints", complaintCols, rows, "id, reference", func(scan func(...any) error) error {
		var id int64
		var ref string
		if err := scan(&id, &ref); err != nil {
			return err
		}
		part[index[ref]].C.ID = id
		return nil
	})
	if err != nil {
		return err
	}
	cs := make([]complaint.Complaint, len(part))
	for i, r := range part {
		cs[i] = r.C
	}
	if err := indexPhones(ctx, tx, cs...); err != nil {
		return err
	}
	var events, links [][]any
	var entries []audit.Entry
	for _, r := range part {
		c := r.C
		evs := []complaint.Event{complaint.RegisteredEvent(c)}
		if !c.HandledAt.IsZero() {
			evs = append(evs, complaint.Event{At: c.HandledAt, Kind: complaint.EventStatusChanged,
				Data: map[string]any{"from": string(complaint.InProgress), "to": string(complaint.Handled)}})
		}
		if !c.ClosedAt.IsZero() {
			from := complaint.Handled
			if c.HandledAt.IsZero() {
				from = complaint.Registered
			}
			evs = append(evs, complaint.Event{At: c.ClosedAt, Kind: complaint.EventStatusChanged,
				Data: map[string]any{"from": string(from), "to": string(complaint.Closed)}})
		}
		evs = append(evs, complaint.Event{At: now, ActorID: actor, Kind: complaint.EventImported,
			Data: map[string]any{"source": source, "source_id": r.SourceID}})
		for _, e := range evs {
			data, err := json.Marshal(e.Data)
			if err != nil {
				return fmt.Errorf("event data: %w", err)
			}
			events = append(events, []any{c.ID, e.At, nullID(e.ActorID), string(e.Kind), string(data)})
		}
		links = append(links, []any{source, r.SourceID, c.ID, now})
		entries = append(entries, audit.Entry{At: now, Action: "complaint.imported", Object: c.Reference, Detail: source})
	}
	if err := insertRows(ctx, tx, "complaint_events", eventCols, events, "", nil); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, "complaint_imports", []string{"source", "source_id", "complaint_id", "imported_at"},
		links, "", nil); err != nil {
		return err
	}
	return appendAudit(ctx, tx, entries...)
}
