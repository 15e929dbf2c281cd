package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
)

// bulkRows bounds the rows of one multi-row INSERT: well under SQLite's
// 32,766 and PostgreSQL's 65,535 parameters for the widest table here.
const bulkRows = 400

// insertRows inserts rows into table in multi-row statements, since one
// statement per row costs a round through the driver each. returning,
// when set, names columns whose values scan hears per inserted row.
func insertRows(
	ctx context.Context,
	c conn,
	table string,
	cols []string,
	rows [][]any,
	returning string,
	scan func(func(...any) error) error,
) error {
	for start := 0; start < len(rows); start += bulkRows {
		part := rows[start:min(start+bulkRows, len(rows))]
		q, args, err := multiRowInsert(table, cols, part)
		if err != nil {
			return err
		}
		if returning == "" {
			if err := c.execLater(ctx, fmt.Sprintf("insert %d rows into %s", len(part), table), q, args...); err != nil {
				return err
			}
			continue
		}
		rs, err := c.query(ctx, q+" RETURNING "+returning, args...)
		if err != nil {
			return fmt.Errorf("insert %d rows into %s: %w", len(part), table, err)
		}
		for rs.Next() {
			if err := scan(rs.Scan); err != nil {
				rs.Close()
				return fmt.Errorf("insert into %s: %w", table, err)
			}
		}
		if err := rs.Close(); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		if err := rs.Err(); err != nil {
			return fmt.Errorf("insert %d rows into %s: %w", len(part), table, err)
		}
	}
	return nil
}

