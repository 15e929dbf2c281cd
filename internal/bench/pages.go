package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StaffPages are the pages staff open, as `klacht bench pages` requests
// them: {ref} stands for a complaint of the register, a different one each
// time.
var StaffPages = []string{
	"/complaints/{ref}",
	"/complaints",
	"/complaints?status=open&sort=due_at",
	"/complaints?assignee=me&status=open&sort=due_at",
	"/complaints?overdue=true",
	"/complaints?incomplete=true",
	"/complaints?category=telemarketing&sort=received_at",
	// Kinds other than what the bench's own creates add: the newest
	// complaints are not theirs.
	"/complaints?team=ledenadministratie",
	"/complaints?channel=post",
	"/complaints?q=incasso",
	"/complaints?q=straatwerver+station",
	"/complaints?q=afgeschreven+rekening",
	"/complaints?q=%22twee+keer%22",
	"/dashboard",
	"/cancellations",
	"/appeals",
	"/notifications",
	"/audit", // the data protection officer's
}

// PagesOptions say which running klacht to measure and as whom.
type PagesOptions struct {
	Base            string // e.g. http://127.0.0.1:8080
	Email, Password string // a staff account that may open the pages
	Token           string // an API token, for paths under /api/
	Samples         int    // requests per page, after three to warm up
	Paths           []string
}

// PageFigure is one page's time as the client saw it: the server's work,
// the network on the same machine and reading the whole answer.
type PageFigure struct {
	Name   string  `json:"name"`
	Status int     `json:"status"`
	P50MS  float64 `json:"p50_ms"`
	P95MS  float64 `json:"p95_ms"`
	// FirstMS is the first request's time, before the warm-ups: a report
	// of a period that is over is computed then and kept.
	FirstMS float64 `json:"first_ms"`
}

// Pages signs in to a running klacht and times its pages from outside the
// server's process, one request at a time.
func Pages(ctx context.Context, o PagesOptions) ([]PageFigure, error) {
	if o.Samples <= 0 {
		o.Samples = 20
	}
	if len(o.Paths) == 0 {
		o.Paths = StaffPages
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := strings.TrimRight(o.Base, "/")
	res, err := c.PostForm(base+"/login", url.Values{"email": {o.Email}, "password": {o.Password}, "next": {"/complaints"}})
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/complaints") {
		return nil, fmt.Errorf("sign in as %s: answered %d, not a way in", o.Email, res.StatusCode)
	}
	get := func(path string) (time.Duration, int, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if err != nil {
			return 0, 0, "", err
		}
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Authorization", "Bearer "+o.Token)
		}
		t0 := time.Now()
		res, err := c.Do(req)
		if err != nil {
			return 0, 0, "", err
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		return time.Since(t0), res.StatusCode, string(body), err
	}
	var refs []string
	if slices.ContainsFunc(o.Paths, func(p string) bool { return strings.Contains(p, "{ref}") }) {
		if refs, err = references(get); err != nil {
			return nil, err
		}
	}
	var out []PageFigure
	for _, path := range o.Paths {
		var ds []float64
		status, first := 0, 0.0
		for i := -3; i < o.Samples; i++ {
			p := path
			if len(refs) > 0 {
				p = strings.ReplaceAll(path, "{ref}", refs[(i+3)%len(refs)])
			}
			d, st, _, err := get(p)
			if err != nil {
				return out, fmt.Errorf("%s: %w", p, err)
			}
			if i == -3 {
				first = float64(d.Microseconds()) / 1000
			}
			if i >= 0 {
				ds, status = append(ds, float64(d.Microseconds())/1000), st
			}
		}
		slices.Sort(ds)
		out = append(out, PageFigure{Name: path, Status: status, P50MS: ds[len(ds)/2],
			P95MS: ds[min(len(ds)-1, int(float64(len(ds))*0.95))], FirstMS: first})
	}
	return out, nil
}

var referencePattern = regexp.MustCompile(`/complaints/([A-Z]+-\d{4}-\d+)"`)

// references are complaints to open: those the lists show first in three
// orders, so the complaint pages are not one complaint's cached page.
func references(get func(string) (time.Duration, int, string, error)) ([]string, error) {
	seen := map[string]bool{}
	var refs []string
	for _, list := range []string{"/complaints", "/complaints?sort=due_at", "/complaints?sort=received_at"} {
		_, st, body, err := get(list)
		if err != nil {
			return nil, err
		}
		if st != http.StatusOK {
			return nil, fmt.Errorf("%s answered %d", list, st)
		}
		for _, m := range referencePattern.FindAllStringSubmatch(body, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				refs = append(refs, m[1])
			}
		}
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("the register shows no complaints to open")
	}
	return refs, nil
}

// WritePages prints the figures as a table.
func WritePages(w io.Writer, figs []PageFigure) {
	fmt.Fprintf(w, "%-52s %6s %9s %9s %9s\n", "page (outside the server's process)", "status", "p50 ms", "p95 ms",
		"first ms")
	for _, f := range figs {
		fmt.Fprintf(w, "%-52s %6d %9s %9s %9s\n", f.Name, f.Status, strconv.FormatFloat(f.P50MS, 'f', 1, 64),
			strconv.FormatFloat(f.P95MS, 'f', 1, 64), strconv.FormatFloat(f.FirstMS, 'f', 1, 64))
	}
}

// WritePagesJSON writes the figures as {"pages": [...]}, to compare runs.
func WritePagesJSON(w io.Writer, figs []PageFigure) error {
	return json.NewEncoder(w).Encode(map[string]any{"pages": figs})
}
