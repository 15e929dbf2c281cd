package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/store"
)

// dsns remembers the database under each store OpenDSN opened, so Exec can
// reach it around the store's API.
var dsns sync.Map // *store.Store → string

// Exec runs a raw statement on the database under s (a store from OpenDSN)
// through a connection of its own, as someone holding the database's
// password could: for tests that check the database itself refuses what
// the API never does, or that set up a state no use case makes. Arguments
// use ? placeholders on both databases.
func Exec(tb testing.TB, s *store.Store, query string, args ...any) error {
	tb.Helper()
	dsn, ok := dsns.Load(s)
	if !ok {
		tb.Fatal("storetest.Exec: the store was not opened by storetest.OpenDSN; use ExecDSN")
	}
	return ExecDSN(tb, dsn.(string), query, args...)
}

// ExecDSN is Exec on the database named by dsn.
func ExecDSN(tb testing.TB, dsn, query string, args ...any) error {
	tb.Helper()
	dialect, addr, err := store.ParseDSN(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	driver := "pgx"
	if dialect == store.SQLite {
		driver, addr = "sqlite", addr+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
		for i, a := range args {
			if t, ok := a.(time.Time); ok {
				args[i] = t.UTC().Format(store.SQLiteTime) // as the store writes times
			}
		}
	} else {
		query = numbered(query)
	}
	db, err := sql.Open(driver, addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		return fmt.Errorf("raw statement: %w", err)
	}
	return nil
}

// numbered turns ? placeholders into PostgreSQL's $1, $2, …; the tests'
// statements hold no ? in their strings.
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
