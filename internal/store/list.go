package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Sort is an order of the complaint list.
type Sort string

const (
	SortReceivedDesc Sort = "-received_at" // newest first, the default
	SortReceivedAsc  Sort = "received_at"
	SortDueAsc       Sort = "due_at" // most urgent first
	SortDueDesc      Sort = "-due_at"
)

// Sorts lists every sort order.
var Sorts = []Sort{SortReceivedDesc, SortReceivedAsc, SortDueAsc, SortDueDesc}

func (s Sort) column() string {
	if strings.HasSuffix(string(s), "due_at") {
		return "c.due_at"
	}
	return "c.received_at"
}

func (s Sort) desc() bool { return strings.HasPrefix(string(s), "-") }

// ParseSort validates a sort given by a user; "" is the default.
func ParseSort(v string) (Sort, error) {
	if v == "" {
		return SortReceivedDesc, nil
	}
	for _, s := range Sorts {
		if string(s) == v {
			return s, nil
		}
	}
	return "", fault.InvalidField("sort", "err.sort", v)
}

// Cursor marks where the next page starts: the sort value and id of the
// last row shown. Keyset paging stays fast on page 1,000 and never skips or
// repeats rows when complaints arrive between pages.
type Cursor struct {
	Sort Sort
	At   time.Time
	ID   int64
}

