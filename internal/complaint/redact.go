package complaint

import "strings"

// Need to know (AVG art. 5(1)(c)): which parts of a timeline entry carry
// the complainant's contact details, so roles without contact rights see
// the entry without them. Every event kind is listed; a kind missing here
// shows such a role nothing of its data (fail closed), and a test keeps
// the list complete.
var contactData = map[EventKind][]string{
	EventRegistered: nil, EventUpdated: nil, EventStatusChanged: nil, EventNote: nil, EventAssigned: nil,
	EventForwarded: nil, EventReminder: nil, EventEscalated: nil, EventDelayNotice: nil,
	// Delivery reports name the address, and a server's error repeats it.
	EventMailSent: {"to"}, EventMailRetrying: {"to", "error"}, EventMailFailed: {"to", "error"},
	EventLetterPrinted: nil, EventComplainantAdded: nil, EventAppealRequested: nil,
	EventEmailReceived: {"from"}, EventEmailSent: {"to"},
	EventAppealFiled: nil, EventAppealReminder: nil, EventAppealOverdue: nil, EventAppealDecided: nil,
	EventDoNotCall: nil, EventDoNotCallLifted: nil, EventTermPaused: nil, EventTermResumed: nil, EventRated: nil,
	EventMerged: nil, EventMergedInto: nil, EventExpertAsked: nil, EventExpertReminded: nil, EventExpertAnswered: nil,
	EventImported: nil, EventDecision: nil, EventMeasureSet: nil, EventMeasureDone: nil, EventMeasureReminder: nil,
	EventMeasureOverdue: nil, EventSubjectSet: nil, EventSubjectCopy: nil, EventSubjectAnswered: nil, EventHearing: nil,
	EventApprovalAsked: nil, EventApproved: nil, EventSentBack: nil, EventRepresentative: nil,
	EventPartAdded: nil, EventPartHandled: nil, EventPartReminder: nil, EventPartOverdue: nil,
}

// contactFields are the complainant's fields that are contact details.
var contactFields = []string{"address", "postcode", "city", "email", "phone"}

// Hidden is what a redacted value shows.
const Hidden = "—"

// RedactContact blanks what e says of the complainant's contact details.
func RedactContact(e *Event) {
	keys, known := contactData[e.Kind]
	if !known {
		e.Data = map[string]any{}
		return
	}
	for _, k := range keys {
		if _, ok := e.Data[k]; ok {
			e.Data[k] = Hidden
		}
	}
	if changes, ok := e.Data["changes"].(map[string]any); ok {
		for k := range changes {
			for _, f := range contactFields {
				if strings.HasSuffix(k, f) {
					changes[k] = Hidden
				}
			}
		}
	}
}
