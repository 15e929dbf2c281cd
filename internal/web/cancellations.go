package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/web/kit"
)

// The unspoken complaint (P6): cancellations come in by CSV or API; those
// whose reason is unclear form the call list; a call may find a complaint
// behind the cancellation, which then follows the whole procedure, and an
// offer to support in another way.

type cancellationInput struct {
	Source       string `json:"source"`
	ID           string `json:"id"`
	MemberNumber string `json:"member_number"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Postcode     string `json:"postcode"`
	City         string `json:"city"`
	Date         string `json:"date"`
	Reason       string `json:"reason"`
	ReasonText   string `json:"reason_text"`
	ReasonClear  *bool  `json:"reason_clear"`
}

type cancellationView struct {
	ID             int64      `json:"id"`
	Source         string     `json:"source"`
	SourceID       string     `json:"source_id"`
	MemberNumber   string     `json:"member_number"`
	Name           string     `json:"name"`
	Email          string     `json:"email"`
	CancelledOn    string     `json:"date"`
	Reason         string     `json:"reason"`
	ReasonText     string     `json:"reason_text"`
	ReasonClear    bool       `json:"reason_clear"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	CallBackAt     *time.Time `json:"call_back_at"`
	Outcome        string     `json:"outcome"`
	RecordedReason string     `json:"recorded_reason"`
	Offer          string     `json:"offer"`
	OfferAccepted  string     `json:"offer_accepted"`
	Complaint      string     `json:"complaint,omitempty"`
}

func viewCancellation(x cancellation.Cancellation) cancellationView {
	return cancellationView{
		ID:           x.ID,
		Source:       x.Source,
		SourceID:     x.SourceID,
		MemberNumber: x.MemberNumber,
		Name:         x.Name,
		Email:        x.Email,
		CancelledOn: x.CancelledOn.Format(
			"2006-01-02",
		),
		Reason:         x.Reason,
		ReasonText:     x.ReasonText,
		ReasonClear:    x.ReasonClear,
		Status:         string(x.Status),
		Attempts:       x.Attempts,
		CallBackAt:     kit.TimePtr(x.CallBackAt),
		Outcome:        x.Outcome,
		RecordedReason: x.RecordedReason,
		Offer:          x.Offer,
		OfferAccepted:  x.OfferAccepted,
		Complaint:      x.ComplaintRef,
	}
}

func (s *Server) apiCreateCancellation(w http.ResponseWriter, r *http.Request) {
	var in cancellationInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	x := cancellation.Cancellation{
		Source:       strings.TrimSpace(in.Source),
		SourceID:     in.ID,
		MemberNumber: in.MemberNumber,
		Name:         in.Name,
		Email:        in.Email,
		Phone:        in.Phone,
		Address:      in.Address,
		Postcode:     in.Postcode,
		City:         in.City,
		Reason:       in.Reason,
		ReasonText:   in.ReasonText,
	}
	if x.Source == "" {
		x.Source = "api"
	}
	var errs fault.Validation
	if d := strings.TrimSpace(in.Date); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			errs.Add("date", "err.date")
		}
		x.CancelledOn = t
	}
	reason := strings.ToLower(strings.TrimSpace(in.Reason))
	x.ReasonClear = reason != "" && reason != "unknown"
	if in.ReasonClear != nil {
		x.ReasonClear = *in.ReasonClear
	}
	x, err := x.Normalize(s.Now())
	if e, ok := fault.As(err); ok {
		for _, f := range e.Fields {
			if !errs.Has(f.Field) {
				errs.Add(f.Field, f.Key, f.Args...)
			}
		}
	}
	if err := errs.Err(); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out, created, err := s.App.AddCancellation(r.Context(), x)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	s.WriteJSON(w, r, status, viewCancellation(out))
}

func (s *Server) apiImportCancellations(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		s.WriteProblem(w, r, fault.New(fault.Unsupported, "err.media_type.csv"))
		return
	}
	body := http.MaxBytesReader(w, r.Body, kit.MaxCSVBody)
	data, err := io.ReadAll(body)
	if err != nil {
		s.WriteProblem(w, r, fault.New(fault.TooLarge, "err.too_large", kit.MaxCSVBody))
		return
	}
	rep, err := s.App.ImportCancellations(
		r.Context(),
		strings.NewReader(string(data)),
		r.URL.Query().Get("source"),
		nil,
		r.URL.Query().Get("dry_run") == "true",
		i18n.EN,
	)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if rep.Errors == nil {
		rep.Errors = []cancellation.RowError{}
	}
	s.WriteJSON(w, r, http.StatusOK, rep)
}

