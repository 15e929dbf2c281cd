package kit

import (
	"strings"

	"github.com/klacht/klacht/internal/auth"
)

// NavLink is one entry of the staff menu.
type NavLink struct {
	Href, Label, AccessKey string
	Current                bool
}

// NavGroup is a menu entry: a group of links behind a disclosure, or,
// without a label, links that stand on their own.
type NavGroup struct {
	Label   string
	Links   []NavLink
	Current bool // the page shown is one of the group's
}

// Nav builds the staff menu for the signed-in user: the daily work as plain
// links, the rest grouped by what it is for. A group of one is shown as
// its link; an empty group not at all.
func (b Page) Nav() []NavGroup {
	if b.User == nil {
		return nil
	}
	type entry struct {
		show              bool
		href, key, access string
	}
	groups := []struct {
		label   string
		entries []entry
	}{
		{"", []entry{
			{b.CanSeeDashboard(), "/dashboard", "nav.dashboard", ""},
			{true, "/complaints", "nav.complaints", ""},
			{true, "/complaints/new", "nav.new", "n"},
			{b.profile.Approval != "" && auth.Can(b.User.Role, auth.ComplaintTransition), "/approvals", "nav.approvals", ""},
		}},
		{"nav.group.post", []entry{
			{b.User != nil && auth.Can(b.User.Role, auth.ComplaintCreate), "/calls", "nav.calls", ""},
			{b.CanSeeMail(), "/mail/intake", "nav.mail", ""},
			{b.CanPrintLetters(), "/letters", "nav.letters", ""},
		}},
		{"nav.group.members", []entry{
			{b.CanWorkCancellations(), "/cancellations", "nav.cancellations", ""},
			{b.CanExportDoNotCall(), "/do-not-call", "nav.do_not_call", ""},
		}},
		{"nav.group.accountability", []entry{
			{b.CanSeeReports(), "/reports/quarterly", "nav.reports", ""},
			{b.CanSeeAppeals(), "/appeals", "nav.appeals", ""},
		}},
		{"nav.group.admin", []entry{
			{b.CanManageUsers(), "/admin/users", "nav.users", ""},
			{b.CanManageUsers(), "/admin/templates", "nav.templates", ""},
			{b.CanManageUsers(), "/admin/routes", "nav.routes", ""},
			{b.CanManageWebhooks(), "/admin/webhooks", "nav.webhooks", ""},
			{b.User != nil && auth.Can(b.User.Role, auth.ComplaintImport), "/complaints/import", "nav.history", ""},
			{b.CanServeSubjects(), "/privacy/subjects", "nav.subjects", ""},
			{b.CanSeeAudit(), "/audit", "nav.audit", ""},
		}},
	}
	current := b.currentMenuHref()
	var out []NavGroup
	for _, g := range groups {
		var links []NavLink
		for _, e := range g.entries {
			if e.show {
				links = append(links, NavLink{Href: e.href, Label: b.T(e.key), AccessKey: e.access, Current: e.href == current})
			}
		}
		switch {
		case len(links) == 0:
			continue
		case g.label == "" || len(links) == 1:
			out = append(out, NavGroup{Links: links})
		default:
			ng := NavGroup{Label: b.T(g.label), Links: links}
			for _, l := range links {
				ng.Current = ng.Current || l.Current
			}
			out = append(out, ng)
		}
	}
	return out
}

// currentMenuHref is the menu entry the page belongs to: the longest
// entry the path starts with, so that a complaint's page belongs to
// "Klachten" and the register form to itself.
func (b Page) currentMenuHref() string {
	path := b.Path
	if strings.HasPrefix(path, "/mail/") {
		path = "/mail/intake" // the intake log and the quarantine are one entry
	}
	best := ""
	for _, href := range []string{
		"/dashboard", "/complaints", "/complaints/new", "/calls", "/mail/intake", "/letters", "/cancellations",
		"/do-not-call", "/reports", "/reports/quarterly", "/appeals", "/admin/users", "/admin/templates",
		"/admin/routes", "/admin/webhooks", "/complaints/import", "/privacy/subjects", "/audit",
	} {
		if (path == href || strings.HasPrefix(path, href+"/")) && len(href) > len(best) {
			best = href
		}
	}
	if best == "/reports" {
		best = "/reports/quarterly" // the yearly summary sits beside the evaluation
	}
	return best
}
