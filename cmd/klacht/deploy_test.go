package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDeployFiles checks what Docker cannot be asked about here: the
// image is built in stages into a static binary on a distroless base, runs
// without privileges with /data as its volume and checks itself with
// klacht healthcheck; compose runs it on PostgreSQL; the systemd unit is
// hardened. (.ci/run builds the binary with the Dockerfile's own line and
// runs systemd-analyze verify on the unit.)
func TestDeployFiles(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile("../../" + path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	docker := read("Dockerfile")
	froms := regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(docker, -1)
	if len(froms) < 2 || !strings.Contains(froms[len(froms)-1][1], "distroless/static") {
		t.Errorf("Dockerfile stages %v: want a build stage and a distroless static base", froms)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^RUN CGO_ENABLED=0 go build .*-o /out/klacht ./cmd/klacht$`),
		regexp.MustCompile(`(?m)^USER (65532|nonroot)`),
		regexp.MustCompile(`(?m)^VOLUME /data$`),
		regexp.MustCompile(`(?m)^HEALTHCHECK .*"/usr/local/bin/klacht", "healthcheck"`),
		regexp.MustCompile(`KLACHT_DB=sqlite:/data/klacht.db`),
		regexp.MustCompile(`KLACHT_ADDR=:8080`),
	} {
		if !want.MatchString(docker) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
	compose := read("compose.yaml")
	for _, want := range []string{"image: postgres:", "KLACHT_DB: postgres://", "condition: service_healthy", "pg_isready"} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
	unit := read("docs/systemd/klacht.service")
	for _, want := range []string{"DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=\n",
		"StateDirectory=klacht", "SystemCallFilter=@system-service", "MemoryDenyWriteExecute=yes", "ExecStart=/usr/local/bin/klacht serve"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the systemd unit lacks %q", want)
		}
	}
	deploy := read("docs/deploy.md")
	for _, want := range []string{"docker compose", "systemd", "klacht backup", "pg_dump", "migrate", "X-Forwarded"} {
		if !strings.Contains(deploy, want) {
			t.Errorf("docs/deploy.md does not mention %q", want)
		}
	}
}
