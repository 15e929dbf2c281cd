package store

import (
	"strings"

	"github.com/klacht/klacht/internal/complaint"
)

// Every difference between SQLite and PostgreSQL in the SQL this package
// writes, in one place. SQLite serialises writers (one connection writes,
// see group.go), so what PostgreSQL needs row locks and advisory locks for
// comes free there.

// forUpdate locks the rows a transaction reads for the change it is about
// to write; of names the table's alias ("c"), or "" for the only table.
func (d Dialect) forUpdate(of string) string {
	if d != Postgres {
		return ""
	}
	if of == "" {
		return " FOR UPDATE"
	}
	return " FOR UPDATE OF " + of
}

// skipLocked takes a row no other server holds: work queues shared by
// several servers (the outbox).
func (d Dialect) skipLocked() string {
	if d != Postgres {
		return ""
	}
	return " FOR UPDATE SKIP LOCKED"
}

// likeInsensitive matches text whatever its case: ILIKE on PostgreSQL;
// SQLite's LIKE already ignores the case of ASCII letters.
func (d Dialect) likeInsensitive() string {
	if d == Postgres {
		return "ILIKE"
	}
	return "LIKE"
}

// hoursBetween is SQL for the hours from one stored time to another.
func (d Dialect) hoursBetween(from, to string) string {
	if d == Postgres {
		return "EXTRACT(EPOCH FROM " + to + " - " + from + ") / 3600.0"
	}
	return "(julianday(" + to + ") - julianday(" + from + ")) * 24.0"
}

// advisoryLock is a statement that serialises the transactions taking the
// same key until they end ("" on SQLite, where writers are serial anyway).
func (d Dialect) advisoryLock() string {
	if d == Postgres {
		return `SELECT pg_advisory_xact_lock(?)`
	}
	return ""
}

// optimize is what refreshes the planner's statistics after a bulk load.
func (d Dialect) optimize() string {
	if d == Postgres {
		return "VACUUM (ANALYZE) complaints, complaint_events, cancellations, appeals"
	}
	return "ANALYZE"
}

// textMatch is the conditions, all required, that c's text matches q,
// with the arguments of each; pairs are the word pairs PostgreSQL's query
// needs (Store.textQuery); newest, when above 0, takes only the newest so
// many matches of SQLite's text index.
func (c conn) textMatch(q, pairs string, newest int) ([]string, [][]any) {
	if ref := strings.ToUpper(strings.TrimSpace(q)); complaint.LooksLikeReference(ref) {
		return []string{"c.reference = ?"}, [][]any{{ref}}
	}
	if c.dialect == Postgres {
		find, check, findArgs := pgWords(`websearch_to_tsquery('dutch', ?)`, pairs)
		if check == "" {
			return []string{find}, [][]any{append(findArgs, q)}
		}
		return []string{find, check}, [][]any{findArgs, {q}}
	}
	if newest > 0 {
		return []string{`c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ? ORDER BY rowid DESC LIMIT ?)`},
			[][]any{{ftsQuery(q), newest}}
	}
	return []string{`c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)`}, [][]any{{ftsQuery(q)}}
}
