package intake

import (
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// parseMediaType reads a Content-Type or Content-Disposition value. It
// asks the standard library first; where that refuses (an encoded-word in
// a parameter, a missing quote, a stray character, a parameter twice),
// it reads the value leniently, as mail programs do, so a part with a
// broken header keeps its type and the best name that can be recovered.
// The type is lower case and empty when none can be read.
func parseMediaType(v string) (string, map[string]string) {
	head, rest, _ := strings.Cut(v, ";")
	if t, params, err := mime.ParseMediaType(v); err == nil {
		// The standard library drops an RFC 2231 value in a charset other
		// than UTF-8 or ASCII; the lenient reader decodes it.
		for k, val := range lenientParams(rest) {
			if _, ok := params[k]; !ok {
				params[k] = val
			}
		}
		return t, params
	}
	t := strings.ToLower(strings.TrimSpace(head))
	if strings.ContainsAny(t, " \t\"=") {
		t = ""
	}
	return t, lenientParams(rest)
}

// lenientParams reads "; key=value" pairs, values quoted or not, closing
// quote or not, and joins RFC 2231 continuations (name*0*=…; name*1=…)
// and extended values (name*=charset'lang'%XX…).
func lenientParams(s string) map[string]string {
	type piece struct {
		index   int
		encoded bool
		value   string
	}
	pieces := map[string][]piece{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		s = strings.TrimLeft(s, "; \t")
		eq := strings.IndexByte(s, '=')
		semi := strings.IndexByte(s, ';')
		if eq < 0 || (semi >= 0 && semi < eq) {
			if semi < 0 {
				break
			}
			s = s[semi+1:]
			continue // a parameter without a value
		}
		key := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimLeft(s[eq+1:], " \t")
		var val string
		val, s = paramValue(s)
		if key == "" {
			continue
		}
		p := piece{index: -1}
		base := key
		if b, ok := strings.CutSuffix(base, "*"); ok {
			base, p.encoded = b, true
		}
		if b, n, ok := strings.Cut(base, "*"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < 1000 {
				base, p.index = b, i
			}
		}
		p.value = val
		pieces[base] = append(pieces[base], p)
	}
	out := map[string]string{}
	for key, ps := range pieces {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].index < ps[j].index })
		var b strings.Builder
		charset := ""
		for i, p := range ps {
			if i > 0 && p.index < 0 {
				continue // the same plain parameter twice: the first wins
			}
			v := p.value
			if p.encoded {
				if i == 0 {
					if cs, rest, ok := strings.Cut(v, "'"); ok {
						if _, text, ok := strings.Cut(rest, "'"); ok {
							charset, v = cs, text
						}
					}
				}
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
			}
			b.WriteString(v)
		}
		val := b.String()
		if charset != "" {
			val = toUTF8([]byte(val), charset)
		}
		out[key] = val
	}
	return out
}

// paramValue reads one value at the start of s: a quoted string (its end
// quote may be missing) or everything up to the next semicolon.
func paramValue(s string) (string, string) {
	if !strings.HasPrefix(s, `"`) {
		v, rest, _ := strings.Cut(s, ";")
		return strings.TrimSpace(v), rest
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	// No closing quote: the value runs to the next semicolon, if any.
	v, rest, _ := strings.Cut(s[1:], ";")
	return strings.TrimSpace(v), rest
}
