package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A streaming replica of PostgreSQL takes the reads that scan much and
// may lag a moment behind: search and the reports. Writes, and reads of
// what a request has just written, stay on the primary. A replica that
// cannot be reached is left alone for replicaRest and its reads go to
// the primary meanwhile: klacht carries on without it.

// replicaRest is how long a replica that failed is not asked.
const replicaRest = 10 * time.Second

type replica struct {
	db        *sql.DB
	restUntil atomic.Int64 // unix nanoseconds
	served    atomic.Int64
	fellBack  atomic.Int64
	log       *slog.Logger
}

// UseReplica sends search and report reads to the streaming replica at
// dsn (PostgreSQL only). An unreachable replica is no error: its reads
// go to the primary until it answers.
func (s *Store) UseReplica(ctx context.Context, dsn string, log *slog.Logger) error {
	d, addr, err := ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	if d != Postgres || s.dialect != Postgres {
		return fmt.Errorf("replica %s: a streaming replica needs PostgreSQL for both", redact(dsn))
	}
	db, err := sql.Open("pgx", withParam(addr, "plan_cache_mode", "force_custom_plan"))
	if err != nil {
		return fmt.Errorf("replica %s: %w", redact(dsn), err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s.replica = &replica{db: db, log: log}
	if err := db.PingContext(ctx); err != nil {
		s.replica.rest(err)
	}
	return nil
}

// ReplicaReads are how many reads the replica served, and how many went
// to the primary instead because it could not be reached.
func (s *Store) ReplicaReads() (served, fellBack int64) {
	if s.replica == nil {
		return 0, 0
	}
	return s.replica.served.Load(), s.replica.fellBack.Load()
}

// analytics is the conn for search and the reports: the replica when
// there is one, else the readers.
func (s *Store) analytics() conn {
	c := s.reader()
	if s.replica != nil {
		c.q = failover{replica: s.replica, primary: s.r}
	}
	return c
}

// analyticsTx begins a read-only transaction where search and the reports
// read: the replica when there is one and it answers, else the readers.
func (s *Store) analyticsTx(ctx context.Context) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if r := s.replica; r != nil && !r.resting() {
		tx, err := r.db.BeginTx(ctx, opts)
		if !unreachable(ctx, err) {
			r.served.Add(1)
			return tx, err
		}
		r.rest(err)
		r.fellBack.Add(1)
	}
	tx, err := s.r.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin a read: %w", err)
	}
	return tx, nil
}

func (r *replica) resting() bool { return time.Now().UnixNano() < r.restUntil.Load() }

func (r *replica) rest(err error) {
	if !r.resting() {
		r.log.Warn("the database replica cannot be reached; its reads go to the primary", "err", err)
	}
	r.restUntil.Store(time.Now().Add(replicaRest).UnixNano())
}

// unreachable tells a failure of the replica itself from a failure of the
// query, which the primary would give too.
func unreachable(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil || errors.Is(err, sql.ErrNoRows) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// The server answered; only its shutting down is the replica's.
		return pgErr.SQLState() == "57P01" || pgErr.SQLState() == "57P02" || pgErr.SQLState() == "57P03"
	}
	return true
}

// failover asks the replica and, when it cannot be reached, the primary.
type failover struct {
	replica *replica
	primary *sql.DB
}

func (f failover) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return f.primary.ExecContext(ctx, query, args...)
}

func (f failover) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !f.replica.resting() {
		rows, err := f.replica.db.QueryContext(ctx, query, args...)
		if !unreachable(ctx, err) {
			f.replica.served.Add(1)
			return rows, err
		}
		f.replica.rest(err)
	}
	f.replica.fellBack.Add(1)
	return f.primary.QueryContext(ctx, query, args...)
}

func (f failover) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if !f.replica.resting() {
		row := f.replica.db.QueryRowContext(ctx, query, args...)
		if err := row.Err(); !unreachable(ctx, err) {
			f.replica.served.Add(1)
			return row
		}
		f.replica.rest(row.Err())
	}
	f.replica.fellBack.Add(1)
	return f.primary.QueryRowContext(ctx, query, args...)
}
