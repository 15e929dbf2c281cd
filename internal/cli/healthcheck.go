package cli

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// runHealthcheck asks a running klacht whether it is alive, for container
// healthchecks on images without curl (the distroless image): exit 0 when
// /healthz answers 200 within the timeout.
func runHealthcheck(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	addr := env.Getenv("KLACHT_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	if strings.HasPrefix(addr, ":") {
		addr = "127.0.0.1" + addr // listening on every address: ask the local one
	}
	url := fs.String("url", "http://"+addr+"/healthz", "the address of /healthz (default from KLACHT_ADDR)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", *url, res.Status)
	}
	fmt.Fprintln(env.Stdout, "ok")
	return nil
}
