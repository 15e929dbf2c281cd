package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAnnual2019 is R1–R4's acceptance: the 2019 summary's data (55
// complaints: 27 telemarketing, 16 street recruitment, 4 privacy, 8 other;
// all handled to satisfaction; 28,300 calls) gives a report that states
// those figures, a telemarketing rate of 0.95 per 1,000 calls, and privacy
// as new, in Dutch and in English; the four privacy complaints are "minder
// dan 5" / "fewer than 5", as the 2019 summary has it.
func TestAnnual2019(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			add := func(year int, category string, n int) {
				storetest.MustHandledComplaints(t, s, agent, year, category, n)
			}
			add(2018, "telemarketing", 3)
			add(2018, "street_recruitment", 2)
			add(2018, "other", 1)
			add(2019, "telemarketing", 27)
			add(2019, "street_recruitment", 16)
			add(2019, "privacy", 4)
			add(2019, "other", 8)
			if err := s.SaveVolume(ctx, store.Volume{From: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
				Kind: "telemarketing_calls", Volume: 28300}, storetest.T0); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveVolume(ctx, store.Volume{Kind: "calls", Volume: -1}, storetest.T0); err == nil {
				t.Error("a bad volume was saved")
			}
			nl, err := BuildAnnual(ctx, s, p, 2019, i18n.NL)
			if err != nil {
				t.Fatal(err)
			}
			text := nl.Text()
			for _, want := range []string{"In 2019 zijn er 55 klachten binnengekomen.", "allemaal naar tevredenheid afgehandeld",
				"Klachten over Telemarketing voeren nog steeds de boventoon, 27 stuks.", "28.300 gevoerde gesprekken", "0,95 per 1.000",
				"(ongeveer 1 op de 1.000)", "Over Straatwerving zijn 16 klachten", "Nieuw dit jaar waren klachten over Privacy/AVG (minder dan 5)",
				// Privacy's count alone is small: with the total and the
				// others exact it could be worked out, so "other" (8) is
				// written as a range too.
				"Over andere onderwerpen zijn minder dan 20 klachten binnengekomen."} {
				if !strings.Contains(text, want) {
					t.Errorf("Dutch report lacks %q:\n%s", want, text)
				}
			}
			en, _ := BuildAnnual(ctx, s, p, 2019, i18n.EN)
			text = en.Text()
			for _, want := range []string{"In 2019 we received 55 complaints.", "All of them were handled", "Telemarketing still lead, with 27",
				"28,300 calls held", "0.95 per 1,000 calls", "(about 1 per 1,000)", "16 complaints about Street recruitment",
				"New this year were complaints about Privacy/GDPR (fewer than 5)", "fewer than 20 complaints about other subjects"} {
				if !strings.Contains(text, want) {
					t.Errorf("English report lacks %q:\n%s", want, text)
				}
			}
			checkAnnualExports(t, nl, en)
			checkAnnualPublishing(t, s, p, agent.ID)
		})
	}
}

// checkAnnualExports reads the 2019 summary back from every format it is
// written in: the figures and the text must survive each.
func checkAnnualExports(t *testing.T, nl, en Annual) {
	t.Helper()
	var csvOut bytes.Buffer
	if err := nl.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"year,category,label,complaints,satisfied,contacts,rate_per_1000,new", "2019,telemarketing,Telemarketing,27,27,28300,0.95,false",
		"2019,privacy,Privacy/AVG,<5,<5,,,true", "2019,total,Totaal,55,55"} {
		if !strings.Contains(csvOut.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, csvOut.String())
		}
	}
	for _, c := range []struct {
		a    Annual
		want []string
	}{
		{nl, []string{`<html lang="nl">`, "Jaaroverzicht 2019", "0,95 per 1.000", "28.300", "<svg", "Klachten per soort"}},
		{en, []string{`<html lang="en">`, "Yearly summary 2019", "0.95 per 1,000", "28,300", "<svg", "Complaints per category"}},
	} {
		var h bytes.Buffer
		if err := c.a.WriteHTML(&h); err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(h.String(), w) {
				t.Errorf("%s HTML lacks %q", c.a.Lang, w)
			}
		}
	}
	var x bytes.Buffer
	if err := en.WriteXLSX(&x); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(x.Bytes()), int64(x.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheets string
	for _, f := range z.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		sheets += string(b)
	}
	for _, w := range []string{"<v>28300</v>", "<v>0.95</v>", "<v>55</v>", "In 2019 we received 55 complaints.", `name="Figures"`, `name="Text"`} {
		if !strings.Contains(sheets, w) {
			t.Errorf("XLSX lacks %q", w)
		}
	}
	pdf, err := nl.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if text, ok := pdftest.Text(t, pdf, "-layout"); ok {
		for _, w := range []string{"Jaaroverzicht 2019", "In 2019 zijn er 55 klachten binnengekomen.", "0,95 per 1.000", "28.300", "Telemarketing", "Totaal"} {
			if !strings.Contains(text, w) {
				t.Errorf("PDF lacks %q:\n%s", w, text)
			}
		}
	}
}

