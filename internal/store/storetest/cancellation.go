package storetest

import (
	"bytes"
	"context"
	"testing"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// testCancellationImport is P6's acceptance: a 10,000-row file with 3% bad
// rows imports every good row, reports every bad one, writes nothing when
// it fails halfway, and adds nothing when imported again.
func testCancellationImport(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	data, bad := cancellation.SampleCSV(10000, 33, 42)
	rows, rep, err := cancellation.ParseCSV(bytes.NewReader(data), procedure.Default(), cancellation.DefaultMapping(), T0, i18n.EN, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pct := float64(len(bad)) / 100; pct < 2.9 || pct > 3.1 {
		t.Fatalf("%d bad rows is %.1f%%, want 3%%", len(bad), pct)
	}
	if len(rep.Errors) != len(bad) || rep.Good != 10000-len(bad) {
		t.Fatalf("report: %d errors, %d good; want %d and %d", len(rep.Errors), rep.Good, len(bad), 10000-len(bad))
	}
	// A failure halfway writes nothing.
	cctx, cancel := context.WithCancel(ctx)
	_, _, err = s.ImportCancellations(cctx, "ledenadmin", rows, func(done int) {
		if done >= 5000 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("an import cancelled halfway succeeded")
	}
	if n, _ := s.CountCancellations(ctx, ""); n != 0 {
		t.Fatalf("a failed import left %d rows", n)
	}
	imported, existing, err := s.ImportCancellations(ctx, "ledenadmin", rows, nil)
	if err != nil || imported != rep.Good || existing != 0 {
		t.Fatalf("import: %d imported, %d existing, %v", imported, existing, err)
	}
	imported, existing, err = s.ImportCancellations(ctx, "ledenadmin", rows, nil)
	if err != nil || imported != 0 || existing != rep.Good {
		t.Fatalf("second import: %d imported, %d existing, %v", imported, existing, err)
	}
	if n, _ := s.CountCancellations(ctx, ""); n != rep.Good {
		t.Errorf("%d stored, want %d", n, rep.Good)
	}
	toCall, _ := s.CountCancellations(ctx, cancellation.ToCall)
	done, _ := s.CountCancellations(ctx, cancellation.Done)
	if toCall == 0 || done == 0 || toCall+done != rep.Good {
		t.Errorf("call list %d + clear %d != %d", toCall, done, rep.Good)
	}
	list, err := s.Cancellations(ctx, cancellation.ToCall, 5)
	if err != nil || len(list) != 5 || list[0].CancelledOn.After(list[4].CancelledOn) {
		t.Errorf("call list not oldest first: %v", err)
	}
	// Mappings are saved per source.
	m, _ := cancellation.ParseMapping("member_number=Lidnummer")
	if err := s.SaveMapping(ctx, "crm", m, T0); err != nil {
		t.Fatal(err)
	}
	if got, saved, _ := s.Mapping(ctx, "crm"); !saved || got["member_number"] != "Lidnummer" {
		t.Errorf("mapping = %v %v", got, saved)
	}
	if _, saved, _ := s.Mapping(ctx, "other"); saved {
		t.Error("an unknown source has a saved mapping")
	}
}
