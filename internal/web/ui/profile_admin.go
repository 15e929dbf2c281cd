package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/web/kit"
)

// Administrators edit routes (P5.3), campaigns and their heads; every edit
// is recorded in profile_changes and shown on the page.

// ReportRoles offers the roles for a scheduled report's recipients, those
// in the form checked.
func (p routesPage) ReportRoles(field string) []kit.Option {
	var out []kit.Option
	for _, r := range auth.Roles {
		out = append(
			out,
			kit.Option{Value: string(r), Label: p.Role(r), Selected: slices.Contains(p.Form.Values[field], string(r))},
		)
	}
	return out
}

type routesPage struct {
	kit.Page
	Shipped    []procedure.Shipped // profiles to install, on an empty register
	Empty      bool
	Categories []procedure.Category
	Campaigns  []procedure.Campaign
	Agencies   []procedure.Item
	Elsewhere  []procedure.Elsewhere
	Leads      []auth.User
	Changes    []store.ProfileChange
}

// itemList is a profile list as its section on the routes page shows it.
type itemList struct {
	Page                   routesPage
	Anchor, Prefix         string
	Title, Hint, Save, Add string // message keys
	Items                  []procedure.Item
}

// ItemList is the section of the list named anchor: agencies or labels.
func (p routesPage) ItemList(anchor string) itemList {
	if anchor == "labels" {
		return itemList{p, "labels", "label_", "routes.labels", "routes.labels_hint", "routes.save_label", "routes.add_label",
			p.Profile().Labels}
	}
	return itemList{p, "agencies", "agency_", "routes.agencies", "routes.agencies_hint", "routes.save_agency",
		"routes.add_agency", p.Agencies}
}

// ApprovalOptions lists how the written outcome may wait for approval.
func (p routesPage) ApprovalOptions() []kit.Option {
	out := []kit.Option{}
	for _, m := range []string{complaint.ApprovalOff, complaint.ApprovalAll, complaint.ApprovalFlagged} {
		out = append(out, kit.Option{Value: m, Label: p.T("approval_opt." + m)})
	}
	return out
}

// ApprovalCategoryOptions lists the categories whose answers need approval.
func (p routesPage) ApprovalCategoryOptions() []kit.Option {
	out := make([]kit.Option, len(p.Categories))
	for i, c := range p.Categories {
		out[i] = kit.Option{Value: c.Key, Label: c.Label.In(p.Lang), Selected: slices.Contains(p.Form.Values["approval_categories"], c.Key)}
	}
	return out
}

// UnitOptions lists how a term can be counted.
func (p routesPage) UnitOptions() []kit.Option {
	out := make([]kit.Option, len(complaint.Units))
	for i, u := range complaint.Units {
		out[i] = kit.Option{Value: string(u), Label: p.T("unit_opt." + string(u))}
	}
	return out
}

// HolidayOptions lists the public holidays a calendar can keep.
func (p routesPage) HolidayOptions() []kit.Option {
	return []kit.Option{{Value: complaint.NoHolidays, Label: p.T("holidays.none")},
		{Value: complaint.DutchHolidays, Label: p.T("holidays.nl")}}
}

// HeadOptions lists who may head a campaign, "nobody" first.
func (p routesPage) HeadOptions(selected int64) []kit.Option {
	out := []kit.Option{{Value: "", Label: p.T("routes.no_head"), Selected: selected == 0}}
	for _, u := range p.Leads {
		out = append(out, kit.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == selected})
	}
	return out
}

// RouteOptions lists departments with the category's route selected.
func (p routesPage) RouteOptions(selected string) []kit.Option {
	opts := p.DepartmentOptions()
	for i := range opts {
		opts[i].Selected = opts[i].Value == selected
	}
	return opts
}

func (s *Handler) routesPage(w http.ResponseWriter, r *http.Request) {
	s.renderRoutes(w, r, http.StatusOK, nil)
}

