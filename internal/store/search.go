package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/klacht/klacht/internal/complaint"
)

// The full-text search of the register (reference, name, description,
// messages):
// SQLite's FTS5 and PostgreSQL's text search with the Dutch configuration,
// each behind the same calls.

// searchDocument is the document PostgreSQL searches: a stored column
// (the Dutch text search of reference, name, description and messages)
// with the GIN index complaints_search_by_id (the document, its word
// pairs and the complaint's block of ids).
const searchDocument = `c.search`

// Snippet marks: rare characters the database puts around a match, turned
// into <mark> after the text is escaped.
const markOpen, markClose = "\u27e6", "\u27e7"

// ftsQuery turns what someone typed into an FTS5 query that cannot be a
// syntax error, read as PostgreSQL's websearch_to_tsquery reads it, so
// that both databases find the same: words all required, "a quoted
// phrase" as a phrase, "or" between alternatives, and a word or phrase
// after "-" left out. A word ending in * matches as a prefix (only when
// asked: expanding every word makes common words cost a great deal over
// a million complaints). FTS5 cannot ask for everything but a word, so an
// alternative of left-out words alone finds nothing.
func ftsQuery(q string) string {
	type term struct {
		fts string // as FTS5 reads it: a quoted string, maybe with *
		not bool
	}
	var groups [][]term
	var group []term
	hasText := func(w string) bool {
		return strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	}
	for rest := q; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		not := false
		if strings.HasPrefix(rest, "-") {
			not, rest = true, rest[1:]
		}
		var t term
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				end = len(rest) - 1
			}
			phrase := rest[1 : 1+end]
			rest = rest[min(len(rest), end+2):]
			if !hasText(phrase) {
				continue
			}
			t = term{fts: `"` + phrase + `"`, not: not}
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
			if end < 0 {
				end = len(rest)
			}
			w := rest[:end]
			rest = rest[end:]
			if !not && strings.EqualFold(w, "or") {
				if len(group) > 0 {
					groups, group = append(groups, group), nil
				}
				continue
			}
			prefix := strings.HasSuffix(w, "*")
			w = strings.TrimRight(w, "*")
			if !hasText(w) {
				continue // punctuation alone matches nothing
			}
			t = term{fts: `"` + w + `"`, not: not}
			if prefix {
				t.fts += "*"
			}
		}
		group = append(group, t)
	}
	if len(group) > 0 {
		groups = append(groups, group)
	}
	var alternatives []string
	for _, g := range groups {
		var wanted, left []string
		for _, t := range g {
			if t.not {
				left = append(left, t.fts)
			} else {
				wanted = append(wanted, t.fts)
			}
		}
		if len(wanted) == 0 {
			continue
		}
		expr := "(" + strings.Join(wanted, " AND ") + ")"
		for _, l := range left {
			expr = "(" + expr + " NOT " + l + ")"
		}
		alternatives = append(alternatives, expr)
	}
	if len(alternatives) == 0 {
		return `""`
	}
	return strings.Join(alternatives, " OR ")
}

// Hit is a complaint found by its text, with the passage that matched.
type Hit struct {
	complaint.Complaint
	Snippet string // HTML: the text escaped, the matches in <mark>
}

// SearchComplaints finds complaints whose text matches q, best first, with
// a snippet each, within f (and the reader's scope); at most limit.
func (s *Store) SearchComplaints(ctx context.Context, q string, f Filter, limit int) ([]Hit, error) {
	hits, _, err := s.SearchRanked(ctx, q, f, limit)
	return hits, err
}