func (s *Server) apiListCancellations(w http.ResponseWriter, r *http.Request) {
	status := cancellation.Status(r.URL.Query().Get("status"))
	switch status {
	case "", cancellation.ToCall, cancellation.Reached, cancellation.NotReached, cancellation.Done:
	default:
		s.WriteProblem(w, r, fault.InvalidField("status", "err.unknown_key", string(status)))
		return
	}
	list, err := s.Store.Cancellations(r.Context(), status, 200)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := make([]cancellationView, len(list))
	for i, x := range list {
		out[i] = viewCancellation(x)
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": out})
}

func cancellationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "err.not_found")
	}
	return id, nil
}

func (s *Server) apiRecordCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Result     string `json:"result"`
		CallBackAt string `json:"call_back_at"`
		Note       string `json:"note"`
	}
	id, err := cancellationID(r)
	if err == nil {
		_, err = kit.DecodeJSON(w, r, &in)
	}
	var x cancellation.Cancellation
	if err == nil {
		x, err = s.App.RecordCall(r.Context(), u, id, in.Result, in.CallBackAt, in.Note)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewCancellation(x))
}

func (s *Server) apiConclude(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RecordedReason string `json:"recorded_reason"`
		Outcome        string `json:"outcome"`
		Offer          string `json:"offer"`
		OfferAccepted  string `json:"offer_accepted"`
	}
	id, err := cancellationID(r)
	if err == nil {
		_, err = kit.DecodeJSON(w, r, &in)
	}
	var x cancellation.Cancellation
	if err == nil {
		x, err = s.App.Conclude(r.Context(), id, in.RecordedReason, in.Outcome, in.Offer, in.OfferAccepted)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusOK, viewCancellation(x))
}

func (s *Server) apiComplaintBehind(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Category    string `json:"category"`
		Description string `json:"description"`
	}
	id, err := cancellationID(r)
	if err == nil {
		_, err = kit.DecodeJSON(w, r, &in)
	}
	var c complaint.Complaint
	if err == nil {
		c, err = s.App.ComplaintBehind(r.Context(), u, id, in.Category, in.Description)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/complaints/"+c.Reference)
	s.WriteJSON(w, r, http.StatusCreated, viewComplaint(c, s.Now()))
}

// The call list in the staff UI.

type callListPage struct {
	kit.Page
	Items    []cancellation.Cancellation
	Status   cancellation.Status
	Counts   map[string]int
	Offered  int
	Accepted int
}

func (p callListPage) Reason(key string) string { return p.T("reason." + key) }
func (p callListPage) SaveRate() int {
	if p.Offered == 0 {
		return 0
	}
	return p.Accepted * 100 / p.Offered
}

func (s *Server) callListPage(w http.ResponseWriter, r *http.Request) {
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

func (p cancellationPage) Reason(key string) string { return p.T("reason." + key) }

// ReasonOptions and OfferOptions list the profile's choices.
func (p cancellationPage) ReasonOptions() []kit.Option {
	out := []kit.Option{}
	for _, r := range cancellation.Reasons {
		out = append(out, kit.Option{Value: r, Label: p.T("reason." + r)})
	}
	return out
}

func (p cancellationPage) OfferOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: p.T("offer.none")}}
	for _, o := range cancellation.Offers {
		out = append(out, kit.Option{Value: o, Label: p.T("offer." + o)})
	}
	return out
}

func (p cancellationPage) AcceptedOptions() []kit.Option {
	return []kit.Option{
		{Value: "", Label: p.T("satisfied.unknown")},
		{Value: "yes", Label: p.T("satisfied.yes")},
		{Value: "no", Label: p.T("satisfied.no")},
	}
}

func (s *Server) cancellationPage(w http.ResponseWriter, r *http.Request) {
	s.renderCancellation(w, r, http.StatusOK, nil)
}

func (s *Server) renderCancellation(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := cancellationID(r)
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
func (s *Server) cancellationAction(
	notice string,
	act func(r *http.Request, u auth.User, id int64) (string, error),
) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r, kit.MaxFormBody) {
			return
		}
		u, _ := kit.UserOf(r)
		id, err := cancellationID(r)
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

func (s *Server) callFromForm(r *http.Request, u auth.User, id int64) (string, error) {
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

func (s *Server) concludeFromForm(r *http.Request, _ auth.User, id int64) (string, error) {
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

func (s *Server) complaintBehindFromForm(r *http.Request, u auth.User, id int64) (string, error) {
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

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
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
func (s *Server) importFromForm(w http.ResponseWriter, r *http.Request) {
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
		// Read in the charset it was saved in, so the preview's copy (sent
		// back on confirming) is the same text.
		text, err := sheet.Decode(data)
		if err != nil {
			page.WithError(fault.InvalidField("file", "err.csv.header"))
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
