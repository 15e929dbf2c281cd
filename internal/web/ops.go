package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/store"
)

// The operations below are shared by the API and the staff UI, so both
// apply the same domain rules in the same way.

// registration is how a complaint enters: forwarded or not, with which
// files, with which retry key, and with which status link.
type registration struct {
	Forward        bool
	IdemKey        string
	ReqHash        string
	Attach         []complaint.Attachment
	StatusLinkHash string
	Mail           *complaint.IncomingMail
	Cancellation   int64
	// EventData is added to the registration's timeline entry.
	EventData map[string]any
}

// register records a new complaint taken by u (P4) and routes it (P5.3);
// with forward set it goes to the service-desk coordinator instead (P3.2).
func (s *Server) register(ctx context.Context, u auth.User, d complaint.Draft, forward bool, idemKey, reqHash string) (complaint.Complaint, bool, error) {
	return s.registerWith(ctx, u, d, registration{Forward: forward, IdemKey: idemKey, ReqHash: reqHash})
}

// registerWith is register with every option; u is the zero user for the
// public form, where no employee took the complaint.
func (s *Server) registerWith(ctx context.Context, u auth.User, d complaint.Draft, reg registration) (complaint.Complaint, bool, error) {
	p := s.Profile()
	now := s.now()
	c, err := complaint.New(d, p, p.Terms(), u.ID, now)
	if err != nil {
		return c, false, err
	}
	c.Team, c.AssigneeID = p.Route(c.Category, c.Campaign)
	var tell []int64
	if reg.Forward {
		to, err := s.coordinator(ctx)
		if err != nil {
			return c, false, err
		}
		c.Team, c.AssigneeID = to.Team, to.AssigneeID
		// Forwarded while registered: the coordinator hears of it, as when
		// an existing complaint is forwarded (P3.2).
		if to.AssigneeID != 0 && to.AssigneeID != u.ID {
			tell = []int64{to.AssigneeID}
		}
	}
	// Everyone who left an e-mail address gets an acknowledgement with the
	// reference and the term, in their language.
	ack, err := s.templates(ctx, notify.AcknowledgementFor(c, now, p.Location()))
	if err != nil {
		return c, false, err
	}
	return s.store.CreateComplaint(ctx, c, store.CreateOptions{
		ReferencePrefix: p.ReferencePrefix,
		ReferenceYear:   store.RefYear(now, p.Location()),
		IdempotencyKey:  reg.IdemKey,
		RequestHash:     reg.ReqHash,
		Attach:          reg.Attach,
		StatusLinkHash:  reg.StatusLinkHash,
		Mail:            reg.Mail,
		EventData:       reg.EventData,
		Notify:          tell,
		Cancellation:    reg.Cancellation,
		Compose: func(c complaint.Complaint) []complaint.Outgoing {
			if c.Complainant.Email == "" {
				return nil
			}
			m, _ := notify.Compose(ack[c.Language], c, s.letterContext(u, now), complaint.ToldByEmail, nil)
			return []complaint.Outgoing{m}
		},
	})
}

// listDoNotCall puts the member of a new telemarketing complaint on the
// do-not-call list, as registration offers (on unless the person said
// no). The complaint stands either way: a failure is logged.
func (s *Server) listDoNotCall(ctx context.Context, u auth.User, c complaint.Complaint, wanted bool) {
	if !wanted || !c.OffersDoNotCall() {
		return
	}
	if _, err := s.store.SetDoNotCall(ctx, c.Reference, u.ID, s.now()); err != nil && fault.CodeOf(err) != fault.Conflict {
		s.log.ErrorContext(ctx, "do-not-call at registration", "reference", c.Reference, "err", err)
	}
}