// SearchRanked is SearchComplaints, and how many complaints it ranked:
// every one within f whose text matches q, or the newest rankWindow of
// them when there are more. The list's count of q within f (which finds
// by who the complainant is too) is at least as many, so a page that
// counts up to fewer need not count.
func (s *Store) SearchRanked(ctx context.Context, q string, f Filter, limit int) ([]Hit, int, error) {
	if limit <= 0 || limit > MaxLimit {
		return nil, 0, fmt.Errorf("search: limit %d", limit)
	}
	c := s.analytics()
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	f.scope = &sc
	stop, pairs, err := s.textQuery(ctx, q)
	if err != nil || stop {
		return nil, 0, err // nothing the text search can rank; the list's q finds it
	}
	f.Query = ""
	where, args := f.where(c)
	kw := " WHERE "
	if where != "" {
		kw = " AND "
	}
	if complaint.LooksLikeReference(strings.ToUpper(strings.TrimSpace(q))) {
		// A reference is looked up, not searched for.
		args = append(args, strings.ToUpper(strings.TrimSpace(q)))
		items, err := collect(
			ctx,
			c,
			scanComplaint,
			`SELECT `+complaintColumns+complaintFrom+where+kw+`c.reference = ?`,
			args...)
		hits := make([]Hit, len(items))
		for i, it := range items {
			hits[i] = Hit{Complaint: it, Snippet: markup(markOpen + it.Reference + markClose)}
		}
		return s.redactHits(ctx, hits), len(hits), err
	}
	var hits []Hit
	var ranked int
	if c.dialect == Postgres {
		hits, ranked, err = s.searchPostgresTx(ctx, q, pairs, where+kw, args, limit)
	} else {
		match := ftsQuery(q)
		window, wargs := ftsWindow(c, f, sc, where+kw, args, match)
		hits, ranked, err = s.searchFTS(ctx, c, match, window, wargs, limit)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return s.redactHits(ctx, hits), ranked, nil
}

// rankWindow bounds how many matches are ranked: the newest this many.
// A word in half the register would otherwise rank half a million texts;
// in a complaint register the recent matches are the ones sought.
var rankWindow = 5000

// searchSpan is the first range of ids PostgreSQL's search reads: about
// four windows' worth, as a common word is in a good part of the register.
var searchSpan = 4 * rankWindow

// searchBlockShift is how many low bits of an id its block of ids leaves
// out: blocks of 16,384 complaints, a column of the text index (migration
// 00050 writes the same shift).
const searchBlockShift = 14

// searchBlockStart is the first id of the block id is in (0 below 1).
func searchBlockStart(id int64) int64 {
	if id < 1 {
		return 0
	}
	return id >> searchBlockShift << searchBlockShift
}

// searchBlocks is the blocks from the one id from is in to the one id to
// is in, as a PostgreSQL array.
func searchBlocks(from, to int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for n := from >> searchBlockShift; n <= to>>searchBlockShift; n++ {
		if n > from>>searchBlockShift {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(n, 10))
	}
	b.WriteByte('}')
	return b.String()
}

// searchPostgresTx runs searchPostgres in a read-only transaction of its
// own: its ranges see one snapshot, and the planner is kept from index
// scans while it ranges (ranging): it would take a range of ids for a few
// rows and test every row of it against the text (50–90 ms for 20,000
// rows), where the text index names the matches of the range's blocks
// alone (1 ms for two common words).
func (s *Store) searchPostgresTx(
	ctx context.Context,
	q, pairs, whereAnd string,
	args []any,
	limit int,
) (_ []Hit, ranked int, err error) {
	tx, err := s.analyticsTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer func() {
		if cerr := tx.Commit(); cerr != nil && err == nil {
			err = fmt.Errorf("end the search's transaction: %w", cerr)
		}
	}()
	return s.searchPostgres(ctx, conn{q: tx, dialect: s.dialect}, q, pairs, whereAnd, args, limit, func(on bool) error {
		setting := `SET LOCAL enable_indexscan = off`
		if !on {
			setting = `SET LOCAL enable_indexscan = DEFAULT`
		}
		if _, err := tx.ExecContext(ctx, setting); err != nil {
			return fmt.Errorf("search plan: %w", err)
		}
		return nil
	})
}

// searchPostgres ranks the newest rankWindow matches, as SQLite does, and
// fetches the best limit of them with their snippets. It finds the newest
// matches in ranges of ids, newest first, until the window is full or the
// register is read: the text index names the matches in a range's blocks
// of ids, skipping the rest of the words' postings, and only the matches
// in the range are read from the table, so a word in half the register no
// longer means reading half the register. After the first range, the next
// is as long as the matches found so far say the rest of the window needs.
// When the window will take every match left, they are read at once by
// the text index alone. A phrase is found by the index of word pairs, so
// that only the complaints holding it are read. The window holds the same
// complaints as one query ordered by id would give.
func (s *Store) searchPostgres(
	ctx context.Context,
	c conn,
	q, pairs, whereAnd string,
	args []any,
	limit int,
	ranging func(on bool) error,
) ([]Hit, int, error) {
	var top int64
	if err := c.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM complaints`).Scan(&top); err != nil {
		return nil, 0, err
	}
	match, check, matchArgs := pgWords("q", pairs)
	if check != "" {
		match += " AND " + check
	}
	if err := ranging(true); err != nil {
		return nil, 0, err
	}
	type scored struct {
		id    int64
		score float64
	}
	scan := func(r interface{ Scan(...any) error }) (scored, error) {
		var x scored
		return x, r.Scan(&x.id, &x.score)
	}
	var window []scored
	// A range names its blocks of ids as well as its ids: the blocks are
	// a column of the text index (migration 00050), which then skips the
	// words' postings outside them; "+ 0" keeps the primary key out of
	// the plan, the ids only filter what the blocks give.
	rangeSQL := `SELECT c.id, ts_rank(c.search, q) FROM complaints c,
		websearch_to_tsquery('dutch', ?) q` + whereAnd + match + ` AND ARRAY[c.id >> ` +
		strconv.Itoa(searchBlockShift) + `] && ?::bigint[] AND c.id + 0 BETWEEN ? AND ?`
	// The rest below an id, read by the text index alone.
	restSQL := `SELECT c.id, ts_rank(c.search, q) FROM complaints c,
		websearch_to_tsquery('dutch', ?) q` + whereAnd + match + ` AND c.id + 0 <= ?`
	planned := int64(-1) // the planner's guess of all matches, asked once
	for hi, span := top, int64(searchSpan); hi > 0 && len(window) < rankWindow; {
		// The rest at once when the window will take all it holds: the
		// rest reads every match below hi from the table, a range only
		// those in it, and its blocks' postings cost little beside them.
		rest := hi <= span
		if !rest && hi < top && len(window) > 0 {
			if planned < 0 {
				n, err := plannedRows(ctx, c, `SELECT 1 FROM complaints c, websearch_to_tsquery('dutch', ?) q`+
					whereAnd+`c.search @@ q`, append([]any{q}, args...)...)
				if err != nil {
					return nil, 0, err
				}
				planned = n
			}
			// The larger of the two guesses: the newest matches may be
			// sparser than the rest (a campaign's storm), and the planner
			// misjudges words that come together.
			density := float64(len(window)) / float64(top-hi)
			guess := max(density*float64(hi), float64(planned)*float64(hi)/float64(top))
			rest = guess <= float64(rankWindow-len(window))
		}
		// The range starts where a block does, so that its blocks hold
		// no ids outside it.
		from := searchBlockStart(hi - span + 1)
		query, bounds := rangeSQL, []any{searchBlocks(from, hi), from, hi}
		if rest {
			query, bounds = restSQL, []any{hi}
		}
		// No ORDER BY … LIMIT, which would tempt the planner to walk the
		// primary key backwards testing every row's text: the newest of
		// the range are taken here.
		all := append(append(append([]any{q}, args...), matchArgs...), bounds...)
		part, err := collect(ctx, c, scan, query, all...)
		if err != nil {
			return nil, 0, err
		}
		slices.SortFunc(part, func(a, b scored) int { return cmp.Compare(b.id, a.id) })
		window = append(window, part[:min(len(part), rankWindow-len(window))]...)
		if rest {
			break
		}
		// The next range is as long as the matches so far say the rest of
		// the window needs, with a margin, and at least a block; at most
		// four times the last: the newest complaints may be about
		// something else (a campaign's storm), and a guess from their few
		// matches would have the next range read many more matches than
		// the window takes, each costing more than a range's round trip.
		read, last := top-from+1, hi-from+1
		hi = from - 1
		if need := rankWindow - len(window); len(window) > 0 && need > 0 {
			span = min(4*last, max(1<<searchBlockShift, read*int64(need)/int64(len(window))*5/4))
		} else {
			span = 4 * last
		}
	}
	if err := ranging(false); err != nil {
		return nil, 0, err
	}
	// Best first; among equals the newer (as ORDER BY score DESC, id DESC).
	slices.SortFunc(window, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(b.id, a.id)
	})
	ranked := len(window)
	if len(window) > limit {
		window = window[:limit]
	}
	if len(window) == 0 {
		return nil, 0, nil
	}
	ids := make([]int64, len(window))
	for i, x := range window {
		ids[i] = x.id
	}
	in, inArgs := inList(ids)
	found, err := collect(ctx, c, scanHit, `SELECT `+complaintColumns+`, ts_headline('dutch',
		c.description || ' ' || c.messages, q, 'StartSel=`+markOpen+`, StopSel=`+markClose+
		`, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`+complaintFrom+
		`, websearch_to_tsquery('dutch', ?) q WHERE c.id IN `+in, append([]any{q}, inArgs...)...)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]Hit, len(found))
	for _, h := range found {
		byID[h.ID] = h
	}
	hits := make([]Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
			hits = append(hits, h)
		}
	}
	return hits, ranked, nil
}

