package procedure

import (
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/i18n"
)

// TermText names a term as people say it: "14 dagen", "10 working days",
// "6 weeks".
func TermText(t complaint.Term, lang i18n.Lang) string {
	return i18n.N(lang, "term."+string(unitOr(t.Unit)), t.N)
}