// templates returns the template of kind in both languages. They are
// cached per profile version: saving a template moves the version on, so
// every server reloads them within profileCheckEvery.
func (s *Server) templates(ctx context.Context, kind notify.Kind) (map[string]notify.Template, error) {
	version := s.Profile().Version
	s.tplMu.Lock()
	if s.tplVersion != version || s.tplCache == nil {
		s.tplCache, s.tplVersion = map[notify.Kind]map[string]notify.Template{}, version
	}
	cached, ok := s.tplCache[kind]
	s.tplMu.Unlock()
	if ok {
		return cached, nil
	}
	out := map[string]notify.Template{}
	for _, lang := range []string{"nl", "en"} {
		t, _, err := s.store.Template(ctx, kind, lang)
		if err != nil {
			return nil, err
		}
		out[lang] = t
	}
	s.tplMu.Lock()
	if s.tplVersion == version {
		s.tplCache[kind] = out
	}
	s.tplMu.Unlock()
	return out, nil
}

// letterContext is what messages say beyond the complaint: who signs,
// for which organisation, in which time zone.
func (s *Server) letterContext(u auth.User, now time.Time) notify.Context {
	p := s.Profile()
	return notify.Context{Organisation: p.Organisation, Handler: u.Name, Location: p.Location(), Now: now, StatusLink: s.newStatusLink}
}

// newStatusLink makes a fresh link to a complainant's status page: the
// URL to send and the hash to store.
func (s *Server) newStatusLink() (string, string) {
	token, hash, err := auth.NewSecret("")
	if err != nil {
		return "", ""
	}
	return s.baseURL + "/status/" + token, hash
}

// handle closes the handling (P5.2): the status moves to handled, how the
// complainant was told is recorded, and an outcome e-mail or letter is
// queued when that was the way.
func (s *Server) handle(ctx context.Context, u auth.User, ref string, t complaint.Told) (complaint.Complaint, error) {
	outcome, err := s.templates(ctx, notify.Outcome)
	if err != nil {
		return complaint.Complaint{}, err
	}
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Handle(t, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		if next.ToldVia == complaint.ToldByEmail || next.ToldVia == complaint.ToldByLetter {
			m, _ := notify.Compose(outcome[next.Language], next, s.letterContext(u, now), next.ToldVia, nil)
			ev.Send = []complaint.Outgoing{m}
		}
		return next, []complaint.Event{ev}, nil
	})
}

// reply sends the complainant an e-mail from the complaint's page; the
// subject carries the reference, so their answer threads back (P3.3).
func (s *Server) reply(ctx context.Context, u auth.User, ref, subject, body string) (complaint.Complaint, error) {
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(body)
	var errs fault.Validation
	switch n := utf8.RuneCountInString(subject); {
	case n == 0:
		errs.Add("subject", "err.required")
	case n > 200:
		errs.Add("subject", "err.too_long", 200)
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		errs.Add("body", "err.required")
	case n > complaint.MaxDescription:
		errs.Add("body", "err.too_long", complaint.MaxDescription)
	}
	if err := errs.Err(); err != nil {
		return complaint.Complaint{}, err
	}
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		if c.Complainant.Email == "" {
			return c, nil, fault.InvalidField("body", "err.told.no_email")
		}
		if !strings.Contains(subject, c.Reference) {
			subject = "[" + c.Reference + "] " + subject
		}
		link, hash := s.newStatusLink()
		text := body + "\n\n--\n" + u.Name + "\n" + s.Profile().Organisation + "\n" + link
		c.UpdatedAt = now
		return c, []complaint.Event{{At: now, ActorID: u.ID, Kind: complaint.EventEmailSent,
			Data: map[string]any{"to": c.Complainant.Email, "subject": subject, "text": body},
			Send: []complaint.Outgoing{{Kind: "reply", Channel: complaint.ToldByEmail, Lang: c.Language, To: c.Complainant.Email,
				Subject: subject, Body: text, StatusLinkHash: hash}}}}, nil
	})
}

// coordinator is where P3.2 forwards to: the service desk, in the hands of
// its (first) active coordinator when there is one.
func (s *Server) coordinator(ctx context.Context) (complaint.Handler, error) {
	to := complaint.Handler{Team: s.Profile().DefaultDepartment}
	coords, err := s.store.ActiveUsers(ctx, auth.RoleCoordinator)
	if err != nil {
		return to, err
	}
	for _, c := range coords {
		if c.Department == "" || c.Department == to.Team {
			to.AssigneeID, to.Name = c.ID, c.Name
			break
		}
	}
	return to, nil
}