// ftsWindow is where SQLite's search takes its window of matches (FROM …
// WHERE, with its arguments): the newest that lists show and the reader
// may see, through a join with the register (whereAnd, args: f's
// conditions); or, for the list as it comes (no filters) read by someone
// who sees every complaint, in the text index alone, the few merged
// duplicates and complaints about the reader left out by their ids (the
// join of 5,000 matches with the register took a third of the search).
func ftsWindow(c conn, f Filter, sc Scope, whereAnd string, args []any, match string) (string, []any) {
	bare := f
	bare.scope = nil
	asked, _ := bare.where(c)
	plain, _ := (Filter{}).where(c)
	if rows, _ := sc.sightCond(); rows != "" || asked != plain {
		return ` FROM complaints_fts JOIN complaints c ON c.id = complaints_fts.rowid` + whereAnd +
			`complaints_fts MATCH ?`, append(slices.Clone(args), match)
	}
	window := ` FROM complaints_fts WHERE complaints_fts MATCH ? AND complaints_fts.rowid NOT IN
		(SELECT m.id FROM complaints m WHERE m.merged_into IS NOT NULL)`
	wargs := []any{match}
	if mine, margs := sc.notAbout("complaints_fts.rowid"); mine != "" {
		window += " AND " + mine
		wargs = append(wargs, margs...)
	}
	return window, wargs
}

