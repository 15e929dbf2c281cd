package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// T0 is the suite's fixed "now".
var T0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// MustUser creates a user with role, or fails the test.
func MustUser(tb testing.TB, s *store.Store, email string, role auth.Role) auth.User {
	tb.Helper()
	u, err := auth.NewUser(email, "User "+email, role, "", "nl")
	if err != nil {
		tb.Fatal(err)
	}
	u, err = s.CreateUser(store.System(context.Background()), u, T0)
	if err != nil {
		tb.Fatalf("create user: %v", err)
	}
	return u
}

// Draft returns a valid phone complaint draft.
func Draft(name string) complaint.Draft {
	return complaint.Draft{
		Channel: "phone", Category: "telemarketing", Concerns: complaint.ConcernsPerson,
		Description: "Called three times in one evening by " + name,
		ReceivedAt:  T0.Add(-time.Hour),
		Complainant: complaint.Complainant{MemberNumber: "M" + name, Name: name, Address: "Damrak 1",
			Postcode: "1012 LG", City: "Amsterdam", Email: "x@example.nl"},
	}
}

// MustComplaint registers a complaint from d taken by u at now.
func MustComplaint(tb testing.TB, s *store.Store, u auth.User, d complaint.Draft, now time.Time) complaint.Complaint {
	tb.Helper()
	p := procedure.Default()
	c, err := complaint.New(d, p, p.Terms(), u.ID, now)
	if err != nil {
		tb.Fatalf("new complaint: %v", err)
	}
	c, _, err = s.CreateComplaint(
		store.System(context.Background()),
		c,
		store.CreateOptions{ReferencePrefix: "K", ReferenceYear: store.RefYear(now, p.Location())},
	)
	if err != nil {
		tb.Fatalf("create complaint: %v", err)
	}
	return c
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// Run is the conformance suite: every dialect must pass every subtest.
func Run(t *testing.T, open Opener) {
	tests := map[string]func(t *testing.T, s *store.Store){
		"Profile":               testProfile,
		"Users":                 testUsers,
		"SessionsAndTokens":     testSessionsAndTokens,
		"Links":                 testLinks,
		"CreateAndRead":         testCreateAndRead,
		"CreateAnswersAsStored": testCreateAnswersAsStored,
		"ReferencesPerYear":     testReferencesPerYear,
		"ConcurrentReferences":  testConcurrentReferences,
		"Idempotency":           testIdempotency,
		"BatchWithFailures":     testBatchWithFailures,
		"CreatesFailingLate":    testCreatesFailingLate,
		"Remember":              testRemember,
		"Update":                testUpdate,
		"TimelineAppendOnly":    testTimelineAppendOnly,
		"List":                  testList,
		"LatestComplainant":     testLatestComplainant,
		"Bulk":                  testBulk,
		"Routing":               testRouting,
		"Incomplete":            testIncomplete,
		"PredicateParity":       testPredicateParity,
		"CancellationImport":    testCancellationImport,
		"Audit":                 testAudit,
		"Privacy":               testPrivacy,
		"Search":                testSearch,
		"DoNotCall":             testDoNotCall,
		"ScopeFailsClosed":      testScopeFailsClosed,
		"DuplicateCandidates":   testDuplicateCandidates,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open(t))
		})
	}
}

func testProfile(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	again, err := s.SeedProfile(ctx, procedure.Default())
	if err != nil || again {
		t.Fatalf("second seed = %v, %v; want false, nil", again, err)
	}
	got, err := s.LoadProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(procedure.Default(), got); diff != "" {
		t.Errorf("profile round trip (-want +got):\n%s", diff)
	}
}