// insertNewRows inserts the rows whose conflict target (a unique key) is
// not taken yet, in multi-row statements, and counts those inserted. done
// hears the rows handled so far.
func insertNewRows(
	ctx context.Context,
	c conn,
	table string,
	cols []string,
	rows [][]any,
	conflict string,
	done func(int),
) (int64, error) {
	var inserted int64
	for start := 0; start < len(rows); start += bulkRows {
		part := rows[start:min(start+bulkRows, len(rows))]
		q, args, err := multiRowInsert(table, cols, part)
		if err != nil {
			return inserted, err
		}
		res, err := c.exec(ctx, q+" ON CONFLICT ("+conflict+") DO NOTHING", args...)
		if err != nil {
			return inserted, fmt.Errorf("insert %d rows into %s: %w", len(part), table, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return inserted, fmt.Errorf("insert into %s: %w", table, err)
		}
		inserted += n
		if done != nil {
			done(start + len(part))
		}
	}
	return inserted, nil
}

// multiRowInsert is one INSERT of rows into table's cols, with its values.
func multiRowInsert(table string, cols []string, rows [][]any) (string, []any, error) {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	args := make([]any, 0, len(rows)*len(cols))
	for i, r := range rows {
		if len(r) != len(cols) {
			return "", nil, fmt.Errorf("insert %s: row has %d values for %d columns", table, len(r), len(cols))
		}
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(one)
		args = append(args, r...)
	}
	return q.String(), args, nil
}

// complaintCols are the columns a bulk insert writes: all that a complaint
// carries, handled and told included, so a generated history adds up in
// the evaluation.
var complaintCols = []string{
	"reference",
	"status",
	"channel",
	"category",
	"department",
	"team",
	"campaign",
	"agency",
	"concerns",
	"language",
	"description",
	"member_number",
	"name",
	"address",
	"postcode",
	"city",
	"email",
	"phone",
	"received_at",
	"due_at",
	"taken_by",
	"assignee_id",
	"expected_at",
	"delay_notice_at",
	"told_via",
	"told_by",
	"told_at",
	"outcome",
	"satisfied",
	"handled_at",
	"closed_at",
	"created_at",
	"updated_at",
	"answer_by",
}

func complaintRow(c complaint.Complaint) []any {
	p := c.Complainant
	return []any{
		c.Reference,
		string(c.Status),
		c.Channel,
		c.Category,
		c.Department,
		nullString(c.Team),
		nullString(c.Campaign),
		nullString(c.Agency),
		string(c.Concerns),
		c.Language,
		c.Description,
		p.MemberNumber,
		p.Name,
		p.Address,
		p.Postcode,
		p.City,
		p.Email,
		p.Phone,
		c.ReceivedAt,
		c.DueAt,
		nullID(c.TakenByID),
		nullID(c.AssigneeID),
		nullTime(c.ExpectedAt),
		nullTime(c.DelayNoticeAt),
		c.ToldVia,
		c.ToldBy,
		nullTime(c.ToldAt),
		c.Outcome,
		c.Satisfied,
		nullTime(c.HandledAt),
		nullTime(c.ClosedAt),
		c.CreatedAt,
		c.UpdatedAt,
		c.AnswerBy,
	}
}

// BulkCreateComplaints stores many complaints at once in one transaction,
// numbered in order, each with its registration event and, when handled,
// its handled event. It is for imports and generated datasets; it
// bypasses idempotency keys. References are reserved a block per year, so
// numbering stays gapless.
func (s *Store) BulkCreateComplaints(
	ctx context.Context,
	cs []complaint.Complaint,
	prefix string,
	year func(complaint.Complaint) int,
) error {
	err := s.inTx(ctx, func(tx conn) error {
		years := make([]int, len(cs))
		for i, c := range cs {
			years[i] = year(c)
		}
		next, err := reserveReferences(ctx, tx, years)
		if err != nil {
			return err
		}
		rows := make([][]any, len(cs))
		index := make(map[string]int, len(cs))
		for i := range cs {
			y := year(cs[i])
			cs[i].Reference = complaint.FormatReference(prefix, y, next[y])
			next[y]++
			index[cs[i].Reference] = i
			rows[i] = complaintRow(cs[i])
		}
		err = insertRows(ctx, tx, "complaints", complaintCols, rows, "id, reference", func(scan func(...any) error) error {
			var id int64
			var ref string
			if err := scan(&id, &ref); err != nil {
				return err
			}
			cs[index[ref]].ID = id
			return nil
		})
		if err != nil {
			return err
		}
		if err := indexPhones(ctx, tx, cs...); err != nil {
			return err
		}
		events := make([][]any, 0, len(cs)*2)
		for _, c := range cs {
			evs := []complaint.Event{complaint.RegisteredEvent(c)}
			if !c.HandledAt.IsZero() {
				evs = append(evs, complaint.Event{At: c.HandledAt, ActorID: c.AssigneeID, Kind: complaint.EventStatusChanged,
					Data: map[string]any{"from": string(complaint.InProgress), "to": string(complaint.Handled)}})
			}
			for _, e := range evs {
				data, err := json.Marshal(e.Data)
				if err != nil {
					return fmt.Errorf("event data: %w", err)
				}
				events = append(events, []any{c.ID, e.At, nullID(e.ActorID), string(e.Kind), string(data)})
			}
		}
		return insertRows(
			ctx,
			tx,
			"complaint_events",
			[]string{"complaint_id", "at", "actor_id", "kind", "data"},
			events,
			"",
			nil,
		)
	})
	if err != nil {
		return fmt.Errorf("bulk create %d complaints: %w", len(cs), err)
	}
	return nil
}

// SeedAppeal is an appeal as a generated history holds it.
type SeedAppeal struct {
	ComplaintID, FiledBy, DecidedBy int64
	Grounds, Decision, Reasoning    string
	FiledAt, DueAt, DecidedAt       time.Time
}

// SeedAppeals stores generated appeals in one transaction. The appeal
// watch's steps are not recorded: a generated history has no reminders.
func (s *Store) SeedAppeals(ctx context.Context, as []SeedAppeal) error {
	rows := make([][]any, len(as))
	for i, a := range as {
		rows[i] = []any{
			a.ComplaintID,
			a.Grounds,
			a.FiledAt,
			nullID(a.FiledBy),
			a.DueAt,
			a.Decision,
			a.Reasoning,
			nullTime(a.DecidedAt),
			nullID(a.DecidedBy),
		}
	}
	err := s.inTx(ctx, func(tx conn) error {
		return insertRows(
			ctx,
			tx,
			"appeals",
			[]string{
				"complaint_id",
				"grounds",
				"filed_at",
				"filed_by",
				"due_at",
				"decision",
				"reasoning",
				"decided_at",
				"decided_by",
			},
			rows,
			"",
			nil,
		)
	})
	if err != nil {
		return fmt.Errorf("seed %d appeals: %w", len(as), err)
	}
	return nil
}

// SeedCancellations stores generated cancellations with what their calls
// found, in one transaction.
func (s *Store) SeedCancellations(ctx context.Context, xs []cancellation.Cancellation) error {
	rows := make([][]any, len(xs))
	for i, x := range xs {
		rows[i] = []any{x.Source, x.SourceID, x.MemberNumber, x.Name, x.Email, x.Phone, x.Address, x.Postcode, x.City,
			x.CancelledOn, x.Reason, x.ReasonText, x.ReasonClear, string(x.Status), x.Attempts, x.Outcome, x.RecordedReason, x.Offer, x.OfferAccepted,
			x.CreatedAt, x.UpdatedAt}
	}
	err := s.inTx(ctx, func(tx conn) error {
		return insertRows(
			ctx,
			tx,
			"cancellations",
			[]string{"source", "source_id", "member_number", "name", "email", "phone", "address", "postcode", "city",
				"cancelled_on", "reason", "reason_text", "reason_clear", "status", "attempts", "outcome", "recorded_reason", "offer", "offer_accepted",
				"created_at", "updated_at"},
			rows,
			"",
			nil,
		)
	})
	if err != nil {
		return fmt.Errorf("seed %d cancellations: %w", len(xs), err)
	}
	return nil
}

// Optimize refreshes the planner's statistics after a bulk load (and on
// PostgreSQL the visibility map, so index-only scans stay index-only), as
// an operator would after loading a register, and merges SQLite's text
// index into one segment.
func (s *Store) Optimize(ctx context.Context) error {
	// VACUUM cannot run inside a transaction: straight on the pool.
	if _, err := s.w.ExecContext(ctx, s.dialect.optimize()); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	if _, err := s.MergeWholeTextIndex(ctx, nil); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}
