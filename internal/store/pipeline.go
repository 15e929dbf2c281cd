package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A batch of creates on PostgreSQL sends its statements in as few round
// trips as their answers allow (pgx's pipelining, below database/sql).
// A write whose answer only the end of the batch needs (the events, the
// outbox, the audit entries…) waits in a queue and goes with the next
// statement whose answer is needed, and the last of them with COMMIT:
// a batch of creates takes five round trips instead of a dozen. Each
// round trip waited for the busy cores to run the writer's side again.
// A failure of a queued statement is heard at the next send; the batch is
// then undone and run again without the pipeline (see runBatch), so each
// create hears its own failure.

// pipeline is the queue of a PostgreSQL connection that holds a batch's
// transaction.
type pipeline struct {
	conn   *sql.Conn
	queued []pipedStatement
}

type pipedStatement struct {
	what  string // what the statement does, for its error
	query string // with $n placeholders
	args  []any
}

// later queues a statement whose answer only its error is wanted of.
func (p *pipeline) later(what, query string, args []any) {
	p.queued = append(p.queued, pipedStatement{what: what, query: query, args: args})
}

// errQueued is the failure of a statement that waited in the queue: the
// server refused it, so the statements after it (COMMIT among them) were
// not run.
type errQueued struct {
	what string
	err  error
}

func (e *errQueued) Error() string { return e.what + ": " + e.err.Error() }
func (e *errQueued) Unwrap() error { return e.err }

// send sends the queued statements and then query (when not empty) in one
// round trip, and hands query's results to read.
func (p *pipeline) send(ctx context.Context, query string, args []any, read func(pgx.BatchResults) error) error {
	queued := p.queued
	p.queued = nil
	if len(queued) == 0 && query == "" {
		return nil
	}
	return p.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("pipeline on a %T", dc)
		}
		b := &pgx.Batch{}
		for _, s := range queued {
			b.Queue(s.query, s.args...)
		}
		if query != "" {
			b.Queue(query, args...)
		}
		br := sc.Conn().SendBatch(ctx, b)
		for _, s := range queued {
			if _, err := br.Exec(); err != nil {
				var pgErr *pgconn.PgError
				if errors.As(err, &pgErr) {
					err = &errQueued{what: s.what, err: err}
				} else {
					err = fmt.Errorf("%s: %w", s.what, err)
				}
				return errors.Join(err, closeQuietly(br))
			}
		}
		if read != nil {
			if err := read(br); err != nil {
				return errors.Join(err, closeQuietly(br))
			}
		}
		return br.Close()
	})
}

// closeQuietly closes a batch after its first failure, which the caller
// reports: Close would report the same again.
func closeQuietly(br pgx.BatchResults) error {
	br.Close()
	return nil
}

// pipedRow is a row asked for through the pipeline: the round trip is made
// when it is scanned.
type pipedRow struct {
	ctx   context.Context
	p     *pipeline
	query string
	args  []any
}

func (r pipedRow) Scan(dest ...any) error {
	return r.p.send(r.ctx, r.query, r.args, func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(dest...)
	})
}

// pipedResult is an exec's result through the pipeline.
type pipedResult struct{ tag pgconn.CommandTag }

func (pipedResult) LastInsertId() (int64, error) {
	return 0, errors.New("no last insert id on PostgreSQL: use RETURNING")
}
func (r pipedResult) RowsAffected() (int64, error) { return r.tag.RowsAffected(), nil }

// runPipelined stores a batch of creates in one transaction on a
// connection of its own, through the pipeline. retry says the batch was
// undone before COMMIT was sent and may run again without it; otherwise
// err is the batch's failure.
func (s *Store) runPipelined(creates []*newComplaint) (retry bool, err error) {
	ctx := context.Background()
	sc, err := s.w.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("writer's connection: %w", err)
	}
	defer sc.Close()
	p := &pipeline{conn: sc}
	p.later("begin", "BEGIN", nil)
	c := conn{q: sc, dialect: s.dialect, auditKey: s.auditKeys.Current, state: &txState{}, pipe: p}
	err = insertComplaints(ctx, c, creates...)
	committing := err == nil
	if committing {
		p.later("commit", "COMMIT", nil)
		err = p.send(ctx, "", nil, nil)
	}
	if err == nil {
		return false, nil
	}
	p.queued = nil
	// Whatever was sent is undone; ROLLBACK with no transaction open only
	// warns.
	if _, rbErr := sc.ExecContext(ctx, "ROLLBACK"); rbErr != nil {
		err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
	}
	// A statement before COMMIT refused by the server stopped the batch
	// there; a failure of COMMIT itself, or of the connection while COMMIT
	// was on its way, may have committed.
	var q *errQueued
	retry = !committing || (errors.As(err, &q) && q.what != "commit")
	return retry, err
}