func (s *Handler) renderRoutes(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	ctx := r.Context()
	leads, err := s.Store.ActiveUsers(ctx, "")
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	changes, err := s.Store.ProfileChanges(ctx, 20)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	p := s.Profile()
	page := routesPage{
		Page:       s.Page(r, "routes.title"),
		Categories: p.Categories,
		Campaigns:  p.Campaigns,
		Agencies:   p.Agencies,
		Elsewhere:  p.Elsewhere,
		Leads:      leads,
		Changes:    changes,
	}

	if page.Empty, err = s.Store.EmptyRegister(r.Context()); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Shipped, err = procedure.ShippedProfiles(); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Form.Values = r.PostForm
	if formErr == nil {
		page.Form.Values = url.Values{"handling_days": {strconv.Itoa(p.HandlingDays)},
			"reminder_days": {strconv.Itoa(p.ReminderDays)}, "appeal_days": {strconv.Itoa(p.AppealDays)},
			"appeal_reminder_days": {strconv.Itoa(p.AppealReminderDays)}, "max_call_attempts": {strconv.Itoa(p.MaxCallAttempts)},
			"retention_months": {strconv.Itoa(p.RetentionMonths)}, "two_factor": {strconv.FormatBool(p.TwoFactor)},
			"small_counts": {strconv.Itoa(p.SmallCounts)}, "term_pause": {strconv.FormatBool(p.TermPause)},
			"report_roles_weekly": p.WeeklyRoles, "report_roles_quarter": p.QuarterlyRoles,
			"handling_unit": {string(p.HandlingTerm().Unit)}, "appeal_unit": {string(p.AppealTerm().Unit)},
			"holidays": {p.Holidays}, "closing_days": {strings.Join(p.ClosingDays, ", ")},
			"end_on_working_day": {strconv.FormatBool(p.EndOnWorkingDay)}, "decisions": {strconv.FormatBool(p.Decisions)},
			"hearing": {strconv.FormatBool(p.Hearing)}, "approval": {p.Approval}, "approval_categories": p.ApprovalCategories,
			"require_authorisation": {strconv.FormatBool(p.RequireAuthorisation)},
			"extension_days":        {strconv.Itoa(p.ExtensionDays)}, "tell_per_part": {strconv.FormatBool(p.TellPerPart)}, "measure_notice": {strconv.FormatBool(p.MeasureNotice)}}
	}
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "routes", page)
}

// saveRoutes stores each category's route from the form.
func (s *Handler) saveRoutes(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	p := s.Profile()
	var errs fault.Validation
	for _, c := range p.Categories {
		dept := r.PostForm.Get("route." + c.Key)
		if !p.HasDepartment(dept) {
			errs.Add("route."+c.Key, "err.unknown_key", dept)
		}
	}
	if err := errs.Err(); err != nil {
		s.renderRoutes(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	for _, c := range p.Categories {
		if err := s.App.SetCategoryRoute(r.Context(), u, c.Key, r.PostForm.Get("route."+c.Key)); err != nil {
			s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
			return
		}
	}
	http.Redirect(w, r, "/admin/routes?notice=routes_saved", http.StatusSeeOther)
}

// saveTerms changes the procedure's terms (P5.4, P8.2).
func (s *Handler) saveTerms(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	num := func(field string, errs *fault.Validation) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(field)))
		if err != nil {
			errs.Add(field, "err.number")
		}
		return n
	}
	var errs fault.Validation
	p := s.Profile()
	p.HandlingDays, p.ReminderDays, p.AppealDays = num(
		"handling_days",
		&errs,
	), num(
		"reminder_days",
		&errs,
	), num(
		"appeal_days",
		&errs,
	)
	p.AppealReminderDays, p.MaxCallAttempts = num("appeal_reminder_days", &errs), num("max_call_attempts", &errs)
	p.RetentionMonths, p.SmallCounts = num("retention_months", &errs), num("small_counts", &errs)
	p.TwoFactor, p.TermPause = r.PostForm.Get("two_factor") == "true", r.PostForm.Get("term_pause") == "true"
	p.Decisions, p.Hearing = r.PostForm.Get("decisions") == "true", r.PostForm.Get("hearing") == "true"
	p.RequireAuthorisation = r.PostForm.Get("require_authorisation") == "true"
	p.TellPerPart = r.PostForm.Get("tell_per_part") == "true"
	p.MeasureNotice = r.PostForm.Get("measure_notice") == "true"
	if r.PostForm.Has("extension_days") {
		p.ExtensionDays = num("extension_days", &errs)
	}
	if r.PostForm.Has("approval") {
		p.Approval, p.ApprovalCategories = r.PostForm.Get("approval"), r.PostForm["approval_categories"]
	}
	p.WeeklyRoles, p.QuarterlyRoles = r.PostForm["report_roles_weekly"], r.PostForm["report_roles_quarter"]
	// The calendar's fields keep their values when a form without them is
	// posted (one made before they were there).
	if r.PostForm.Has("handling_unit") {
		p.HandlingUnit = complaint.Unit(r.PostForm.Get("handling_unit"))
	}
	if r.PostForm.Has("appeal_unit") {
		p.AppealUnit = complaint.Unit(r.PostForm.Get("appeal_unit"))
	}
	if r.PostForm.Has("holidays") {
		p.Holidays, p.EndOnWorkingDay = r.PostForm.Get("holidays"), r.PostForm.Get("end_on_working_day") == "true"
	}
	if r.PostForm.Has("closing_days") {
		p.ClosingDays = strings.FieldsFunc(r.PostForm.Get("closing_days"), func(r rune) bool {
			return r == ',' || unicode.IsSpace(r)
		})
		if days, err := complaint.ParseClosingDays(p.ClosingDays); err == nil {
			p.ClosingDays = days
		}
	}
	err := errs.Err()
	if err == nil {
		err = s.App.SetTerms(r.Context(), u, p)
	}
	if err != nil {
		s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/admin/routes?notice=routes_saved#terms", http.StatusSeeOther)
}

