package arch

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/klacht/klacht/"

// imports reads the non-test imports of every package under internal/,
// keyed by the package's path below the module ("internal/store").
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !slices.Contains(out[pkg], p) {
				out[pkg] = append(out[pkg], p)
			}
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reaches reports whether pkg imports target, directly or through other
// packages of the module.
func reaches(all map[string][]string, pkg, target string, seen map[string]bool) bool {
	if seen[pkg] {
		return false
	}
	seen[pkg] = true
	for _, im := range all[pkg] {
		own, ok := strings.CutPrefix(im, module)
		if !ok {
			continue
		}
		if own == target || reaches(all, own, target, seen) {
			return true
		}
	}
	return false
}

// TestLayers: the web is the outermost layer; the use cases (app), the
// jobs, the mailbox, the reports and the store never reach it; the store
// knows nothing of messages; the domain does no I/O.
func TestLayers(t *testing.T) {
	all := imports(t)
	if !reaches(all, "internal/web", "internal/app", map[string]bool{}) ||
		!reaches(all, "internal/cli", "internal/complaint", map[string]bool{}) {
		t.Fatal("the import graph misses what is there: web calls app, cli reaches the domain")
	}
	for _, c := range []struct{ from, to string }{
		{"internal/app", "internal/web"}, {"internal/jobs", "internal/web"}, {"internal/intake", "internal/web"},
		{"internal/store", "internal/web"}, {"internal/report", "internal/web"}, {"internal/notify", "internal/web"},
		{"internal/store", "internal/notify"}, {"internal/store", "internal/app"}, {"internal/complaint", "internal/store"},
		{"internal/procedure", "internal/store"}, {"internal/cancellation", "internal/store"},
	} {
		if _, ok := all[c.from]; !ok {
			t.Fatalf("no package %s", c.from)
		}
		if reaches(all, c.from, c.to, map[string]bool{}) {
			t.Errorf("%s imports %s", c.from, c.to)
		}
	}
	io := []string{"os", "os/exec", "net", "net/http", "net/smtp", "database/sql", "io/fs", "log", "log/slog"}
	for _, pkg := range []string{"internal/complaint", "internal/cancellation", "internal/procedure"} {
		for _, im := range all[pkg] {
			if slices.Contains(io, im) {
				t.Errorf("the domain package %s imports %s", pkg, im)
			}
		}
	}
}

// TestWebByAudience: the web is split by audience. The API, the staff pages
// and the public pages each call the use cases and share only web/kit;
// none imports another or the server that composes them, and kit knows
// none of them.
func TestWebByAudience(t *testing.T) {
	all := imports(t)
	audiences := []string{"internal/web/api", "internal/web/ui", "internal/web/public"}
	for _, a := range audiences {
		if !reaches(all, a, "internal/app", map[string]bool{}) || !slices.Contains(all[a], module+"internal/web/kit") {
			t.Errorf("%s does not call the use cases through kit's Core", a)
		}
		if !slices.Contains(all["internal/web"], module+a) {
			t.Errorf("the server does not compose %s's routes", a)
		}
		for _, b := range append(slices.Clone(audiences), "internal/web") {
			if a != b && reaches(all, a, b, map[string]bool{}) {
				t.Errorf("%s imports %s", a, b)
			}
		}
		if reaches(all, "internal/web/kit", a, map[string]bool{}) {
			t.Errorf("internal/web/kit imports %s", a)
		}
	}
}

// TestWebWritesThroughApp: the web reads the store under the caller's
// scope, but every change goes through a use case in app, which takes the
// clock and the rules; no handler calls a store method that writes.
func TestWebWritesThroughApp(t *testing.T) {
	write := regexp.MustCompile(`\bStore\.((?:Create|Update|Delete|Set|Save|Mark|Use|Start|End|Queue|Complete|Login|` +
		`Unlock|Audit|Insert|Add|Record|Publish|Withdraw|Resolve|Erase|Import|Merge|Take|Register|Move|Handle|` +
		`Assign|Forward|Pause|Resume|Sign|Conclude|Lift|Rate|Print|Decide|File)(?:[A-Z][A-Za-z]*)?)\(`)
	read := 0
	for _, dir := range []string{"web", "web/kit", "web/api", "web/ui", "web/public"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			read += strings.Count(string(src), "Store.")
			for _, m := range write.FindAllStringSubmatch(string(src), -1) {
				if m[1] == "AuditLog" || m[1] == "SaveRate" { // reads: the log, the offers' save rate
					continue
				}
				t.Errorf("%s calls store.%s: a change goes through app", f, m[1])
			}
		}
	}
	if read < 20 {
		t.Fatalf("only %d store calls found in the web: the test reads the wrong files", read)
	}
}

// TestOneStatusWrite: a complaint's status is written in one place, the
// store's saveComplaint, after the domain's status rules (complaint.MoveTo,
// Handle, MergeInto) have allowed the change.
func TestOneStatusWrite(t *testing.T) {
	write := regexp.MustCompile(`(?is)UPDATE\s+complaints\s+SET[^;` + "`" + `]*\bstatus\s*=`)
	files, err := filepath.Glob(filepath.Join("..", "store", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range write.FindAllIndex(src, -1) {
			found++
			before := string(src[:m[0]])
			fn := before[strings.LastIndex(before, "\nfunc "):]
			if filepath.Base(f) != "complaint.go" || !strings.HasPrefix(fn, "\nfunc saveComplaint(") {
				t.Errorf("%s writes a complaint's status outside saveComplaint:\n%.200s", f, src[m[0]:])
			}
		}
	}
	if found != 1 {
		t.Errorf("found %d status writes, want the one in saveComplaint", found)
	}
}

// TestNoProfileKeyInLogic: what a category or department means is data in
// the profile, so no key of the default profile is written into the logic
// of the store, the use cases, the web, the jobs, the mailbox or the
// reports. (Tests and the default profile itself name them freely.)
func TestNoProfileKeyInLogic(t *testing.T) {
	keys := []string{"telemarketing", "street_recruitment", "privacy", "financial", "delivery", "campaign_content",
		"conduct", "other", "servicelijn", "fondsen_ledenwerving", "campagnes", "functionaris_gegevensbescherming",
		"communicatie_fondsenwerving", "managementteam", "bestuur"}
	var files []string
	for _, dir := range []string{"store", "app", "web", "web/kit", "web/api", "web/ui", "web/public", "jobs", "intake",
		"report"} {
		for _, pattern := range []string{"*.go", "templates/*.html"} {
			found, err := filepath.Glob(filepath.Join("..", dir, pattern))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, found...)
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d files read", len(files))
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			for _, lit := range []string{`"` + k + `"`, `'` + k + `'`} {
				if i := strings.Index(string(src), lit); i >= 0 {
					line := 1 + strings.Count(string(src[:i]), "\n")
					t.Errorf("%s:%d names the profile key %s", f, line, lit)
				}
			}
		}
	}
}
