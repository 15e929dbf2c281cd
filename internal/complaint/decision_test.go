package complaint

import (
	"slices"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

type decisionVocab struct{}

func (decisionVocab) HasOutcome(k string) bool {
	return slices.Contains([]string{"upheld", "not_upheld", "not_handled", "forwarded"}, k)
}
func (decisionVocab) OutcomeNeedsReason(k string) bool { return k == "not_handled" || k == "forwarded" }
func (decisionVocab) HasLabel(k string) bool           { return k == "correctness" || k == "timeliness" }

func TestDecisionNormalize(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     Decision
		fields []string
		labels []string
	}{
		{"empty is fine", Decision{}, nil, []string{}},
		{"an outcome with labels, sorted once", Decision{Outcome: "upheld", Labels: []string{"timeliness", " correctness", "timeliness"}},
			nil, []string{"correctness", "timeliness"}},
		{"unknown outcome and label", Decision{Outcome: "won", Labels: []string{"x"}}, []string{"outcome", "labels"}, nil},
		{"not handled needs its reason", Decision{Outcome: "not_handled"}, []string{"outcome_reason"}, nil},
		{"forwarded with where to", Decision{Outcome: "forwarded", OutcomeReason: "Gemeente"}, nil, []string{}},
		{"a negative amount", Decision{AmountCents: -1}, []string{"amount"}, nil},
		{"too much", Decision{AmountCents: MaxAmountCents + 1}, []string{"amount"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.in.Normalize(decisionVocab{})
			var fields []string
			if e, ok := fault.As(err); ok {
				for _, f := range e.Fields {
					fields = append(fields, f.Field)
				}
			}
			if !slices.Equal(fields, c.fields) {
				t.Errorf("fields at fault = %v, want %v (%v)", fields, c.fields, err)
			}
			if err == nil && !slices.Equal(got.Labels, c.labels) {
				t.Errorf("labels = %v, want %v", got.Labels, c.labels)
			}
		})
	}
}

func TestDecisionRecord(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	d := Decision{Outcome: "upheld", Lesson: "Beter uitleggen."}
	next, ev, changed := d.Record(Decision{}, 7, now)
	if !changed || ev.Kind != EventDecision || ev.Data["outcome"] != "upheld" || ev.Data["lesson"] != "Beter uitleggen." ||
		next.UpdatedBy != 7 {
		t.Errorf("record = %+v %+v %v", next, ev, changed)
	}
	if _, _, changed := d.Record(next, 7, now.Add(time.Hour)); changed {
		t.Error("the same decision again is a change")
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{
		"": 0, "25": 2500, "25,50": 2550, "25.5": 2550, "€ 1.250,00": 125000, "1,250.00": 125000,
		"1.250": 125000, "EUR 12": 1200, "0,99": 99, "1 250,00": 125000,
	} {
		if got, ok := ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"twintig", "-5", "12,5a", "1e6", "9999999999999"} {
		if _, ok := ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) took it", in)
		}
	}
	for cents, want := range map[int64]string{0: "0,00", 99: "0,99", 2550: "25,50", 125000: "1.250,00", 100000000: "1.000.000,00"} {
		if got := FormatAmount(cents); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", cents, got, want)
		}
	}
}
