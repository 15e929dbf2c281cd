package kit

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/store"
)

const IntakePageSize = 100

// IntakeQuery reads the log's filters: outcome and the id to page before.
func IntakeQuery(r *http.Request) (outcome string, before int64, err error) {
	q := r.URL.Query()
	outcome = q.Get("outcome")
	if outcome != "" && !slices.Contains(store.IntakeOutcomes, outcome) {
		return "", 0, fault.InvalidField("outcome", "err.intake.outcome")
	}
	if v := q.Get("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before < 1 {
			return "", 0, fault.InvalidField("before", "err.intake.before")
		}
	}
	return outcome, before, nil
}
