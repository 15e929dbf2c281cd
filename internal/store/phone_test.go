package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestIndexPhones: complaints registered before phone numbers were kept
// as E.164 are indexed by the job, past the id it reached, and then found
// by number; a phone that is no number is read once and left out.
func TestIndexPhones(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			u := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			// The third is registered as now: its phone indexed with it.
			for i, phone := range []string{"020-1234567", "123456", "030-7654321"} {
				d := storetest.Draft(fmt.Sprint("Caller", i))
				d.Complainant.Phone = phone
				storetest.MustComplaint(t, s, u, d, storetest.T0)
			}
			if err := storetest.Exec(t, s, `DELETE FROM complaint_phones WHERE e164 <> '+31307654321'`); err != nil {
				t.Fatal(err)
			}
			if cs, _ := s.ComplainantsByPhone(ctx, "+31201234567"); len(cs) != 0 {
				t.Fatalf("found before indexing: %d", len(cs))
			}
			if n, err := s.IndexPhones(ctx, 1); err != nil || n != 1 {
				t.Fatalf("first batch: %d %v", n, err)
			}
			if n, err := s.IndexPhones(ctx, 10); err != nil || n != 1 {
				t.Fatalf("second batch (a phone that is no number, read and left out): %d %v", n, err)
			}
			if n, err := s.IndexPhones(ctx, 10); err != nil || n != 0 {
				t.Fatalf("nothing left, but %d %v", n, err)
			}
			// The job's mark is the newest complaint, not the last phone
			// it found: later runs do not read the register past that
			// again (what is registered from now on indexes its own phone).
			if err := storetest.Exec(t, s, `DELETE FROM complaint_phones WHERE e164 = '+31307654321'`); err != nil {
				t.Fatal(err)
			}
			if n, err := s.IndexPhones(ctx, 10); err != nil || n != 0 {
				t.Fatalf("read again what the job had passed: %d %v", n, err)
			}
			if cs, err := s.ComplainantsByPhone(ctx, "+31201234567"); err != nil || len(cs) != 1 {
				t.Errorf("by phone after indexing: %d %v", len(cs), err)
			}
		})
	}
}
