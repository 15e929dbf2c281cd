package store

import (
	"strings"

	"github.com/klacht/klacht/internal/complaint"
)

// The SQL twins of the domain's rules, on complaints aliased c, built from
// the domain's own definitions. Lists, counts, the dashboard, the term
// watch and the evaluation filter with these; storetest's parity test runs
// each beside its Go rule on the same rows, on both databases.

// sqlOpen is complaint.Status.Open: the statuses in which the work is not
// done. They are literals so both databases can use the partial index of
// open complaints (complaints_open_due).
var sqlOpen = func() string {
	var open []string
	for _, s := range complaint.Statuses {
		if s.Open() {
			open = append(open, "'"+string(s)+"'")
		}
	}
	return "c.status IN (" + strings.Join(open, ", ") + ")"
}()

// sqlOverdue is complaint.Complaint.Overdue: open, its clock running, and
// past its term at the one argument (now).
var sqlOverdue = "(" + sqlOpen + " AND c.paused_at IS NULL AND c.due_at < ?)"

// sqlBreach is complaint.Complaint.Breach: overdue at now without a valid
// written notice of delay (P5.5). Arguments: now, now.
var sqlBreach = "(" + sqlOverdue + " AND (c.delay_notice_at IS NULL OR c.expected_at < ?))"

// sqlIncomplete is complaint.Complaint.Missing: the registration lacks one
// of the fields P4 asks for.
var sqlIncomplete = func() string {
	var self []string
	for _, ch := range complaint.ChannelsWithoutTaker {
		self = append(self, "'"+ch+"'")
	}
	return `(c.name = '' OR c.address = '' OR c.postcode = '' OR c.city = '' OR (c.email = '' AND c.phone = '')
	OR c.concerns = '' OR (c.taken_by IS NULL AND c.channel NOT IN (` + strings.Join(self, ", ") + `)))`
}()

// sqlHandledInTerm is complaint.Complaint.HandledInTerm: handled no later
// than the end of its term.
const sqlHandledInTerm = "(c.handled_at IS NOT NULL AND c.handled_at <= c.due_at)"
