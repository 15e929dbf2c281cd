package web

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
)

// TestScopedTokens: a token made for a narrower role acts as that role
// (what it may do and see), expires, and stops at once when revoked; a
// role its user does not cover is refused.
func TestScopedTokens(t *testing.T) {
	e := newEnv(t, sqliteOnly)
	ctx := store.System(context.Background())
	c := e.mustCreate(validComplaint())
	coord := e.users[auth.RoleCoordinator]
	token, hash, _ := auth.NewSecret("klacht_")
	if err := e.store.CreateToken(ctx, coord.ID, hash, "reports", auth.RoleManager, t0, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	as := func(method, path string, body any) response {
		h := []string{"Authorization", "Bearer " + token}
		e.tokens["scoped"] = token
		return e.api(method, path, "scoped", body, h...)
	}
	if res := as(http.MethodGet, "/api/v1/reports/quarterly?year=2026&quarter=1", nil); res.Status != 200 {
		t.Errorf("report with a manager's token = %d", res.Status)
	}
	wantProblem(
		t,
		as(http.MethodPost, "/api/v1/complaints/"+c.Reference+"/transitions", map[string]any{"status": "in_progress"}),
		403,
		"",
	)
	var got api.ComplaintView
	as(http.MethodGet, "/api/v1/complaints/"+c.Reference, nil).JSON(t, &got)
	if got.Complainant.Email != "" || got.Complainant.Name == "" {
		t.Errorf("a manager's token sees %+v", got.Complainant)
	}
	if !auth.Covers(auth.RoleCoordinator, auth.RoleManager) || auth.Covers(auth.RoleAgent, auth.RoleManager) ||
		auth.Covers(auth.RoleManager, auth.RoleCoordinator) ||
		auth.Covers(auth.RoleDPO, auth.RoleAgent) {
		t.Error("Covers is wrong")
	}
	e.clock.Add(25 * time.Hour)
	wantProblem(t, as(http.MethodGet, "/api/v1/me", nil), 401, "")
	e.clock.Add(-25 * time.Hour)
	tokens, _ := e.store.Tokens(ctx, coord.ID)
	var id int64
	for _, tk := range tokens {
		if tk.Name == "reports" {
			id = tk.ID
		}
	}
	if err := e.store.RevokeToken(ctx, id, t0); err != nil {
		t.Fatal(err)
	}
	wantProblem(t, as(http.MethodGet, "/api/v1/me", nil), 401, "")
	if err := e.store.RevokeToken(ctx, id, t0); err == nil {
		t.Error("revoked twice")
	}
}
