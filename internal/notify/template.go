// Package notify tells complainants: message templates with checked
// placeholders, e-mail through SMTP, and printed letters as PDF. What is
// to be sent waits in the outbox (storage) until a job delivers it.
package notify

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
)

// Kind names a message to the complainant.
type Kind string

const (
	Acknowledgement Kind = "acknowledgement" // receipt, with the reference and the term
	// AcknowledgementLate is the receipt of a complaint registered after
	// its term had passed (a letter found late, say): it cannot promise a
	// date already gone, so it says what happened and what comes next.
	AcknowledgementLate Kind = "acknowledgement_late"
	DelayNotice         Kind = "delay_notice" // P5.5: the term cannot be met
	// Question asks the complainant what the handler needs to go on; the
	// term stands still until they answer (the term pause).
	Question       Kind = "question"
	Outcome        Kind = "outcome"         // P5.2: how the complaint was handled
	AppealAck      Kind = "appeal_ack"      // P8: the appeal is received; the board decides by …
	AppealDecision Kind = "appeal_decision" // P8.2: the board's decision and its reasons
)

// Kinds lists every kind of message.
var Kinds = []Kind{Acknowledgement, AcknowledgementLate, DelayNotice, Question, Outcome, AppealAck, AppealDecision}

// AcknowledgementFor is the receipt a complaint gets at now: the usual one
// with the term's date, or, when that day has already passed in loc, the
// one for a complaint registered late.
func AcknowledgementFor(c complaint.Complaint, now time.Time, loc *time.Location) Kind {
	y, m, d := now.In(loc).Date()
	if c.DueAt.Before(time.Date(y, m, d, 0, 0, 0, 0, loc)) {
		return AcknowledgementLate
	}
	return Acknowledgement
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Placeholders a template may use, written {name}.
var Placeholders = []string{
	"reference", "name", "received_date", "due_date", "expected_date", "reason",
	"handler", "outcome", "organisation", "today", "status_link", "rating_link",
	"decision", "reasoning", "decision_date", "answer_way",
}

// required lists the placeholders a kind must contain: a message without
// them would not say what it is for.
// Every message carries the link to the complainant's status page (P8.1).
var required = map[Kind][]string{
	Acknowledgement:     {"reference", "due_date", "status_link"},
	AcknowledgementLate: {"reference", "received_date", "status_link"},
	Question:            {"reference", "reason", "status_link"},
	DelayNotice:         {"reference", "expected_date", "reason", "status_link"},
	Outcome:             {"reference", "outcome", "status_link"},
	AppealAck:           {"reference", "decision_date", "status_link"},
	AppealDecision:      {"reference", "decision", "reasoning", "status_link"},
}

// Template is the text of one kind of message in one language.
type Template struct {
	Kind    Kind
	Lang    string
	Subject string
	Body    string
}

var placeholder = regexp.MustCompile(`\{([^{}]*)\}`)

// Check validates a template as an administrator saves it: known kind and
// language, subject and body present, every placeholder known, braces
// balanced, and the kind's required placeholders present.
func (t Template) Check() error {
	var errs fault.Validation
	if !t.Kind.Valid() {
		errs.Add("kind", "err.unknown_key", string(t.Kind))
	}
	if t.Lang != "nl" && t.Lang != "en" {
		errs.Add("lang", "err.language")
	}
	check := func(field, text string, max int) map[string]bool {
		used := map[string]bool{}
		if strings.TrimSpace(text) == "" {
			errs.Add(field, "err.required")
			return used
		}
		if utf8.RuneCountInString(text) > max {
			errs.Add(field, "err.too_long", max)
			return used
		}
		known := map[string]bool{}
		for _, p := range Placeholders {
			known[p] = true
		}
		var unknown []string
		for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
			if !known[m[1]] {
				unknown = append(unknown, "{"+m[1]+"}")
			}
			used[m[1]] = true
		}
		rest := placeholder.ReplaceAllString(text, "")
		switch {
		case len(unknown) > 0:
			errs.Add(field, "err.template.unknown", strings.Join(unknown, ", "), "{"+strings.Join(Placeholders, "}, {")+"}")
		case strings.ContainsAny(rest, "{}"):
			errs.Add(field, "err.template.braces")
		}
		return used
	}
	used := check("subject", t.Subject, 200)
	for k := range check("body", t.Body, 20000) {
		used[k] = true
	}
	if !errs.Has("body") && !errs.Has("subject") {
		var missing []string
		for _, p := range required[t.Kind] {
			if !used[p] {
				missing = append(missing, "{"+p+"}")
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			errs.Add("body", "err.template.missing", strings.Join(missing, ", "))
		}
	}
	return errs.Err()
}

// Values fill a template's placeholders.
type Values map[string]string

// Render fills the template. A placeholder without a value renders empty;
// Check has made sure that only known ones occur.
func (t Template) Render(v Values) (subject, body string) {
	fill := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string { return v[m[1:len(m)-1]] })
	}
	return fill(t.Subject), fill(t.Body)
}

