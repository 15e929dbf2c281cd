package complaint

import (
	"slices"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/fault"
)

func fieldsOf(err error) []string {
	var out []string
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestSubjectNormalize(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     Subject
		fields []string
	}{
		{"a member of staff", Subject{Kind: SubjectStaff, UserID: 4}, nil},
		{"staff without the person", Subject{Kind: SubjectStaff}, []string{"subject.user_id"}},
		{"an agent by name", Subject{Kind: SubjectAgent, Name: " Piet ", Organisation: "Belbureau Noord"}, nil},
		{"an agent without a name", Subject{Kind: SubjectAgent}, []string{"subject.name"}},
		{"a bad address", Subject{Kind: SubjectAgent, Name: "Piet", Email: "piet@"}, []string{"subject.email"}},
		{"a department", Subject{Kind: SubjectUnit, Department: "servicelijn"}, nil},
		{"an unknown department", Subject{Kind: SubjectUnit, Department: "kantine"}, []string{"subject.department"}},
		{"no kind", Subject{}, []string{"subject.kind"}},
		{"an unknown kind", Subject{Kind: "weather"}, []string{"subject.kind"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.in.Normalize(vocab{})
			if got := fieldsOf(err); !slices.Equal(got, c.fields) {
				t.Errorf("fields = %v, want %v (%v)", got, c.fields, err)
			}
		})
	}
}

// TestNeverHandledByItsSubject is Awb 9:7 as a table: whoever the
// complaint is about is refused as its handler, and cannot be named while
// they hold it.
func TestNeverHandledByItsSubject(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := Complaint{Status: InProgress, Team: "servicelijn", AssigneeID: 7}
	if _, _, err := c.SetSubject(Subject{Kind: SubjectStaff, UserID: 7}, 1, now); !slices.Equal(fieldsOf(err), []string{"subject.user_id"}) {
		t.Errorf("naming the handler = %v", err)
	}
	c.AssigneeID = 0
	c, ev, err := c.SetSubject(Subject{Kind: SubjectStaff, UserID: 7, Name: "Els"}, 1, now)
	if err != nil || c.SubjectUserID != 7 || ev.Kind != EventSubjectSet || ev.Data["name"] != "Els" {
		t.Fatalf("subject = %+v %+v %v", c, ev, err)
	}
	for _, tc := range []struct {
		to   int64
		want bool
	}{{7, false}, {8, true}} {
		_, _, err := c.Assign(Handler{Team: "servicelijn", AssigneeID: tc.to}, EventAssigned, "", vocab{}, 1, now)
		if ok := err == nil; ok != tc.want {
			t.Errorf("assign to %d: %v", tc.to, err)
		}
		if !tc.want && !slices.Equal(fieldsOf(err), []string{"assignee_id"}) {
			t.Errorf("refusal names %v", fieldsOf(err))
		}
	}
	c, _, _ = c.SetSubject(Subject{Kind: SubjectUnit, Department: "servicelijn"}, 1, now)
	if c.SubjectUserID != 0 {
		t.Error("a department as subject still bars the member of staff")
	}
	c.Status = Closed
	if _, _, err := c.SetSubject(Subject{Kind: SubjectUnit}, 1, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a closed complaint's subject changed: %v", err)
	}
}

func TestRecordHearing(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := Complaint{Status: InProgress}
	for _, tc := range []struct {
		name   string
		h      Hearing
		fields []string
	}{
		{"complete", Hearing{HeldOn: now.Add(-time.Hour), Heard: "Klager en medewerker", Report: "Verslag."}, nil},
		{"empty", Hearing{}, []string{"held_on", "heard", "report"}},
		{"in the future", Hearing{HeldOn: now.AddDate(0, 0, 2), Heard: "x", Report: "y"}, []string{"held_on"}},
	} {
		ev, err := c.RecordHearing(tc.h, 1, now)
		if got := fieldsOf(err); !slices.Equal(got, tc.fields) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
		if err == nil && (ev.Kind != EventHearing || ev.Data["report"] != "Verslag.") {
			t.Errorf("%s: event %+v", tc.name, ev)
		}
	}
}

