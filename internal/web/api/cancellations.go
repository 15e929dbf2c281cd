package api

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/klacht/klacht/internal/cancellation"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiCreateCancellation(w http.ResponseWriter, r *http.Request) {
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
	x, err := x.Normalize(s.Profile(), s.Now())
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

func (s *Handler) apiImportCancellations(w http.ResponseWriter, r *http.Request) {
	if !kit.Spreadsheet(r) {
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

func (s *Handler) apiListCancellations(w http.ResponseWriter, r *http.Request) {
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
	out := make([]CancellationView, len(list))
	for i, x := range list {
		out[i] = viewCancellation(x)
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": out})
}

func (s *Handler) apiRecordCall(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Result     string `json:"result"`
		CallBackAt string `json:"call_back_at"`
		Note       string `json:"note"`
	}
	id, err := kit.CancellationID(r)
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

func (s *Handler) apiConclude(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RecordedReason string `json:"recorded_reason"`
		Outcome        string `json:"outcome"`
		Offer          string `json:"offer"`
		OfferAccepted  string `json:"offer_accepted"`
	}
	id, err := kit.CancellationID(r)
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

func (s *Handler) apiComplaintBehind(w http.ResponseWriter, r *http.Request) {
	u, _ := kit.UserOf(r)
	var in struct {
		Category    string `json:"category"`
		Description string `json:"description"`
	}
	id, err := kit.CancellationID(r)
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

func viewCancellation(x cancellation.Cancellation) CancellationView {
	return CancellationView{
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

type CancellationView struct {
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
