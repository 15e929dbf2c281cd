package web

import (
	"net/http"

	"github.com/klacht/klacht/internal/audit"
	"github.com/klacht/klacht/internal/complaint"
)

// readComplaint loads the complaint a request names and records the read
// in the audit log: a complaint is personal data, and who saw it is part
// of what the organisation must be able to show (AVG art. 5(2)). When the
// read cannot be recorded, it is refused.
func (s *Server) readComplaint(r *http.Request, what string) (complaint.Complaint, error) {
	c, err := s.store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		return c, err
	}
	if err := s.store.Audit(r.Context(), audit.Entry{At: s.now(), Action: "complaint.read", Object: c.Reference, Detail: what}); err != nil {
		return c, err
	}
	return c, nil
}