func testUsers(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	n, err := s.CountUsers(ctx)
	if err != nil || n != 0 {
		t.Fatalf("count = %d, %v", n, err)
	}
	u := MustUser(t, s, "anna@example.nl", auth.RoleAgent)
	got, err := s.UserByEmail(ctx, "anna@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.Role != auth.RoleAgent || !got.Active || !got.CreatedAt.Equal(T0) {
		t.Errorf("user = %+v", got)
	}
	dup, _ := auth.NewUser("anna@example.nl", "Other", auth.RoleAdmin, "", "en")
	_, err = s.CreateUser(ctx, dup, T0)
	wantCode(t, err, fault.Conflict)
	if e, _ := fault.As(err); e.Field() != "email" {
		t.Errorf("conflict field = %q, want email", e.Field())
	}
	_, err = s.UserByEmail(ctx, "nobody@example.nl")
	wantCode(t, err, fault.NotFound)
	if err := s.SetUserLang(ctx, u.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.Lang != "en" {
		t.Errorf("lang = %q, want en", got.Lang)
	}
	users, err := s.ListUsers(ctx)
	if err != nil || len(users) != 1 {
		t.Errorf("list = %d users, %v", len(users), err)
	}

	// Updating: a deactivated user loses their sessions; the last active
	// administrator cannot be removed.
	admin := MustUser(t, s, "root@example.nl", auth.RoleAdmin)
	if err := s.CreateSession(ctx, "anna-session", u.ID, T0, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	u.Name, u.Role, u.Active = "Anna B.", auth.RoleCoordinator, false
	got, err = s.UpdateUser(ctx, u)
	if err != nil || got.Name != "Anna B." || got.Role != auth.RoleCoordinator || got.Active {
		t.Fatalf("update = %+v, %v", got, err)
	}
	_, err = s.SessionUser(ctx, "anna-session", T0)
	wantCode(t, err, fault.Unauthorized)
	admin.Role = auth.RoleAgent
	_, err = s.UpdateUser(ctx, admin)
	wantCode(t, err, fault.Conflict)
	if got, _ := s.UserByID(ctx, admin.ID); got.Role != auth.RoleAdmin {
		t.Errorf("refused update changed the role to %s", got.Role)
	}
	_, err = s.UpdateUser(ctx, auth.User{ID: 9999, Name: "x", Role: auth.RoleAgent, Lang: "nl"})
	wantCode(t, err, fault.NotFound)
}

func testSessionsAndTokens(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "bo@example.nl", auth.RoleCoordinator)
	if err := s.CreateSession(ctx, "h1", u.ID, T0, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionUser(ctx, "h1", T0.Add(time.Minute)); err != nil || got.ID != u.ID {
		t.Fatalf("session user = %v, %v", got.ID, err)
	}
	_, err := s.SessionUser(ctx, "h1", T0.Add(2*time.Hour))
	wantCode(t, err, fault.Unauthorized)
	if err := s.DeleteSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(ctx, "h1", T0)
	wantCode(t, err, fault.Unauthorized)

	if err := s.CreateToken(ctx, u.ID, "t1", "cli", "", T0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, u.ID, "t2", "short", "", T0, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.TokenUser(ctx, "t1", T0.AddDate(5, 0, 0)); err != nil || got.ID != u.ID {
		t.Fatalf("token without expiry = %v, %v", got.ID, err)
	}
	_, err = s.TokenUser(ctx, "t2", T0.Add(2*time.Hour))
	wantCode(t, err, fault.Unauthorized)
	_, err = s.TokenUser(ctx, "nope", T0)
	wantCode(t, err, fault.Unauthorized)
}

func testLinks(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	if err := s.CreateLink(ctx, "setup", store.LinkSetupAdmin, 0, T0, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	admin, _ := auth.NewUser("admin@example.nl", "Admin", auth.RoleAdmin, "", "nl")
	admin.PasswordHash = "x"
	if _, err := s.CompleteSetup(ctx, "setup", admin, T0); err != nil {
		t.Fatal(err)
	}
	other, _ := auth.NewUser("second@example.nl", "Second", auth.RoleAdmin, "", "nl")
	_, err := s.CompleteSetup(ctx, "setup", other, T0)
	wantCode(t, err, fault.NotFound) // a link works once
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("users = %d after reusing a setup link, want 1", n)
	}

	u := MustUser(t, s, "cas@example.nl", auth.RoleAgent)
	if err := s.CreateLink(ctx, "pw", store.LinkSetPassword, u.ID, T0, T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = s.CompleteSetup(ctx, "pw", other, T0)
	wantCode(t, err, fault.NotFound) // wrong purpose
	_, err = s.SetPasswordWithLink(ctx, "pw", "hash", T0.Add(2*time.Hour))
	wantCode(t, err, fault.NotFound) // expired
	if uid, err := s.SetPasswordWithLink(ctx, "pw", "hash", T0); err != nil || uid != u.ID {
		t.Fatalf("set password = %d, %v", uid, err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "hash" {
		t.Errorf("password hash not set")
	}
}

func testCreateAndRead(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "dirk@example.nl", auth.RoleAgent)
	d := Draft("Jansen")
	d.AnswerBy = complaint.ToldByLetter
	c := MustComplaint(t, s, u, d, T0)
	if c.Reference != "K-2026-00001" || c.Status != complaint.Registered || c.AnswerBy != complaint.ToldByLetter {
		t.Errorf("reference, status = %s, %s", c.Reference, c.Status)
	}
	if c.TakenByName != u.Name || c.Department != "servicelijn" || c.Language != "nl" {
		t.Errorf("taken by %q, department %q, language %q", c.TakenByName, c.Department, c.Language)
	}
	if want := c.ReceivedAt.AddDate(0, 0, 14); !c.DueAt.Equal(want) {
		t.Errorf("due %v, want %v", c.DueAt, want)
	}
	got, err := s.Complaint(ctx, c.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("read back (-created +read):\n%s", diff)
	}
	for _, ref := range []string{"K-2026-00002", "nonsense", ""} {
		_, err := s.Complaint(ctx, ref)
		wantCode(t, err, fault.NotFound)
	}
	events, err := s.Timeline(ctx, c.ID)
	if err != nil || len(events) != 1 || events[0].Kind != complaint.EventRegistered || events[0].ActorName != u.Name {
		t.Fatalf("timeline = %+v, %v", events, err)
	}
}

// testCreateAnswersAsStored: what a create answers is what a read of the
// complaint gives, whoever took it and handles it, whatever the zone and
// precision of the times it came with.
func testCreateAnswersAsStored(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	taker := MustUser(t, s, "taker@example.nl", auth.RoleAgent)
	handler := MustUser(t, s, "handler@example.nl", auth.RoleCoordinator)
	zone := time.FixedZone("CEST", 2*60*60)
	p := procedure.Default()
	for _, tc := range []struct {
		name            string
		takenBy, handle int64
		edit            func(d *complaint.Draft)
		change          func(c *complaint.Complaint)
	}{
		{name: "taken and handled by two", takenBy: taker.ID, handle: handler.ID},
		{name: "taken and handled by one", takenBy: taker.ID, handle: taker.ID},
		{name: "nobody", edit: func(d *complaint.Draft) { d.Channel = "web" }},
		{name: "handled only", handle: handler.ID, edit: func(d *complaint.Draft) { d.Channel = "email" }},
		{name: "received in another zone, to the nanosecond", takenBy: taker.ID, edit: func(d *complaint.Draft) {
			d.ReceivedAt = time.Date(2026, 3, 1, 23, 59, 58, 123456789, zone)
		}},
		{name: "what a create does not write", takenBy: taker.ID, change: func(c *complaint.Complaint) {
			c.SubjectUserID, c.PausedFor, c.MergedInto = handler.ID, time.Hour, "K-2026-99999"
			c.TakenByName, c.AssigneeName = "someone else", "nobody"
		}},
		{name: "every field", takenBy: taker.ID, handle: handler.ID, change: func(c *complaint.Complaint) {
			c.Team = "ledenadministratie"
		}, edit: func(d *complaint.Draft) {
			d.Complainant.Phone, d.AnswerBy, d.Language = "+31201234567", complaint.ToldByEmail, "en"
			d.Description = "Twee keer afgeschreven — ‘incasso’ \u00e9\u00e9n\n\ttab"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Draft("Stored")
			if tc.edit != nil {
				tc.edit(&d)
			}
			now := T0.Add(123456789 * time.Nanosecond).In(zone)
			c, err := complaint.New(d, p, p.Terms(), tc.takenBy, now)
			if err != nil {
				t.Fatalf("new complaint: %v", err)
			}
			c.AssigneeID = tc.handle
			if tc.change != nil {
				tc.change(&c)
			}
			created, _, err := s.CreateComplaint(ctx, c,
				store.CreateOptions{ReferencePrefix: "K", ReferenceYear: store.RefYear(T0, p.Location())})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			read, err := s.Complaint(ctx, created.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(read, created); diff != "" {
				t.Errorf("create answered (-read +created):\n%s", diff)
			}
		})
	}
}

func testReferencesPerYear(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "eva@example.nl", auth.RoleAgent)
	a := MustComplaint(t, s, u, Draft("A"), T0)
	b := MustComplaint(t, s, u, Draft("B"), T0)
	next := time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC) // 01:30 in Amsterdam
	d := Draft("C")
	d.ReceivedAt = next
	c := MustComplaint(t, s, u, d, next)
	got := []string{a.Reference, b.Reference, c.Reference}
	want := []string{"K-2026-00001", "K-2026-00002", "K-2027-00001"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
}

func testConcurrentReferences(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "fem@example.nl", auth.RoleAgent)
	const n = 40
	refs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			refs <- MustComplaint(t, s, u, Draft(fmt.Sprint("P", i)), T0).Reference
		}()
	}
	wg.Wait()
	close(refs)
	seen := map[string]bool{}
	for r := range refs {
		if seen[r] {
			t.Errorf("reference %s given twice", r)
		}
		seen[r] = true
	}
	for i := 1; i <= n; i++ {
		if r := complaint.FormatReference("K", 2026, int64(i)); !seen[r] {
			t.Errorf("reference %s missing: numbers must have no gaps", r)
		}
	}
}

// testBatchWithFailures: creates that arrive together share a transaction;
// those that fail (a key reused for another request) fail alone, the
// others are stored with gapless references and a chain that verifies.
func testBatchWithFailures(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "batch@example.nl", auth.RoleAgent)
	opt := store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026, IdempotencyKey: "taken", RequestHash: "h"}
	const n = 60
	refs := createTogether(t, s, u, opt, n, func(i int) store.CreateOptions {
		if i%4 == 0 {
			o := opt
			o.RequestHash = "another request"
			return o
		}
		return store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026}
	}, func(i int, err error) {
		switch {
		case i%4 == 0 && fault.CodeOf(err) != fault.Conflict:
			t.Errorf("create %d with a reused key: %v, want a conflict", i, err)
		case i%4 != 0 && err != nil:
			t.Errorf("create %d: %v", i, err)
		}
	})
	checkStoredWithoutGaps(t, s, "K", refs, 1+n*3/4)
}