func TestRepresentativeNormalize(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     Representative
		fields []string
	}{
		{"by e-mail", Representative{Relation: "relative", Contact: Complainant{Name: "Els", Email: "els@example.nl"}}, nil},
		{"letters to the complainant, no address of her own", Representative{Relation: "lawyer", Contact: Complainant{Name: "Mr. Bakker"},
			WriteTo: WriteToComplainant}, nil},
		{"letters to her without a way", Representative{Relation: "guardian", Contact: Complainant{Name: "Els"}},
			[]string{"representative.write_to"}},
		{"nothing", Representative{}, []string{"representative.name", "representative.relation", "representative.write_to"}},
		{"an unknown relation", Representative{Relation: "neighbour", Contact: Complainant{Name: "Els", Email: "els@example.nl"}},
			[]string{"representative.relation"}},
	} {
		_, err := tc.in.Normalize()
		if got := fieldsOf(err); !slices.Equal(got, tc.fields) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
	}
	c := Complaint{Complainant: Complainant{Name: "Jan", Email: "jan@example.nl"}}
	if c.Addressee().Name != "Jan" {
		t.Error("without a representative the complainant is written to")
	}
	c.Representative = &Representative{Contact: Complainant{Name: "Els", Email: "els@example.nl"}, WriteTo: WriteToRepresentative}
	if c.Addressee().Email != "els@example.nl" || c.MayActFor(true) == nil || c.MayActFor(false) != nil {
		t.Error("the representative chosen is not written to, or her authorisation is not asked")
	}
	c.HideContact()
	if c.Representative.Contact.Email != "" || !c.HasEmail() {
		t.Error("hidden: her address shows, or it is not known to be on file")
	}
}

func TestSplitAndHandleParts(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := Complaint{ID: 1, Status: InProgress, SubjectUserID: 9}
	for _, tc := range []struct {
		name       string
		what, dept string
		assignee   int64
		due        time.Time
		fields     []string
	}{
		{"complete", "Dubbel afgeschreven", "ledenadministratie", 4, now.AddDate(0, 0, 7), nil},
		{"nothing", "", "", 0, time.Time{}, []string{"part.what", "part.department", "part.due"}},
		{"an unknown department, a past term", "x", "kantine", 0, now.Add(-time.Hour), []string{"part.department", "part.due"}},
		{"to the person complained about", "x", "servicelijn", 9, now.AddDate(0, 0, 1), []string{"part.assignee_id"}},
	} {
		_, _, err := SplitPart(c, tc.what, tc.dept, tc.assignee, tc.due, vocab{}, 1, now)
		if got := fieldsOf(err); !slices.Equal(got, tc.fields) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.fields)
		}
	}
	a, _, _ := SplitPart(c, "Dubbel afgeschreven", "ledenadministratie", 0, now.AddDate(0, 0, 7), vocab{}, 1, now)
	b, _, _ := SplitPart(c, "Campagne", "servicelijn", 0, now.AddDate(0, 0, 7), vocab{}, 1, now)
	if PartsOpen([]Part{a, b}) == nil || AllHandled([]Part{a, b}) || !AllHandled(nil) {
		t.Error("open parts not seen")
	}
	a, ev, err := a.Handle(" Teruggestort. ", 2, now)
	if err != nil || ev.Kind != EventPartHandled || a.Outcome != "Teruggestort." {
		t.Fatalf("handle = %+v %v", a, err)
	}
	if _, _, err := a.Handle("Nog eens", 2, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a part handled twice: %v", err)
	}
	b, _, _ = b.Handle("Uitgelegd.", 2, now)
	if PartsOpen([]Part{a, b}) != nil || !b.Handled() || b.Overdue(now.AddDate(0, 1, 0)) {
		t.Error("handled parts still open or overdue")
	}
	closed := c
	closed.Status = Closed
	if _, _, err := SplitPart(closed, "x", "servicelijn", 0, now.AddDate(0, 0, 1), vocab{}, 1, now); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a closed complaint split: %v", err)
	}
}

func TestPartsOf(t *testing.T) {
	c := Complaint{Team: "servicelijn", AssigneeID: 1, TakenByID: 2}
	parts := []Part{{ID: 10, Department: "ledenadministratie"}, {ID: 11, Department: "campagnes", AssigneeID: 7}}
	for _, tc := range []struct {
		name     string
		user     int64
		dept     string
		oversees bool
		want     []int64
		only     bool
	}{
		{"the handler sees every part", 1, "", false, []int64{10, 11}, false},
		{"who took it", 2, "", false, []int64{10, 11}, false},
		{"the complaint's team", 3, "servicelijn", false, []int64{10, 11}, false},
		{"a coordinator", 4, "", true, []int64{10, 11}, false},
		{"a department with a part: its part alone", 5, "ledenadministratie", false, []int64{10}, true},
		{"the person a part is handed to", 7, "", false, []int64{11}, true},
		{"a reader without a part: as the role sees it", 8, "bestuur", false, []int64{10, 11}, false},
	} {
		got, only := PartsOf(c, parts, tc.user, tc.dept, tc.oversees)
		var ids []int64
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if !slices.Equal(ids, tc.want) || only != tc.only {
			t.Errorf("%s: %v %v, want %v %v", tc.name, ids, only, tc.want, tc.only)
		}
	}
}
