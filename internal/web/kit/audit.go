package kit

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

// AuditPageSize is how many entries a page of the log shows.
const AuditPageSize = 100

// AuditFilter reads the log's search from the query: object, actor,
// action, from and to (dates), before (the next page).
func AuditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{
		Object: strings.TrimSpace(q.Get("object")),
		Actor:  strings.TrimSpace(q.Get("actor")),
		Action: strings.TrimSpace(q.Get("action")),
	}
	var errs fault.Validation
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.name)); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				errs.Add(d.name, "err.date")
			}
			*d.dst = t
		}
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			errs.Add("before", "err.number")
		}
		f.Before = n
	}
	for _, v := range []string{f.Object, f.Actor, f.Action} {
		if len(v) > 200 {
			errs.Add("object", "err.too_long", 200)
		}
	}
	return f, errs.Err()
}
