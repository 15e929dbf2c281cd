package kit

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/fault"
)

// Text klacht cannot keep: a NUL (PostgreSQL refuses it in text, and no
// person types one) or bytes that are not UTF-8. Every input path refuses
// it with the field named, before anything is written: the query string
// (guard), forms (parseForm and the upload forms) and JSON bodies
// (decodeJSON).

// badText reports whether s cannot be kept as text.
func badText(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }

// shownName is a field's name fit to show in an error about it.
func shownName(name string) string {
	name = strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), "")
	if name == "" {
		return "?"
	}
	return name
}

// valuesTextError names the first field (by name, sorted) of v whose name
// or value cannot be kept as text.
func valuesTextError(v url.Values) error {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if badText(k) {
			return fault.InvalidField(shownName(k), "err.text.bytes", shownName(k))
		}
		for _, val := range v[k] {
			if badText(val) {
				return fault.InvalidField(k, "err.text.bytes", k)
			}
		}
	}
	return nil
}

// QueryTextError checks a request's query string: escapes that do not
// decode, and parameters that cannot be kept as text.
func QueryTextError(r *http.Request) error {
	raw := r.URL.RawQuery
	if raw == "" {
		return nil
	}
	v := url.Values{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return fault.InvalidField(shownName(k), "err.query.escape", shownName(k))
		}
		value, err := url.QueryUnescape(val)
		if err != nil {
			return fault.InvalidField(shownName(key), "err.query.escape", shownName(key))
		}
		v.Add(key, value)
	}
	return valuesTextError(v)
}

// FormTextError checks a parsed form: every field and every file's name.
func FormTextError(r *http.Request) error {
	if err := valuesTextError(r.PostForm); err != nil {
		return err
	}
	if r.MultipartForm != nil {
		for field, files := range r.MultipartForm.File {
			for _, f := range files {
				if badText(f.Filename) {
					return fault.InvalidField(field, "err.text.bytes", field)
				}
			}
		}
	}
	return nil
}

// JSONTextError finds the first string in a JSON document, key or value,
// that cannot be kept as text, and names its field by its path
// ("complainant.name", "items[2]"): a NUL or bytes that are not UTF-8 in
// the raw body (found by offset, in a copy where they stand as X), or a
// NUL written as the escape \u0000.
func JSONTextError(body []byte) error {
	badAt := -1
	clean := body
	for i := 0; i < len(body); {
		r, n := utf8.DecodeRune(body[i:])
		if body[i] == 0 || (r == utf8.RuneError && n <= 1) {
			if badAt < 0 {
				badAt = i
				clean = append([]byte(nil), body...)
			}
			clean[i] = 'X'
			i++
			continue
		}
		i += n
	}
	body = clean
	dec := json.NewDecoder(strings.NewReader(string(body)))
	type level struct {
		array bool
		key   string
		index int
		atKey bool // an object expecting a key next
	}
	var stack []level
	path := func() string {
		var b strings.Builder
		for _, l := range stack {
			switch {
			case l.array:
				b.WriteString("[" + strconv.Itoa(l.index) + "]")
			case l.key != "":
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(shownName(l.key))
			}
		}
		if b.Len() == 0 {
			return "body"
		}
		return b.String()
	}
	// value marks the end of a value in the enclosing level.
	value := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].atKey = true
			}
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil // decodeJSON has answered syntax errors already
		}
		if badAt >= 0 && badAt < int(dec.InputOffset()) && badAt >= int(before) {
			if s, ok := tok.(string); ok && len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].atKey {
				stack[len(stack)-1].key = s
			}
			return fault.InvalidField(path(), "err.text.bytes", path())
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, level{atKey: true})
			case '[':
				stack = append(stack, level{array: true})
			default:
				stack = stack[:len(stack)-1]
				value()
			}
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].atKey {
				stack[n-1].key, stack[n-1].atKey = t, false
				if strings.IndexByte(t, 0) >= 0 {
					return fault.InvalidField(path(), "err.text.bytes", path())
				}
				continue
			}
			if strings.IndexByte(t, 0) >= 0 {
				return fault.InvalidField(path(), "err.text.bytes", path())
			}
			value()
		default:
			value()
		}
	}
}
