// Package store is klacht's persistence: one API over database/sql for both
// SQLite (modernc.org/sqlite, the embedded default) and PostgreSQL (pgx).
//
// Queries are written once with ? placeholders and rebound for PostgreSQL.
// Times are stored as timestamptz on PostgreSQL and as fixed-width UTC text
// on SQLite, so that text order is time order and indexes serve both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/fault"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names a supported database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	w       *sql.DB // writes; on SQLite a single connection, as SQLite has one writer
	r       *sql.DB // reads; on SQLite a pool of read-only connections
	// k is PostgreSQL's pool for reads of a row by its key (byKey), apart
	// from the writers': every request reads its token and user by key,
	// and at 64 clients those reads could take every writers' connection
	// the creates' writer begins its batches on.
	k      *sql.DB
	source string // the DSN without secrets, for messages

	group     chan *groupJob // SQLite: writes waiting to share a commit
	groupDone chan struct{}

	readCache, writeCache *stmtCache // SQLite: statements kept prepared

	replica *replica // PostgreSQL: a streaming replica for search and reports, if any

	memo memo // figures of periods that are over (memo.go)

	// auditKeys sign the audit chain; without a current key (stores that
	// were given none, in tests of other things) entries are unkeyed.
	auditKeys audit.Keyring
}

// SetAuditKeys gives the store the keys of the audit chain: the current
// one signs new entries, all of them verify. Call it before any write.
func (s *Store) SetAuditKeys(ring audit.Keyring) { s.auditKeys = ring }

// AuditKeys are the store's audit keys.
func (s *Store) AuditKeys() audit.Keyring { return s.auditKeys }

// ParseDSN splits a --db value into its dialect and driver address.
func ParseDSN(dsn string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" || strings.ContainsAny(path, "?#") {
			return "", "", fmt.Errorf("database %q: sqlite needs a file path without ? or #, e.g. sqlite:klacht.db", dsn)
		}
		return SQLite, path, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	}
	return "", "", fmt.Errorf("database %q: use sqlite:PATH or a postgres:// URL", dsn)
}

