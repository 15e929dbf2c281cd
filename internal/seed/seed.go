// Package seed builds a realistic register for trials, demonstrations and
// benchmarks: complaints over five years in the proportions of the 2019
// summary, in Dutch and English with texts varied enough for search and
// clustering, most handled (some late, with a delay notice), told and
// rated; membership cancellations; appeals to the board.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Options say what to build.
type Options struct {
	Complaints int       // how many complaints
	End        time.Time // the newest complaint is received just before this
	Years      int       // the span of the history; 5 when zero
	Seed       uint64    // the same seed builds the same register
	StaffID    int64     // who took phone and post complaints and handles them
	Prefix     string    // reference prefix; the profile's when empty
	// Progress, when set, hears how many complaints are stored so far.
	Progress func(done int)
}

// batch is how many complaints go into one transaction: large enough to
// spread the commit, small enough to keep memory flat.
const batch = 10_000

// weights are the 2019 summary's proportions (27 telemarketing, 16 street
// recruitment, 4 privacy, 8 other of 55), with "other" spread over the
// profile's remaining categories.
var weights = []struct {
	key string
	w   int
}{{"telemarketing", 270}, {"street_recruitment", 160}, {"privacy", 40}, {"financial", 25}, {"delivery", 20}, {"campaign_content", 15}, {"conduct", 10}, {"other", 10}}

func pickCategory(r *rand.Rand) string {
	n := r.IntN(550)
	for _, w := range weights {
		if n < w.w {
			return w.key
		}
		n -= w.w
	}
	return "other"
}

var channels = []struct {
	key string
	w   int
}{{"phone", 45}, {"email", 30}, {"web", 15}, {"post", 7}, {"in_person", 3}}

func pickChannel(r *rand.Rand) string {
	n := r.IntN(100)
	for _, c := range channels {
		if n < c.w {
			return c.key
		}
		n -= c.w
	}
	return "phone"
}

var concerns = []complaint.Concerns{
	complaint.ConcernsAct,
	complaint.ConcernsAct,
	complaint.ConcernsOmission,
	complaint.ConcernsPerson,
}

// Run stores the register: the complaints in batches, then cancellations
// (one for every ten complaints) and appeals (about one in a hundred
// handled complaints). It returns how many of each it stored.
func Run(ctx context.Context, s *store.Store, p procedure.Profile, o Options) (_ Counts, err error) {
	defer fault.Wrap(&err, "seed")
	var got Counts
	if o.Complaints < 0 {
		return got, fmt.Errorf("%d complaints", o.Complaints)
	}
	if o.Years <= 0 {
		o.Years = 5
	}
	if o.End.IsZero() {
		o.End = time.Now()
	}
	if o.Prefix == "" {
		o.Prefix = p.ReferencePrefix
	}
	loc := p.Location()
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	start := o.End.AddDate(-o.Years, 0, 0)
	span := o.End.Sub(start)
	terms := p.Terms()
	var appeals []store.SeedAppeal
	for done := 0; done < o.Complaints; {
		n := min(batch, o.Complaints-done)
		cs := make([]complaint.Complaint, 0, n)
		for i := done; i < done+n; i++ {
			// Evenly spread, oldest first, so references follow time.
			at := start.Add(time.Duration(float64(span) * (float64(i) + r.Float64()) / float64(o.Complaints)))
			c, err := one(r, p, terms, o.StaffID, at, o.End)
			if err != nil {
				return got, fmt.Errorf("seed complaint %d: %w", i, err)
			}
			cs = append(cs, c)
		}
		if err := s.BulkCreateComplaints(ctx, cs, o.Prefix, func(c complaint.Complaint) int { return store.RefYear(c.CreatedAt, loc) }); err != nil {
			return got, err
		}
		for _, c := range cs {
			if !c.HandledAt.IsZero() && r.IntN(100) == 0 {
				appeals = append(appeals, appeal(r, c, p, o.StaffID, o.End))
			}
		}
		done += n
		got.Complaints = done
		if o.Progress != nil {
			o.Progress(done)
		}
	}
	if err := s.SeedAppeals(ctx, appeals); err != nil {
		return got, err
	}
	got.Appeals = len(appeals)
	xs := make([]cancellation.Cancellation, 0, o.Complaints/10)
	for i := range o.Complaints / 10 {
		x, err := cancel(r, p, i, start, span, o.End)
		if err != nil {
			return got, fmt.Errorf("seed cancellation %d: %w", i, err)
		}
		xs = append(xs, x)
	}
	if err := s.SeedCancellations(ctx, xs); err != nil {
		return got, err
	}
	got.Cancellations = len(xs)
	if err := s.Optimize(ctx); err != nil {
		return got, err
	}
	return got, nil
}

