package ui

import (
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/member"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// maxCount is as far as the list counts: beyond it, "more than 10,000"
// tells a person as much as the exact number, at a fraction of the cost.
const maxCount = 10000

// maxSearchCount is as far as a search counts its matches: each is checked
// in the text, so counting costs more, and a person refines a search long
// before they read a thousand matches.
const maxSearchCount = 1000

type listPage struct {
	kit.Page
	Items     []complaint.Complaint
	Total     int
	More      bool // there are more than Total: the count stopped there
	NextURL   string
	FirstURL  string
	Filtered  bool
	CanCreate bool
	SortLinks []sortLink
	Queues    []sortLink
	Snippets  map[int64]template.HTML // a search's matching passages, by complaint
	// ExportURL downloads what the filter finds (add the format).
	ExportURL string
}

// Snippet is the passage of c that matched the search, if any.
func (p listPage) Snippet(id int64) template.HTML { return p.Snippets[id] }

type sortLink struct {
	Label, URL string
	Current    bool
}

func (s *Handler) listPage(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	page := listPage{Page: s.Page(r, "list.title"), CanCreate: auth.Can(u.Role, auth.ComplaintCreate)}
	q := r.URL.Query()
	page.Form.Values = q
	export := url.Values{}
	for k, v := range q {
		if k != "cursor" && k != "limit" && k != "notice" {
			export[k] = v
		}
	}
	page.ExportURL = "/complaints/export?" + export.Encode()
	if len(export) > 0 {
		page.ExportURL += "&"
	}
	lq, err := s.ParseListQuery(q, u)
	if err != nil {
		page.WithError(err)
		s.Render(w, r, http.StatusUnprocessableEntity, "list", page)
		return
	}
	upTo := maxCount
	if lq.Filter.Query != "" {
		upTo = maxSearchCount
	}
	type counted struct {
		n   int
		err error
	}
	countNow := func() counted {
		n, err := s.Store.CountComplaintsUpTo(r.Context(), lq.Filter, upTo)
		return counted{n, err}
	}
	var items []complaint.Complaint
	var next *store.Cursor
	var total counted
	if lq.Relevance {
		hits, ranked, err := s.Search(r.Context(), lq)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		page.Snippets = map[int64]template.HTML{}
		for _, h := range hits {
			items = append(items, h.Complaint)
			// The store escaped the text and added only <mark>.
			page.Snippets[h.ID] = template.HTML(h.Snippet)
		}
		// A search that ranked more than the page counts up to has its
		// count: "more than" (a common word's count read its matches
		// again beside the ranking).
		total = counted{n: ranked}
		if ranked <= upTo {
			total = countNow()
		}
	} else {
		// The count runs beside the page's own query, which it waits for.
		count := make(chan counted, 1)
		go func() { count <- countNow() }()
		if items, next, err = s.Store.ListComplaints(r.Context(), lq.Filter, lq.Sort, lq.Limit, lq.After); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		total = <-count
	}
	if total.err != nil {
		s.ErrorPage(w, r, total.err)
		return
	}
	page.Items, page.Total, page.More = items, min(total.n, upTo), total.n > upTo
	// Queues (P5.3): my work and my team show what is still open, the
	// next term first (the status filter shows the rest); then everything.
	mine := q.Get("assignee") == "me"
	myTeam := u.Department != "" && q.Get("team") == u.Department && !mine
	page.Queues = append(page.Queues, sortLink{Label: page.T("queue.mine"),
		URL: kit.Link("/complaints", url.Values{"assignee": {"me"}, "status": {kit.StatusOpen}, "sort": {"due_at"}}), Current: mine})
	if u.Department != "" {
		page.Queues = append(page.Queues, sortLink{Label: page.T("queue.team", page.Department(u.Department)),
			URL: kit.Link(
				"/complaints",
				url.Values{"team": {u.Department}, "status": {kit.StatusOpen}, "sort": {"due_at"}},
			), Current: myTeam})
	}
	page.Queues = append(page.Queues, sortLink{Label: page.T("queue.all"), URL: "/complaints", Current: !mine && !myTeam})
	for _, k := range []string{"status", "category", "channel", "team", "assignee", "overdue", "incomplete", "q", "received_from", "received_to"} {
		if q.Get(k) != "" {
			page.Filtered = true
		}
	}
	withParam := func(key, value string) string {
		v := url.Values{}
		for k, vals := range q {
			if k != "cursor" && k != key {
				v[k] = vals
			}
		}
		if value != "" {
			v.Set(key, value)
		}
		return "/complaints?" + v.Encode()
	}
	if next != nil {
		page.NextURL = withParam("cursor", next.Encode())
	}
	if lq.After != nil {
		page.FirstURL = withParam("cursor", "")
	}
	for _, sl := range []struct{ key, sort string }{{"sort.newest", "-received_at"}, {"sort.oldest", "received_at"}, {"sort.due", "due_at"}} {
		page.SortLinks = append(
			page.SortLinks,
			sortLink{Label: page.T(sl.key), URL: withParam("sort", sl.sort), Current: string(lq.Sort) == sl.sort},
		)
	}
	s.Render(w, r, http.StatusOK, "list", page)
}

type formPage struct {
	kit.Page
	Action    string
	Editing   bool
	Reference string
	// A phone call being registered (P3.1): the call in the caller log,
	// the caller's number, and who it names.
	CallID   int64
	Phone    string
	Caller   *app.Caller
	FilledBy string // where the complainant's details came from (member.From…)
}

// complaintFormValues fills a form from a complaint, for editing.
func complaintFormValues(loc *time.Location, c complaint.Complaint) url.Values {
	p := c.Complainant
	return url.Values{
		"channel": {c.Channel}, "category": {c.Category}, "department": {c.Department},
		"concerns": {
			string(c.Concerns),
		}, "campaign": {c.Campaign}, "agency": {c.Agency}, "language": {c.Language}, "description": {c.Description},
		"received_at":               {c.ReceivedAt.In(loc).Format("2006-01-02T15:04")},
		"complainant.member_number": {p.MemberNumber}, "complainant.name": {p.Name},
		"complainant.address": {p.Address}, "complainant.postcode": {p.Postcode}, "complainant.city": {p.City},
		"complainant.email": {p.Email}, "complainant.phone": {p.Phone}, "answer_by": {c.AnswerBy},
	}
}

func (s *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	page := formPage{Page: s.Page(r, "form.new.title"), Action: "/complaints"}
	p := s.Profile()
	dept := u.Department
	if dept == "" {
		dept = p.DefaultDepartment
	}
	// A phone call is the common case at the service desk (P3.1).
	page.Form.Values = url.Values{
		"channel": {complaint.ChannelPhone}, "language": {p.DefaultLanguage}, "department": {dept}, "do_not_call": {"true"},
		"received_at": {page.Now().In(page.Location()).Format("2006-01-02T15:04")},
	}
	// P3.2: a complaint that reaches another department goes to the
	// service-desk coordinator, so staff elsewhere forward by default.
	if dept != p.DefaultDepartment {
		page.Form.Values.Set("forward", "true")
	}
	if err := s.fillFromCall(r, &page); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "form", page)
}