// Encode renders the cursor as an opaque URL-safe token.
func (c Cursor) Encode() string {
	raw := string(c.Sort) + "|" + strconv.FormatInt(c.At.UnixMicro(), 10) + "|" + strconv.FormatInt(c.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a token from Encode, which must belong to sort.
func ParseCursor(token string, sort Sort) (*Cursor, error) {
	if token == "" {
		return nil, nil
	}
	bad := fault.InvalidField("cursor", "err.cursor")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || Sort(parts[0]) != sort {
		return nil, bad
	}
	micros, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return nil, bad
	}
	return &Cursor{Sort: sort, At: time.UnixMicro(micros).UTC(), ID: id}, nil
}

// Filter selects complaints for a list.
type Filter struct {
	Statuses     []complaint.Status
	Category     string
	Channel      string
	Team         string
	AssigneeID   int64 // 0: anyone
	Unassigned   bool
	Overdue      bool // open and past the term at Now
	Breach       bool // overdue without a valid written notice of delay (P5.5)
	DueFrom      time.Time
	DueTo        time.Time // exclusive; with DueFrom, only open complaints
	ReceivedFrom time.Time
	ReceivedTo   time.Time // exclusive
	Query        string    // words in reference, name, member number, e-mail or description
	Incomplete   bool      // registration lacks P4 fields (complaint.Missing, in SQL)
	Now          time.Time

	scope *Scope // the reader's need to know, from the context
	// stopWords: the query holds only words the text search leaves out
	// (PostgreSQL's Dutch stop words: "mijn", "de"), so it is matched
	// word by word in the description instead.
	stopWords bool
	// pairs: the word pairs the query's phrases need (Store.textQuery).
	pairs string
	// newest: on SQLite, only the newest this many matches of the text
	// index are taken (countNewest); 0 for all.
	newest int
}

// MaxLimit caps one page.
const MaxLimit = 200

func (f Filter) where(c conn) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if len(f.Statuses) > 0 {
		// Known statuses are written as literals, so "the open ones" can use
		// the partial index of open complaints (complaints_open_due).
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			if slices.Contains(complaint.Statuses, s) {
				marks[i] = "'" + string(s) + "'"
				continue
			}
			marks[i] = "?"
			args = append(args, string(s))
		}
		conds = append(conds, "c.status IN ("+strings.Join(marks, ", ")+")")
	}
	// A merged duplicate is part of another complaint, which lists show;
	// asked for by its reference it is still found. Merged complaints are
	// closed, so a filter on open statuses leaves them out already.
	if (len(f.Statuses) == 0 || slices.Contains(f.Statuses, complaint.Closed)) &&
		!complaint.LooksLikeReference(strings.ToUpper(strings.TrimSpace(f.Query))) {
		add("c.merged_into IS NULL")
	}
	if f.Category != "" {
		add("c.category = ?", f.Category)
	}
	if f.Channel != "" {
		add("c.channel = ?", f.Channel)
	}
	if f.Team != "" {
		add("c.team = ?", f.Team)
	}
	if f.AssigneeID != 0 {
		add("c.assignee_id = ?", f.AssigneeID)
	}
	if f.Unassigned {
		add("c.assignee_id IS NULL")
	}
	if f.Overdue {
		add(sqlOverdue, f.Now)
	}
	if f.Incomplete {
		add(sqlIncomplete)
	}
	if f.Breach {
		add(sqlBreach, f.Now, f.Now)
	}
	if !f.DueFrom.IsZero() || !f.DueTo.IsZero() {
		add(sqlOpen)
	}
	if !f.DueFrom.IsZero() {
		add("c.due_at >= ?", f.DueFrom)
	}
	if !f.DueTo.IsZero() {
		add("c.due_at < ?", f.DueTo)
	}
	if !f.ReceivedFrom.IsZero() {
		add("c.received_at >= ?", f.ReceivedFrom)
	}
	if !f.ReceivedTo.IsZero() {
		add("c.received_at < ?", f.ReceivedTo)
	}
	like := c.dialect.likeInsensitive()
	if f.scope != nil {
		if cond, a := f.scope.cond(); cond != "" {
			add(cond, a...)
		}
	}
	if words := strings.Fields(f.Query); len(words) > 0 {
		// The text (reference, name, description, messages) through the
		// full-text index.
		texts, targs := c.textMatch(f.Query, f.pairs, f.newest)
		if f.stopWords {
			var parts []string
			var targ []any
			for _, word := range words {
				parts = append(parts, "c.description "+like+" ? ESCAPE '!'")
				targ = append(targ, "%"+escapeLike(word)+"%")
			}
			texts, targs = []string{"(" + strings.Join(parts, " AND ") + ")"}, [][]any{targ}
		}
		// Who the complainant is, exactly, through indexes: a reference, a
		// member number, an e-mail address (not for who may not see it).
		q := strings.TrimSpace(f.Query)
		// (The "<> ''" lets both databases use the partial indexes.)
		who := []string{"c.reference = ?", "(c.member_number = ? AND c.member_number <> '')"}
		wargs := []any{strings.ToUpper(q), q}
		if f.scope == nil || f.scope.Contact {
			who = append(who, "(c.email = ? AND c.email <> '')")
			wargs = append(wargs, strings.ToLower(q))
		}
		// Each condition of the text beside who it is: where the text is
		// found through one index and checked apart (a phrase through its
		// word pairs), the database reads the index for the first and
		// checks the second on the rows found, without the first again.
		for i, text := range texts {
			add("("+text+" OR "+strings.Join(who, " OR ")+")", append(slices.Clone(targs[i]), wargs...)...)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// ListComplaints returns one page of complaints matching f in order sort,
// starting after cursor (nil for the first page), and the cursor of the
// next page (nil on the last).
func (s *Store) ListComplaints(
	ctx context.Context,
	f Filter,
	sort Sort,
	limit int,
	after *Cursor,
) (_ []complaint.Complaint, _ *Cursor, err error) {
	defer fault.Wrap(&err, "list complaints")
	if limit <= 0 || limit > MaxLimit {
		return nil, nil, fault.InvalidField("limit", "err.limit", MaxLimit)
	}
	c := s.reader()
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	f.scope = &sc
	if f.stopWords, f.pairs, err = s.textQuery(ctx, f.Query); err != nil {
		return nil, nil, err
	}
	where, args := f.where(c)
	col, dir, cmp := sort.column(), "ASC", ">"
	if sort.desc() {
		dir, cmp = "DESC", "<"
	}
	if after != nil {
		kw := " WHERE "
		if where != "" {
			kw = " AND "
		}
		// Row-value comparison: both dialects use the (col, id) index for it.
		where += kw + "(" + col + ", c.id) " + cmp + " (?, ?)"
		args = append(args, after.At, after.ID)
	}
	args = append(args, limit+1)
	rows, err := c.query(ctx, `SELECT `+complaintColumns+complaintFrom+where+
		` ORDER BY `+col+` `+dir+`, c.id `+dir+` LIMIT ?`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	items := make([]complaint.Complaint, 0, limit)
	for rows.Next() {
		cp, err := scanComplaint(rows)
		if err != nil {
			return nil, nil, err
		}
		sc.redact(&cp)
		items = append(items, cp)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var next *Cursor
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		at := last.ReceivedAt
		if sort.column() == "c.due_at" {
			at = last.DueAt
		}
		next = &Cursor{Sort: sort, At: at, ID: last.ID}
	}
	return items, next, nil
}

// CountComplaints counts the complaints matching f.
func (s *Store) CountComplaints(ctx context.Context, f Filter) (int, error) {
	return s.CountComplaintsUpTo(ctx, f, 0)
}

// CountComplaintsUpTo counts the complaints matching f, but stops past
// upTo (when above zero) and answers upTo+1: a list says "more than
// 10,000" without reading a million rows to say how many more.
func (s *Store) CountComplaintsUpTo(ctx context.Context, f Filter, upTo int) (int, error) {
	c := s.reader()
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	f.scope = &sc
	if f.stopWords, f.pairs, err = s.textQuery(ctx, f.Query); err != nil {
		return 0, fmt.Errorf("count complaints: %w", err)
	}
	where, args := f.where(c)
	query := `SELECT COUNT(*) FROM complaints c` + where
	if upTo > 0 {
		query = `SELECT COUNT(*) FROM (SELECT 1 FROM complaints c` + where + ` LIMIT ?) n`
		args = append(args, upTo+1)
	}
	if upTo > 0 && strings.TrimSpace(f.Query) != "" && !f.stopWords &&
		!complaint.LooksLikeReference(strings.ToUpper(strings.TrimSpace(f.Query))) {
		// Words found often are counted past upTo among their newest
		// matches alone (reading every match of two common words took
		// 15–35 ms at a million complaints); the register as a whole is
		// counted only when those hold fewer.
		n, whole, err := s.countNewest(ctx, c, f, upTo)
		if err != nil || n > upTo || whole {
			return n, err
		}
	}
	var n int
	if err := c.queryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count complaints: %w", err)
	}
	return n, nil
}

// countNewestBlocks are how many of the newest blocks of ids countNewest
// reads on PostgreSQL, one span after the other: 65,536 complaints, then
// 262,144. The second finds the bound where the first falls short (a
// phrase in one complaint of fifty-four, the newest thousands about
// something else), which counted the whole register before: 80–160 ms.
var countNewestBlocks = []int64{4, 16}

// countNewest counts, up to upTo+1, the complaints matching f (a text
// query) among the newest matches of the text: on PostgreSQL those in the
// newest blocks of ids, which the text index reads alone; on SQLite the
// newest 2×(upTo+1) matches of the text index. whole says the spans read
// held every complaint, so that n is the count of the register.
func (s *Store) countNewest(ctx context.Context, c conn, f Filter, upTo int) (n int, whole bool, err error) {
	f.newest = 2 * (upTo + 1)
	where, args := f.where(c)
	if c.dialect != Postgres {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM complaints c`+where+` LIMIT ?) n`,
			append(args, upTo+1)...).Scan(&n); err != nil {
			return 0, false, fmt.Errorf("count complaints: %w", err)
		}
		return n, false, nil
	}
	var top int64
	if err := c.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM complaints`).Scan(&top); err != nil {
		return 0, false, fmt.Errorf("count complaints: %w", err)
	}
	kw := " WHERE "
	if where != "" {
		kw = " AND "
	}
	for _, blocks := range countNewestBlocks {
		from := max(0, (top>>searchBlockShift)-blocks+1) << searchBlockShift
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM complaints c`+where+kw+`ARRAY[c.id >> `+
			strconv.Itoa(searchBlockShift)+`] && ?::bigint[] LIMIT ?) n`,
			append(slices.Clone(args), searchBlocks(from, top), upTo+1)...).Scan(&n); err != nil {
			return 0, false, fmt.Errorf("count complaints: %w", err)
		}
		if n > upTo || from == 0 {
			return n, from == 0, nil
		}
	}
	return n, false, nil
}
