package kit

import (
	"io"
	"net/http"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// quarterOf reads ?year=&quarter=, defaulting to the last full quarter.
func (s *Core) QuarterOf(r *http.Request) (report.Quarter, error) {
	y, q := r.URL.Query().Get("year"), r.URL.Query().Get("quarter")
	if y == "" && q == "" {
		return report.Of(s.Now(), s.Profile().Location()).Prev(), nil
	}
	return report.ParseQuarter(y, q)
}

// WriteEvaluation writes the evaluation in one of quarterlyFormats, with
// the page's language for labels.
func WriteEvaluation(
	ev report.Evaluation,
	f report.Format,
	page Page,
	sigs []report.SignatureLine,
	w io.Writer,
) error {
	return ev.Write(w, f, page.Lang, func(key string) string { return report.FigureLabel(page.Profile(), page.Lang, key) }, page.T("eval.title")+" "+ev.Quarter, sigs)
}

// evaluation returns a quarter's figures: the frozen snapshot once any
// reviewer signed (P7.1), else live figures.
func (s *Core) Evaluation(r *http.Request, q report.Quarter) (report.Evaluation, bool, []store.Signature, error) {
	return report.LoadEvaluation(r.Context(), s.Store, q, s.Profile().Location(), s.Now())
}

// signatureLines are the sign-offs as printed, in the page's language.
func (s *Core) SignatureLines(page Page, sigs []store.Signature) []report.SignatureLine {
	var lines []report.SignatureLine
	for _, g := range sigs {
		lines = append(
			lines,
			report.SignatureLine{
				Who:  g.UserName + " (" + page.Role(auth.Role(g.Role)) + ")",
				When: page.Time(g.SignedAt),
				Note: g.Note,
			},
		)
	}
	return lines
}
