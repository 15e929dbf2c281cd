package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/report"
	"github.com/klacht/klacht/internal/store"
)

// Reports sends the scheduled reports as PDF by e-mail: the weekly
// overview on Mondays (the week before), the quarterly evaluation from the
// 5th of a quarter (the quarter before), each to the profile's roles; and
// in January the draft of last year's summary to those who publish it.
// From ReportHour on, local time. Each run is claimed in the database:
// once per period on any number of servers, and caught up after a stop.
type Reports struct {
	Store   *store.Store
	Profile func() procedure.Profile
	Now     func() time.Time
	Every   time.Duration
	Log     *slog.Logger
	BaseURL string
}

// ReportHour is the local hour from which the scheduled reports go out.
const ReportHour = 7

// Run works until ctx ends.
func (r *Reports) Run(ctx context.Context) error {
	return Loop(ctx, r.Every, r.Log, "scheduled reports", r.Tick)
}

// Tick queues the reports that are due and returns how many runs it made.
func (r *Reports) Tick(ctx context.Context) (int, error) {
	ctx = store.System(ctx) // klacht's own machinery sees the whole register
	p := r.Profile()
	now := r.Now().UTC()
	loc := p.Location()
	local := now.In(loc)
	if err := keepReady(ctx, r.Store, p, now); err != nil {
		return 0, err
	}
	if local.Hour() < ReportHour {
		return 0, nil
	}
	users, err := r.Store.ActiveUsers(ctx, "")
	if err != nil {
		return 0, err
	}
	n := 0
	y, m, d := local.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	// The week before this one (weeks start on Monday).
	monday := today.AddDate(0, 0, -((int(local.Weekday()) + 6) % 7))
	week := monday.AddDate(0, 0, -7)
	wy, wn := week.ISOWeek()
	weekLabel := fmt.Sprintf("%d-W%02d", wy, wn)
	cur := report.Of(now, loc)
	qStart, _ := cur.Bounds(loc)
	prevQ := cur.Prev()
	runs := []scheduledRun{
		{"weekly_overview", weekLabel, true, byRole(users, p.WeeklyRoles), func(lang i18n.Lang) (letter, error) {
			w, err := report.BuildWeekly(ctx, r.Store, week.UTC(), monday.UTC(), now)
			if err != nil {
				return letter{}, err
			}
			pdf, err := w.PDF(p, lang)
			return letter{i18n.T(lang, "weekly.mail_subject", p.Organisation, weekLabel), func(name string) string {
				return i18n.T(lang, "weekly.mail_body", name, w.Summary(lang), r.BaseURL+"/dashboard")
			}, pdf}, err
		}},
		{
			"quarterly_evaluation",
			prevQ.String(),
			!now.Before(qStart.AddDate(0, 0, 4)),
			byRole(users, p.QuarterlyRoles),
			func(lang i18n.Lang) (letter, error) {
				ev, err := report.Quarterly(ctx, r.Store, prevQ, loc, now)
				if err != nil {
					return letter{}, err
				}
				label := func(k string) string { return report.FigureLabel(p, lang, k) }
				pdf, err := report.EvaluationPDF(ev, i18n.T(lang, "eval.title")+" "+prevQ.String(), label, nil, "")
				link := fmt.Sprintf("%s/reports/quarterly?year=%d&quarter=%d", r.BaseURL, prevQ.Year, prevQ.Q)
				return letter{i18n.T(lang, "quarterly.mail_subject", p.Organisation, prevQ.String()), func(name string) string {
					return i18n.T(lang, "quarterly.mail_body", name, prevQ.String(), link)
				}, pdf}, err
			},
		},
		{
			"annual_draft",
			fmt.Sprint(y - 1),
			m == time.January && d >= 2,
			byPermission(users, auth.ReportPublish),
			func(lang i18n.Lang) (letter, error) {
				a, _, err := report.LoadAnnual(ctx, r.Store, p, y-1, lang)
				if err != nil {
					return letter{}, err
				}
				pdf, err := a.PDF()
				link := fmt.Sprintf("%s/reports/annual?year=%d&lang=%s", r.BaseURL, y-1, lang)
				return letter{i18n.T(lang, "annualdraft.mail_subject", p.Organisation, y-1), func(name string) string {
					return i18n.T(lang, "annualdraft.mail_body", name, y-1, link)
				}, pdf}, err
			},
		},
	}
	for _, run := range runs {
		if !run.due || len(run.to) == 0 {
			continue
		}
		done, err := r.Store.Scheduled(ctx, run.job, run.period)
		if err != nil {
			return n, err
		}
		if done {
			continue
		}
		// The report once per language; a mail per person.
		letters := map[i18n.Lang]letter{}
		var mails []store.StaffMail
		for _, u := range run.to {
			lang, ok := i18n.Parse(u.Lang)
			if !ok {
				lang = i18n.Default
			}
			l, ok := letters[lang]
			if !ok {
				if l, err = run.build(lang); err != nil {
					return n, fmt.Errorf("%s %s: %w", run.job, run.period, err)
				}
				letters[lang] = l
			}
			mails = append(
				mails,
				store.StaffMail{Kind: run.job, Lang: string(lang), To: u.Email, Subject: l.subject, Body: l.body(u.Name),
					FileName: fmt.Sprintf("%s-%s-%s.pdf", run.job, run.period, lang), File: l.pdf},
			)
		}
		ok, err := r.Store.QueueScheduled(ctx, run.job, run.period, mails, now)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// scheduledRun is one report of one period: due or not, for whom, and
// how it is written in a language.
type scheduledRun struct {
	job, period string
	due         bool
	to          []auth.User
	build       func(lang i18n.Lang) (letter, error)
}

// letter is a report's mail in one language: the body names its reader.
type letter struct {
	subject string
	body    func(name string) string
	pdf     []byte
}

// byRole picks the users whose role is one of roles.
func byRole(users []auth.User, roles []string) []auth.User {
	var out []auth.User
	for _, u := range users {
		if slices.Contains(roles, string(u.Role)) && u.Email != "" {
			out = append(out, u)
		}
	}
	return out
}

// byPermission picks the users whose role has perm.
func byPermission(users []auth.User, perm auth.Permission) []auth.User {
	var out []auth.User
	for _, u := range users {
		if auth.Can(u.Role, perm) && u.Email != "" {
			out = append(out, u)
		}
	}
	return out
}

// keepReady computes the reports people open first, the last quarter's
// evaluation with its recurring complaints and last year's summary, for
// store.Remember to keep: after a change to what they count they are made
// again here, in the background, not at someone's first look. Kept and
// unchanged, each costs one small sum.
func keepReady(ctx context.Context, s *store.Store, p procedure.Profile, now time.Time) error {
	loc := p.Location()
	q := report.Of(now, loc).Prev()
	ev, err := report.Quarterly(ctx, s, q, loc, now)
	if err != nil {
		return fmt.Errorf("keep the evaluation ready: %w", err)
	}
	if _, err := report.RecurringIn(ctx, s, q, loc, ev); err != nil {
		return fmt.Errorf("keep the recurring complaints ready: %w", err)
	}
	if _, err := report.BuildAnnual(ctx, s, p, now.In(loc).Year()-1, i18n.Lang(p.DefaultLanguage)); err != nil {
		return fmt.Errorf("keep the yearly summary ready: %w", err)
	}
	return nil
}