// testCreatesFailingLate: creates that arrive together, some of which fail
// in a write whose answer the batch reads only at its end (on PostgreSQL
// it waits in the pipeline): a status link already taken. Each of those
// hears its failure; the others are stored, numbered without gaps, each
// with its own registration in a verifiable audit chain.
func testCreatesFailingLate(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "late@example.nl", auth.RoleAgent)
	withLink := func(link string) store.CreateOptions {
		return store.CreateOptions{ReferencePrefix: "L", ReferenceYear: 2026, StatusLinkHash: link}
	}
	const n = 60
	refs := createTogether(t, s, u, withLink("taken-link"), n, func(i int) store.CreateOptions {
		if i%4 == 0 {
			return withLink("taken-link")
		}
		return withLink(fmt.Sprint("link-", i))
	}, func(i int, err error) {
		switch {
		case i%4 == 0 && err == nil:
			t.Errorf("create %d with a status link taken was stored", i)
		case i%4 != 0 && err != nil:
			t.Errorf("create %d: %v", i, err)
		}
	})
	checkStoredWithoutGaps(t, s, "L", refs, 1+n*3/4)
}

// createTogether registers a first complaint with the options first, then
// n at once, the i-th with opt(i); check hears each one's outcome. It
// gives the references of those stored.
func createTogether(
	t *testing.T,
	s *store.Store,
	u auth.User,
	first store.CreateOptions,
	n int,
	opt func(i int) store.CreateOptions,
	check func(i int, err error),
) <-chan string {
	if _, err := createAsAgent(t, s, u, "First", first); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	refs := make(chan string, n)
	for i := range n {
		wg.Go(func() {
			c, err := createAsAgent(t, s, u, fmt.Sprint("B", i), opt(i))
			check(i, err)
			if err == nil {
				refs <- c.Reference
			}
		})
	}
	wg.Wait()
	close(refs)
	return refs
}

