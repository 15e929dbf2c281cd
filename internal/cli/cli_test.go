package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/store"
)

// runCmd runs a command in-process with stdin and returns exit code,
// stdout and stderr.
func runCmd(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	}
	code := run(store.System(context.Background()), e, args)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	cases := []struct {
		name    string
		stdin   string
		args    []string
		code    int
		out     string // substring of stdout
		errText string // substring of stderr
	}{
		{"help", "", []string{"help"}, 0, "user add", ""},
		{"unknown", "", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"version", "", []string{"version"}, 0, "klacht ", ""},
		{"bad db", "", []string{"migrate", "--db", "mysql://x"}, 2, "", "use sqlite:PATH or a postgres:// URL"},
		{"bad flag", "", []string{"migrate", "--nope"}, 2, "", "flag provided but not defined"},
		{"replica of sqlite", "", []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--db-replica", "sqlite:other.db"}, 2, "",
			"a streaming replica needs PostgreSQL for both"},
		{"bad replica", "", []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--db-replica", "mysql://x"}, 2, "",
			"use sqlite:PATH or a postgres:// URL"},
		{"bench bad sizes", "", []string{"bench", "--complaints", "10"}, 2, "", "--complaints ≥ 1000"},
		{"bench reuse needs a database", "", []string{"bench", "--reuse"}, 2, "", "--reuse needs --bench-db"},
		{"bench load clients zero", "", []string{"bench", "load", "--clients", "0"}, 2, "",
			"--clients: numbers from 1 to 1000"},
		{"bench load clients not numbers", "", []string{"bench", "load", "--clients", "1,acht"}, 2, "",
			"--clients: numbers from 1 to 1000"},
		{"bench load needs a token", "", []string{"bench", "load", "--base-url", "http://127.0.0.1:1"}, 2, "",
			"an API token of a coordinator goes on stdin"},
		{"stray argument", "", []string{"migrate", "--db", db, "extra"}, 2, "", `unexpected argument "extra"`},
		{"migrate", "", []string{"migrate", "--db", db}, 0, "up to date", ""},
		{"no users", "", []string{"user", "list", "--db", db}, 0, "no users yet", ""},
		{
			"add needs fields",
			"",
			[]string{"user", "add", "--db", db, "--email", "x"},
			2,
			"",
			"--email: Enter an e-mail address",
		},
		{
			"bad role",
			"",
			[]string{"user", "add", "--db", db, "--email", "a@example.nl", "--name", "A", "--role", "pilot"},
			2,
			"",
			`--role: Unknown value "pilot"`,
		},
		{
			"bad department",
			"",
			[]string{
				"user",
				"add",
				"--db",
				db,
				"--email",
				"a@example.nl",
				"--name",
				"A",
				"--role",
				"agent",
				"--department",
				"canteen",
			},
			2,
			"",
			"unknown department",
		},
		{
			"short password",
			"short\n",
			[]string{"user", "add", "--db", db, "--email", "a@example.nl", "--name", "A", "--role", "agent"},
			2,
			"",
			"password on stdin",
		},
		{
			"add with password",
			"a long password\n",
			[]string{"user", "add", "--db", db, "--email", "A@example.nl", "--name", "Anna", "--role", "agent"},
			0,
			"added Anna <a@example.nl> as agent",
			"",
		},
		{
			"add duplicate",
			"a long password\n",
			[]string{"user", "add", "--db", db, "--email", "a@example.nl", "--name", "Anna", "--role", "agent"},
			2,
			"",
			"already exists",
		},
		{
			"add with link",
			"",
			[]string{
				"user",
				"add",
				"--db",
				db,
				"--email",
				"b@example.nl",
				"--name",
				"Bo",
				"--role",
				"coordinator",
				"--base-url",
				"https://klacht.example",
			},
			0,
			"https://klacht.example/password/",
			"",
		},
		{"list", "", []string{"user", "list", "--db", db}, 0, "b@example.nl", ""},
		{
			"token unknown user",
			"",
			[]string{"token", "create", "--db", db, "--email", "nobody@example.nl"},
			1,
			"",
			"no user with e-mail",
		},
		{
			"token bad expiry",
			"",
			[]string{"token", "create", "--db", db, "--email", "a@example.nl", "--expires", "soon"},
			2,
			"",
			"--expires",
		},
		{
			"token",
			"",
			[]string{"token", "create", "--db", db, "--email", "a@example.nl", "--expires", "90d"},
			0,
			"klacht_",
			"",
		},
		{"report needs quarter", "", []string{"report", "quarterly", "--db", db, "--year", "2026"}, 2, "", "--quarter"},
		{
			"report csv",
			"",
			[]string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1"},
			0,
			"figure,Cijfer,2026-Q1,2025-Q4",
			"",
		},
		{
			"report json",
			"",
			[]string{"report", "quarterly", "--db", db, "--year", "2026", "--quarter", "1", "--format", "json"},
			0,
			`"quarter": "2026-Q1"`,
			"",
		},
		{"serve bad addr", "", []string{"serve", "--db", db, "--addr", "8080"}, 2, "", "want host:port"},
		{"serve bad interval", "", []string{"serve", "--db", db, "--term-watch-every", "0s"}, 2, "", "--term-watch-every"},
		{
			"serve bad smtp",
			"",
			[]string{
				"serve",
				"--db",
				db,
				"--smtp-host",
				"mail.example.nl",
				"--smtp-security",
				"ssl",
				"--smtp-from",
				"a@example.nl",
			},
			2,
			"",
			"security",
		},
		{"serve bad smtp port", "", []string{"serve", "--db", db, "--smtp-port", "x"}, 2, "", "--smtp-port"},
		{"serve bad mail auth", "", []string{"serve", "--db", db, "--imap-auth", "kerberos"}, 2, "", "--imap-auth"},
		{
			"serve xoauth2 without a token url",
			"",
			[]string{"serve", "--db", db, "--smtp-auth", "xoauth2"},
			2,
			"",
			"KLACHT_MAIL_OAUTH_TOKEN_URL",
		},
		{
			"serve xoauth2 with a password",
			"",
			[]string{"serve", "--db", db, "--smtp-auth", "xoauth2", "--mail-oauth-token-url", "https://login.example/token",
				"--mail-oauth-client-id", "klacht", "--mail-oauth-client-secret", "s", "--smtp-host", "smtp.example", "--smtp-username", "a@example.nl", "--smtp-password", "pw", "--smtp-from", "a@example.nl"},
			2,
			"",
			"no password",
		},
		{
			"serve bad imap",
			"",
			[]string{"serve", "--db", db, "--imap-addr", "mail.example.nl:993"},
			2,
			"",
			"imap: give a username",
		},
		{"serve bad status days", "", []string{"serve", "--db", db, "--status-link-days", "0"}, 2, "", "--status-link-days"},
		{"serve bad base url", "", []string{"serve", "--db", db, "--base-url", "klacht.example"}, 2, "", "--base-url"},
		{
			"serve sso without roles",
			"",
			[]string{
				"serve",
				"--db",
				db,
				"--oidc-issuer",
				"https://login.example.org",
				"--oidc-client-id",
				"k",
				"--oidc-client-secret",
				"s",
			},
			2,
			"",
			"no role rules",
		},
		{
			"serve sso bad role",
			"",
			[]string{
				"serve",
				"--db",
				db,
				"--oidc-issuer",
				"https://login.example.org",
				"--oidc-client-id",
				"k",
				"--oidc-client-secret",
				"s",
				"--oidc-roles",
				"staff=pilot",
			},
			2,
			"",
			`role rule "staff=pilot"`,
		},
		{
			"serve sso plain http",
			"",
			[]string{
				"serve",
				"--db",
				db,
				"--oidc-issuer",
				"http://login.example.org",
				"--oidc-client-id",
				"k",
				"--oidc-client-secret",
				"s",
				"--oidc-roles",
				"staff=agent",
			},
			2,
			"",
			"want an https URL",
		},
		{
			"serve sso no secret",
			"",
			[]string{"serve", "--db", db, "--oidc-issuer", "https://login.example.org", "--oidc-roles", "staff=agent"},
			2,
			"",
			"client id and secret",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errText := runCmd(t, tc.stdin, nil, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errText, tc.errText) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errText)
			}
		})
	}
	// The token is alone on the last line of stdout.
	_, out, _ := runCmd(t, "", nil, "token", "create", "--db", db, "--email", "a@example.nl")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "klacht_") || strings.Contains(last, " ") {
		t.Errorf("last line %q is not a bare token", last)
	}
}