// fillFromCall pre-fills the form a telephony system opens for a call
// (P3.1): /complaints/new?phone=…&member=…&call=…. The member number finds
// the member (membership system, member file, last complaint); without
// one, the number finds whoever uses it, and when that is one person the
// form takes their details; several, and staff choose.
func (s *Handler) fillFromCall(r *http.Request, page *formPage) error {
	q := r.URL.Query()
	phone, nr := strings.TrimSpace(q.Get("phone")), strings.TrimSpace(q.Get("member"))
	if id, err := strconv.ParseInt(q.Get("call"), 10, 64); err == nil && id > 0 {
		if _, err := s.Store.CallByID(r.Context(), id); err == nil {
			page.CallID = id
		}
	}
	if phone == "" && nr == "" {
		return nil
	}
	if len(phone) > 40 || len(nr) > 40 {
		return fault.New(fault.Invalid, "err.call.query")
	}
	page.Phone = phone
	page.Form.Values.Set("complainant.phone", phone)
	page.Form.Values.Set("channel", complaint.ChannelPhone)
	fill := func(m member.Record) {
		for k, v := range map[string]string{"member_number": m.MemberNumber, "name": m.Name, "address": m.Address,
			"postcode": m.Postcode, "city": m.City, "email": m.Email} {
			if v != "" {
				page.Form.Values.Set("complainant."+k, v)
			}
		}
		if m.Phone != "" && phone == "" {
			page.Form.Values.Set("complainant.phone", m.Phone)
		}
	}
	if nr != "" {
		found, err := s.App.LookupMember(r.Context(), nr)
		if err == nil {
			fill(found.Record)
			page.FilledBy = found.Source
			return nil
		}
		if fault.CodeOf(err) != fault.NotFound {
			return err
		}
		page.Form.Values.Set("complainant.member_number", nr)
	}
	if phone == "" {
		return nil
	}
	caller, err := s.App.FindCaller(r.Context(), phone)
	if err != nil {
		return err
	}
	page.Caller = &caller
	if one, ok := caller.One(); ok && nr == "" {
		fill(one)
		page.FilledBy = member.FromMemberFile
		if len(caller.Members) == 0 {
			page.FilledBy = member.FromEarlierComplaint
		}
	}
	return nil
}