// createAsAgent registers a complaint from name taken by u, in the name
// of an agent of its own: the audit log names each create's.
func createAsAgent(
	t *testing.T,
	s *store.Store,
	u auth.User,
	name string,
	opt store.CreateOptions,
) (complaint.Complaint, error) {
	p := procedure.Default()
	c, err := complaint.New(Draft(name), p, p.Terms(), u.ID, T0)
	if err != nil {
		t.Error(err) // from the test's goroutines too: no Fatal
		return c, err
	}
	as := audit.WithActor(store.System(context.Background()),
		audit.Actor{UserID: u.ID, Name: "Agent " + name, Role: "agent"})
	c, _, err = s.CreateComplaint(as, c, opt)
	return c, err
}

// checkStoredWithoutGaps: the creates that were stored (refs, after the
// first, PREFIX-2026-00001) are numbered without gaps, the register holds
// want complaints, and each has its own registration, in its agent's
// name, in a verifiable audit chain.
func checkStoredWithoutGaps(t *testing.T, s *store.Store, prefix string, refs <-chan string, want int) {
	t.Helper()
	ctx := store.System(context.Background())
	seen := map[string]bool{}
	for r := range refs {
		seen[r] = true
	}
	for i := 2; i <= want; i++ {
		if r := complaint.FormatReference(prefix, 2026, int64(i)); !seen[r] {
			t.Errorf("reference %s missing: numbers must have no gaps (have %d)", r, len(seen))
		}
	}
	if total, _ := s.CountComplaints(ctx, store.Filter{}); total != want {
		t.Errorf("complaints = %d, want %d", total, want)
	}
	if _, err := s.VerifyAudit(ctx, nil); err != nil {
		t.Errorf("audit chain: %v", err)
	}
	log, err := s.AuditLog(ctx, store.AuditFilter{Action: "complaint.registered"}, 100)
	if err != nil || len(log) != want {
		t.Fatalf("registrations in the audit log: %d, %v", len(log), err)
	}
	for _, e := range log {
		c, err := s.Complaint(ctx, e.Object)
		if err != nil || e.Actor.Name != "Agent "+c.Complainant.Name {
			t.Errorf("%s of %s is %q's: %v", e.Object, c.Complainant.Name, e.Actor.Name, err)
		}
	}
}

