package complaint

// Step is what the procedure asks next of the staff for one complaint: the
// one action a complaint's page offers first. Everything else the page
// offers is secondary.
type Step string

const (
	StepNone         Step = ""              // nothing is left to do
	StepAssign       Step = "assign"        // no team handles it yet (P5.3)
	StepStart        Step = "start"         // registered: take it into handling (P5.1)
	StepResume       Step = "resume"        // the term waits on the complainant's answer
	StepHandle       Step = "handle"        // tell the complainant and record the outcome (P5.4)
	StepDecideAppeal Step = "decide_appeal" // the board decides an appeal (P8.2)
	StepClose        Step = "close"         // handled and nothing waits: close it
)

// NextStep returns the step the procedure asks for next. appealOpen says
// whether an appeal on the complaint waits for the board's decision; an
// open appeal comes before closing, and a handled complaint is never sent
// back into handling as its next step (reopening is an exception, not the
// way forward).
func NextStep(c Complaint, appealOpen bool) Step {
	switch {
	case c.MergedInto != "":
		return StepNone
	case appealOpen:
		return StepDecideAppeal
	case c.Status.Open() && c.Paused():
		return StepResume
	}
	switch c.Status {
	case Registered:
		if c.Team == "" {
			return StepAssign
		}
		return StepStart
	case InProgress:
		return StepHandle
	case Handled:
		return StepClose
	}
	return StepNone
}