// CallerChoices are the people the caller's number names, when there are
// several, each with the link that fills the form with them.
func (p formPage) CallerChoices() []callerChoice {
	if p.Caller == nil {
		return nil
	}
	all := append(append([]member.Record(nil), p.Caller.Members...), p.Caller.Complainants...)
	if len(all) < 2 {
		return nil
	}
	out := make([]callerChoice, 0, len(all))
	for _, m := range all {
		q := url.Values{"phone": {p.Phone}, "member": {m.MemberNumber}}
		if p.CallID != 0 {
			q.Set("call", strconv.FormatInt(p.CallID, 10))
		}
		out = append(out, callerChoice{Name: m.Name, MemberNumber: m.MemberNumber, URL: "/complaints/new?" + q.Encode()})
	}
	return out
}

type callerChoice struct{ Name, MemberNumber, URL string }

// formInput reads the complaint form into an API-shaped input, so the UI
// and the API share one path to the domain.
func (s *Handler) formInput(f url.Values) (kit.ComplaintInput, error) {
	str := func(k string) *string { v := f.Get(k); return &v }
	in := kit.ComplaintInput{
		Channel: str(
			"channel",
		), Category: str("category"), Department: str("department"), Campaign: str("campaign"), Agency: str("agency"),
		Concerns: str("concerns"), Language: str("language"), Description: str("description"), AnswerBy: str("answer_by"),
		Complainant: &kit.ComplainantInput{
			MemberNumber: str("complainant.member_number"), Name: str("complainant.name"),
			Address: str("complainant.address"), Postcode: str("complainant.postcode"), City: str("complainant.city"),
			Email: str("complainant.email"), Phone: str("complainant.phone"),
		},
	}
	if v := strings.TrimSpace(f.Get("received_at")); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, s.Profile().Location())
		if err != nil {
			return in, fault.InvalidField("received_at", "err.date")
		}
		iso := t.Format(time.RFC3339)
		in.ReceivedAt = &iso
	}
	return in, nil
}

func (s *Handler) createFromForm(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	page := formPage{Page: s.Page(r, "form.new.title"), Action: "/complaints"}
	err := kit.ParseUploadForm(w, r)
	page.Form.Values = r.PostForm
	var c complaint.Complaint
	var in kit.ComplaintInput
	var atts []complaint.Attachment
	if err == nil {
		// A scanned letter (P3.3, post) or other files come along.
		atts, err = kit.AttachmentsOf(r, "attachments", "staff", s.Now)
	}
	if err == nil {
		in, err = s.formInput(r.PostForm)
	}
	if err == nil {
		var d complaint.Draft
		if d, err = in.Draft(s.Core); err == nil {
			c, _, err = s.App.Register(
				r.Context(),
				u,
				d,
				app.Registration{Forward: r.PostForm.Get("forward") == "true", Attach: atts},
			)
			if err == nil {
				s.App.ListDoNotCall(r.Context(), u, c, r.PostForm.Get("do_not_call") == "true")
				// The call in the caller log now names its complaint.
				if id, perr := strconv.ParseInt(r.PostForm.Get("call"), 10, 64); perr == nil && id > 0 {
					if lerr := s.App.LinkCall(r.Context(), id, c.Reference); lerr != nil {
						s.Log.WarnContext(r.Context(), "link call", "call", id, "err", lerr)
					}
				}
			}
		}
	}
	if err != nil {
		if !page.WithError(err) {
			s.ErrorPage(w, r, err)
			return
		}
		page.Form.OrderBy(kit.ComplaintFormOrder)
		s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "form", page)
		return
	}
	http.Redirect(w, r, "/complaints/"+c.Reference+"?notice=created", http.StatusSeeOther)
}