var campaignKey = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// saveCampaign adds a campaign or changes one's labels and head.
// itemFromForm reads a profile list entry (a key and its Dutch and English
// labels, the fields named with prefix) and checks it.
func itemFromForm(f url.Values, prefix string, errs *fault.Validation) procedure.Item {
	it := procedure.Item{Key: strings.TrimSpace(f.Get(prefix + "key")),
		Label: i18n.Label{
			NL: strings.TrimSpace(f.Get(prefix + "label_nl")),
			EN: strings.TrimSpace(f.Get(prefix + "label_en")),
		}}
	if !campaignKey.MatchString(it.Key) {
		errs.Add(prefix+"key", "err.campaign_key")
	}
	for _, l := range []struct{ field, v string }{{prefix + "label_nl", it.Label.NL}, {prefix + "label_en", it.Label.EN}} {
		switch n := utf8.RuneCountInString(l.v); {
		case n == 0:
			errs.Add(l.field, "err.required")
		case n > 100:
			errs.Add(l.field, "err.too_long", 100)
		}
	}
	return it
}

// saveItem adds to or renames in a profile list: the form's fields are
// named with prefix, and the routes page comes back at anchor.
func (s *Handler) saveItem(list store.ItemList, prefix, anchor string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r, kit.MaxAuthForm) {
			return
		}
		u, _ := kit.UserOf(r)
		var errs fault.Validation
		it := itemFromForm(r.PostForm, prefix, &errs)
		err := errs.Err()
		if err == nil {
			err = s.App.SaveItem(r.Context(), u, list, it)
		}
		if err != nil {
			s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
			return
		}
		http.Redirect(w, r, "/admin/routes?notice=routes_saved#"+anchor, http.StatusSeeOther)
	}
}

func (s *Handler) saveCampaign(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	f := r.PostForm
	var errs fault.Validation
	cp := procedure.Campaign{Item: itemFromForm(f, "", &errs)}
	if v := f.Get("head"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs.Add("head", "err.user.not_found")
		}
		cp.HeadUserID = id
	}
	err := errs.Err()
	if err == nil {
		err = s.App.SaveCampaign(r.Context(), u, cp)
	}
	if err != nil {
		s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/admin/routes?notice=routes_saved#campaigns", http.StatusSeeOther)
}

// saveElsewhere adds, changes or removes an entry of the list of matters
// that are no complaint, shown above the public form.
func (s *Handler) saveElsewhere(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	f := r.PostForm
	var err error
	if f.Get("action") == "remove" {
		err = s.App.RemoveElsewhere(r.Context(), u, strings.TrimSpace(f.Get("elsewhere_key")))
	} else {
		e := procedure.Elsewhere{Item: procedure.Item{Key: f.Get("elsewhere_key"),
			Label: i18n.Label{NL: f.Get("elsewhere_label_nl"), EN: f.Get("elsewhere_label_en")}},
			Text: i18n.Label{NL: f.Get("elsewhere_text_nl"), EN: f.Get("elsewhere_text_en")},
			URL:  i18n.Label{NL: f.Get("elsewhere_url_nl"), EN: f.Get("elsewhere_url_en")}}
		err = s.App.SaveElsewhere(r.Context(), u, e, "elsewhere_")
	}
	if err != nil {
		s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/admin/routes?notice=routes_saved#elsewhere", http.StatusSeeOther)
}

// applyProfile installs a shipped profile on an empty register.
func (s *Handler) applyProfile(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	u, _ := kit.UserOf(r)
	if err := s.App.ApplyProfile(r.Context(), u, r.PostForm.Get("profile")); err != nil {
		s.renderRoutes(w, r, kit.StatusOf[fault.CodeOf(err)], err)
		return
	}
	http.Redirect(w, r, "/admin/routes?notice=profile_applied", http.StatusSeeOther)
}
