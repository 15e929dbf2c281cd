package seed

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Complaint texts are put together from an opening, what happened (by
// category), a detail and a wish, so that search and clustering meet the
// variety of real complaints rather than one sentence repeated.
var (
	openings = map[string][]string{
		"nl": {"Geachte heer/mevrouw,", "Beste medewerker,", "Hallo,", "Ik wil graag een klacht indienen.", "Ik ben al jaren lid en ik ben teleurgesteld.", "Dit is de tweede keer dat ik contact opneem.", ""},
		"en": {"Dear Sir or Madam,", "Hello,", "I would like to make a complaint.", "I have been a member for years and I am disappointed.", "This is the second time I am getting in touch.", ""},
	}
	happened = map[string]map[string][]string{
		"telemarketing": {
			"nl": {"Ik werd gisteravond om %s gebeld door een beller namens jullie.", "Ondanks mijn verzoek om niet meer gebeld te worden, belt u opnieuw.", "De telefonische werver was opdringerig en liet mij niet uitpraten.", "Ik word steeds tijdens het avondeten gebeld om mijn bijdrage te verhogen.", "De beller gaf onjuiste informatie over de hoogte van mijn donatie.", "Ik ben drie keer in één week gebeld voor dezelfde actie."},
			"en": {"A caller phoned me last night at %s on your behalf.", "Despite asking not to be called again, you keep calling.", "The telephone fundraiser was pushy and would not let me finish.", "I keep being called during dinner to raise my contribution.", "The caller gave wrong information about the size of my donation."},
		},
		"street_recruitment": {
			"nl": {"Een straatwerver bij het station in %s hield mij tegen en bleef aandringen.", "De werver aan de deur vertelde niet dat het om een machtiging ging.", "Mijn moeder van 84 is aan de deur overgehaald om lid te worden.", "De straatwerver was onbeleefd toen ik nee zei.", "Ik heb op straat getekend maar kreeg geen bevestiging."},
			"en": {"A street fundraiser at the station in %s stopped me and kept insisting.", "The door-to-door recruiter did not say it was a direct debit.", "My 84-year-old mother was talked into membership at the door.", "The street fundraiser was rude when I said no."},
		},
		"privacy": {
			"nl": {"Ik wil weten hoe u aan mijn telefoonnummer komt.", "Mijn gegevens zijn zonder toestemming gedeeld met een belbureau.", "Ik heb gevraagd mijn gegevens te verwijderen, maar ik krijg nog steeds post.", "Er stond een ander adres dan het mijne in de e-mail van %s."},
			"en": {"I want to know how you got my phone number.", "My details were shared with a call centre without my consent.", "I asked you to delete my data but I still get mail."},
		},
		"financial": {
			"nl": {"Het bedrag is twee keer van mijn rekening afgeschreven in %s.", "Mijn incasso is verhoogd zonder dat ik daarvoor toestemming gaf.", "Ik heb opgezegd maar er wordt nog steeds geïncasseerd.", "Ik heb geen fiscaal overzicht van mijn giften ontvangen."},
			"en": {"The amount was debited twice from my account in %s.", "My direct debit was raised without my consent.", "I cancelled but you are still collecting."},
		},
		"delivery": {
			"nl": {"Het ledenblad is al drie maanden niet bezorgd.", "Ik ontvang het magazine twee keer op hetzelfde adres.", "Mijn naam staat verkeerd gespeld op de envelop sinds %s.", "Post komt nog op mijn oude adres terwijl ik verhuisd ben."},
			"en": {"The members' magazine has not arrived for three months.", "I receive the magazine twice at the same address.", "Mail still goes to my old address although I moved in %s."},
		},
		"campaign_content": {
			"nl": {"Ik ben het niet eens met de campagne over %s.", "De advertentie over de landbouw vind ik eenzijdig.", "Jullie actie tegen vliegen gaat mij te ver.", "De oproep in de nieuwsbrief bevatte onjuiste cijfers."},
			"en": {"I disagree with the campaign about %s.", "Your advertisement about farming is one-sided.", "The figures in the newsletter appeal were wrong."},
		},
		"conduct": {
			"nl": {"De medewerker aan de telefoon was kortaf en hing op.", "Ik ben onvriendelijk te woord gestaan bij de informatiebalie in %s.", "Niemand belde mij terug zoals was beloofd."},
			"en": {"The person on the phone was curt and hung up.", "Nobody called me back as promised.", "I was treated rudely at the information stand in %s."},
		},
		"other": {
			"nl": {"De website geeft een foutmelding als ik mijn adres wil wijzigen.", "Ik kan nergens vinden hoe ik mijn lidmaatschap pauzeer.", "Het evenement in %s was slecht georganiseerd."},
			"en": {"The website shows an error when I try to change my address.", "I cannot find how to pause my membership.", "The event in %s was badly organised."},
		},
	}
	details = map[string][]string{
		"nl": {"Dit gebeurde op %d %s.", "Het ging om een bedrag van € %d.", "Mijn lidnummer staat hieronder.", "Ik heb hier eerder over gemaild, zonder reactie.", "Ik heb dit ook aan de beller gezegd.", ""},
		"en": {"This happened on %d %s.", "It was about an amount of € %d.", "My member number is below.", "I emailed about this before, without a reply.", ""},
	}
	wishes = map[string][]string{
		"nl": {"Ik wil graag dat dit stopt.", "Graag een reactie binnen twee weken.", "Ik overweeg mijn lidmaatschap op te zeggen.", "Ik verwacht dat het geld wordt teruggestort.", "Met vriendelijke groet.", "Ik hoor graag wat u hieraan gaat doen."},
		"en": {"I would like this to stop.", "Please reply within two weeks.", "I am thinking of cancelling my membership.", "I expect the money to be refunded.", "Kind regards.", "Please let me know what you will do about it."},
	}
	months = map[string][]string{
		"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	}
	places = []string{"Utrecht", "Amsterdam", "Groningen", "Zwolle", "Arnhem", "Breda", "Leiden", "Delft"}
)

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// Text writes a complaint of category in lang ("nl" or "en").
func Text(r *rand.Rand, category, lang string) string {
	what := happened[category]
	if what == nil {
		what = happened["other"]
	}
	parts := []string{pick(r, openings[lang])}
	h := pick(r, what[lang])
	if strings.Contains(h, "%s") {
		fill := pick(r, places)
		switch {
		case strings.Contains(h, " om %s") || strings.Contains(h, " at %s"):
			fill = fmt.Sprintf("%d:%02d", 17+r.IntN(5), 5*r.IntN(12))
		case strings.Contains(h, "sinds %s") || strings.Contains(h, "rekening afgeschreven in %s") || strings.Contains(h, "account in %s") || strings.Contains(h, "moved in %s"):
			fill = pick(r, months[lang])
		case strings.Contains(h, "campagne over %s") || strings.Contains(h, "campaign about %s"):
			fill = pick(r, []string{"klimaat", "vliegen", "vlees", "fossiele brandstoffen"})
		case strings.Contains(h, "e-mail van %s"):
			fill = pick(r, months[lang])
		}
		h = fmt.Sprintf(h, fill)
	}
	parts = append(parts, h)
	d := pick(r, details[lang])
	switch strings.Count(d, "%") {
	case 2:
		d = fmt.Sprintf(d, 1+r.IntN(28), pick(r, months[lang]))
	case 1:
		d = fmt.Sprintf(d, 5*(1+r.IntN(40)))
	}
	parts = append(parts, d, pick(r, wishes[lang]))
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}
