package kit

import (
	"slices"
	"strings"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/procedure"
)

// FieldView is everything the "field" template needs to render one
// accessible form control: its label, value, error tied to it by id, and
// hints for browsers and keyboards.
type FieldView struct {
	Name, ID, Label, Value, Error, Type string
	Autocomplete, InputMode, Hint       string
	Required, Autofocus                 bool
	Rows                                int // a textarea's height in lines
	Options                             []Option
}

type Option struct {
	Value, Label string
	Selected     bool
}

// Field describes an input. flags: "required", "autofocus",
// "autocomplete=…", "inputmode=…", "hint=<message key>", "short" (a
// textarea of three lines), "id=…" (where a page has the same field name
// in two forms, so that every label points at its own input).
func (b Page) Field(name, labelKey, typ string, flags ...string) FieldView {
	f := FieldView{
		Name: name, ID: "f-" + strings.ReplaceAll(name, ".", "-"), Label: b.T(labelKey),
		Value: b.Form.Get(name), Error: b.Form.Err(name), Type: typ, Rows: 6,
	}
	for _, fl := range flags {
		k, v, _ := strings.Cut(fl, "=")
		switch k {
		case "required":
			f.Required = true
		case "autofocus":
			f.Autofocus = true
		case "autocomplete":
			f.Autocomplete = v
		case "inputmode":
			f.InputMode = v
		case "hint":
			f.Hint = b.T(v)
		case "short":
			f.Rows = 3
		case "id":
			f.ID = v
		}
	}
	return f
}

// Select describes a select control over opts; the submitted value is
// selected.
func (b Page) Select(name, labelKey string, opts []Option, flags ...string) FieldView {
	f := b.Field(name, labelKey, "select", flags...)
	for i := range opts {
		opts[i].Selected = opts[i].Value == f.Value
	}
	f.Options = opts
	return f
}

func itemOptions(items []procedure.Item, b Page) []Option {
	out := make([]Option, len(items))
	for i, it := range items {
		out[i] = Option{Value: it.Key, Label: it.Label.In(b.Lang)}
	}
	return out
}

// AnswerByLabel names a way to answer ("Per e-mail"); "" when none.
func (b Page) AnswerByLabel(way string) string {
	if way == "" {
		return ""
	}
	return b.T("answer_by." + way)
}

// WithLabel puts an empty choice named by the message key before opts.
func (b Page) WithLabel(key string, opts []Option) []Option {
	return append([]Option{{Value: "", Label: b.T(key)}}, opts...)
}

// AnswerByOptions lists the ways a complainant can ask to be answered.
func (b Page) AnswerByOptions() []Option {
	out := make([]Option, len(complaint.AnswerWays))
	for i, w := range complaint.AnswerWays {
		out[i] = Option{Value: w, Label: b.T("answer_by." + w)}
	}
	return out
}

// CategoryOptions lists the profile's categories.
func (b Page) CategoryOptions() []Option {
	out := make([]Option, len(b.profile.Categories))
	for i, c := range b.profile.Categories {
		out[i] = Option{Value: c.Key, Label: c.Label.In(b.Lang)}
	}
	return out
}

// ChannelOptions lists the profile's channels.
func (b Page) ChannelOptions() []Option { return itemOptions(b.profile.Channels, b) }

// DepartmentOptions lists the profile's departments.
func (b Page) DepartmentOptions() []Option { return itemOptions(b.profile.Departments, b) }

// ConcernsOptions lists what a complaint may concern (P1.2).
func (b Page) ConcernsOptions() []Option {
	out := []Option{{Value: "", Label: b.T("concerns.unknown")}}
	for _, c := range complaint.ConcernsValues {
		out = append(out, Option{Value: string(c), Label: b.T("concerns." + string(c))})
	}
	return out
}

// LanguageOptions lists the complainant's possible languages.
func (b Page) LanguageOptions() []Option {
	return []Option{{Value: "nl", Label: b.T("lang.nl")}, {Value: "en", Label: b.T("lang.en")}}
}

// StatusOptions lists every status, for the list filter.
func (b Page) StatusOptions() []Option {
	out := []Option{{Value: "", Label: b.T("list.any")}, {Value: StatusOpen, Label: b.T("list.status_open")}}
	for _, s := range complaint.Statuses {
		out = append(out, Option{Value: string(s), Label: b.Status(s)})
	}
	return out
}

// WithChoose prepends an empty "choose" entry, for a required select
// that has no sensible default.
func (b Page) WithChoose(opts []Option) []Option {
	return append([]Option{{Value: "", Label: b.T("form.choose")}}, opts...)
}

// WithNone prepends an empty "none" entry, for an optional select.
func (b Page) WithNone(opts []Option) []Option {
	return append([]Option{{Value: "", Label: b.T("form.none")}}, opts...)
}

// AgencyOptions lists the profile's fundraising agencies.
func (b Page) AgencyOptions() []Option { return itemOptions(b.profile.Agencies, b) }

// AgencyLabel names an agency in the page's language.
func (b Page) AgencyLabel(key string) string { return b.profile.AgencyLabel(key, b.Lang) }

// CampaignOptions lists the profile's campaigns.
func (b Page) CampaignOptions() []Option {
	out := make([]Option, len(b.profile.Campaigns))
	for i, c := range b.profile.Campaigns {
		out[i] = Option{Value: c.Key, Label: c.Label.In(b.Lang)}
	}
	return out
}

// RoleOptions lists the roles of the profile.
func (b Page) RoleOptions() []Option { return itemOptions(b.profile.Roles, b) }

// WithAny prepends an "any" choice, for filters.
func (b Page) WithAny(opts []Option) []Option {
	return append([]Option{{Value: "", Label: b.T("list.any")}}, opts...)
}

// The fields of the complaint forms in the order they appear, so an error
// summary lists its problems top to bottom as the person meets them.
var (
	ComplaintFormOrder = []string{"complainant.member_number", "complainant.name", "complainant.address",
		"complainant.postcode", "complainant.city", "complainant.phone", "complainant.email", "language", "answer_by",
		"channel", "category", "concerns", "campaign", "agency", "description", "attachments", "received_at", "department"}
	PublicFormOrder = []string{"complainant.name", "answer_by", "complainant.email", "complainant.phone",
		"complainant.address", "complainant.postcode", "complainant.city", "complainant.member_number",
		"category", "description", "attachments"}
)

// OrderBy puts the fields with errors in the order of fields; others
// follow as they were found.
func (f *FormState) OrderBy(fields []string) {
	pos := func(name string) int {
		if i := slices.Index(fields, name); i >= 0 {
			return i
		}
		return len(fields)
	}
	slices.SortStableFunc(f.Order, func(a, b string) int { return pos(a) - pos(b) })
}

// CancellationReason names a cancellation reason of the profile.
func (b Page) CancellationReason(key string) string {
	return b.profile.CancellationReasonLabel(key, b.Lang)
}

// CancellationOffer names an offer of the profile.
func (b Page) CancellationOffer(key string) string {
	return b.profile.CancellationOfferLabel(key, b.Lang)
}

// CancellationReasonOptions are the profile's cancellation reasons.
func (b Page) CancellationReasonOptions() []Option {
	return itemOptions(b.profile.CancellationReasons, b)
}

// CancellationOfferOptions are the profile's offers, after "none".
func (b Page) CancellationOfferOptions() []Option {
	return append([]Option{{Value: "", Label: b.T("offer.none")}}, itemOptions(b.profile.CancellationOffers, b)...)
}