func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "klacht.env")
	writeFile(t, file, "# comment\nKLACHT_DB=sqlite:"+filepath.Join(dir, "from-file.db")+"\nKLACHT_LOG_LEVEL=debug\n")
	env := map[string]string{"KLACHT_CONFIG": file, "KLACHT_LOG_LEVEL": "warn"}
	e := &Env{Getenv: func(k string) string { return env[k] }, Stderr: &bytes.Buffer{}}
	var cfg Config
	fs, _, err := newFlags(e, "x", nil, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := parse(fs, []string{"--log-format", "json"}, &cfg); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(cfg.DB, "from-file.db") || cfg.LogLevel != "warn" || cfg.LogFormat != "json" {
		t.Errorf("cfg = %+v: want db from file, level from env, format from flag", cfg)
	}
	writeFile(t, file, "not a setting\n")
	if _, _, err := newFlags(e, "x", nil, &cfg); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad config file: %v", err)
	}
}

func TestImportCancellations(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "k.db")
	data, bad := cancellation.SampleCSV(10000, 33, 9)
	file := filepath.Join(dir, "opzeggingen.csv")
	writeFile(t, file, string(data))
	code, out, errText := runCmd(t, "", nil, "import", "cancellations", file, "--db", db, "--lang", "en", "--dry-run")
	if code != 0 || !strings.Contains(out, "Nothing was imported") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errText)
	}
	code, out, errText = runCmd(t, "", nil, "import", "cancellations", file, "--db", db, "--lang", "en")
	good := 10000 - len(bad)
	if code != 1 ||
		!strings.Contains(out, fmt.Sprintf("10000 rows: %d imported, 0 were imported before, %d refused.", good, len(bad))) {
		t.Fatalf("import: %d\n%s\n%s", code, out[max(0, len(out)-300):], errText)
	}
	for line, field := range bad {
		if !strings.Contains(out, fmt.Sprintf("Row %d: %s: ", line, field)) {
			t.Errorf("report lacks row %d (%s)", line, field)
			break
		}
	}
	if !strings.Contains(errText, "100%") || !strings.Contains(errText, "[###") {
		t.Errorf("no progress bar: %q", errText[:min(200, len(errText))])
	}
	_, out, _ = runCmd(t, "", nil, "import", "cancellations", file, "--db", db, "--lang", "en")
	if !strings.Contains(out, fmt.Sprintf("0 imported, %d were imported before", good)) {
		t.Errorf("second import: %s", out[max(0, len(out)-200):])
	}
	// The same rows as a workbook: nothing new, the same refusals.
	recs, _ := csv.NewReader(bytes.NewReader(data)).ReadAll()
	rows := make([][]any, len(recs))
	for i, r := range recs {
		for _, c := range r {
			rows[i] = append(rows[i], c)
		}
	}
	var book bytes.Buffer
	if err := sheet.WriteXLSX(&book, sheet.Table{Name: "opzeggingen", Rows: rows}); err != nil {
		t.Fatal(err)
	}
	xlsxFile := filepath.Join(dir, "opzeggingen.xlsx")
	writeFile(t, xlsxFile, book.String())
	code, out, _ = runCmd(t, "", nil, "import", "cancellations", xlsxFile, "--db", db, "--lang", "en")
	if code != 1 || !strings.Contains(out, fmt.Sprintf("10000 rows: 0 imported, %d were imported before, %d refused.", good, len(bad))) {
		t.Errorf("the same rows as XLSX: %d %s", code, out[max(0, len(out)-200):])
	}
	if code, out, _ := runCmd(t, "", nil, "cancellations", "list", "--db", db, "--status", "all"); code != 0 ||
		!strings.Contains(out, "1000 listed") {
		t.Errorf("cancellations list: %d %s", code, out[max(0, len(out)-100):])
	}
	if code, _, errText := runCmd(t, "", nil, "cancellations", "list", "--db", db, "--status", "lost"); code != 2 ||
		!strings.Contains(errText, "--status") {
		t.Errorf("bad status: %d %s", code, errText)
	}
	if code, out, _ := runCmd(t, "", nil, "appeals", "list", "--db", db); code != 0 ||
		!strings.Contains(out, "DECIDE BY") {
		t.Errorf("appeals list: %d %s", code, out)
	}
	if code, _, errText := runCmd(t, "", nil, "import", "cancellations", "--db", db); code != 2 ||
		!strings.Contains(errText, "give the file") {
		t.Errorf("no file: %d %s", code, errText)
	}
	writeFile(t, file, "a;b\n1;2\n")
	if code, _, errText := runCmd(t, "", nil, "import", "cancellations", file, "--db", db, "--lang", "en"); code != 1 ||
		!strings.Contains(errText, "lacks the columns") {
		t.Errorf("bad columns: %d %s", code, errText)
	}
}