// Open connects to the database named by dsn. It does not migrate.
func Open(ctx context.Context, dsn string) (_ *Store, err error) {
	defer fault.Wrap(&err, "open %s", redact(dsn))
	dialect, addr, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: dialect, source: redact(dsn)}
	switch dialect {
	case SQLite:
		// WAL lets readers run beside the one writer; busy_timeout makes a
		// second process wait instead of failing; synchronous=FULL makes
		// every commit durable before we answer.
		common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
		s.w, err = sql.Open(
			"sqlite",
			addr+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate",
		)
		if err != nil {
			return nil, err
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetConnMaxIdleTime(0)
		// Make sure the file exists and is in WAL mode before readers open.
		if err := s.w.PingContext(ctx); err != nil {
			s.w.Close()
			return nil, err
		}
		// Readers read through a page cache of their own (8 MB each, which
		// also bounds a sort's memory) and the OS's file cache, not a map
		// of the file: mapped pages count in the process's resident memory
		// as operators' monitoring reads it, a gigabyte for a register of a
		// million, where the OS's cache is free to give back. SQLite's heap
		// is held to about 64 MB (soft_heap_limit): the memory it takes
		// for a report is not handed back to the system, and 32 MB caches
		// left the server at 350 MB after the reports, with pages no faster.
		s.r, err = sql.Open("sqlite", addr+"?"+common+
			"&_pragma=query_only(1)&_pragma=mmap_size(0)&_pragma=cache_size(-8000)&_pragma=soft_heap_limit(67108864)")
		if err != nil {
			s.w.Close()
			return nil, err
		}
		s.r.SetMaxOpenConns(max(4, runtime.NumCPU()))
		s.r.SetMaxIdleConns(max(4, runtime.NumCPU()))
		s.readCache, s.writeCache = newStmtCache(s.r), newStmtCache(s.w)
		s.startGroup()
	case Postgres:
		// A generic plan of a prepared statement cannot know that an id
		// range or a filter picks a handful of rows or half the register;
		// plans made for each query's values keep search and lists fast on
		// a large register, for a little planning each time.
		// Writes and reads of one row by its key, which every request
		// makes, keep their prepared plans: planning the complaint's
		// select anew costs half a millisecond of the database's time.
		s.r, err = sql.Open("pgx", withParam(addr, "plan_cache_mode", "force_custom_plan"))
		if err != nil {
			return nil, err
		}
		if s.w, err = sql.Open("pgx", addr); err != nil {
			s.r.Close()
			return nil, err
		}
		if s.k, err = sql.Open("pgx", addr); err != nil {
			s.r.Close()
			s.w.Close()
			return nil, err
		}
		// Writes queue on the audit chain's lock and creates share a
		// batch, so ten connections are enough to write; fifty in all
		// leave room for a second server under PostgreSQL's default 100.
		for db, n := range map[*sql.DB]int{s.r: 20, s.k: 20, s.w: 10} {
			db.SetMaxOpenConns(n)
			db.SetMaxIdleConns(n)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
		// Creates share transactions here too: they all take the year's
		// reference counter and the audit chain's end, so one at a time
		// anyway; a batch takes both once and commits once.
		s.startGroup()
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// withParam adds a run-time parameter to a postgres:// URL, unless the URL
// sets it already (then the operator's choice stands).
func withParam(addr, key, value string) string {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme == "" || u.Query().Has(key) {
		return addr
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides a password in a URL-shaped DSN (url.URL.Redacted).
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// Dialect reports which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.source, err)
	}
	return nil
}

// Close closes every connection.
func (s *Store) Close() error {
	if s.group != nil {
		close(s.group)
		<-s.groupDone
		s.group = nil
	}
	var errs []error
	for _, sc := range []*stmtCache{s.readCache, s.writeCache} {
		if sc != nil {
			errs = append(errs, sc.close())
		}
	}
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	if s.k != nil {
		errs = append(errs, s.k.Close())
	}
	if s.replica != nil {
		errs = append(errs, s.replica.db.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs dialect-neutral queries on a database or a transaction.
type conn struct {
	q       querier
	dialect Dialect
	// On SQLite, statements stay prepared (see stmtcache.go): a reader
	// uses the readers' cache, a write transaction its txStmts.
	cache *stmtCache
	tx    *txStmts
	// auditKey signs audit entries written in this transaction.
	auditKey *audit.Key
	// state is what a write transaction knows; nil outside one.
	state *txState
	// pipe, in a batch of creates on PostgreSQL, sends statements together
	// (see pipeline.go); nil elsewhere.
	pipe *pipeline
}

// row is a row asked for: *sql.Row, or a row through the pipeline.
type row interface{ Scan(dest ...any) error }

// txState is what a write transaction knows of the rows only it may change
// until it commits, so that a batch of creates asks once: the audit
// chain's end, once it holds the chain's lock, and the references of the
// complaints it numbered.
type txState struct {
	chainHeld bool
	chainID   int64
	chainHash string
	refs      map[int64]string
}

// snapshot is the state before a job of a batch; restore puts it back when
// the job is undone to its savepoint.
func (t *txState) snapshot() txState {
	if t == nil {
		return txState{}
	}
	return txState{chainHeld: t.chainHeld, chainID: t.chainID, chainHash: t.chainHash, refs: maps.Clone(t.refs)}
}

func (t *txState) restore(before txState) {
	if t != nil {
		*t = before
	}
}

// stmt returns query prepared, or nil to run it directly (one-off
// statements such as bulk inserts are not kept).
func (c conn) stmt(ctx context.Context, query string) *sql.Stmt {
	if len(query) > 2048 {
		return nil
	}
	switch {
	case c.tx != nil:
		return c.tx.stmt(ctx, query)
	case c.cache != nil:
		return c.cache.prepare(ctx, query)
	}
	return nil
}

func (s *Store) reader() conn { return conn{q: s.r, dialect: s.dialect, cache: s.readCache} }

// byKey is the conn for reads of a row by its key (a complaint by its id
// or reference, a user, a token, a session): on PostgreSQL a pool whose
// prepared statements keep a generic plan, which for a key is the custom
// plan without the planning. Elsewhere it is the reader.
func (s *Store) byKey() conn {
	if s.dialect == Postgres {
		return conn{q: s.k, dialect: s.dialect}
	}
	return s.reader()
}

// inWriteTx is the conn of a write transaction on the writer.
func (s *Store) inWriteTx(tx *sql.Tx) conn {
	c := conn{q: tx, dialect: s.dialect, auditKey: s.auditKeys.Current, state: &txState{}}
	if s.writeCache != nil {
		c.tx = &txStmts{tx: tx, cache: s.writeCache, stmts: map[string]*sql.Stmt{}}
	}
	return c
}

// afterWriteTx prepares for good what the last write transaction missed;
// the writer's connection is free again.
func (s *Store) afterWriteTx(ctx context.Context) {
	if s.writeCache != nil {
		s.writeCache.prepareWanted(ctx)
	}
}

// inTx runs fn in one write transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer s.afterWriteTx(ctx)
	if err := fn(s.inWriteTx(tx)); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Queries in this
// package never contain a literal question mark.
func (c conn) rebind(query string) string {
	if c.dialect != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// SQLiteTime is the stored form of a time on SQLite: fixed width, UTC, so
// that comparing text compares time.
const SQLiteTime = "2006-01-02T15:04:05.000000Z"

func (c conn) args(args []any) []any {
	if c.dialect != SQLite {
		return args
	}
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = t.UTC().Format(SQLiteTime)
		}
	}
	return args
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q := c.rebind(query)
	if c.pipe != nil {
		var res pipedResult
		err := c.pipe.send(ctx, q, args, func(br pgx.BatchResults) (err error) {
			res.tag, err = br.Exec()
			return err
		})
		return res, err
	}
	if st := c.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, c.args(args)...)
	}
	return c.q.ExecContext(ctx, q, c.args(args)...)
}

// execLater runs a statement whose answer is only its error (what says
// what it does, for that error); in a pipeline it waits for the next
// statement sent.
func (c conn) execLater(ctx context.Context, what, query string, args ...any) error {
	if c.pipe != nil {
		c.pipe.later(what, c.rebind(query), args)
		return nil
	}
	if _, err := c.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q := c.rebind(query)
	if c.pipe != nil {
		// Rows come through database/sql: what waits goes first.
		if err := c.pipe.send(ctx, "", nil, nil); err != nil {
			return nil, err
		}
	}
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, c.args(args)...)
	}
	return c.q.QueryContext(ctx, q, c.args(args)...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) row {
	q := c.rebind(query)
	if c.pipe != nil {
		return pipedRow{ctx: ctx, p: c.pipe, query: q, args: args}
	}
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, c.args(args)...)
	}
	return c.q.QueryRowContext(ctx, q, c.args(args)...)
}

// insertID inserts a row and returns its id column.
func (c conn) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := c.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// timeCol scans a stored time from either dialect; NULL gives the zero time.
type timeCol struct{ t *time.Time }

func (tc timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*tc.t = time.Time{}
	case time.Time:
		*tc.t = v.UTC()
	case string:
		return tc.parse(v)
	case []byte:
		return tc.parse(string(v))
	default:
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	return nil
}

func (tc timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*tc.t = t.UTC()
	return nil
}

// nullTime returns nil for the zero time, so it is stored as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// nullString returns nil for "", so an optional key is stored as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID returns nil for id 0, so it is stored as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsBadText reports whether err is the database refusing text it cannot
// keep (PostgreSQL: a NUL, or bytes not valid in UTF-8). Input paths refuse
// such text first, naming the field; this catches any path that did not.
func IsBadText(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "22021" || pgErr.Code == "22P05")
}

// collect runs a query and scans every row with scan.
func collect[T any](
	ctx context.Context,
	c conn,
	scan func(interface{ Scan(...any) error }) (T, error),
	query string,
	args ...any,
) ([]T, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
