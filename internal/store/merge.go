package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// DuplicateWindow is how far apart in time two complaints can be and
// still be suggested as one.
const DuplicateWindow = 60 * 24 * time.Hour

// DuplicateCandidates are the complaints in sight that could be the same
// as c: within the window, not merged, and from the same member or e-mail
// address or of the same category (the text decides then), newest first.
func (s *Store) DuplicateCandidates(ctx context.Context, c complaint.Complaint) ([]complaint.Complaint, error) {
	// Each tie is asked apart, newest first along its own index (the
	// partial indexes of members and addresses need their "<> ''"), and the
	// newest of them all are kept: the same complaints as one query whose
	// OR had SQLite walk the window by date and read every row of it from
	// the table (a rare category at a million complaints: 3,000 rows, most
	// of the complaint page's time).
	common := `c.id <> ? AND c.merged_into IS NULL AND c.received_at >= ? AND c.received_at <= ?`
	commonArgs := []any{c.ID, c.ReceivedAt.Add(-DuplicateWindow), c.ReceivedAt.Add(DuplicateWindow)}
	type tie struct{ cond, arg string }
	ties := []tie{{"c.category = ?", c.Category}}
	if c.Complainant.MemberNumber != "" {
		ties = append(ties, tie{"c.member_number <> '' AND c.member_number = ?", c.Complainant.MemberNumber})
	}
	if c.Complainant.Email != "" {
		ties = append(ties, tie{"c.email <> '' AND c.email = ?", c.Complainant.Email})
	}
	var branches []string
	var args []any
	for i, tie := range ties {
		cond, a, err := scoped(ctx, common+" AND "+tie.cond, append(slices.Clone(commonArgs), tie.arg))
		if err != nil {
			return nil, err
		}
		branches = append(branches, fmt.Sprintf(`SELECT id FROM (SELECT c.id FROM complaints c WHERE %s
			ORDER BY c.received_at DESC, c.id DESC LIMIT %d) AS tie%d`, cond, maxDuplicateCandidates, i))
		args = append(args, a...)
	}
	out, err := collect(ctx, s.reader(), scanComplaint, `SELECT `+complaintColumns+complaintFrom+` WHERE c.id IN (`+
		strings.Join(branches, " UNION ")+fmt.Sprintf(`) ORDER BY c.received_at DESC, c.id DESC LIMIT %d`,
		maxDuplicateCandidates), args...)
	if err != nil {
		return nil, fmt.Errorf("duplicate candidates of %s: %w", c.Reference, err)
	}
	for i := range out {
		out[i] = redacted(ctx, out[i])
	}
	return out, nil
}

// maxDuplicateCandidates bounds the complaints the text is compared with.
const maxDuplicateCandidates = 200

// MaxMerge bounds how many complaints one merge takes in.
const MaxMerge = 20

// Merge makes the complaints named in others part of survivor: their
// attachments, messages, status links and mail threads move to it, their
// timelines show on its timeline, their text is searched with it; they
// are closed and point to it, so their references lead there. All or
// nothing.
func (s *Store) Merge(
	ctx context.Context,
	survivor string,
	others []string,
	actor int64,
	now time.Time,
) (complaint.Complaint, error) {
	var errs fault.Validation
	seen := map[string]bool{}
	var refs []string
	for _, r := range others {
		r = strings.ToUpper(strings.TrimSpace(r))
		switch {
		case r == "" || seen[r]:
			continue
		case !complaint.LooksLikeReference(r):
			errs.Add("references", "err.merge.reference", r)
		}
		seen[r] = true
		refs = append(refs, r)
	}
	if len(refs) == 0 && !errs.Has("references") {
		errs.Add("references", "err.required")
	}
	if len(refs) > MaxMerge {
		errs.Add("references", "err.merge.too_many", MaxMerge)
	}
	if err := errs.Err(); err != nil {
		return complaint.Complaint{}, err
	}
	if !complaint.LooksLikeReference(survivor) {
		return complaint.Complaint{}, fault.New(fault.NotFound, "err.complaint.not_found")
	}
	now = now.UTC()
	var out complaint.Complaint
	err := s.inTx(ctx, func(tx conn) error {
		lock := s.dialect.forUpdate("c")
		load := func(ref string) (complaint.Complaint, error) {
			cond, args, err := scoped(ctx, "c.reference = ?", []any{ref})
			if err != nil {
				return complaint.Complaint{}, err
			}
			return s.complaintWhere(ctx, tx, cond+lock, args...)
		}
		keep, err := load(survivor)
		if err != nil {
			return err
		}
		var text strings.Builder
		for _, ref := range refs {
			dup, err := load(ref)
			if err != nil {
				if fault.CodeOf(err) == fault.NotFound {
					return fault.InvalidField("references", "err.merge.unknown", ref)
				}
				return err
			}
			var appeals int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM appeals WHERE complaint_id = ?`, dup.ID).Scan(&appeals); err != nil {
				return fmt.Errorf("appeals of %s: %w", ref, err)
			}
			if err := complaint.CheckMerge(keep, dup, appeals > 0); err != nil {
				return err
			}
			closed, ev := complaint.MergeInto(dup, keep, actor, now)
			if err := saveComplaint(ctx, tx, dup.ID, closed); err != nil {
				return err
			}
			for _, table := range []string{"attachments", "outbox", "status_links", "mail_messages", "cancellations", "expert_requests"} {
				if _, err := tx.exec(ctx, `UPDATE `+table+` SET complaint_id = ? WHERE complaint_id = ?`, keep.ID, dup.ID); err != nil {
					return fmt.Errorf("move %s of %s: %w", table, ref, err)
				}
			}
			var messages string
			if err := tx.queryRow(ctx, `SELECT messages FROM complaints WHERE id = ?`, dup.ID).Scan(&messages); err != nil {
				return fmt.Errorf("text of %s: %w", ref, err)
			}
			text.WriteString(" " + dup.Description + " " + messages)
			if err := appendEvents(ctx, tx, dup.ID, ev); err != nil {
				return err
			}
		}
		// The duplicates' words are searched with the survivor.
		if _, err := tx.exec(ctx, `UPDATE complaints SET messages = messages || ?, updated_at = ? WHERE id = ?`, text.String(), now, keep.ID); err != nil {
			return fmt.Errorf("index merged text: %w", err)
		}
		list := make([]any, len(refs))
		for i, r := range refs {
			list[i] = r
		}
		ev := complaint.Event{At: now, ActorID: actor, Kind: complaint.EventMerged, Data: map[string]any{"references": list}}
		if err := appendEvents(ctx, tx, keep.ID, ev); err != nil {
			return err
		}
		out, err = s.complaintWhere(ctx, tx, "c.id = ?", keep.ID)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("merge into %s: %w", survivor, err)
	}
	return redacted(ctx, out), nil
}