func testIdempotency(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "gijs@example.nl", auth.RoleAgent)
	v := MustUser(t, s, "hans@example.nl", auth.RoleAgent)
	p := procedure.Default()
	build := func(owner auth.User) complaint.Complaint {
		c, err := complaint.New(Draft("Idem"), p, p.Terms(), owner.ID, T0)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	opt := store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026, IdempotencyKey: "key-1", RequestHash: "h"}

	// Concurrent first attempts with one key still make one complaint.
	const n = 8
	results := make(chan complaint.Complaint, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := s.CreateComplaint(ctx, build(u), opt)
			if err != nil {
				t.Errorf("create: %v", err)
				return
			}
			results <- c
		}()
	}
	wg.Wait()
	close(results)
	var first string
	for c := range results {
		if first == "" {
			first = c.Reference
		}
		if c.Reference != first {
			t.Errorf("retries gave %s and %s", first, c.Reference)
		}
	}
	_, replayed, err := s.CreateComplaint(ctx, build(u), opt)
	if err != nil || !replayed {
		t.Errorf("replay = %v, %v; want true", replayed, err)
	}
	mismatch := opt
	mismatch.RequestHash = "other"
	_, _, err = s.CreateComplaint(ctx, build(u), mismatch)
	wantCode(t, err, fault.Conflict)
	// Keys are per user: another user's same key is a new request.
	c, replayed, err := s.CreateComplaint(ctx, build(v), opt)
	if err != nil || replayed || c.Reference == first {
		t.Errorf("other user's key = %s, %v, %v", c.Reference, replayed, err)
	}
	if total, _ := s.CountComplaints(ctx, store.Filter{}); total != 2 {
		t.Errorf("complaints = %d, want 2", total)
	}
}

