package app

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/store"
)

// Outside experts (P5.3): a campaign head, the DPO or anyone without a
// staff account is asked for input by e-mail, with a signed link that
// expires. The link opens a page with the question, the deadline and,
// when the handler chose to share it, the complaint's text: never the
// complainant's name or contact details. The answer lands on the timeline.

const (
	expertLinkPurpose = "expert"
	// expertGrace is how long after the deadline a late answer is still taken.
	expertGrace = 14 * 24 * time.Hour
	// expertMaxDays bounds the deadline.
	expertMaxDays = 90
	// expertLead is how long before the deadline the reminder goes.
	expertLead = 24 * time.Hour
)

// linkKey is the key expert links are signed with, read once from the
// database.
func (a *Service) linkKeyOf(ctx context.Context) ([]byte, error) {
	a.keyMu.Lock()
	defer a.keyMu.Unlock()
	if a.linkKey == nil {
		k, err := a.store.LinkKey(ctx)
		if err != nil {
			return nil, err
		}
		a.linkKey = k
	}
	return a.linkKey, nil
}

// ExpertLink is the link an expert answers through.
func (a *Service) ExpertLink(ctx context.Context, x store.ExpertRequest) (string, error) {
	k, err := a.linkKeyOf(ctx)
	if err != nil {
		return "", err
	}
	return a.baseURL + "/expert/" + auth.SignLink(k, expertLinkPurpose, x.ID, x.ExpiresAt), nil
}

// ExpertByLink checks an expert's link and loads its request and complaint.
func (a *Service) ExpertByLink(ctx context.Context, token string) (store.ExpertRequest, complaint.Complaint, error) {
	k, err := a.linkKeyOf(ctx)
	if err != nil {
		return store.ExpertRequest{}, complaint.Complaint{}, err
	}
	id, err := auth.VerifyLink(k, expertLinkPurpose, token, a.Now())
	if err != nil {
		return store.ExpertRequest{}, complaint.Complaint{}, fault.New(fault.NotFound, "err.expert.link")
	}
	return a.store.ExpertRequest(ctx, id, a.Now())
}

// ExpertInput is a request as a person fills it in.
type ExpertInput struct {
	Name      string `json:"name"`
	Email     string `json:"email"`
	Lang      string `json:"lang"`
	Question  string `json:"question"`
	Deadline  string `json:"deadline"` // YYYY-MM-DD: the end of that day
	ShareText bool   `json:"share_text"`
}

// expertRequest checks the input and makes the request it describes.
func (a *Service) expertRequest(in ExpertInput, u auth.User, now time.Time) (store.ExpertRequest, error) {
	var errs fault.Validation
	x := store.ExpertRequest{Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Lang: in.Lang,
		Question: strings.TrimSpace(
			in.Question,
		), ShareText: in.ShareText, CreatedBy: u.ID, CreatedByName: u.Name, CreatedAt: now.UTC()}
	switch n := utf8.RuneCountInString(x.Name); {
	case n == 0:
		errs.Add("name", "err.required")
	case n > 200:
		errs.Add("name", "err.too_long", 200)
	}
	if addr, err := mail.ParseAddress(x.Email); err != nil || addr.Address != x.Email {
		errs.Add("email", "err.email")
	}
	p := a.Profile()
	if x.Lang == "" {
		x.Lang = p.DefaultLanguage
	}
	if _, ok := i18n.Parse(x.Lang); !ok {
		errs.Add("lang", "err.language")
	}
	switch n := utf8.RuneCountInString(x.Question); {
	case n == 0:
		errs.Add("question", "err.required")
	case n > complaint.MaxReason:
		errs.Add("question", "err.too_long", complaint.MaxReason)
	}
	loc := p.Location()
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Deadline), loc)
	y, m, d := now.In(loc).Date()
	switch {
	case err != nil:
		errs.Add("deadline", "err.date")
	case day.Before(time.Date(y, m, d, 0, 0, 0, 0, loc)):
		errs.Add("deadline", "err.expert.deadline_past")
	case day.After(now.AddDate(0, 0, expertMaxDays)):
		errs.Add("deadline", "err.expert.deadline_far", expertMaxDays)
	}
	if err := errs.Err(); err != nil {
		return x, err
	}
	x.Deadline = day.AddDate(0, 0, 1).Add(-time.Minute).UTC()
	x.ExpiresAt = x.Deadline.Add(expertGrace)
	return x, nil
}

// expertMail is the mail that asks (or reminds): the link and what it is for.
func (a *Service) expertMail(ctx context.Context, x store.ExpertRequest, kind string) (complaint.Outgoing, error) {
	link, err := a.ExpertLink(ctx, x)
	if err != nil {
		return complaint.Outgoing{}, err
	}
	lang := i18n.Lang(x.Lang)
	p := a.Profile()
	loc := p.Location()
	deadline := x.Deadline.In(loc).Format("02-01-2006")
	role := store.RoleExpert
	if x.Role == store.RoleSubject {
		role = store.RoleSubject
	}
	body := i18n.T(
		lang,
		role+".mail."+kind,
		x.Name,
		x.CreatedByName,
		p.Organisation,
		x.Reference,
		x.Question,
		deadline,
		link,
		x.ExpiresAt.In(loc).Format("02-01-2006"),
	)
	return complaint.Outgoing{Kind: role + "_" + kind, Channel: complaint.ToldByEmail, Lang: x.Lang, To: x.Email,
		Subject: i18n.T(lang, role+".mail.subject_"+kind, x.Reference), Body: body}, nil
}

// AskExpert records a request and queues its mail; it returns the request
// and the link the expert answers through.
func (a *Service) AskExpert(
	ctx context.Context,
	u auth.User,
	ref string,
	in ExpertInput,
) (store.ExpertRequest, string, error) {
	x, err := a.expertRequest(in, u, a.Now())
	if err != nil {
		return x, "", err
	}
	// The key is read before the transaction: on SQLite the writer's one
	// connection is the transaction's until it ends.
	if _, err := a.linkKeyOf(ctx); err != nil {
		return x, "", err
	}
	var mailErr error
	x, err = a.store.AskExpert(ctx, ref, x, func(x store.ExpertRequest) complaint.Outgoing {
		m, err := a.expertMail(ctx, x, "request")
		mailErr = err
		return m
	})
	if err == nil {
		err = mailErr
	}
	if err != nil {
		return x, "", err
	}
	link, err := a.ExpertLink(ctx, x)
	return x, link, err
}

// AnswerExpert takes the expert's answer, once.
func (a *Service) AnswerExpert(ctx context.Context, x store.ExpertRequest, answer string) error {
	answer = strings.TrimSpace(answer)
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		return fault.InvalidField("answer", "err.required")
	case n > complaint.MaxDescription:
		return fault.InvalidField("answer", "err.too_long", complaint.MaxDescription)
	}
	return a.store.AnswerExpert(ctx, x.ID, answer, a.Now())
}

// RemindExperts sends the one reminder of each request whose deadline is
// near and unanswered (run by the background work, once per request on
// any number of servers).
func (a *Service) RemindExperts(ctx context.Context) (int, error) {
	now := a.Now()
	due, err := a.store.ExpertsToRemind(ctx, now, expertLead, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range due {
		m, err := a.expertMail(ctx, x, "reminder")
		if err != nil {
			return n, err
		}
		ok, err := a.store.RemindExpert(ctx, x, m, now)
		if err != nil {
			return n, fmt.Errorf("remind expert %s: %w", strconv.FormatInt(x.ID, 10), err)
		}
		if ok {
			n++
		}
	}
	return n, nil
}
