package ui

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/web/kit"
)

// The unspoken complaint (P6): cancellations come in by CSV or API; those
// whose reason is unclear form the call list; a call may find a complaint
// behind the cancellation, which then follows the whole procedure, and an
// offer to support in another way.

// The call list in the staff UI.

type callListPage struct {
	kit.Page
	Items    []cancellation.Cancellation
	Status   cancellation.Status
	Counts   map[string]int
	Offered  int
	Accepted int
}

func (p callListPage) Reason(key string) string { return p.CancellationReason(key) }
func (p callListPage) SaveRate() int {
	if p.Offered == 0 {
		return 0
	}
	return p.Accepted * 100 / p.Offered
}

func (s *Handler) callListPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	status := cancellation.Status(r.URL.Query().Get("status"))
	if status == "" {
		status = cancellation.ToCall
	}
	page := callListPage{Page: s.Page(r, "cancel.title"), Status: status, Counts: map[string]int{}}
	for _, st := range []cancellation.Status{cancellation.ToCall, cancellation.Reached, cancellation.NotReached, cancellation.Done} {
		n, err := s.Store.CountCancellations(ctx, st)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		page.Counts[string(st)] = n
	}
	var err error
	if page.Items, err = s.Store.Cancellations(ctx, status, 100); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if page.Offered, page.Accepted, err = s.Store.SaveRate(ctx); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "cancellations", page)
}

type cancellationPage struct {
	kit.Page
	X     cancellation.Cancellation
	Calls []cancellation.Call
}

func (p cancellationPage) Reason(key string) string { return p.CancellationReason(key) }

// ReasonOptions and OfferOptions list the profile's choices.
func (p cancellationPage) ReasonOptions() []kit.Option { return p.CancellationReasonOptions() }

func (p cancellationPage) OfferOptions() []kit.Option { return p.CancellationOfferOptions() }

func (p cancellationPage) AcceptedOptions() []kit.Option {
	return []kit.Option{
		{Value: "", Label: p.T("satisfied.unknown")},
		{Value: "yes", Label: p.T("satisfied.yes")},
		{Value: "no", Label: p.T("satisfied.no")},
	}
}

func (s *Handler) cancellationPage(w http.ResponseWriter, r *http.Request) {
	s.renderCancellation(w, r, http.StatusOK, nil)
}

func (s *Handler) renderCancellation(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := kit.CancellationID(r)
	var x cancellation.Cancellation
	if err == nil {
		x, err = s.Store.Cancellation(r.Context(), id)
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	calls, err := s.Store.Calls(r.Context(), id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := cancellationPage{Page: s.Page(r, "cancel.one"), X: x, Calls: calls}
	page.Form.Values = r.PostForm
	if formErr == nil {
		reason := x.RecordedReason
		if reason == "" {
			reason = x.Reason
		}
		page.Form.Values = url.Values{
			"recorded_reason": {reason},
			"outcome":         {x.Outcome},
			"offer":           {x.Offer},
			"offer_accepted":  {x.OfferAccepted},
			"category":        {s.Profile().Unclassified()},
			"description":     {x.ReasonText},
		}
	}
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "cancellation", page)
}

// cancellationAction serves a form posted from a cancellation's page.
func (s *Handler) cancellationAction(
	notice string,
	act func(r *http.Request, u auth.User, id int64) (string, error),
) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r, kit.MaxFormBody) {
			return
		}
		u, _ := kit.UserOf(r)
		id, err := kit.CancellationID(r)
		var to string
		if err == nil {
			to, err = act(r, u, id)
		}
		if err != nil {
			s.renderCancellation(w, r, kit.StatusOf[fault.CodeOf(err)], err)
			return
		}
		if to == "" {
			to = "/cancellations/" + strconv.FormatInt(id, 10)
		}
		http.Redirect(w, r, to+"?notice="+notice, http.StatusSeeOther)
	}
}

