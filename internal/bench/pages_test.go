package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
	"github.com/klacht/klacht/internal/web"
)

// TestPages: `klacht bench pages` signs in to a running klacht over HTTP,
// opens every staff page (complaint pages of complaints the lists show)
// and reports each page's answer and times, as a table and as JSON.
func TestPages(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := store.System(context.Background())
	p, err := s.LoadProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: 300, End: time.Now()}); err != nil {
		t.Fatal(err)
	}
	u, err := auth.NewUser("coordinator@example.nl", "Coördinator", auth.RoleCoordinator, "", "nl")
	if err != nil {
		t.Fatal(err)
	}
	if u.PasswordHash, err = auth.HashPassword("a long password here"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, u, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Store: s, Profile: p, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	figs, err := Pages(context.Background(), PagesOptions{Base: ts.URL, Email: u.Email,
		Password: "a long password here", Samples: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != len(StaffPages) {
		t.Fatalf("%d figures for %d pages", len(figs), len(StaffPages))
	}
	for _, f := range figs {
		if f.Status != 200 && !(f.Name == "/audit" && f.Status == 403) {
			t.Errorf("%s answered %d", f.Name, f.Status)
		}
		if f.P50MS <= 0 || f.P95MS < f.P50MS {
			t.Errorf("%s: p50 %.2f, p95 %.2f", f.Name, f.P50MS, f.P95MS)
		}
	}
	var table, js bytes.Buffer
	WritePages(&table, figs)
	if !strings.Contains(table.String(), "/complaints/{ref}") {
		t.Errorf("table:\n%s", table.String())
	}
	if err := WritePagesJSON(&js, figs); err != nil {
		t.Fatal(err)
	}
	var back struct{ Pages []PageFigure }
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Pages) != len(figs) {
		t.Errorf("json: %v %s", err, js.String())
	}
	if _, err := Pages(context.Background(), PagesOptions{Base: ts.URL, Email: u.Email, Password: "wrong"}); err == nil {
		t.Error("a wrong password measured pages")
	}
}
