package report

import (
	"fmt"
	"testing"

	"github.com/klacht/klacht/internal/store"
)

// spike is "incasso twee keer afgeschreven" phrased twenty ways.
var spike = []string{
	"De incasso is twee keer afgeschreven van mijn rekening.",
	"Mijn contributie is deze maand twee keer afgeschreven!",
	"Jullie hebben de incasso dubbel afgeschreven.",
	"Twee keer een incasso van mijn rekening afgeschreven, graag terugstorten.",
	"Er is twee keer geïncasseerd, de incasso staat dubbel op mijn afschrift.",
	"Waarom is het bedrag twee keer afgeschreven?",
	"Dubbele afschrijving van de incasso, dat klopt niet.",
	"Ik zie twee afschrijvingen voor dezelfde incasso.",
	"De maandelijkse incasso werd tweemaal afgeschreven.",
	"Incasso twee keer afgeschreven, wil mijn geld terug.",
	"Mijn bank laat zien dat de incasso twee keer is afgeschreven.",
	"Na de overstap is de incasso ineens dubbel afgeschreven.",
	"Het lidmaatschap is twee keer afgeschreven via de incasso.",
	"Twee keer afgeschreven! Wat is er met de incasso aan de hand?",
	"De incasso van januari is twee keer afgeschreven.",
	"Ik heb een dubbele incasso gehad, twee keer afgeschreven.",
	"Opnieuw is de incasso twee keer afgeschreven, net als vorige keer.",
	"Mijn partner en ik zien allebei dat de incasso dubbel is afgeschreven.",
	"De incasso is per ongeluk twee keer afgeschreven denk ik.",
	"Graag de tweede afschrijving van de incasso terugboeken, twee keer afgeschreven.",
}

// control is unrelated complaints about everything else.
var control = []string{
	"De straatwerver was erg opdringerig bij het station.",
	"Ik word steeds gebeld terwijl ik heb gezegd dat ik dat niet wil.",
	"Het magazine is al drie maanden niet bezorgd.",
	"Mijn adres is verkeerd gespeld op de envelop.",
	"Waarom delen jullie mijn gegevens met een ander bedrijf?",
	"De campagne over vliegverkeer vind ik te eenzijdig.",
	"Een medewerker was onbeleefd aan de telefoon.",
	"Ik kreeg een brief in het Engels terwijl ik Nederlands spreek.",
	"The newsletter keeps coming after I unsubscribed.",
	"Your volunteer blocked the pavement with a stand.",
	"De website werkt niet op mijn telefoon.",
	"Ik wil mijn lidmaatschap omzetten naar een gift.",
	"De petitie stond vol met fouten.",
	"Jullie actie bij de supermarkt was te luidruchtig.",
	"Mijn overleden vader krijgt nog steeds post.",
	"The fundraiser on the street was rude to my children.",
	"Er hangt een poster van jullie over onze gevelreclame.",
	"Het klantnummer op de acceptgiro klopt niet.",
	"De bijeenkomst begon een uur te laat.",
	"I never received a receipt for my donation.",
}

func texts(list []string, prefix string) []Text {
	out := make([]Text, len(list))
	for i, s := range list {
		out[i] = Text{Reference: fmt.Sprintf("%s-%02d", prefix, i), Body: s}
	}
	return out
}

func TestClusters(t *testing.T) {
	cs := Clusters(append(texts(spike, "S"), texts(control, "C")...))
	if len(cs) != 1 {
		t.Fatalf("%d clusters, want the one spike: %+v", len(cs), cs)
	}
	if cs[0].Size < 18 || cs[0].Examples[0][0] != 'S' {
		t.Errorf("spike cluster = %+v", cs[0])
	}
	for _, ref := range cs[0].Examples {
		if ref[0] != 'S' {
			t.Errorf("control text %s in the spike cluster", ref)
		}
	}
	if cs := Clusters(texts(control, "C")); len(cs) != 0 {
		t.Errorf("control set made clusters: %+v", cs)
	}
}

func TestRises(t *testing.T) {
	col := func(q string, n map[string]int) Column {
		c := Column{Quarter: q}
		for k, v := range n {
			c.ByCategory = append(c.ByCategory, store.Count{Key: k, N: v})
		}
		return c
	}
	ev := Evaluation{Columns: []Column{
		col("now", map[string]int{"financial": 25, "telemarketing": 12, "privacy": 4}),
		col("q-1", map[string]int{"financial": 5, "telemarketing": 10}),
		col("q-2", map[string]int{"financial": 6, "telemarketing": 11}),
		col("q-3", map[string]int{"financial": 4, "telemarketing": 9}),
		col("q-4", map[string]int{"financial": 5, "telemarketing": 12}),
	}}
	rs := Rises(ev)
	got := map[string]bool{}
	for _, r := range rs {
		got[r.Category] = true
	}
	if !got["financial"] || !got["privacy"] || got["telemarketing"] {
		t.Errorf("rises = %+v; want financial and privacy, not telemarketing", rs)
	}
	if p := poissonTail(25, 5); p > 1e-6 {
		t.Errorf("P(X≥25 | 5) = %g", p)
	}
}