type detailPage struct {
	kit.Page
	C             complaint.Complaint
	Events        []complaint.Event
	Missing       []string
	CanEdit       bool
	CanTransition bool
	CanNote       bool
	CanAssign     bool
	CanForward    bool
	Staff         []auth.User
	Messages      []store.OutboxItem
	Attachments   []complaint.Attachment
	Appeals       []complaint.Appeal
	OpenAppeal    int64 // the appeal that waits for the board, if any
	Step          complaint.Step
	opened        string // the action whose form came back with an error
	Cancellation  int64  // the cancellation this complaint was behind (P6.3)
	DoNotCall     store.DoNotCall
	TermPause     bool // the profile lets the term pause
	CanMerge      bool
	Duplicates    []report.Duplicate
	Experts       []store.ExpertRequest
	Decisions     bool // the profile records outcomes, remedies, labels, measures and lessons
	Decision      complaint.Decision
	Measures      []complaint.Measure
	Subject       *complaint.Subject      // who or what the complaint is about, if recorded
	Draft         *complaint.OutcomeDraft // the written outcome waiting for approval
	Flags         []string
	Me            int64 // the reader
	Parts         []complaint.Part
	// PartOnly: the reader sees the complaint through a part referred to
	// them or their department only, and sees that part alone.
	PartOnly bool
}

// PartLate reports whether part p is past its term unhandled.
func (p detailPage) PartLate(part complaint.Part) bool { return part.Overdue(p.Now()) }

// PartField is the outcome field of part id's form.
func (p detailPage) PartField(id int64) kit.FieldView {
	f := p.Field("part.outcome", "f.part.outcome", "textarea", "short", "required")
	f.ID = "f-part-outcome-" + strconv.FormatInt(id, 10)
	if p.Form.Get("part.id") != strconv.FormatInt(id, 10) {
		f.Value, f.Error = "", ""
	}
	return f
}

// RelationOptions lists how a representative can be related.
func (p detailPage) RelationOptions() []kit.Option {
	out := make([]kit.Option, len(complaint.Relations))
	for i, r := range complaint.Relations {
		out[i] = kit.Option{Value: r, Label: p.T("rep.relation." + r)}
	}
	return out
}

// FlagOptions lists the flags that make an answer need approval.
func (p detailPage) FlagOptions() []kit.Option {
	out := make([]kit.Option, len(complaint.Flags))
	for i, f := range complaint.Flags {
		out[i] = kit.Option{Value: f, Label: p.T("flag." + f), Selected: slices.Contains(p.Flags, f)}
	}
	return out
}

// SubjectKindOptions lists what a complaint can be about, the form's
// choice selected.
func (p detailPage) SubjectKindOptions() []kit.Option {
	out := make([]kit.Option, len(complaint.SubjectKinds))
	for i, k := range complaint.SubjectKinds {
		out[i] = kit.Option{Value: k, Label: p.T("subject.kind." + k), Selected: p.Form.Get("subject.kind") == k}
	}
	return out
}

// MeasureLate reports whether m is past its term undone.
func (p detailPage) MeasureLate(m complaint.Measure) bool { return m.Late(p.Now()) }

// OwnerOptions lists who can see to a measure, "choose" first.
func (p detailPage) OwnerOptions() []kit.Option {
	out := p.StaffOptions()
	out[0].Label = p.T("measure.choose_owner")
	return out
}

