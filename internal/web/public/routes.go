package public

import (
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/web/kit"
)

// Routes are the public pages' routes, for the one route table.
func (s *Handler) Routes() []kit.Route {
	ui := kit.UI
	return []kit.Route{
		ui("GET /klacht", auth.Public, s.publicForm(i18n.NL)),
		ui("POST /klacht", auth.Public, kit.OnBehalf(s.publicSubmit(i18n.NL))),
		ui("GET /en/complaint", auth.Public, s.publicForm(i18n.EN)),
		ui("POST /en/complaint", auth.Public, kit.OnBehalf(s.publicSubmit(i18n.EN))),
		ui("GET /status/{token}", auth.Public, kit.OnBehalf(s.statusPage)),
		ui("GET /status/{token}/received", auth.Public, kit.OnBehalf(s.receivedPage)),
		ui("GET /status/{token}/copy.pdf", auth.Public, kit.OnBehalf(s.statusCopy)),
		ui("POST /status/{token}/add", auth.Public, kit.OnBehalf(s.statusAdd)),
		ui("POST /status/{token}/appeal", auth.Public, kit.OnBehalf(s.statusAppeal)),
		ui("POST /status/{token}/rating", auth.Public, kit.OnBehalf(s.statusRate)),
		ui("GET /annual/{year}", auth.Public, s.publicAnnual),
		ui("GET /expert/{token}", auth.Public, kit.OnBehalf(s.expertForm)),
		ui("POST /expert/{token}", auth.Public, kit.OnBehalf(s.expertAnswer)),
	}
}