// searchFTS ranks the newest matches of the FTS5 query match in window
// (FROM … WHERE, with args) by bm25 and then fetches the best with their
// snippets, so snippets are made for one page only. The page's ids bound
// the text index's rowid, not the register's id: FTS5 then seeks each id
// in the words' lists, where with c.id it read every match of the query
// and joined them all (a phrase of two common words: 13–35 ms in SQLite's
// shell, now 2–3 ms).
func (s *Store) searchFTS(ctx context.Context, c conn, match, window string, args []any, limit int) ([]Hit, int, error) {
	type rankedID struct{ id, ranked int64 }
	scanID := func(r interface{ Scan(...any) error }) (rankedID, error) {
		var x rankedID
		return x, r.Scan(&x.id, &x.ranked)
	}
	// COUNT(*) OVER () is how many the window held, before the LIMIT.
	best, err := collect(ctx, c, scanID, `SELECT id, COUNT(*) OVER () FROM (SELECT complaints_fts.rowid AS id,
		bm25(complaints_fts) AS score`+window+` ORDER BY complaints_fts.rowid DESC LIMIT ?)
		ORDER BY score, id DESC LIMIT ?`,
		append(slices.Clone(args), rankWindow, limit)...)
	if err != nil || len(best) == 0 {
		return nil, 0, err
	}
	ids := make([]int64, len(best))
	for i, x := range best {
		ids[i] = x.id
	}
	in, inArgs := inList(ids)
	found, err := collect(
		ctx,
		c,
		scanHit,
		`SELECT `+complaintColumns+`, snippet(complaints_fts, -1, '`+markOpen+`', '`+markClose+`', ' … ', 16)`+
			complaintFrom+` JOIN complaints_fts ON complaints_fts.rowid = c.id
			WHERE complaints_fts MATCH ? AND complaints_fts.rowid IN `+in,
		append([]any{match}, inArgs...)...)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]Hit, len(found))
	for _, h := range found {
		byID[h.ID] = h
	}
	hits := make([]Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
			hits = append(hits, h)
		}
	}
	return hits, int(best[0].ranked), nil
}

