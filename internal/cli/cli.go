// Package cli implements klacht's subcommands. It holds all wiring: one
// Config built from defaults, an optional file, KLACHT_* environment
// variables and flags, validated once before anything starts.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/klacht/klacht/internal/store"
)

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3".
var Version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what a command may touch of the outside world, so tests can run
// commands in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

func commands() []command {
	return []command{
		{"serve", "run the web server (UI and API) and background work", runServe},
		{"migrate", "create or upgrade the database and seed the default profile", runMigrate},
		{"user add", "add a user: --email --name --role [--department] [--lang]", runUserAdd},
		{"user list", "list users", runUserList},
		{"profile list", "the procedures that ship with klacht (awb9, wkkgz, iso10002) beside the default one", runProfileList},
		{"profile apply", "install a shipped procedure on an empty register: NAME", runProfileApply},
		{"user totp-reset", "remove a user's second factor (a lost phone): --email", runUserTOTPReset},
		{
			"token create",
			"print a new API token for a user: --email [--name] [--expires 90d] [--role narrower-role]",
			runTokenCreate,
		},
		{"token list", "a user's API tokens: --email", runTokenList},
		{"token revoke", "stop an API token at once: --id", runTokenRevoke},
		{
			"import cancellations",
			"import cancellations from a spreadsheet: FILE.csv|FILE.xlsx [--source] [--map] [--dry-run]",
			runImportCancellations,
		},
		{
			"import complaints",
			"the old register: FILE.csv|FILE.xlsx [--source register] [--map …] [--good-rows] [--dry-run]; " +
				"all rows or none unless --good-rows",
			runImportComplaints,
		},
		{
			"import members",
			"the member file the register form is filled from (P4.1): FILE.csv|FILE.xlsx [--source file] [--dry-run]; " +
				"replaces the source's members",
			runImportMembers,
		},
		{"cancellations list", "list cancellations: [--status to_call|reached|not_reached|done|all]", runCancellationsList},
		{"appeals list", "the board's queue of appeals: [--decided]", runAppealsList},
		{
			"import volumes",
			"import contact volumes (R3) from a spreadsheet: FILE.csv|FILE.xlsx (columns from,to,kind,volume); all rows or none",
			runImportVolumes,
		},
		{
			"report quarterly",
			"the quarterly evaluation: --year --quarter [--format csv|json|xlsx|html|pdf] [--lang] [--out FILE]",
			runReportQuarterly,
		},
		{
			"report annual",
			"the yearly public summary: --year [--lang nl|en] [--format text|json|csv|xlsx|html|pdf] [--out FILE]",
			runReportAnnual,
		},
		{
			"audit verify",
			"check the audit log's keyed chain and its checkpoints: [--checkpoint FILE]; names what was changed or removed",
			runAuditVerify,
		},
		{
			"audit checkpoint",
			"add a signed checkpoint of the audit log to the checkpoint file, and print it",
			runAuditCheckpoint,
		},
		{
			"audit export",
			"the audit log as CSV or JSON: [--object REF] [--actor] [--action] [--from] [--to] [--format csv|json]",
			runAuditExport,
		},
		{
			"backup",
			"a consistent copy of the SQLite database while klacht runs: PATH (PostgreSQL: see docs/backup.md)",
			runBackup,
		},
		{"restore", "replace the SQLite database with a checked backup: BACKUP (stop klacht serve first)", runRestore},
		{
			"retention",
			"apply the profile's retention rule now: pseudonymise personal data of old closed complaints [--dry-run]",
			runRetention,
		},
		{"bench", "measure klacht on this machine with its baselines: [--complaints 1000000] [--bench-db URL]; " +
			"bench pages --base-url URL --email E (password on stdin): a running klacht's staff pages from outside", runBench},
		{"seed", "fill an empty database with a realistic register: [--complaints N] [--years 5] [--seed 1]", runSeed},
		{"healthcheck", "exit 0 when a running klacht answers /healthz: [--url http://127.0.0.1:8080/healthz]", runHealthcheck},
		{"version", "print the version", runVersion},
	}
}

// errUsage marks a mistake in the command line; the help text follows it.
var errUsage = errors.New("usage")

// errRowsRefused ends an import that stored the good rows but refused
// others: exit status 1, after the report.
var errRowsRefused = errors.New("some rows were refused; see the report")

// Run executes the command in args and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: osGetenv}
	return run(ctx, env, args)
}

func run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) < len(words) || strings.Join(args[:len(words)], " ") != c.name {
			continue
		}
		cmdCtx := ctx
		if c.name != "serve" {
			// A command is run by whoever holds the database: it works as
			// klacht's own machinery. serve scopes each request to its user.
			cmdCtx = store.System(ctx)
		}
		err := c.run(cmdCtx, env, args[len(words):])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errRowsRefused):
			fmt.Fprintf(env.Stderr, "klacht %s: %v\n", c.name, err)
			return 1
		case errors.Is(err, errUsage):
			fmt.Fprintf(env.Stderr, "klacht %s: %v\nRun 'klacht %s --help' for its options.\n", c.name, err, c.name)
			return 2
		default:
			fmt.Fprintf(env.Stderr, "klacht %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "klacht: unknown command %q\n\n", strings.Join(args, " "))
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "klacht — complaint handling for member organisations")
	fmt.Fprintln(w, "\nUsage: klacht <command> [options]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(
		w,
		"\nEvery command takes --db (or KLACHT_DB): sqlite:PATH or a postgres:// URL; default sqlite:klacht.db.",
	)
	fmt.Fprintln(w, "Run 'klacht <command> --help' for a command's options.")
}

func runVersion(_ context.Context, env *Env, args []string) error {
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	fmt.Fprintf(env.Stdout, "klacht %s\n", v)
	return nil
}
