package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
)

// LoadOptions say which running klacht to load, and how hard.
type LoadOptions struct {
	Base    string // e.g. http://127.0.0.1:8080
	Token   string // an API token of a staff account that may create and list
	Creates int    // creates at each number of clients
	Clients []int  // default 1, 8 and 64
	Samples int    // requests per list and search figure
	// RSS, when set, reads the server's resident memory; it is sampled
	// while the creates run.
	RSS func() int64
	Log io.Writer
}

// LoadResult is what the API did under load, as its clients saw it.
type LoadResult struct {
	Creates  []CreateFigure
	Lists    []Figure
	Searches []Figure
	RSSLoad  int64 // the highest sample while creating, in bytes
}

// Searches are the API searches measured: a common word, two words, a
// third pair and a reference.
var Searches = []string{"incasso", "straatwerver station", "afgeschreven rekening", `"twee keer"`, "K-2024-00042"}

// Load lists, searches and creates through the API of a running klacht,
// from this process: the server's runtime is its own.
func Load(ctx context.Context, o LoadOptions) (LoadResult, error) {
	var r LoadResult
	if len(o.Clients) == 0 {
		o.Clients = []int{1, 8, 64}
	}
	if o.Creates <= 0 {
		o.Creates = 2000
	}
	if o.Samples <= 0 {
		o.Samples = 200
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	c := newClient(strings.TrimRight(o.Base, "/"), o.Token)
	for _, l := range []struct{ name, query string }{
		{"newest", "limit=50"},
		{"open, most urgent", "status=registered,in_progress&sort=due_at&limit=50"},
		{"overdue", "overdue=true&sort=due_at&limit=50"},
		{"category", "category=street_recruitment&limit=50"},
		{"team", "team=ledenadministratie&limit=50"},
		{"channel", "channel=post&limit=50"},
		{"received last month", "received_from=" + time.Now().AddDate(0, -1, 0).Format("2006-01-02") + "&limit=50"},
	} {
		logf("list: %s", l.name)
		lat, err := c.gets(ctx, "/api/v1/complaints?"+l.query, o.Samples)
		if err != nil {
			return r, err
		}
		r.Lists = append(r.Lists, Figure{l.name, lat})
	}
	for _, q := range Searches {
		logf("search: %s", q)
		lat, err := c.gets(ctx, "/api/v1/complaints?limit=20&q="+queryEscape(q), o.Samples)
		if err != nil {
			return r, err
		}
		r.Searches = append(r.Searches, Figure{q, lat})
	}
	// The creates come last: what they add is not what the lists and
	// searches above are to be measured over.
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if o.RSS != nil {
				if m := o.RSS(); m > peak.Load() {
					peak.Store(m)
				}
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	for _, clients := range o.Clients {
		logf("creates: %d clients", clients)
		f, err := c.creates(ctx, clients, o.Creates)
		if err != nil {
			close(stop)
			return r, err
		}
		r.Creates = append(r.Creates, f)
	}
	close(stop)
	<-sampled
	r.RSSLoad = peak.Load()

	return r, nil
}

func queryEscape(q string) string {
	return strings.NewReplacer(" ", "+", `"`, "%22").Replace(q)
}
