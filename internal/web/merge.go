package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/report"
)

// Duplicates and merging: the register suggests complaints that may be
// the same (same member or e-mail address, or similar text, close in
// time); merging makes the others part of one (see store.Merge).

// duplicates are the likely duplicates of c in the user's sight.
func (s *Server) duplicates(ctx context.Context, c complaint.Complaint) ([]report.Duplicate, error) {
	if c.MergedInto != "" {
		return nil, nil
	}
	cands, err := s.store.DuplicateCandidates(ctx, c)
	if err != nil {
		return nil, err
	}
	return report.Duplicates(c, cands), nil
}

func (s *Server) apiDuplicates(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Complaint(r.Context(), r.PathValue("reference"))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	d, err := s.duplicates(r.Context(), c)
	writeItems(s, w, r, d, err)
}

func (s *Server) apiMerge(w http.ResponseWriter, r *http.Request) {
	u, _ := userOf(r)
	var in struct {
		References []string `json:"references"`
	}
	if _, err := decodeJSON(w, r, &in); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	c, err := s.store.Merge(r.Context(), r.PathValue("reference"), in.References, u.ID, s.now())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, viewComplaint(c, s.now()))
}

// mergeFromForm merges the references typed or chosen on the page (one
// field, separated by commas or spaces) into the page's complaint.
func (s *Server) mergeFromForm(r *http.Request, u auth.User, ref string) error {
	refs := strings.FieldsFunc(r.PostForm.Get("references"), func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t' })
	_, err := s.store.Merge(r.Context(), ref, refs, u.ID, s.now())
	return err
}