// OutcomeOptions lists the profile's outcomes.
func (p detailPage) OutcomeOptions() []kit.Option {
	out := make([]kit.Option, len(p.Profile().Outcomes))
	for i, o := range p.Profile().Outcomes {
		out[i] = kit.Option{Value: o.Key, Label: o.Label.In(p.Lang)}
	}
	return out
}

// OutcomeLabel names an outcome in the page's language.
func (p detailPage) OutcomeLabel(key string) string { return p.Profile().OutcomeLabel(key, p.Lang) }

// LabelLabel names a label in the page's language.
func (p detailPage) LabelLabel(key string) string { return p.Profile().LabelLabel(key, p.Lang) }

// LabelOptions lists the profile's labels, those on the form ticked.
func (p detailPage) LabelOptions() []kit.Option {
	out := make([]kit.Option, len(p.Profile().Labels))
	for i, l := range p.Profile().Labels {
		out[i] = kit.Option{Value: l.Key, Label: l.Label.In(p.Lang), Selected: slices.Contains(p.Form.Values["labels"], l.Key)}
	}
	return out
}

// DuplicateReasons writes why a complaint may be the same.
func (p detailPage) DuplicateReasons(d report.Duplicate) string {
	var out []string
	for _, r := range d.Reasons {
		out = append(out, p.T("merge.reason."+r))
	}
	return strings.Join(out, ", ")
}

// CategoryOffersDoNotCall reports whether the complaint's category offers
// the do-not-call list (the profile's telemarketing).
func (p detailPage) CategoryOffersDoNotCall() bool { return p.Profile().OffersDoNotCall(p.C.Category) }

// NextText says in a sentence what the procedure asks next.
func (p detailPage) NextText() string {
	c := p.C
	switch p.Step {
	case complaint.StepResume:
		return p.T("next.resume", p.Time(c.PausedAt))
	case complaint.StepHandle:
		return p.T("next.handle", p.Date(c.DueAt))
	case complaint.StepDecideAppeal:
		for _, a := range p.Appeals {
			if a.ID == p.OpenAppeal {
				return p.T("next.decide_appeal", p.Date(a.DueAt))
			}
		}
	case complaint.StepNone:
		return p.T("next.none")
	}
	return p.T("next." + string(p.Step))
}

// Opens reports whether an action's disclosure starts open: the action
// the procedure asks next, or the one whose form is shown again with its
// errors.
func (p detailPage) Opens(action string) bool {
	return action == p.opened || action == string(p.Step)
}

// OtherMoves lists the status moves offered besides the next step:
// handling goes through its own form, and the next step has its button.
func (p detailPage) OtherMoves() []complaint.Status {
	if !p.CanTransition {
		return nil
	}
	var out []complaint.Status
	for _, to := range p.C.Status.Next() {
		switch {
		case to == complaint.Handled,
			p.Step == complaint.StepStart && to == complaint.InProgress,
			p.Step == complaint.StepClose && to == complaint.Closed:
			continue
		}
		out = append(out, to)
	}
	return out
}

// HasActions reports whether the reader may do anything on the page
// beyond its next step.
func (p detailPage) HasActions() bool {
	return p.CanTransition || p.CanAssign || p.CanForward || p.CanMerge || (p.CanNote && p.C.HasEmail())
}

// SatisfiedOptions offers whether the complainant was satisfied (R1).
func (p detailPage) SatisfiedOptions() []kit.Option {
	return []kit.Option{
		{Value: "", Label: p.T("satisfied.unknown")},
		{Value: "yes", Label: p.T("satisfied.yes")},
		{Value: "no", Label: p.T("satisfied.no")},
	}
}

// StaffOptions lists active users for the hand-over, "nobody" first.
func (p detailPage) StaffOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: p.T("assign.nobody")}}
	for _, u := range p.Staff {
		label := u.Name
		if u.Department != "" {
			label += " (" + p.Department(u.Department) + ")"
		}
		out = append(out, kit.Option{Value: strconv.FormatInt(u.ID, 10), Label: label})
	}
	return out
}

func (s *Handler) detailPage(w http.ResponseWriter, r *http.Request) {
	s.renderDetail(w, r, http.StatusOK, nil)
}

