package report

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/klacht/klacht/internal/store"
)

// Recurring complaints (P7.2): categories whose count rises beyond chance,
// and groups of similar complaint texts across categories.

// Rise is a category that rose significantly in a quarter.
type Rise struct {
	Category string  `json:"category"`
	Count    int     `json:"count"`
	Expected float64 `json:"expected"` // mean of the trailing four quarters
	P        float64 `json:"p_value"`
}

// Significance is the test's level: a rise is reported when, were the
// count Poisson with the trailing mean, one at least this large would
// happen less than 1 time in 100.
const Significance = 0.01

// poissonTail is P(X ≥ k) for X ~ Poisson(lambda).
func poissonTail(k int, lambda float64) float64 {
	if k <= 0 {
		return 1
	}
	sum, term := 0.0, math.Exp(-lambda)
	for i := 0; i < k; i++ {
		sum += term
		term *= lambda / float64(i+1)
	}
	return math.Max(0, 1-sum)
}

// Rises tests each category of the first column against the mean of the
// next four with a one-sided Poisson test. A category without history is
// given an expected count of 0.5, so a handful of first complaints can
// still stand out; at least 3 complaints are needed to be reported.
func Rises(ev Evaluation) []Rise {
	if len(ev.Columns) == 0 {
		return nil
	}
	var out []Rise
	for _, c := range ev.Columns[0].ByCategory {
		sum := 0
		for _, prev := range ev.Columns[1:] {
			for _, x := range prev.ByCategory {
				if x.Key == c.Key {
					sum += x.N
				}
			}
		}
		lambda := math.Max(0.5, float64(sum)/float64(max(1, len(ev.Columns)-1)))
		p := poissonTail(c.N, lambda)
		if c.N >= 3 && p < Significance {
			out = append(out, Rise{Category: c.Key, Count: c.N, Expected: math.Round(lambda*10) / 10, P: p})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].P < out[j].P })
	return out
}

// Cluster is a group of similar complaint texts.
type Cluster struct {
	Terms    []string `json:"terms"` // what they have in common
	Size     int      `json:"size"`
	Examples []string `json:"examples"` // references
}

// Clustering parameters: texts whose TF-IDF vectors have a cosine of at
// least MinSimilarity, and that share at least minShared terms, are linked; a group of at least MinClusterSize is
// reported. MaxTexts bounds the pairwise comparison.
const (
	MinSimilarity  = 0.15
	minShared      = 2 // terms two texts must share to be linked: one word in common is chance
	MinClusterSize = 5
	MaxTexts       = 5000
)

// Text is a complaint's text for clustering.
type Text struct {
	Reference string
	Body      string
}

// Clusters groups similar texts: TF-IDF over stemmed terms, cosine
// similarity, and single-link grouping; computed in process.
func Clusters(texts []Text) []Cluster {
	if len(texts) > MaxTexts {
		texts = texts[:MaxTexts]
	}
	docs := make([]map[string]float64, len(texts))
	df := map[string]int{}
	for i, t := range texts {
		tf := map[string]float64{}
		for _, w := range Terms(t.Body) {
			tf[w]++
		}
		docs[i] = tf
		for w := range tf {
			df[w]++
		}
	}
	n := float64(len(texts))
	for _, d := range docs {
		norm := 0.0
		for w, f := range d {
			v := (1 + math.Log(f)) * math.Log(1+n/float64(df[w]))
			d[w] = v
			norm += v * v
		}
		norm = math.Sqrt(norm)
		for w := range d {
			if norm > 0 {
				d[w] /= norm
			}
		}
	}
	// Only texts that share a term can be similar: compare through an
	// inverted index instead of every pair. Terms become numbers and each
	// term's postings (text, weight) are kept in text order, so a text
	// meets only the later texts it shares a term with, and its dot
	// products add up in one reused array rather than maps.
	type posting struct {
		ref int // a term's number in a text's vector, a text's in a posting list
		w   float64
	}
	termID := map[string]int{}
	vecs := make([][]posting, len(docs))
	for i, d := range docs {
		for w, v := range d {
			id, ok := termID[w]
			if !ok {
				id = len(termID)
				termID[w] = id
			}
			vecs[i] = append(vecs[i], posting{id, v})
		}
	}
	postings := make([][]posting, len(termID))
	for i, vec := range vecs {
		for _, e := range vec {
			postings[e.ref] = append(postings[e.ref], posting{i, e.w})
		}
	}
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	dots, shared := make([]float64, len(docs)), make([]int, len(docs))
	var met []int
	for i, vec := range vecs {
		met = met[:0]
		for _, e := range vec {
			list := postings[e.ref]
			if len(list) > 1000 && len(list) > len(docs)/2 {
				continue // in most of a large set: costly to follow, and IDF gives it little weight anyway
			}
			later := sort.Search(len(list), func(k int) bool { return list[k].ref > i })
			for _, p := range list[later:] {
				if shared[p.ref] == 0 {
					met = append(met, p.ref)
				}
				dots[p.ref] += e.w * p.w
				shared[p.ref]++
			}
		}
		for _, j := range met {
			if dots[j] >= MinSimilarity && shared[j] >= minShared {
				parent[find(i)] = find(j)
			}
			dots[j], shared[j] = 0, 0
		}
	}
	groups := map[int][]int{}
	for i := range docs {
		groups[find(i)] = append(groups[find(i)], i)
	}
	var out []Cluster
	for _, members := range groups {
		if len(members) < MinClusterSize {
			continue
		}
		weight := map[string]float64{}
		for _, m := range members {
			for w, v := range docs[m] {
				weight[w] += v
			}
		}
		terms := make([]string, 0, len(weight))
		for w := range weight {
			terms = append(terms, w)
		}
		sort.Slice(terms, func(a, b int) bool {
			return weight[terms[a]] > weight[terms[b]] || weight[terms[a]] == weight[terms[b]] && terms[a] < terms[b]
		})
		c := Cluster{Terms: terms[:min(5, len(terms))], Size: len(members)}
		for _, m := range members[:min(5, len(members))] {
			c.Examples = append(c.Examples, texts[m].Reference)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Size > out[j].Size })
	return out
}