func testUpdate(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	u := MustUser(t, s, "ilse@example.nl", auth.RoleAgent)
	c := MustComplaint(t, s, u, Draft("Update"), T0)
	p := procedure.Default()
	cat := "privacy"
	later := T0.Add(time.Hour)
	got, err := s.UpdateComplaint(
		ctx,
		c.Reference,
		func(cur complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			next, ev, err := cur.Apply(complaint.Patch{Category: &cat}, p, p.Terms(), u.ID, later)
			if err != nil || ev == nil {
				return cur, nil, err
			}
			next, ev2, err := next.MoveTo(complaint.InProgress, "picked up", u.ID, later)
			return next, []complaint.Event{*ev, ev2}, err
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	if got.Category != "privacy" || got.Status != complaint.InProgress || !got.UpdatedAt.Equal(later) {
		t.Errorf("after update: %s %s %v", got.Category, got.Status, got.UpdatedAt)
	}
	// A refused change writes nothing.
	_, err = s.UpdateComplaint(
		ctx,
		c.Reference,
		func(cur complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			next, ev, err := cur.MoveTo(complaint.Closed, "", u.ID, later)
			return next, []complaint.Event{ev}, err
		},
	)
	wantCode(t, err, fault.Conflict)
	events, _ := s.Timeline(ctx, c.ID)
	kinds := []complaint.EventKind{}
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	want := []complaint.EventKind{complaint.EventRegistered, complaint.EventUpdated, complaint.EventStatusChanged}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("timeline kinds (-want +got):\n%s", diff)
	}
	if events[2].Data["note"] != "picked up" {
		t.Errorf("status event data = %v", events[2].Data)
	}
	_, err = s.UpdateComplaint(
		ctx,
		"K-2026-09999",
		func(cur complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			return cur, nil, nil
		},
	)
	wantCode(t, err, fault.NotFound)
}

func testTimelineAppendOnly(t *testing.T, s *store.Store) {
	u := MustUser(t, s, "joop@example.nl", auth.RoleAgent)
	c := MustComplaint(t, s, u, Draft("Append"), T0)
	if err := Exec(t, s, `UPDATE complaint_events SET kind = 'x' WHERE complaint_id = ?`, c.ID); err == nil {
		t.Error("updating a timeline event succeeded; the timeline must be append-only")
	}
	if err := Exec(t, s, `DELETE FROM complaint_events WHERE complaint_id = ?`, c.ID); err == nil {
		t.Error("deleting a timeline event succeeded; the timeline must be append-only")
	}
}

// MustHandledComplaints stores n complaints of category received in year,
// each handled to the complainant's satisfaction: a past year's register
// for the reports.
func MustHandledComplaints(tb testing.TB, s *store.Store, u auth.User, year int, category string, n int) {
	tb.Helper()
	ctx := store.System(context.Background())
	for i := range n {
		at := time.Date(year, time.Month(1+i%12), 1+i%27, 10, 0, 0, 0, time.UTC)
		d := Draft("Lid")
		d.Category, d.ReceivedAt = category, at
		c := MustComplaint(tb, s, u, d, at)
		if _, err := s.UpdateComplaint(ctx, c.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			c, e1, _ := c.MoveTo(complaint.InProgress, "", u.ID, at.Add(time.Hour))
			c, e2, err := c.Handle(complaint.Told{Via: "phone", By: "A", At: at.Add(2 * time.Hour), Summary: "Opgelost", Satisfied: "yes"}, u.ID, at.Add(2*time.Hour))
			return c, []complaint.Event{e1, e2}, err
		}); err != nil {
			tb.Fatal(err)
		}
	}
}