// renderDetail shows a complaint; formErr, when set, is shown on the
// action forms with the values the user typed.
func (s *Handler) renderDetail(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	u, _ := kit.UserOf(r)
	c, err := s.ReadComplaint(r, "page")
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	// A merged duplicate's reference leads to the complaint it is part of.
	if c.MergedInto != "" && r.Method == http.MethodGet {
		http.Redirect(w, r, "/complaints/"+c.MergedInto+"?notice=merged_from", http.StatusSeeOther)
		return
	}
	events, err := s.Store.Timeline(r.Context(), c.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	open := c.Status != complaint.Closed
	page := detailPage{
		Page: s.Page(r, "detail.title"), C: c, Events: events, Missing: c.MissingFields(),
		CanEdit:       auth.Can(u.Role, auth.ComplaintUpdate) && open,
		CanTransition: auth.Can(u.Role, auth.ComplaintTransition),
		CanNote:       auth.Can(u.Role, auth.ComplaintNote),
		CanAssign:     auth.Can(u.Role, auth.ComplaintAssign) && open,
		CanForward:    auth.Can(u.Role, auth.ComplaintForward) && open,
		TermPause:     s.Profile().TermPause,
		CanMerge:      auth.Can(u.Role, auth.ComplaintUpdate) && open,
	}
	if page.Experts, err = s.Store.ExpertRequests(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	// The person complained about is heard, not asked as an expert: their
	// copy and side show with the subject and on the timeline.
	page.Experts = slices.DeleteFunc(page.Experts, func(x store.ExpertRequest) bool { return x.Role == store.RoleSubject })
	if page.CanMerge {
		if page.Duplicates, err = s.Duplicates(r.Context(), c); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	if page.CanAssign {
		if page.Staff, err = s.Store.ActiveUsers(r.Context(), ""); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	if page.Cancellation, err = s.Store.CancellationOfComplaint(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.DoNotCall, err = s.Store.ComplaintDoNotCall(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Appeals, err = s.Store.ComplaintAppeals(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, a := range page.Appeals {
		if a.Open() {
			page.OpenAppeal = a.ID
		}
	}
	page.Step = complaint.NextStep(c, page.OpenAppeal != 0)
	if r.Method == http.MethodPost {
		page.opened = path.Base(r.URL.Path)
	}
	if page.Attachments, err = s.Store.Attachments(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Messages, err = s.Store.ComplaintMessages(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Me = u.ID
	if page.Parts, err = s.Store.Parts(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Parts, page.PartOnly = complaint.PartsOf(c, page.Parts, u.ID, u.Department,
		u.Role == auth.RoleCoordinator || u.Role == auth.RoleAdmin)
	if d, ok, err := s.Store.OutcomeDraft(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	} else if ok {
		page.Draft = &d
	}
	if page.Flags, err = s.Store.Flags(r.Context(), c.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if sub, ok, err := s.App.Subject(r.Context(), c); err != nil {
		s.ErrorPage(w, r, err)
		return
	} else if ok {
		page.Subject = &sub
	}
	if page.CanTransition && page.Staff == nil {
		if page.Staff, err = s.Store.ActiveUsers(r.Context(), ""); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	if page.Decisions = s.Profile().Decisions; page.Decisions {
		if page.Decision, err = s.App.Decision(r.Context(), c); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		if page.Measures, err = s.Store.Measures(r.Context(), c.ID); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	page.Title = c.Reference
	page.Form.Values = r.PostForm
	if formErr == nil {
		page.Form.Values = url.Values{"team": {c.Team}, "assignee_id": {strconv.FormatInt(c.AssigneeID, 10)},
			"subject":  {"[" + c.Reference + "] " + page.T("reply.default_subject")},
			"told.via": {c.AnswerBy}, "told.by": {u.Name}, "told.at": {page.Now().In(page.Location()).Format("2006-01-02T15:04")},
			"deadline": {
				page.Now().In(page.Location()).AddDate(0, 0, 5).Format("2006-01-02"),
			}, "share_text": {"true"}, "expert_lang": {c.Language}}
		if d := page.Decision; page.Decisions {
			page.Form.Values["outcome"], page.Form.Values["outcome_reason"] = []string{d.Outcome}, []string{d.OutcomeReason}
			page.Form.Values["remedy_asked"], page.Form.Values["remedy_given"] = []string{d.RemedyAsked}, []string{d.RemedyGiven}
			page.Form.Values["labels"], page.Form.Values["lesson"] = d.Labels, []string{d.Lesson}
			if d.AmountCents > 0 {
				page.Form.Values["amount"] = []string{page.Amount(d.AmountCents)}
			}
			page.Form.Values["due"] = []string{s.App.MeasureDue().In(page.Location()).Format(time.DateOnly)}
		}
		if sub := page.Subject; sub != nil {
			page.Form.Values["subject.kind"], page.Form.Values["subject.name"] = []string{sub.Kind}, []string{sub.Name}
			page.Form.Values["subject.organisation"], page.Form.Values["subject.email"] = []string{sub.Organisation}, []string{sub.Email}
			page.Form.Values["subject.department"] = []string{sub.Department}
			page.Form.Values["subject.user_id"] = []string{strconv.FormatInt(sub.UserID, 10)}
		}
		page.Form.Values["held_on"] = []string{page.Now().In(page.Location()).Format(time.DateOnly)}
		page.Form.Values["part.due"] = []string{s.App.PartDue().In(page.Location()).Format(time.DateOnly)}
		if rep := c.Representative; rep != nil {
			for k, v := range map[string]string{"name": rep.Contact.Name, "relation": rep.Relation, "address": rep.Contact.Address,
				"postcode": rep.Contact.Postcode, "city": rep.Contact.City, "email": rep.Contact.Email, "phone": rep.Contact.Phone,
				"authorisation_note": rep.AuthorisationNote, "write_to": rep.WriteTo,
				"authorised": strconv.FormatBool(rep.Authorised)} {
				page.Form.Values["representative."+k] = []string{v}
			}
		}
	}
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	if page.PartOnly {
		s.Render(w, r, status, "part", page) // only their department's share
		return
	}
	s.Render(w, r, status, "detail", page)
}

func (s *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := formPage{
		Page:      s.Page(r, "form.edit.title"),
		Action:    "/complaints/" + c.Reference + "/edit",
		Editing:   true,
		Reference: c.Reference,
	}
	page.Form.Values = complaintFormValues(page.Location(), c)
	s.Render(w, r, http.StatusOK, "form", page)
}

func (s *Handler) updateFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxFormBody) {
		return
	}
	u, _ := kit.UserOf(r)
	ref := r.PathValue("reference")
	page := formPage{
		Page:      s.Page(r, "form.edit.title"),
		Action:    "/complaints/" + ref + "/edit",
		Editing:   true,
		Reference: ref,
	}
	page.Form.Values = r.PostForm
	in, err := s.formInput(r.PostForm)
	if err == nil {
		var patch complaint.Patch
		if patch, err = in.Patch(s.Core); err == nil {
			_, err = s.App.Edit(r.Context(), u, ref, patch)
		}
	}
	if err != nil {
		if !page.WithError(err) || fault.CodeOf(err) == fault.NotFound {
			s.ErrorPage(w, r, err)
			return
		}
		page.Form.OrderBy(kit.ComplaintFormOrder)
		s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "form", page)
		return
	}
	http.Redirect(w, r, "/complaints/"+ref+"?notice=updated", http.StatusSeeOther)
}

// attachmentDownload serves a complaint's file with its sniffed type, as a
// download: a browser never renders an uploaded file inside klacht.
func (s *Handler) attachmentDownload(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadComplaint(r, "attachment "+r.PathValue("id"))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.ErrorPage(w, r, kit.ErrNotFound)
		return
	}
	a, err := s.Store.Attachment(r.Context(), c.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(a.Data)
}

// complaintAction serves a form posted from a complaint's page: the form is
// parsed, act runs, and the user lands back on the page with a notice, or
// sees the page again with the problem marked beside the fields.
func (s *Handler) complaintAction(
	notice string,
	act func(r *http.Request, u auth.User, ref string) error,
) http.HandlerFunc {
	return s.complaintActionSaying(func(r *http.Request, u auth.User, ref string) (string, error) {
		return notice, act(r, u, ref)
	})
}

// complaintActionSaying is complaintAction for an action whose notice
// depends on how it went.
func (s *Handler) complaintActionSaying(act func(r *http.Request, u auth.User, ref string) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r, kit.MaxFormBody) {
			return
		}
		u, _ := kit.UserOf(r)
		ref := r.PathValue("reference")
		notice, err := act(r, u, ref)
		if err != nil {
			s.renderDetail(w, r, kit.StatusOf[fault.CodeOf(err)], err)
			return
		}
		http.Redirect(w, r, "/complaints/"+ref+"?notice="+notice, http.StatusSeeOther)
	}
}

func (s *Handler) transitionFromForm(r *http.Request, u auth.User, ref string) error {
	_, err := s.App.Transition(r.Context(), u, ref, complaint.Status(r.PostForm.Get("status")), r.PostForm.Get("note"))
	return err
}

func (s *Handler) noteFromForm(r *http.Request, u auth.User, ref string) error {
	_, err := s.App.Note(r.Context(), u, ref, r.PostForm.Get("text"))
	return err
}

func (s *Handler) assignFromForm(r *http.Request, u auth.User, ref string) error {
	var assignee int64
	if v := r.PostForm.Get("assignee_id"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fault.InvalidField("assignee_id", "err.user.not_found")
		}
		assignee = id
	}
	to, err := s.App.HandoverTarget(r.Context(), r.PostForm.Get("team"), assignee)
	if err != nil {
		return err
	}
	_, err = s.App.Assign(r.Context(), u, ref, to, complaint.EventAssigned, r.PostForm.Get("note"))
	return err
}

func (s *Handler) forwardFromForm(r *http.Request, u auth.User, ref string) error {
	to, err := s.App.Coordinator(r.Context())
	if err != nil {
		return err
	}
	_, err = s.App.Assign(r.Context(), u, ref, to, complaint.EventForwarded, r.PostForm.Get("note"))
	return err
}

// handleFromForm closes the handling with how the complainant was told (P5.2).
func (s *Handler) handleFromForm(r *http.Request, u auth.User, ref string) (string, error) {
	f := r.PostForm
	in := kit.ToldInput{
		Via:       f.Get("told.via"),
		By:        f.Get("told.by"),
		Summary:   f.Get("told.summary"),
		Satisfied: f.Get("told.satisfied"),
	}
	if v := strings.TrimSpace(f.Get("told.at")); v != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", v, s.Profile().Location())
		if err != nil {
			return "", fault.InvalidField("told.at", "err.date")
		}
		in.At = at.Format(time.RFC3339)
	}
	told, err := in.Told(s.Core, u)
	if err != nil {
		return "", err
	}
	c, err := s.App.Handle(r.Context(), u, ref, told)
	if err == nil && c.Status != complaint.Handled {
		return "approval_asked#approval", nil // the outcome waits for a second person
	}
	return "handled", err
}

func (s *Handler) replyFromForm(r *http.Request, u auth.User, ref string) error {
	_, err := s.App.Reply(r.Context(), u, ref, r.PostForm.Get("subject"), r.PostForm.Get("body"))
	return err
}

// delayFromForm records a notice of delay (P5.5); the date given is the
// day by which the complainant may expect an answer, so its end counts.
func (s *Handler) delayFromForm(r *http.Request, u auth.User, ref string) error {
	var expected time.Time
	if v := strings.TrimSpace(r.PostForm.Get("expected_at")); v != "" {
		day, err := time.ParseInLocation("2006-01-02", v, s.Profile().Location())
		if err != nil {
			return fault.InvalidField("expected_at", "err.date")
		}
		expected = day.AddDate(0, 0, 1).Add(-time.Minute)
	}
	_, err := s.App.NoticeDelay(r.Context(), u, ref, expected, r.PostForm.Get("reason"))
	return err
}

// exportList downloads the complaints the list's filter finds, as CSV or
// XLSX (?format=), by need to know.
func (s *Handler) exportList(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	lq, err := s.ParseListQuery(r.URL.Query(), u)
	if err == nil {
		err = s.WriteRegisterExport(w, r, kit.ExportQuery(lq), r.URL.Query().Get("format"), s.Page(r, "list.title"))
	}
	if err != nil {
		s.ErrorPage(w, r, err)
	}
}
