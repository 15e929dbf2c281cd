package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/jobs"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/api"
	"github.com/klacht/klacht/internal/webhook"
)

// TestEveryEventReachesAnEndpoint walks a complaint's life, the term
// watch, a cancellation, the board, the reports and an erasure as staff do,
// and checks that every event type an endpoint can subscribe to reached
// one, signed (the receiver checks every signature as the specification
// says) and under a message id of its own.
func TestEveryEventReachesAnEndpoint(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *testEnv) {
		ctx := store.System(context.Background())
		var receivers []*receiver
		for _, role := range []string{"coordinator", "membership_admin", "manager"} {
			rc := newReceiver(t, e.clock.Now)
			rc.secret = addEndpoint(t, e, rc.srv.URL, role).Secret
			receivers = append(receivers, rc)
		}
		step := func(method, path string, role auth.Role, body any) {
			t.Helper()
			if res := e.api(method, path, role, body); res.Status >= 300 {
				t.Fatalf("%s %s = %d %s", method, path, res.Status, res.Body)
			}
		}
		e.forwardTo("doorsturen@example.nl")

		c := e.mustCreate(validComplaint())
		path := "/api/v1/complaints/" + c.Reference
		step(http.MethodPatch, path, auth.RoleCoordinator, map[string]any{"description": "Ik word elke week gebeld."})
		step(http.MethodPost, path+"/assignment", auth.RoleCoordinator, map[string]any{"team": "ledenadministratie"})
		step(http.MethodPost, path+"/forward", auth.RoleCoordinator, map[string]any{"note": "Voor de afdeling."})
		step(http.MethodPost, path+"/transitions", auth.RoleCoordinator, map[string]any{"status": "in_progress"})
		step(http.MethodPost, path+"/delay-notice", auth.RoleCoordinator,
			map[string]any{"expected_at": "2026-03-30", "reason": "We wachten op het callcenter."})
		step(http.MethodPost, path+"/pause", auth.RoleCoordinator, map[string]any{"reason": "Welk lidnummer?"})
		step(http.MethodPost, path+"/resume", auth.RoleCoordinator, nil)
		step(http.MethodPost, path+"/do-not-call", auth.RoleCoordinator, nil)
		step(http.MethodDelete, path+"/do-not-call", auth.RoleCoordinator, nil)
		step(http.MethodPost, path+"/transitions", auth.RoleCoordinator,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Afgemeld."}})
		stored, err := e.store.Complaint(ctx, c.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.Rate(ctx, stored.ID, 4, "Snel geholpen.", e.clock.Now()); err != nil {
			t.Fatalf("rate: %v", err)
		}
		step(http.MethodPost, path+"/appeals", auth.RoleCoordinator, map[string]any{"grounds": "Oneens"})
		appeals, err := e.store.ComplaintAppeals(ctx, stored.ID)
		if err != nil || len(appeals) != 1 {
			t.Fatalf("appeals: %v %v", appeals, err)
		}
		step(http.MethodPost, "/api/v1/appeals/"+itoa(appeals[0].ID)+"/decision", auth.RoleBoard,
			map[string]any{"decision": "rejected", "reasoning": "Correct afgehandeld."})
		step(http.MethodPost, path+"/transitions", auth.RoleCoordinator, map[string]any{"status": "in_progress"})
		step(http.MethodPost, path+"/transitions", auth.RoleCoordinator,
			map[string]any{"status": "handled", "told": map[string]any{"via": "phone", "summary": "Nogmaals afgemeld."}})
		step(http.MethodPost, path+"/transitions", auth.RoleCoordinator, map[string]any{"status": "closed"})

		// A second complaint runs past its term; a third is its duplicate.
		late := e.mustCreate(validComplaint())
		dup := e.mustCreate(validComplaint())
		step(http.MethodPost, "/api/v1/complaints/"+late.Reference+"/merge", auth.RoleCoordinator,
			map[string]any{"references": []string{dup.Reference}})
		watch := &jobs.TermWatch{Store: e.store, Profile: e.srv.Profile, Now: e.clock.Now, Log: e.srv.Log}
		for range 20 {
			e.clock.Add(24 * time.Hour)
			if _, err := watch.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}

		// A cancellation from the membership system, called and concluded.
		res := e.api(http.MethodPost, "/api/v1/cancellations", auth.RoleMembershipAdmin, map[string]any{"id": "OPZ-1",
			"member_number": "654321", "name": "Els de Vries", "date": "2026-03-20", "reason": "unknown"})
		var x api.CancellationView
		if res.JSON(t, &x); res.Status != http.StatusCreated {
			t.Fatalf("cancellation = %d %s", res.Status, res.Body)
		}
		xpath := "/api/v1/cancellations/" + itoa(x.ID)
		step(http.MethodPost, xpath+"/calls", auth.RoleAgent, map[string]any{"result": "reached"})
		step(http.MethodPost, xpath+"/conclusion", auth.RoleAgent, map[string]any{"recorded_reason": "moved"})

		// The reports: an evaluation signed, the year's summary published.
		manager := e.users[auth.RoleManager]
		if err := e.store.SignEvaluation(ctx, "2025-Q4", string(auth.RoleManager), manager.ID, "", []byte("{}"),
			e.clock.Now()); err != nil {
			t.Fatalf("sign: %v", err)
		}
		step(http.MethodPost, "/api/v1/reports/annual/publication?year=2026&lang=nl", auth.RoleManager, nil)

		// What waits is sent before the erasure, which stops deliveries of
		// the person's data still waiting.
		if _, err := webhookJob(e, e.store).Tick(ctx); err != nil {
			t.Fatal(err)
		}
		// The complainant asks to be forgotten.
		step(http.MethodPost, "/api/v1/subjects/erase", auth.RoleDPO, map[string]any{"email": "jan@example.nl"})

		if _, err := webhookJob(e, e.store).Tick(ctx); err != nil {
			t.Fatal(err)
		}
		heard := map[string]bool{}
		ids := map[string]string{}
		for _, rc := range receivers {
			for _, m := range rc.received() {
				heard[m.Type] = true
				key := m.Type + " " + m.Subject + " " + string(m.Body[:min(len(m.Body), 80)])
				if prev, ok := ids[m.ID]; ok && !strings.HasPrefix(prev, m.Type+" ") {
					t.Errorf("message id %s names %s and %s", m.ID, prev, key)
				}
				ids[m.ID] = key
			}
		}
		var missing []string
		for _, typ := range webhook.Types {
			if !heard[typ] {
				missing = append(missing, typ)
			}
		}
		if len(missing) > 0 {
			got := make([]string, 0, len(heard))
			for typ := range heard {
				got = append(got, typ)
			}
			slices.Sort(got)
			t.Errorf("no endpoint heard %v; heard %v", missing, got)
		}
	})
}
