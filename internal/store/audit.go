package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/audit"
)

// auditLockKey serialises writers of the audit log on PostgreSQL: the
// chain has one end, and two transactions must not both extend it.
const auditLockKey = 0x6b6c6163 // "klac"

// appendAudit seals entries after the last one and stores them, in the
// caller's transaction: a change and its audit entry commit together.
func appendAudit(ctx context.Context, tx conn, entries ...audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	prevID, prevHash, err := chainEnd(ctx, tx)
	if err != nil {
		return err
	}
	actor := audit.ActorFrom(ctx)
	rows := make([][]any, len(entries))
	for i, e := range entries {
		if e.Actor.Name == "" {
			e.Actor = actor
		}
		if e.At.IsZero() {
			e.At = time.Now()
		}
		e.Seal(prevID, prevHash, tx.auditKey)
		rows[i] = []any{e.ID, e.At, e.Actor.UserID, e.Actor.Name, e.Actor.Role, e.Actor.IP, e.Action, e.Object, e.Detail,
			e.Prev, e.Hash, e.KeyID}
		prevID, prevHash = e.ID, e.Hash
	}
	if err := insertRows(ctx, tx, "audit_log", auditCols, rows, "", nil); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if tx.state != nil {
		tx.state.chainID, tx.state.chainHash = prevID, prevHash
	}
	return nil
}

// chainEnd is the last entry of the audit chain, read under the chain's
// lock once a transaction; the transaction then holds the end itself.
func chainEnd(ctx context.Context, tx conn) (int64, string, error) {
	if tx.state != nil && tx.state.chainHeld {
		return tx.state.chainID, tx.state.chainHash, nil
	}
	if lock := tx.dialect.advisoryLock(); lock != "" {
		if err := tx.execLater(ctx, "audit lock", lock, int64(auditLockKey)); err != nil {
			return 0, "", err
		}
	}
	prevID, prevHash := int64(0), audit.Genesis
	err := tx.queryRow(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prevID, &prevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("audit chain end: %w", err)
	}
	if tx.state != nil {
		tx.state.chainHeld, tx.state.chainID, tx.state.chainHash = true, prevID, prevHash
	}
	return prevID, prevHash, nil
}

// Audit records entries in a transaction of their own: reads, sign-ins,
// exports. The actor is taken from ctx where an entry names none.
func (s *Store) Audit(ctx context.Context, entries ...audit.Entry) error {
	if err := s.inTx(ctx, func(c conn) error { return appendAudit(ctx, c, entries...) }); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditFilter selects entries of the log; empty fields select all.
type AuditFilter struct {
	Object string // exact: a reference, user:7 …
	Actor  string // a name, or part of one
	Action string // an action, or its start: "complaint."
	From   time.Time
	To     time.Time
	Before int64 // entries older than this id: the next page
}

const auditColumns = `id, at, user_id, name, role, ip, action, object, detail, prev_hash, hash, key_id`

var auditCols = strings.Split(auditColumns, ", ")

func scanAudit(r interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	err := r.Scan(
		&e.ID,
		timeCol{&e.At},
		&e.Actor.UserID,
		&e.Actor.Name,
		&e.Actor.Role,
		&e.Actor.IP,
		&e.Action,
		&e.Object,
		&e.Detail,
		&e.Prev,
		&e.Hash,
		&e.KeyID,
	)
	return e, err
}

// AuditLog lists entries newest first, at most limit.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter, limit int) ([]audit.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.Object != "" {
		add("object = ?", f.Object)
	}
	if f.Actor != "" {
		add("LOWER(name) LIKE ? ESCAPE '!'", "%"+escapeLike(strings.ToLower(f.Actor))+"%")
	}
	if f.Action != "" {
		add("action LIKE ? ESCAPE '!'", escapeLike(f.Action)+"%")
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("at < ?", f.To)
	}
	if f.Before > 0 {
		add("id < ?", f.Before)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := collect(ctx, s.reader(), scanAudit, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}

// VerifyAudit walks the whole chain in order with the store's audit keys
// and returns the first break, naming the entry at fault, or how many
// entries it checked.
func (s *Store) VerifyAudit(ctx context.Context, progress func(checked int)) (int, error) {
	v := audit.NewVerifier(s.auditKeys)
	const page = 10_000
	for after := int64(0); ; {
		entries, err := collect(
			ctx,
			s.reader(),
			scanAudit,
			`SELECT `+auditColumns+` FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`,
			after,
			page,
		)
		if err != nil {
			return v.Checked, fmt.Errorf("verify audit: %w", err)
		}
		for _, e := range entries {
			if err := v.Check(e); err != nil {
				return v.Checked, err
			}
			after = e.ID
		}
		if progress != nil {
			progress(v.Checked)
		}
		if len(entries) < page {
			return v.Checked, nil
		}
	}
}

// CountAudit is how many entries the log holds.
func (s *Store) CountAudit(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count audit: %w", err)
	}
	return n, nil
}

// AuditCheckpoint signs how far the log reaches now: its entries and the
// hash of the last, for keeping outside the database.
func (s *Store) AuditCheckpoint(ctx context.Context, now time.Time) (audit.Checkpoint, error) {
	c := audit.Checkpoint{At: now, Head: audit.Genesis}
	if s.auditKeys.Current == nil {
		return c, errors.New("audit checkpoint: no audit key")
	}
	err := s.reader().queryRow(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&c.Entries, &c.Head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("audit checkpoint: %w", err)
	}
	c.Sign(*s.auditKeys.Current)
	return c, nil
}

// CheckAuditCheckpoints checks the log against checkpoints kept outside
// the database: each one's signature, then that the log still reaches as
// far as it saw, with the same entry there. The chain itself is checked
// by VerifyAudit.
func (s *Store) CheckAuditCheckpoints(ctx context.Context, checkpoints []audit.Checkpoint) error {
	var last int64
	err := s.reader().queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&last)
	if err != nil {
		return fmt.Errorf("audit checkpoints: %w", err)
	}
	hashOf := func(id int64) (string, bool, error) {
		var h string
		err := s.reader().queryRow(ctx, `SELECT hash FROM audit_log WHERE id = ?`, id).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, nil
		}
		return h, err == nil, err
	}
	for _, c := range checkpoints {
		if err := c.Verify(s.auditKeys); err != nil {
			return err
		}
		if err := c.Against(last, hashOf); err != nil {
			return err
		}
	}
	return nil
}