// Default returns the built-in template of kind in lang, used until an
// administrator saves their own.
func Default(kind Kind, lang string) Template {
	if lang != "en" {
		lang = "nl"
	}
	d, ok := defaults[string(kind)+"/"+lang]
	if !ok {
		panic(fmt.Sprintf("notify: no default template %s/%s", kind, lang))
	}
	return Template{Kind: kind, Lang: lang, Subject: d[0], Body: d[1]}
}

var defaults = map[string][2]string{
	"appeal_ack/nl": {"Uw beroep over klacht {reference} is ontvangen", `Beste {name},

Wij hebben uw beroep bij het bestuur over de afhandeling van uw klacht {reference} ontvangen. Het bestuur beslist uiterlijk {decision_date}.

Uw klacht en beroep volgen: {status_link}

Met vriendelijke groet,

{organisation}`},
	"appeal_ack/en": {"Your appeal about complaint {reference} has been received", `Dear {name},

We have received your appeal to the board about how your complaint {reference} was handled. The board will decide by {decision_date}.

Follow your complaint and appeal: {status_link}

Kind regards,

{organisation}`},
	"appeal_decision/nl": {"Besluit van het bestuur over uw beroep ({reference})", `Beste {name},

Het bestuur heeft op {decision_date} besloten over uw beroep tegen de afhandeling van uw klacht {reference}.

Besluit: uw beroep is {decision}.

De overwegingen van het bestuur:
{reasoning}

Uw klacht en beroep: {status_link}

Met vriendelijke groet,

namens het bestuur,
{organisation}`},
	"appeal_decision/en": {"The board's decision on your appeal ({reference})", `Dear {name},

On {decision_date} the board decided on your appeal against how your complaint {reference} was handled.

Decision: your appeal is {decision}.

The board's reasons:
{reasoning}

Your complaint and appeal: {status_link}

Kind regards,

on behalf of the board,
{organisation}`},
	"acknowledgement/nl": {"Uw klacht {reference} is ontvangen", `Beste {name},

Op {received_date} hebben wij uw klacht ontvangen. Wij hebben haar geregistreerd onder kenmerk {reference}; vermeld dat kenmerk als u ons erover schrijft of belt.

Wat gebeurt er nu?
1. Uw klacht gaat naar de medewerker die erover gaat. Heeft die een vraag, dan nemen wij contact met u op.
2. Uiterlijk {due_date} hoort u {answer_way} wat wij met uw klacht hebben gedaan.
3. Lukt dat niet, dan laten wij u dat vóór die datum schriftelijk weten, met de reden en de datum waarop u ons antwoord wel kunt verwachten.
4. Bent u het niet eens met hoe wij uw klacht hebben afgehandeld, dan kunt u in beroep gaan bij het bestuur.

Hier volgt u uw klacht, kunt u iets toevoegen en downloadt u een kopie van uw klacht: {status_link}

Met vriendelijke groet,

{organisation}`},
	"acknowledgement/en": {"Your complaint {reference} has been received", `Dear {name},

We received your complaint on {received_date} and registered it under reference {reference}; please mention it when you write or call us about it.

What happens now?
1. Your complaint goes to the person whose work it concerns. If they have a question, we will contact you.
2. By {due_date} at the latest you will hear {answer_way} what we have done about your complaint.
3. If we cannot manage that, we will let you know in writing before that date, with the reason and the date by which you can expect our answer.
4. If you disagree with how we handled your complaint, you can appeal to the board.

Follow your complaint, add to it, or download a copy of it here: {status_link}

Kind regards,

{organisation}`},
	"acknowledgement_late/nl": {"Uw klacht {reference} is ontvangen", `Beste {name},

Uw klacht kwam op {received_date} bij ons binnen. Wij hebben haar pas op {today} geregistreerd, onder kenmerk {reference}; vermeld dat kenmerk als u ons erover schrijft of belt. Onze excuses daarvoor.

Daardoor is de datum waarop wij klachten afgehandeld willen hebben, {due_date}, al voorbij. Wij handelen uw klacht zo snel mogelijk af en laten u weten wanneer u een antwoord kunt verwachten.

Hier volgt u uw klacht en kunt u iets toevoegen: {status_link}

Met vriendelijke groet,

{organisation}`},
	"acknowledgement_late/en": {"Your complaint {reference} has been received", `Dear {name},

Your complaint reached us on {received_date}. We registered it only on {today}, under reference {reference}; please mention it when you write or call us about it. We apologise for that.

As a result, the date by which we aim to handle complaints, {due_date}, has already passed. We will handle your complaint as soon as we can and let you know when to expect an answer.

Follow your complaint, or add to it, here: {status_link}

Kind regards,

{organisation}`},
	"question/nl": {"Uw klacht {reference}: wij hebben een vraag", `Beste {name},

Om uw klacht met kenmerk {reference} goed te kunnen afhandelen, hebben wij eerst een antwoord van u nodig:

{reason}

U kunt antwoorden via {status_link}, of door ons te mailen of te bellen met het kenmerk erbij. Tot wij uw antwoord hebben, staat de termijn voor de afhandeling van uw klacht stil; daarna loopt hij verder.

Met vriendelijke groet,

{handler}
{organisation}`},
	"question/en": {"Your complaint {reference}: a question for you", `Dear {name},

To handle your complaint {reference} properly, we first need an answer from you:

{reason}

You can answer at {status_link}, or by writing to us or calling us with the reference. Until we have your answer, the term for handling your complaint stands still; then it runs on.

Kind regards,

{handler}
{organisation}`},
	"delay_notice/nl": {"Uw klacht {reference}: meer tijd nodig", `Beste {name},

Uw klacht met kenmerk {reference} kwam op {received_date} bij ons binnen. Wij wilden haar uiterlijk {due_date} afhandelen, maar dat lukt helaas niet.

De reden: {reason}

Wij verwachten u uiterlijk {expected_date} een antwoord te geven. Onze excuses voor het wachten.

Uw klacht volgen: {status_link}

Met vriendelijke groet,

{handler}
{organisation}`},
	"delay_notice/en": {"Your complaint {reference}: we need more time", `Dear {name},

Your complaint {reference} reached us on {received_date}. We meant to handle it by {due_date}, but unfortunately we cannot.

The reason: {reason}

We expect to give you an answer by {expected_date}. We apologise for the wait.

Follow your complaint: {status_link}

Kind regards,

{handler}
{organisation}`},
	"outcome/nl": {"Uw klacht {reference} is afgehandeld", `Beste {name},

Hierbij laten wij u weten hoe wij uw klacht met kenmerk {reference} hebben afgehandeld.

{outcome}

Wilt u ons laten weten hoe u de afhandeling vond? Geef uw oordeel op {rating_link}

Bent u het niet eens met de afhandeling van uw klacht, dan kunt u in beroep gaan bij het bestuur. Het bestuur beslist binnen 30 dagen. Dat kan via {status_link}

Met vriendelijke groet,

{handler}
{organisation}`},
	"outcome/en": {"Your complaint {reference} has been handled", `Dear {name},

This is to tell you how we handled your complaint {reference}.

{outcome}

Would you tell us how you found the handling? Give your rating at {rating_link}

If you disagree with how your complaint was handled, you may appeal to the board. The board decides within 30 days. You can do so at {status_link}

Kind regards,

{handler}
{organisation}`},
}