func (s *Handler) callFromForm(r *http.Request, u auth.User, id int64) (string, error) {
	_, err := s.App.RecordCall(
		r.Context(),
		u,
		id,
		r.PostForm.Get("result"),
		r.PostForm.Get("call_back_at"),
		r.PostForm.Get("note"),
	)
	return "", err
}

func (s *Handler) concludeFromForm(r *http.Request, _ auth.User, id int64) (string, error) {
	f := r.PostForm
	_, err := s.App.Conclude(
		r.Context(),
		id,
		f.Get("recorded_reason"),
		f.Get("outcome"),
		f.Get("offer"),
		f.Get("offer_accepted"),
	)
	return "", err
}

func (s *Handler) complaintBehindFromForm(r *http.Request, u auth.User, id int64) (string, error) {
	c, err := s.App.ComplaintBehind(r.Context(), u, id, r.PostForm.Get("category"), r.PostForm.Get("description"))
	if err != nil {
		return "", err
	}
	return "/complaints/" + c.Reference, nil
}

type importPage struct {
	kit.Page
	Report  *cancellation.Report
	CSV     string
	Source  string
	Mapping string
	Done    bool
}

// Fields names the columns a mapping may name, for the mapping's hint.
func (p importPage) Fields() string { return strings.Join(cancellation.Fields, ", ") }

func (s *Handler) importPage(w http.ResponseWriter, r *http.Request) {
	page := importPage{Page: s.Page(r, "import.title"), Source: cancellation.DefaultSource}
	m, _, err := s.Store.Mapping(r.Context(), page.Source)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Form.Values = url.Values{"source": {page.Source}, "mapping": {m.String()}}
	s.Render(w, r, http.StatusOK, "import", page)
}

// importFromForm previews a file (a dry run), and imports it when the
// preview is confirmed.
func (s *Handler) importFromForm(w http.ResponseWriter, r *http.Request) {
	page := importPage{Page: s.Page(r, "import.title")}
	r.Body = http.MaxBytesReader(w, r.Body, kit.MaxCSVBody+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		s.ErrorPage(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	if err := kit.FormTextError(r); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page.Form.Values = r.PostForm
	page.Source = strings.TrimSpace(r.FormValue("source"))
	page.Mapping = strings.TrimSpace(r.FormValue("mapping"))
	var mapping cancellation.Mapping
	if page.Mapping != "" {
		m, err := cancellation.ParseMapping(page.Mapping)
		if err != nil {
			page.WithError(fault.InvalidField("mapping", "err.import.mapping", page.Fields()))
			s.Render(w, r, http.StatusUnprocessableEntity, "import", page)
			return
		}
		mapping = m
	}
	csv := r.FormValue("csv")
	if f, _, err := r.FormFile("file"); err == nil {
		data, _ := io.ReadAll(io.LimitReader(f, kit.MaxCSVBody))
		f.Close()
		// Read in the charset it was saved in (a workbook as CSV), so the
		// preview's copy (sent back on confirming) is the same text.
		text, err := sheet.Text(data)
		if err != nil {
			if _, ok := fault.As(err); !ok {
				err = fault.InvalidField("file", "err.csv.header")
			}
			page.WithError(err)
			s.Render(w, r, http.StatusUnprocessableEntity, "import", page)
			return
		}
		csv = text
	}
	if strings.TrimSpace(csv) == "" {
		page.WithError(fault.InvalidField("file", "err.required"))
		s.Render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	confirm := r.FormValue("confirm") == "true"
	rep, err := s.App.ImportCancellations(r.Context(), strings.NewReader(csv), page.Source, mapping, !confirm, page.Lang)
	if err != nil {
		if !page.WithError(err) {
			s.ErrorPage(w, r, err)
			return
		}
		s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "import", page)
		return
	}
	page.Report, page.CSV, page.Done = &rep, csv, confirm
	s.Render(w, r, http.StatusOK, "import", page)
}
