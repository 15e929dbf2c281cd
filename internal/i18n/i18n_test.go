package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every key exists in both languages.
func TestCatalogsMatch(t *testing.T) {
	if diff := cmp.Diff(Keys(NL), Keys(EN)); diff != "" {
		t.Errorf("catalog keys differ (-nl +en):\n%s", diff)
	}
	for _, lang := range Supported {
		for _, k := range Keys(lang) {
			if strings.TrimSpace(T(lang, k)) == "" {
				t.Errorf("%s: %s is empty", lang, k)
			}
		}
	}
}

// Every literal key the code and templates use exists.
func TestUsedKeysExist(t *testing.T) {
	key := regexp.MustCompile(`"((?:err|f|login|setup|password|list|form|detail|user|sort|notice|nav|error|lang|due|action|event|status|concerns|timeline)\.[a-z_.]+[a-z_])"`)
	root := filepath.Join("..", "..")
	known := map[string]bool{}
	for _, k := range Keys(EN) {
		known[k] = true
	}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		// Permission names (auth) look like keys but are not messages.
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "permission.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			k := m[1]
			if strings.HasSuffix(path, ".html") || strings.Contains(k, ".") {
				if !known[k] && !strings.HasPrefix(k, "lang.switch.") {
					t.Errorf("%s uses %q, missing from the catalogs", path, k)
				}
			}
		}
		return nil
	})
}

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]Lang{
		"": NL, "en-US,en;q=0.9": EN, "de-DE, en;q=0.5": EN, "nl-BE": NL, "fr": NL,
		// Quality values decide, not the order.
		"nl;q=0.2, en;q=0.8": EN, "en;q=0.1, nl": NL, "en-GB;q=0.9, nl-NL;q=0.95": NL,
		// Rubbish and what is refused outright.
		"*": NL, "en;q=0": NL, ";;;,,q=": NL, "en-AU": EN,
		// Frisian is not Dutch: the reader named English as their second.
		"fy-NL, en;q=0.5": EN,
	} {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("%q → %s, want %s", h, got, want)
		}
	}
}

// TestKeyArguments: an argument that is a message key is rendered in the
// message's language, and the caller's arguments are left as they were.
func TestKeyArguments(t *testing.T) {
	args := []any{Key("status.in_progress"), Key("status.closed")}
	for _, c := range []struct {
		lang Lang
		want string
	}{
		{NL, "Een klacht kan niet van ‘In behandeling’ naar ‘Gesloten’."},
		{EN, "A complaint cannot go from “In progress” to “Closed”."},
	} {
		if got := T(c.lang, "err.status.transition", args...); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
	if args[0] != Key("status.in_progress") {
		t.Errorf("the caller's arguments changed: %v", args)
	}
}
