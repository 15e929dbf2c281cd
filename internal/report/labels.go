package report

import (
	"strings"

	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
)

// FigureLabel names a figure of the evaluation (a key of Rows) in lang,
// with the profile's labels for categories, channels and departments, so
// the page, the PDF, the spreadsheet and the command line say the same.
func FigureLabel(p procedure.Profile, lang i18n.Lang, key string) string {
	t := func(k string) string { return i18n.T(lang, k) }
	prefix, k, ok := strings.Cut(key, ".")
	if key == "appeals_in_term_pct" {
		return i18n.T(lang, "eval."+key, procedure.TermText(p.AppealTerm(), lang))
	}
	if !ok {
		return t("eval." + key)
	}
	switch prefix {
	case "category":
		return t("eval.by_category") + ": " + p.CategoryLabel(k, lang)
	case "channel":
		return t("eval.by_channel") + ": " + p.ChannelLabel(k, lang)
	case "department":
		return t("eval.by_department") + ": " + p.DepartmentLabel(k, lang)
	case "concerns":
		if k == "" {
			k = "unknown"
		}
		return t("f.concerns") + ": " + t("concerns."+k)
	case "told_via":
		return t("handle.via") + ": " + t("handle.via."+k)
	case "appeal_outcome":
		return t("appeals.decision") + ": " + t("decision."+k)
	case "agency":
		return t("eval.by_agency") + ": " + p.AgencyLabel(k, lang)
	case "agency_rate":
		return t("eval.agency_rate") + ": " + p.AgencyLabel(k, lang)
	case "outcome":
		return t("eval.by_outcome") + ": " + p.OutcomeLabel(k, lang)
	case "label":
		return t("eval.by_label") + ": " + p.LabelLabel(k, lang)
	case "cancellation_reason":
		return t("cancel.reason") + ": " + p.CancellationReasonLabel(k, lang)
	}
	return t("eval." + key)
}
