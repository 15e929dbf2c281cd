package member

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// HTTPLookup asks the membership system's API for a member: a GET of
// URL with {member} replaced by the (escaped) member number, with an
// optional header (its authorisation), answered with JSON from which
// Fields picks each field by a dotted path ("data.address.street",
// "emails.0"). 404 is "no such member".
type HTTPLookup struct {
	URL     string            // https://crm.example/api/members/{member}
	Header  string            // "Authorization: Bearer …"
	Fields  map[string]string // klacht's field → the JSON path; a field left out is read from its own name
	Timeout time.Duration     // 3 s when zero
	Client  *http.Client
}

// ErrNotFound is a member the source does not know.
var ErrNotFound = errors.New("member: not found")

// ParseFields reads a mapping "name=data.fullName, email=contact.email".
func ParseFields(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		var r Record
		if !ok || v == "" || !r.Set(k, "") {
			return nil, fmt.Errorf("member look-up field %q: write field=json.path with a field of %s", part,
				strings.Join(Fields, ", "))
		}
		m[k] = v
	}
	return m, nil
}

// Check reports what is wrong with the configuration, before first use.
func (l HTTPLookup) Check() error {
	u, err := url.Parse(strings.ReplaceAll(l.URL, "{member}", "1"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.Contains(l.URL, "{member}") {
		return fmt.Errorf("member look-up URL %q: an http(s) address with {member} where the member number goes", l.URL)
	}
	if l.Header != "" {
		if name, _, ok := strings.Cut(l.Header, ":"); !ok || strings.TrimSpace(name) == "" {
			return fmt.Errorf("member look-up header: write Name: value")
		}
	}
	return nil
}

// Lookup asks for member number nr.
func (l HTTPLookup) Lookup(ctx context.Context, nr string) (Record, error) {
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	client := l.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.ReplaceAll(l.URL, "{member}", url.PathEscape(nr)), nil)
	if err != nil {
		return Record{}, fmt.Errorf("member look-up: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if name, value, ok := strings.Cut(l.Header, ":"); ok {
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	res, err := client.Do(req)
	if err != nil {
		return Record{}, fmt.Errorf("member look-up: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return Record{}, ErrNotFound
	}
	if res.StatusCode != http.StatusOK {
		return Record{}, fmt.Errorf("member look-up: the membership system answered %s", res.Status)
	}
	var doc any
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&doc); err != nil {
		return Record{}, fmt.Errorf("member look-up: the answer is not JSON: %w", err)
	}
	r := Record{MemberNumber: nr}
	found := false
	for _, f := range Fields[1:] {
		path := f
		if p, ok := l.Fields[f]; ok {
			path = p
		}
		if v, ok := pick(doc, path); ok {
			r.Set(f, v)
			found = found || v != ""
		}
	}
	if !found {
		return Record{}, ErrNotFound // an empty answer names nobody
	}
	return r, nil
}

// pick walks a dotted path through decoded JSON: object keys, and array
// indexes as numbers; a number or boolean at its end is written as text.
func pick(doc any, path string) (string, bool) {
	cur := doc
	for _, step := range strings.Split(path, ".") {
		switch node := cur.(type) {
		case map[string]any:
			v, ok := node[step]
			if !ok {
				return "", false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(node) {
				return "", false
			}
			cur = node[i]
		default:
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}