// handoverTarget checks a hand-over target: a known team and, if a person is
// named, an active user.
func (s *Server) handoverTarget(ctx context.Context, team string, assignee int64) (complaint.Handler, error) {
	h := complaint.Handler{Team: team, AssigneeID: assignee}
	if assignee == 0 {
		return h, nil
	}
	u, err := s.store.UserByID(ctx, assignee)
	if err != nil || !u.Active {
		return h, fault.InvalidField("assignee_id", "err.user.not_found")
	}
	h.Name = u.Name
	if h.Team == "" {
		h.Team = u.Department
	}
	return h, nil
}

// assign hands a complaint over (P5.3) or, with kind EventForwarded,
// forwards it to the coordinator (P3.2).
func (s *Server) assign(ctx context.Context, u auth.User, ref string, to complaint.Handler, kind complaint.EventKind, note string) (complaint.Complaint, error) {
	p := s.Profile()
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Assign(to, kind, note, p, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}

// noticeDelay records a written notice of delay (P5.5) and queues it to
// the complainant: by e-mail, or by letter when there is no e-mail address.
func (s *Server) noticeDelay(ctx context.Context, u auth.User, ref string, expected time.Time, reason string) (complaint.Complaint, error) {
	notice, err := s.templates(ctx, notify.DelayNotice)
	if err != nil {
		return complaint.Complaint{}, err
	}
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.NoticeDelay(expected, reason, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		m, ok := notify.Compose(notice[next.Language], next, s.letterContext(u, now), "", notify.Values{"reason": ev.Data["reason"].(string)})
		if !ok {
			return c, nil, fault.InvalidField("complainant", "err.no_written_channel")
		}
		ev.Send = []complaint.Outgoing{m}
		ev.Data["channel"] = m.Channel
		return next, []complaint.Event{ev}, nil
	})
}

// edit applies a patch by u.
func (s *Server) edit(ctx context.Context, u auth.User, ref string, patch complaint.Patch) (complaint.Complaint, error) {
	p := s.Profile()
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.Apply(patch, p, p.Terms(), u.ID, now)
		if err != nil || ev == nil {
			return c, nil, err
		}
		return next, []complaint.Event{*ev}, nil
	})
}

// transition moves a complaint to status to, with an optional note.
// Handling is not a bare status change: it goes through handle (P5.2).
func (s *Server) transition(ctx context.Context, u auth.User, ref string, to complaint.Status, note string) (complaint.Complaint, error) {
	if to == complaint.Handled {
		return complaint.Complaint{}, fault.InvalidField("told.via", "err.told.required")
	}
	now := s.now()
	return s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		next, ev, err := c.MoveTo(to, note, u.ID, now)
		if err != nil {
			return c, nil, err
		}
		return next, []complaint.Event{ev}, nil
	})
}

// note adds an action to the timeline (P4.6).
func (s *Server) note(ctx context.Context, u auth.User, ref, text string) (complaint.Event, error) {
	ev, err := complaint.NewNote(text, u.ID, s.now())
	if err != nil {
		return ev, err
	}
	c, err := s.store.UpdateComplaint(ctx, ref, func(c complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
		c.UpdatedAt = ev.At
		return c, []complaint.Event{ev}, nil
	})
	ev.ComplaintID, ev.ActorName = c.ID, u.Name
	return ev, err
}

// listQuery is a parsed list request.
type listQuery struct {
	Filter store.Filter
	Sort   store.Sort
	Limit  int
	After  *store.Cursor
	// Relevance: a search (q) answered best match first, with snippets,
	// one page; the default for q unless another sort is asked for.
	Relevance bool
}

// statusOpen filters on every status in which the work is not done
// (complaint.Status.Open): what queues show unless asked otherwise.
const statusOpen = "open"

// DefaultLimit is the page size unless asked otherwise.
const DefaultLimit = 50

