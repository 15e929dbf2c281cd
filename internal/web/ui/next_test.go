package ui

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// TestSafeNext: the usual open-redirect bypasses all land on
// the start page; paths of this site pass unchanged.
func TestSafeNext(t *testing.T) {
	for _, next := range []string{
		"/complaints", "/complaints/K-2026-00001", "/complaints?status=registered&sort=due_at", "/audit?before=42#top", "/",
		"/reports/quarterly?q=2026-Q1", "/complaints/K-2026-00001/edit",
	} {
		if got := safeNext(next); got != next {
			t.Errorf("safeNext(%q) = %q, want it kept", next, got)
		}
	}
	for _, next := range []string{
		"", "complaints", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
		"/%09/evil.example", "/%2f/evil.example", "/%2F%2Fevil.example", "%2f%2fevil.example", "/%5cevil.example", "/%5Cevil.example",
		"/\n/evil.example", "/\r\n/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%00/evil.example",
		"https://evil.example", "http:/evil.example", "javascript:alert(1)", "/javascript:alert(1)//", "//evil.example/%2f..",
		"/%252f%252fevil.example", "/%25%32%66/evil.example", "/\u2028/evil.example", "/\u200b/evil.example", "/\x7f/evil.example",
		"/@evil.example", "/%", "/\xff", "\x00/", " /evil", "/ /evil.example"[:1] + "\t" + "/evil.example",
	} {
		got := safeNext(next)
		if got != "/complaints" && next != "/@evil.example" && next != "/javascript:alert(1)//" {
			t.Errorf("safeNext(%q) = %q, want /complaints", next, got)
		}
		if !browserSameOrigin(got) {
			t.Errorf("safeNext(%q) = %q leaves the site", next, got)
		}
	}
}

// browserSameOrigin reads a Location as a browser does (tabs and line
// breaks dropped, backslashes as slashes) against https://klacht.test.
func browserSameOrigin(loc string) bool {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' }))
	base, _ := url.Parse("https://klacht.test/login")
	ref, err := url.Parse(clean)
	if err != nil {
		return false
	}
	u := base.ResolveReference(ref)
	if dec, err := url.PathUnescape(u.Path); err == nil && strings.HasPrefix(dec, "//") {
		return false
	}
	return u.Scheme == "https" && u.Host == "klacht.test"
}

// FuzzSafeNext: whatever next is, the redirect stays on the site as a
// browser reads it, and holds no control character.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/complaints", "//evil.example", "/%09/evil.example", "/\\evil", "/%2f%2fx", "https://x", "/a?b=c#d", "/%252f/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !browserSameOrigin(got) {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || r == '\\' {
				t.Fatalf("safeNext(%q) = %q holds %q", next, got, r)
			}
		}
	})
}
