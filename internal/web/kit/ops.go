package kit

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

// The operations below are shared by the API and the staff UI, so both
// apply the same domain rules in the same way.

// ListQuery is a parsed list request.
type ListQuery struct {
	Filter store.Filter
	Sort   store.Sort
	Limit  int
	After  *store.Cursor
	// Relevance: a search (q) answered best match first, with snippets,
	// one page; the default for q unless another sort is asked for.
	Relevance bool
}

// StatusOpen filters on every status in which the work is not done
// (complaint.Status.Open): what queues show unless asked otherwise.
const StatusOpen = "open"

// DefaultLimit is the page size unless asked otherwise.
const DefaultLimit = 50

// ParseListQuery reads the list's filters from query parameters, checking
// every value and naming the parameter at fault.
func (s *Core) ParseListQuery(q url.Values, u auth.User) (ListQuery, error) {
	p := s.Profile()
	lq := ListQuery{Limit: DefaultLimit, Filter: store.Filter{Now: s.Now()}}
	var errs fault.Validation
	for _, v := range q["status"] {
		for _, st := range strings.Split(v, ",") {
			if st = strings.TrimSpace(st); st == "" {
				continue
			}
			if st == StatusOpen {
				for _, o := range complaint.Statuses {
					if o.Open() {
						lq.Filter.Statuses = append(lq.Filter.Statuses, o)
					}
				}
				continue
			}
			if !complaint.Status(st).Valid() {
				errs.Add("status", "err.unknown_key", st)
				continue
			}
			lq.Filter.Statuses = append(lq.Filter.Statuses, complaint.Status(st))
		}
	}
	if v := q.Get("category"); v != "" {
		if !p.HasCategory(v) {
			errs.Add("category", "err.unknown_key", v)
		}
		lq.Filter.Category = v
	}
	if v := q.Get("team"); v != "" {
		if !p.HasDepartment(v) {
			errs.Add("team", "err.unknown_key", v)
		}
		lq.Filter.Team = v
	}
	if v := q.Get("channel"); v != "" {
		if !p.HasChannel(v) {
			errs.Add("channel", "err.unknown_key", v)
		}
		lq.Filter.Channel = v
	}
	switch v := q.Get("assignee"); v {
	case "":
	case "me":
		lq.Filter.AssigneeID = u.ID
	case "none":
		lq.Filter.Unassigned = true
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("assignee", "err.unknown_key", v)
		}
		lq.Filter.AssigneeID = id
	}
	switch v := q.Get("incomplete"); v {
	case "", "false":
	case "true":
		lq.Filter.Incomplete = true
	default:
		errs.Add("incomplete", "err.bool")
	}
	switch v := q.Get("overdue"); v {
	case "", "false":
	case "true":
		lq.Filter.Overdue = true
	default:
		errs.Add("overdue", "err.bool")
	}
	loc := p.Location()
	if v := q.Get("received_from"); v != "" {
		t, err := ParseTime("received_from", v, loc)
		if err != nil {
			errs.Add("received_from", "err.date")
		}
		lq.Filter.ReceivedFrom = t
	}
	if v := q.Get("received_to"); v != "" {
		t, err := ParseTime("received_to", v, loc)
		if err != nil {
			errs.Add("received_to", "err.date")
		}
		// A date "to" includes that whole day.
		if _, dateOnly := parseDate(v); dateOnly {
			t = t.In(loc).AddDate(0, 0, 1).UTC()
		}
		lq.Filter.ReceivedTo = t
	}
	lq.Filter.Query = strings.TrimSpace(q.Get("q"))
	if len(lq.Filter.Query) > 200 {
		errs.Add("q", "err.too_long", 200)
	}
	sortBy := q.Get("sort")
	if sortBy == "relevance" || (sortBy == "" && lq.Filter.Query != "") {
		if lq.Filter.Query == "" {
			errs.Add("sort", "err.sort.relevance")
		}
		lq.Relevance, sortBy = true, ""
	}
	sort, err := store.ParseSort(sortBy)
	if err != nil {
		errs.Add("sort", "err.sort", q.Get("sort"))
	}
	lq.Sort = sort
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxLimit {
			errs.Add("limit", "err.limit", store.MaxLimit)
		}
		lq.Limit = n
	}
	if v := q.Get("cursor"); v != "" && lq.Relevance {
		errs.Add("cursor", "err.cursor")
	} else if v != "" && !errs.Has("sort") {
		c, err := store.ParseCursor(v, sort)
		if err != nil {
			errs.Add("cursor", "err.cursor")
		}
		lq.After = c
	}
	return lq, errs.Err()
}

func parseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	return v, len(v) == len("2006-01-02")
}