// Counts is what Run stored.
type Counts struct {
	Complaints, Cancellations, Appeals int
}

// one builds a complaint received at at, with the life it would have led
// by now.
func one(
	r *rand.Rand,
	p procedure.Profile,
	terms complaint.Terms,
	staff int64,
	at, now time.Time,
) (complaint.Complaint, error) {
	lang := "nl"
	if r.IntN(10) == 0 {
		lang = "en"
	}
	cat := pickCategory(r)
	ch := pickChannel(r)
	member := 100000 + r.IntN(400000)
	d := complaint.Draft{
		Channel:     ch,
		Category:    cat,
		Concerns:    concerns[r.IntN(len(concerns))],
		Language:    lang,
		Description: Text(r, cat, lang),
		ReceivedAt:  at,
		Complainant: person(r, member),
	}
	if r.IntN(20) == 0 { // one in twenty registrations lacks something (P4.7)
		d.Complainant.Address, d.Complainant.Postcode = "", ""
	}
	taker := int64(0)
	if ch != "web" && ch != "email" {
		taker = staff
	}
	c, err := complaint.New(d, p, terms, taker, at)
	if err != nil {
		return c, err
	}
	c.Team, _ = p.Route(cat, "")
	c.AssigneeID = staff
	c.Status = complaint.InProgress
	// Most are handled within the term; some late; the newest still open.
	days := 1 + r.ExpFloat64()*5
	if r.IntN(8) == 0 {
		days = 14 + r.Float64()*21
	}
	handled := at.Add(time.Duration(days * 24 * float64(time.Hour)))
	if handled.After(c.DueAt) && r.IntN(10) < 7 {
		c.DelayNoticeAt = c.DueAt.Add(-24 * time.Hour)
		c.ExpectedAt = handled.Add(48 * time.Hour)
	}
	if handled.Before(now) {
		c.Status, c.HandledAt, c.ToldAt = complaint.Handled, handled, handled
		c.ToldVia = []string{"email", "email", "phone", "letter"}[r.IntN(4)]
		c.Outcome = "resolved"
		switch n := r.IntN(20); {
		case n < 17:
			c.Satisfied = "yes"
		case n < 19:
			c.Satisfied = "no"
		}
		if closed := handled.Add(7 * 24 * time.Hour); closed.Before(now) {
			c.Status, c.ClosedAt = complaint.Closed, closed
		}
	}
	c.UpdatedAt = at
	if !c.ClosedAt.IsZero() {
		c.UpdatedAt = c.ClosedAt
	} else if !c.HandledAt.IsZero() {
		c.UpdatedAt = c.HandledAt
	}
	return c, nil
}

var (
	firstNames = []string{
		"Anna",
		"Bram",
		"Carla",
		"Daan",
		"Eva",
		"Femke",
		"Gerrit",
		"Hanna",
		"Ibrahim",
		"Joost",
		"Karin",
		"Lars",
		"Mila",
		"Noor",
		"Olaf",
		"Priya",
		"Ruben",
		"Sanne",
		"Tom",
		"Yara",
	}
	lastNames = []string{
		"de Jong",
		"Jansen",
		"de Vries",
		"van den Berg",
		"Bakker",
		"Visser",
		"Smit",
		"Meijer",
		"de Boer",
		"Mulder",
		"Bos",
		"Vos",
		"Peters",
		"Hendriks",
		"Dekker",
		"Brouwer",
		"El Amrani",
		"Yilmaz",
	}
	streets = []string{
		"Dorpsstraat",
		"Kerkstraat",
		"Molenweg",
		"Stationsplein",
		"Beukenlaan",
		"Schoolstraat",
		"Julianastraat",
		"Parallelweg",
	}
	cities = []string{
		"Amsterdam",
		"Rotterdam",
		"Utrecht",
		"Den Haag",
		"Groningen",
		"Zwolle",
		"Nijmegen",
		"Eindhoven",
		"Leeuwarden",
		"Middelburg",
	}
)

