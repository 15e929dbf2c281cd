package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Statement caches (SQLite). Parsing and planning SQL is a large part of
// a small write's cost in SQLite, and the writer is the one place every
// write queues; so statements stay prepared for the life of the store.
// PostgreSQL needs none of this: pgx keeps its own per-connection cache.

// maxCached bounds each cache: queries built from filters come in many
// shapes, and the rarely used ones are cheaper run directly than kept.
const maxCached = 256

// stmtCache keeps statements prepared on one *sql.DB. On the writer's
// single connection a statement cannot be prepared while a transaction
// holds it, so a write transaction prepares what it misses for itself
// and asks for it (want) to be prepared for good once the connection is
// free again (prepareWanted).
type stmtCache struct {
	db *sql.DB

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the statement prepared for good, or nil.
func (sc *stmtCache) get(query string) *sql.Stmt {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.stmts[query]
}

// prepare returns query prepared on the database, preparing it now when
// there is room; nil runs the query directly.
func (sc *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if st := sc.get(query); st != nil {
		return st
	}
	sc.mu.Lock()
	full := len(sc.stmts) >= maxCached
	sc.mu.Unlock()
	if full {
		return nil
	}
	st, err := sc.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the direct call reports the error
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if have, ok := sc.stmts[query]; ok {
		st.Close()
		return have
	}
	sc.stmts[query] = st
	return st
}

// want notes a query to prepare once the connection is free.
func (sc *stmtCache) want(query string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.stmts)+len(sc.wanted) < maxCached {
		sc.wanted[query] = true
	}
}

// prepareWanted prepares what transactions asked for; the caller holds no
// transaction on the database.
func (sc *stmtCache) prepareWanted(ctx context.Context) {
	sc.mu.Lock()
	queries := make([]string, 0, len(sc.wanted))
	for q := range sc.wanted {
		queries = append(queries, q)
	}
	clear(sc.wanted)
	sc.mu.Unlock()
	for _, q := range queries {
		sc.prepare(ctx, q)
	}
}

// close closes every kept statement.
func (sc *stmtCache) close() error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	var errs []error
	for q, st := range sc.stmts {
		errs = append(errs, st.Close())
		delete(sc.stmts, q)
	}
	return errors.Join(errs...)
}

// txStmts is one write transaction's view of the writer's cache: kept
// statements bound to the transaction (no new parse: it runs on the
// connection they were prepared on), and the ones it had to prepare itself.
type txStmts struct {
	tx    *sql.Tx
	cache *stmtCache
	stmts map[string]*sql.Stmt
}

func (t *txStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := t.stmts[query]; ok {
		return st
	}
	if len(t.stmts) >= maxCached {
		return nil
	}
	var st *sql.Stmt
	if kept := t.cache.get(query); kept != nil {
		st = t.tx.StmtContext(ctx, kept)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil // the direct call reports the error
		}
		t.cache.want(query)
	}
	t.stmts[query] = st
	return st
}
