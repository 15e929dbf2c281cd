package notify

import (
	"time"

	"github.com/klacht/klacht/internal/complaint"
)

// Context is what a message says beyond the complaint itself.
type Context struct {
	Organisation string
	Handler      string // who signs
	Location     *time.Location
	Now          time.Time
	// StatusLink, when set, makes a new link to the complainant's status
	// page for each message: the URL to print and the hash to store.
	StatusLink func() (url, hash string)
}

// ValuesFor fills the placeholders from a complaint, with dates written as
// letters write them, in the complainant's language.
func ValuesFor(c complaint.Complaint, x Context) Values {
	lang := c.Language
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return LongDate(t.In(x.Location), lang)
	}
	return Values{
		"reference":     c.Reference,
		"name":          c.Addressee().Name, // whom the message is to (a representative, when chosen)
		"received_date": date(c.ReceivedAt),
		"due_date":      date(c.DueAt),
		"expected_date": date(c.ExpectedAt),
		"handler":       x.Handler,
		"outcome":       c.Outcome,
		"organisation":  x.Organisation,
		"today":         date(x.Now),
		"answer_way":    AnswerWay(c.AnswerChannel(), lang),
	}
}

var answerWays = map[string]map[string]string{
	"nl": {complaint.ToldByPhone: "telefonisch", complaint.ToldByEmail: "per e-mail", complaint.ToldByLetter: "per brief"},
	"en": {complaint.ToldByPhone: "by phone", complaint.ToldByEmail: "by e-mail", complaint.ToldByLetter: "by letter"},
}

// AnswerWay writes how the complainant hears back ("per e-mail") for a
// sentence in their language; "" when there is no way.
func AnswerWay(way, lang string) string {
	if lang != "en" {
		lang = "nl"
	}
	return answerWays[lang][way]
}

// Compose renders template t for complaint c as an outgoing message by the
// written channel the complainant can be reached by (e-mail, else letter).
// extra adds values such as the reason of a delay. ok is false when the
// complainant has neither an e-mail nor a postal address.
func Compose(t Template, c complaint.Complaint, x Context, channel string, extra Values) (complaint.Outgoing, bool) {
	if channel == "" {
		channel = c.Addressee().WrittenChannel()
	}
	if channel == "" {
		return complaint.Outgoing{}, false
	}
	v := ValuesFor(c, x)
	for k, val := range extra {
		v[k] = val
	}
	var linkHash string
	if x.StatusLink != nil {
		v["status_link"], linkHash = x.StatusLink()
		// The rating form sits on the status page: a link only opens it
		// (mail scanners follow links), a person must submit it.
		v["rating_link"] = v["status_link"] + "#rating"
	}
	subject, body := t.Render(v)
	out := complaint.Outgoing{
		Kind:           string(t.Kind),
		Channel:        channel,
		Lang:           t.Lang,
		Subject:        subject,
		Body:           body,
		StatusLinkHash: linkHash,
	}
	switch channel {
	case complaint.ToldByEmail:
		out.To = c.Addressee().Email
	case complaint.ToldByLetter:
		out.Address = c.Addressee().PostalAddress()
	}
	return out, true
}