func scanHit(r interface{ Scan(...any) error }) (Hit, error) {
	var h Hit
	var snip string
	cp, err := scanComplaint(withLast{r, &snip})
	h.Complaint, h.Snippet = cp, markup(snip)
	return h, err
}

// redactHits shows the hits as the reader may see them.
func (s *Store) redactHits(ctx context.Context, hits []Hit) []Hit {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil // SearchComplaints refused already; show nothing
	}
	for i := range hits {
		sc.redact(&hits[i].Complaint)
	}
	return hits
}

// withLast scans a row whose last column is read apart, after a scanner
// that knows the others.
type withLast struct {
	row  interface{ Scan(...any) error }
	last any
}

func (w withLast) Scan(dst ...any) error { return w.row.Scan(append(dst, w.last)...) }

// markup escapes a snippet and turns the database's marks into <mark>.
func markup(s string) string {
	s = html.EscapeString(s)
	return strings.NewReplacer(markOpen, "<mark>", markClose, "</mark>").Replace(s)
}

// textQuery reads what PostgreSQL's Dutch text search makes of q: stop
// when it drops every word (then nothing would match; SQLite's index keeps
// all words), and the word pairs its phrases need (phrasePairs).
func (s *Store) textQuery(ctx context.Context, q string) (stop bool, pairs string, err error) {
	if s.dialect != Postgres || strings.TrimSpace(q) == "" {
		return false, "", nil
	}
	var nodes int
	var tsquery string
	if err := s.analytics().queryRow(ctx, `SELECT numnode(x), x::text FROM websearch_to_tsquery('dutch', ?) x`,
		q).Scan(&nodes, &tsquery); err != nil {
		return false, "", fmt.Errorf("search words: %w", err)
	}
	return nodes == 0, phrasePairs(tsquery), nil
}

// pgWords is PostgreSQL's condition that a complaint's text matches the
// tsquery tsq (an SQL expression), in two parts, both required: find,
// which an index answers, and check ("" when find is exact). The words'
// index finds a query without phrases exactly; where the query's phrases
// need word pairs, the pairs' index finds the complaints holding them and
// the query is checked on those ("IS TRUE" keeps it a check, not a second
// read of the words' index). findArgs are find's arguments; tsq's own are
// the caller's.
func pgWords(tsq, pairs string) (find, check string, findArgs []any) {
	if pairs == "" {
		return searchDocument + ` @@ ` + tsq, "", nil
	}
	return `search_pairs(` + searchDocument + `) @@ ?::tsquery`, `(` + searchDocument + ` @@ ` + tsq + `) IS TRUE`,
		[]any{pairs}
}

// plannedRows is how many rows the planner expects query to give: its
// guess, from the statistics, at the cost of planning alone.
func plannedRows(ctx context.Context, c conn, query string, args ...any) (int64, error) {
	var plan string
	if err := c.queryRow(ctx, `EXPLAIN (FORMAT JSON) `+query, args...).Scan(&plan); err != nil {
		return 0, fmt.Errorf("plan the search: %w", err)
	}
	var p []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &p); err != nil || len(p) == 0 {
		return 0, fmt.Errorf("read the search's plan %.80q: %v", plan, err)
	}
	return int64(p[0].Plan.Rows), nil
}