// person is member number n with a name and address that stay the same
// each time the member appears.
func person(r *rand.Rand, n int) complaint.Complainant {
	name := firstNames[n%len(firstNames)] + " " + lastNames[(n/len(firstNames))%len(lastNames)]
	c := complaint.Complainant{
		MemberNumber: strconv.Itoa(n),
		Name:         name,
		Address:      streets[n%len(streets)] + " " + strconv.Itoa(1+n%180),
		Postcode:     fmt.Sprintf("%04d AB", 1000+n%8999),
		City:         cities[n%len(cities)],
	}
	if r.IntN(4) > 0 {
		c.Email = "lid" + strconv.Itoa(n) + "@example.nl"
	} else {
		c.Phone = fmt.Sprintf("06-%08d", n)
	}
	return c
}

var decisions = []string{"rejected", "rejected", "partly_upheld", "upheld"}

func appeal(r *rand.Rand, c complaint.Complaint, p procedure.Profile, staff int64, now time.Time) store.SeedAppeal {
	filed := c.HandledAt.Add(time.Duration(1+r.IntN(20)) * 24 * time.Hour)
	// The board's term counts calendar days where the organisation is, as
	// complaint.FileAppeal counts them.
	a := store.SeedAppeal{
		ComplaintID: c.ID,
		FiledAt:     filed,
		FiledBy:     staff,
		DueAt:       p.Calendar().End(filed, p.AppealTerm()),
		Grounds:     "Ik ben het niet eens met de afhandeling van mijn klacht.",
	}
	if decided := filed.Add(time.Duration(5+r.IntN(30)) * 24 * time.Hour); decided.Before(now) {
		a.DecidedAt, a.DecidedBy, a.Decision = decided, staff, decisions[r.IntN(len(decisions))]
		a.Reasoning = "Het bestuur heeft de klacht en de afhandeling opnieuw bekeken."
	}
	if a.FiledAt.After(now) {
		a.FiledAt = now.Add(-time.Hour)
		a.DueAt = p.Calendar().End(a.FiledAt, p.AppealTerm())
	}
	return a
}

func cancel(
	r *rand.Rand,
	prof procedure.Profile,
	i int,
	start time.Time,
	span time.Duration,
	now time.Time,
) (cancellation.Cancellation, error) {
	member := 100000 + r.IntN(400000)
	p := person(r, member)
	on := start.Add(time.Duration(r.Int64N(int64(span))))
	x := cancellation.Cancellation{
		Source:       "seed",
		SourceID:     "seed-" + strconv.FormatInt(now.UnixNano(), 36) + "-" + strconv.Itoa(i),
		MemberNumber: p.MemberNumber,
		Name:         p.Name,
		Email:        p.Email,
		Phone:        p.Phone,
		Address:      p.Address,
		Postcode:     p.Postcode,
		City:         p.City,
		CancelledOn:  time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC),
		Reason:       pickKey(r, prof.CancellationReasons),
	}
	x, err := x.Normalize(prof, now)
	if err != nil {
		return x, err
	}
	if x.Status == cancellation.ToCall && on.Before(now.AddDate(0, 0, -30)) {
		x.Status, x.Attempts = cancellation.Reached, 1
		x.RecordedReason = pickKey(r, prof.CancellationReasons)
		x.Outcome = "gesprek gevoerd"
		if r.IntN(3) == 0 {
			x.Offer = pickKey(r, prof.CancellationOffers)
			x.OfferAccepted = []string{"yes", "no"}[r.IntN(2)]
		}
	}
	return x, nil
}

// pickKey is the key of one of items, at random.
func pickKey(r *rand.Rand, items []procedure.Item) string { return items[r.IntN(len(items))].Key }