// parseListQuery reads the list's filters from query parameters, checking
// every value and naming the parameter at fault.
func (s *Server) parseListQuery(q url.Values, u auth.User) (listQuery, error) {
	p := s.Profile()
	lq := listQuery{Limit: DefaultLimit, Filter: store.Filter{Now: s.now()}}
	var errs fault.Validation
	for _, v := range q["status"] {
		for _, st := range strings.Split(v, ",") {
			if st = strings.TrimSpace(st); st == "" {
				continue
			}
			if st == statusOpen {
				for _, o := range complaint.Statuses {
					if o.Open() {
						lq.Filter.Statuses = append(lq.Filter.Statuses, o)
					}
				}
				continue
			}
			if !complaint.Status(st).Valid() {
				errs.Add("status", "err.unknown_key", st)
				continue
			}
			lq.Filter.Statuses = append(lq.Filter.Statuses, complaint.Status(st))
		}
	}
	if v := q.Get("category"); v != "" {
		if !p.HasCategory(v) {
			errs.Add("category", "err.unknown_key", v)
		}
		lq.Filter.Category = v
	}
	if v := q.Get("team"); v != "" {
		if !p.HasDepartment(v) {
			errs.Add("team", "err.unknown_key", v)
		}
		lq.Filter.Team = v
	}
	if v := q.Get("channel"); v != "" {
		if !p.HasChannel(v) {
			errs.Add("channel", "err.unknown_key", v)
		}
		lq.Filter.Channel = v
	}
	switch v := q.Get("assignee"); v {
	case "":
	case "me":
		lq.Filter.AssigneeID = u.ID
	case "none":
		lq.Filter.Unassigned = true
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs.Add("assignee", "err.unknown_key", v)
		}
		lq.Filter.AssigneeID = id
	}
	switch v := q.Get("incomplete"); v {
	case "", "false":
	case "true":
		lq.Filter.Incomplete = true
	default:
		errs.Add("incomplete", "err.bool")
	}
	switch v := q.Get("overdue"); v {
	case "", "false":
	case "true":
		lq.Filter.Overdue = true
	default:
		errs.Add("overdue", "err.bool")
	}
	loc := p.Location()
	if v := q.Get("received_from"); v != "" {
		t, err := parseTime("received_from", v, loc)
		if err != nil {
			errs.Add("received_from", "err.date")
		}
		lq.Filter.ReceivedFrom = t
	}
	if v := q.Get("received_to"); v != "" {
		t, err := parseTime("received_to", v, loc)
		if err != nil {
			errs.Add("received_to", "err.date")
		}
		// A date "to" includes that whole day.
		if _, dateOnly := parseDate(v); dateOnly {
			t = t.In(loc).AddDate(0, 0, 1).UTC()
		}
		lq.Filter.ReceivedTo = t
	}
	lq.Filter.Query = strings.TrimSpace(q.Get("q"))
	if len(lq.Filter.Query) > 200 {
		errs.Add("q", "err.too_long", 200)
	}
	sortBy := q.Get("sort")
	if sortBy == "relevance" || (sortBy == "" && lq.Filter.Query != "") {
		if lq.Filter.Query == "" {
			errs.Add("sort", "err.sort.relevance")
		}
		lq.Relevance, sortBy = true, ""
	}
	sort, err := store.ParseSort(sortBy)
	if err != nil {
		errs.Add("sort", "err.sort", q.Get("sort"))
	}
	lq.Sort = sort
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxLimit {
			errs.Add("limit", "err.limit", store.MaxLimit)
		}
		lq.Limit = n
	}
	if v := q.Get("cursor"); v != "" && lq.Relevance {
		errs.Add("cursor", "err.cursor")
	} else if v != "" && !errs.Has("sort") {
		c, err := store.ParseCursor(v, sort)
		if err != nil {
			errs.Add("cursor", "err.cursor")
		}
		lq.After = c
	}
	return lq, errs.Err()
}

func parseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	return v, len(v) == len("2006-01-02")
}
