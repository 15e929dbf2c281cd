package api

import (
	"time"

	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/web/kit"
)

// The API's JSON shapes. Keys are stable English identifiers.

type personView struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type ComplaintView struct {
	Reference   string                `json:"reference"`
	Status      complaint.Status      `json:"status"`
	Channel     string                `json:"channel"`
	Category    string                `json:"category"`
	Department  string                `json:"department"`
	Team        string                `json:"team"`
	Campaign    string                `json:"campaign"`
	Agency      string                `json:"agency"`
	Concerns    string                `json:"concerns"`
	Language    string                `json:"language"`
	Description string                `json:"description"`
	Complainant complaint.Complainant `json:"complainant"`
	AnswerBy    string                `json:"answer_by"` // how the complainant asked to be answered; "" when not asked
	ReceivedAt  time.Time             `json:"received_at"`
	DueAt       time.Time             `json:"due_at"`
	Overdue     bool                  `json:"overdue"`
	Breach      bool                  `json:"breach"`
	ExpectedAt  *time.Time            `json:"expected_at"`
	NoticeAt    *time.Time            `json:"delay_notice_at"`
	PausedAt    *time.Time            `json:"paused_at"`             // the term stands still since then
	PausedHours float64               `json:"paused_hours"`          // earlier pauses, added up
	MergedInto  string                `json:"merged_into,omitempty"` // the complaint this one is part of now
	TakenBy     *personView           `json:"taken_by"`
	Assignee    *personView           `json:"assignee"`
	HandledAt   *time.Time            `json:"handled_at"`
	ClosedAt    *time.Time            `json:"closed_at"`
	CreatedAt   time.Time             `json:"created_at"`
	UpdatedAt   time.Time             `json:"updated_at"`
	Missing     []string              `json:"missing"`
	// ContactHidden says the reader may not see contact details: the
	// empty fields then say nothing of what is on file.
	ContactHidden bool               `json:"contact_hidden,omitempty"`
	Next          []complaint.Status `json:"next_statuses"`
	// Representative acts for the complainant; only with a
	// single complaint.
	Representative *complaint.Representative `json:"representative,omitempty"`
}

func person(id int64, name string) *personView {
	if id == 0 {
		return nil
	}
	return &personView{ID: id, Name: name}
}

func viewComplaint(c complaint.Complaint, now time.Time) ComplaintView {
	missing := c.MissingFields()
	if missing == nil {
		missing = []string{}
	}
	next := c.Status.Next()
	if next == nil {
		next = []complaint.Status{}
	}
	return ComplaintView{
		Reference: c.Reference, Status: c.Status, Channel: c.Channel, Category: c.Category,
		Department: c.Department, Team: c.Team, Campaign: c.Campaign, Agency: c.Agency, Concerns: string(c.Concerns), Language: c.Language,
		Description: c.Description, Complainant: c.Complainant, AnswerBy: c.AnswerBy,
		ReceivedAt: c.ReceivedAt, DueAt: c.DueAt, Overdue: c.Overdue(now), Breach: c.Breach(now),
		ExpectedAt: kit.TimePtr(c.ExpectedAt), NoticeAt: kit.TimePtr(c.DelayNoticeAt),
		PausedAt: kit.TimePtr(c.PausedAt), PausedHours: c.PausedFor.Hours(), MergedInto: c.MergedInto,
		TakenBy: person(c.TakenByID, c.TakenByName), Assignee: person(c.AssigneeID, c.AssigneeName),
		HandledAt: kit.TimePtr(c.HandledAt), ClosedAt: kit.TimePtr(c.ClosedAt),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Missing: missing, Next: next, ContactHidden: c.Hidden != nil,
		Representative: c.Representative,
	}
}

// hitView is a complaint found by a search, with the passage that matched
// (HTML: escaped text, matches in <mark>).
type hitView struct {
	ComplaintView
	Snippet string `json:"snippet,omitempty"`
}
