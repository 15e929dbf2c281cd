package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestAnnual2019 is R1–R4's acceptance: the 2019 summary's data (55
// complaints: 27 telemarketing, 16 street recruitment, 4 privacy, 8 other;
// all handled to satisfaction; 28,300 calls) gives a report that states
// those figures, a telemarketing rate of 0.95 per 1,000 calls, and privacy
// as new, in Dutch and in English.
func TestAnnual2019(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			p, _ := s.LoadProfile(ctx)
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			add := func(year int, category string, n int) {
				for i := 0; i < n; i++ {
					at := time.Date(year, time.Month(1+i%12), 1+i%27, 10, 0, 0, 0, time.UTC)
					d := storetest.Draft("Lid")
					d.Category, d.ReceivedAt = category, at
					c := storetest.MustComplaint(t, s, agent, d, at)
					_, err := s.UpdateComplaint(ctx, c.Reference, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
						c, e1, _ := c.MoveTo(complaint.InProgress, "", agent.ID, at.Add(time.Hour))
						c, e2, err := c.Handle(complaint.Told{Via: "phone", By: "A", At: at.Add(2 * time.Hour), Summary: "Opgelost", Satisfied: "yes"}, agent.ID, at.Add(2*time.Hour))
						return c, []complaint.Event{e1, e2}, err
					})
					if err != nil {
						t.Fatal(err)
					}
				}
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
				"Klachten over telemarketing voeren nog steeds de boventoon, 27 stuks.", "28.300 gevoerde gesprekken", "0,95 per 1.000",
				"Over straatwerving zijn 16 klachten", "Nieuw dit jaar waren klachten over privacy/avg (4)", "Over overig zijn 8 klachten"} {
				if !strings.Contains(text, want) {
					t.Errorf("Dutch report lacks %q:\n%s", want, text)
				}
			}
			en, _ := BuildAnnual(ctx, s, p, 2019, i18n.EN)
			text = en.Text()
			for _, want := range []string{"In 2019 we received 55 complaints.", "All of them were handled", "telemarketing still lead, with 27",
				"28,300 calls held", "0.95 per 1,000 calls", "16 complaints about street recruitment", "New this year were complaints about privacy/gdpr (4)"} {
				if !strings.Contains(text, want) {
					t.Errorf("English report lacks %q:\n%s", want, text)
				}
			}
		})
	}
}