// Recurring is what P7.2 asks after for a quarter.
type Recurring struct {
	Quarter  string    `json:"quarter"`
	Rises    []Rise    `json:"rises"`
	Clusters []Cluster `json:"clusters"`
}

// FindRecurring computes rises against the trailing quarters and clusters
// of the quarter's complaint texts.
func FindRecurring(ctx context.Context, s *store.Store, q Quarter, loc *time.Location) (Recurring, error) {
	ev, err := Quarterly(ctx, s, q, loc, time.Time{}) // counts only: received by category
	if err != nil {
		return Recurring{}, err
	}
	return RecurringIn(ctx, s, q, loc, ev)
}

// RecurringIn is FindRecurring for a quarter whose evaluation ev is at hand
// (the evaluation page has it): the rises need only its counts received by
// category, which do not depend on the moment they were taken.
func RecurringIn(ctx context.Context, s *store.Store, q Quarter, loc *time.Location, ev Evaluation) (Recurring, error) {
	clusters, err := recurringClusters(ctx, s, q, loc)
	if err != nil {
		return Recurring{}, err
	}
	return recurring(q, ev, clusters), nil
}

// LoadWithRecurring is LoadEvaluation and the quarter's recurring
// complaints, found side by side: the evaluation page shows both.
func LoadWithRecurring(
	ctx context.Context,
	s *store.Store,
	q Quarter,
	loc *time.Location,
	now time.Time,
) (ev Evaluation, frozen bool, sigs []store.Signature, rec Recurring, err error) {
	var clusters []Cluster
	var clusterErr error
	var wg sync.WaitGroup
	wg.Go(func() { clusters, clusterErr = recurringClusters(ctx, s, q, loc) })
	ev, frozen, sigs, err = LoadEvaluation(ctx, s, q, loc, now)
	wg.Wait()
	if err = errors.Join(err, clusterErr); err != nil {
		return ev, frozen, sigs, rec, err
	}
	return ev, frozen, sigs, recurring(q, ev, clusters), nil
}

// recurringClusters groups the texts of the complaints received in q; a
// quarter that is over keeps its groups until one of its complaints
// changes.
func recurringClusters(ctx context.Context, s *store.Store, q Quarter, loc *time.Location) ([]Cluster, error) {
	from, to := q.Bounds(loc)
	return store.Remember(ctx, s, "clusters "+q.String(), from, to, time.Now(), func() ([]Cluster, error) {
		texts, err := s.Texts(ctx, from, to, MaxTexts)
		if err != nil {
			return nil, err
		}
		ts := make([]Text, len(texts))
		for i, t := range texts {
			ts[i] = Text{Reference: t[0], Body: t[1]}
		}
		return Clusters(ts), nil
	})
}

func recurring(q Quarter, ev Evaluation, clusters []Cluster) Recurring {
	r := Recurring{Quarter: q.String(), Rises: Rises(ev), Clusters: clusters}
	if r.Rises == nil {
		r.Rises = []Rise{}
	}
	if r.Clusters == nil {
		r.Clusters = []Cluster{}
	}
	return r
}
