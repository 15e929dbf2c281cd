package complaint

import "time"

// EventKind names what happened to a complaint. The timeline is append-only
// (P4.6): every change is an event with actor and time.
type EventKind string

const (
	EventRegistered       EventKind = "registered"
	EventUpdated          EventKind = "updated"
	EventStatusChanged    EventKind = "status_changed"
	EventNote             EventKind = "note"
	EventAssigned         EventKind = "assigned"           // handed over to a team or person (P5.3)
	EventForwarded        EventKind = "forwarded"          // sent to the service-desk coordinator (P3.2)
	EventReminder         EventKind = "reminder"           // the term watch reminded the handler (P5.4)
	EventEscalated        EventKind = "escalated"          // the term passed; the coordinator is alerted (P5.4)
	EventDelayNotice      EventKind = "delay_notice"       // the complainant is told of a delay (P5.5)
	EventMailSent         EventKind = "mail_sent"          // an e-mail to the complainant was delivered
	EventMailRetrying     EventKind = "mail_retrying"      // delivery failed for now; the outbox retries
	EventMailFailed       EventKind = "mail_failed"        // delivery gave up; someone must act
	EventLetterPrinted    EventKind = "letter_printed"     // a letter went into a print run
	EventComplainantAdded EventKind = "complainant_added"  // the complainant added information on the status page
	EventAppealRequested  EventKind = "appeal_requested"   // the complainant asked to appeal to the board (P8.1)
	EventEmailReceived    EventKind = "email_received"     // an e-mail about the complaint arrived
	EventEmailSent        EventKind = "email_sent"         // staff replied by e-mail
	EventAppealFiled      EventKind = "appeal_filed"       // an appeal to the board is open (P8.1)
	EventAppealReminder   EventKind = "appeal_reminder"    // the board's term ends soon
	EventAppealOverdue    EventKind = "appeal_overdue"     // the board's term has passed (P8.2)
	EventAppealDecided    EventKind = "appeal_decided"     // the board decided
	EventDoNotCall        EventKind = "do_not_call"        // the member is put on the do-not-call list
	EventDoNotCallLifted  EventKind = "do_not_call_lifted" // the member is taken off it
	EventTermPaused       EventKind = "term_paused"        // waiting for the complainant: the term stands still
	EventTermResumed      EventKind = "term_resumed"       // the term runs again, its end moved by the pause
	EventRated            EventKind = "rated"              // the complainant rated how the complaint was handled
	EventMerged           EventKind = "merged"             // duplicates were merged into this complaint
	EventMergedInto       EventKind = "merged_into"        // this complaint was merged into another and closed
	EventExpertAsked      EventKind = "expert_asked"       // someone outside the staff was asked for input (P5.3)
	EventExpertReminded   EventKind = "expert_reminded"    // their deadline nears: they were reminded
	EventExpertAnswered   EventKind = "expert_answered"    // their answer came in through the link
	EventImported         EventKind = "imported"           // brought in from the old register (its source and id)
	EventDecision         EventKind = "decision"           // the outcome, remedy, labels or lesson were recorded
	EventMeasureSet       EventKind = "measure_set"        // the decision set a measure: what, who, by when
	EventMeasureDone      EventKind = "measure_done"       // the measure was carried out
	EventMeasureReminder  EventKind = "measure_reminder"   // its term ends soon: the owner was reminded
	EventMeasureOverdue   EventKind = "measure_overdue"    // its term passed undone
	EventSubjectSet       EventKind = "subject_set"        // who or what the complaint is about was recorded
	EventSubjectCopy      EventKind = "subject_copy"       // the person complained about got a copy (Awb 9:9)
	EventSubjectAnswered  EventKind = "subject_answered"   // the person complained about gave their side
	EventHearing          EventKind = "hearing"            // both sides were heard; the report (Awb 9:10)
	EventApprovalAsked    EventKind = "approval_asked"     // the written outcome waits for a second person
	EventApproved         EventKind = "approved"           // the second person approved it; it went out
	EventSentBack         EventKind = "sent_back"          // the second person sent it back with a note
	EventRepresentative   EventKind = "representative"     // who acts for the complainant was recorded
	EventPartAdded        EventKind = "part_added"         // a part was referred to a department (article 5)
	EventPartHandled      EventKind = "part_handled"       // a department finished its part
	EventPartReminder     EventKind = "part_reminder"      // a part's term ends soon: its handler was reminded
	EventPartOverdue      EventKind = "part_overdue"       // a part's term passed unhandled
)

// Event is one entry on a complaint's timeline.
type Event struct {
	ID          int64          `json:"id"`
	ComplaintID int64          `json:"-"`
	At          time.Time      `json:"at"`
	ActorID     int64          `json:"actor_id,omitempty"`
	ActorName   string         `json:"actor_name,omitempty"`
	Kind        EventKind      `json:"kind"`
	Data        map[string]any `json:"data,omitempty"`
	// From is the reference of the merged duplicate the event came from,
	// on the timeline of the complaint it was merged into.
	From string `json:"from,omitempty"`
	// Notify lists the staff who should hear of this event in their
	// notifications; storage writes them with the event, in one go.
	Notify []int64 `json:"-"`
	// Send lists the messages to the complainant this event produces;
	// storage puts them in the outbox with the event.
	Send []Outgoing `json:"-"`
	// Attach lists files that came with this event, stored with it.
	Attach []Attachment `json:"-"`
	// Mail is the e-mail behind this event; storage records it so the same
	// message never makes a second event, and logs its intake.
	Mail *IncomingMail `json:"-"`
}

// IncomingMail identifies an e-mail taken in from the mailbox (P3.3).
type IncomingMail struct {
	// SHA256 is the digest of the raw message: its identity. Two mails are
	// the same mail only when they are the same bytes.
	SHA256 string
	// MessageID is the sender's Message-ID: a hint for threading, shared
	// by different mails often enough never to be trusted as an identity.
	MessageID string
	// Mailbox says where it was read: folder, UIDVALIDITY and UID.
	Mailbox string
	// ReceivedAt is when klacht's mailbox got it (IMAP INTERNALDATE, else
	// the moment of intake); SentAt is the sender's Date: header, which
	// anyone can write and is only shown.
	ReceivedAt, SentAt time.Time
}