// checkAnnualPublishing: the editor's text replaces the generated one;
// publishing freezes figures and text; a published summary is not edited
// until withdrawn.
func checkAnnualPublishing(t *testing.T, s *store.Store, p procedure.Profile, editor int64) {
	t.Helper()
	ctx := store.System(context.Background())
	if err := s.SaveAnnualText(ctx, 2019, "nl", "Eerste alinea.\r\n\r\n  Tweede alinea.  \n\n\n", editor, storetest.T0); err != nil {
		t.Fatal(err)
	}
	a, d, err := LoadAnnual(ctx, s, p, 2019, i18n.NL)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Edited || len(a.Paragraphs) != 2 || a.Paragraphs[1] != "Tweede alinea." || a.Total != 55 || d.EditedBy == "" ||
		d.Published() {
		t.Fatalf("edited summary = %+v / %+v", a, d)
	}
	snap, _ := json.Marshal(a)
	if err := s.PublishAnnual(ctx, 2019, "nl", snap, editor, storetest.T0); err != nil {
		t.Fatal(err)
	}
	if err := s.PublishAnnual(ctx, 2019, "nl", snap, editor, storetest.T0); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("publishing twice = %v", err)
	}
	if err := s.SaveAnnualText(ctx, 2019, "nl", "Anders.", editor, storetest.T0); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("editing a published summary = %v", err)
	}
	a, d, err = LoadAnnual(ctx, s, p, 2019, i18n.NL)
	if err != nil || a.PublishedAt == nil || !d.Published() || a.Paragraphs[0] != "Eerste alinea." || a.Total != 55 {
		t.Fatalf("published summary = %+v %v", a, err)
	}
	if err := s.WithdrawAnnual(ctx, 2019, "nl"); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawAnnual(ctx, 2019, "nl"); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("withdrawing twice = %v", err)
	}
	if err := s.SaveAnnualText(ctx, 2019, "nl", "", editor, storetest.T0); err != nil {
		t.Fatal(err)
	}
	if a, _, _ = LoadAnnual(ctx, s, p, 2019, i18n.NL); a.Edited || a.PublishedAt != nil ||
		!strings.HasPrefix(a.Paragraphs[0], "In 2019 zijn er 55") {
		t.Errorf("after withdraw and reset = %+v", a)
	}
}

// TestAnnualFiguresAreTheEvaluations: the yearly summary's one small pass
// counts what the evaluation's full figures count (received, handled, by
// category, satisfaction), on a seeded register, on both databases.
func TestAnnualFiguresAreTheEvaluations(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, err := s.LoadProfile(ctx)
			if err != nil {
				t.Fatal(err)
			}
			end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			if _, err := seed.Run(ctx, s, p, seed.Options{Complaints: 1500, Years: 2, End: end, Seed: 3}); err != nil {
				t.Fatal(err)
			}
			from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			full, err := s.Figures(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			small, sat, err := s.AnnualFigures(ctx, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if small.Received != full.Received || small.Handled != full.Handled || full.Received < 500 ||
				!slices.Equal(small.ByCategory, full.ByCategory) || !slices.Equal(small.Satisfied, full.Satisfied) {
				t.Errorf("annual figures %+v\nevaluation's %+v", small, full)
			}
			yes, perCategory := 0, 0
			for _, c := range full.Satisfied {
				if c.Key == "yes" {
					yes = c.N
				}
			}
			for _, n := range sat {
				perCategory += n
			}
			if yes == 0 || perCategory != yes {
				t.Errorf("satisfied by category add up to %d, the evaluation counts %d", perCategory, yes)
			}
		})
	}
}
