package api

import (
	"net/http"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/web/kit"
)

func (s *Handler) apiListUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.Store.ListUsers(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	views := make([]UserView, len(users))
	for i, u := range users {
		views[i] = viewUser(u)
	}
	s.WriteJSON(w, r, http.StatusOK, map[string]any{"items": views})
}

func (s *Handler) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	var in app.UserInput
	if _, err := kit.DecodeJSON(w, r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	u, link, err := s.App.AddUser(r.Context(), in)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.WriteJSON(w, r, http.StatusCreated, map[string]any{"user": viewUser(u), "password_link": link})
}

func viewUser(u auth.User) UserView {
	return UserView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Department: u.Department,
		Lang: u.Lang, Active: u.Active, PasswordSet: u.PasswordHash != ""}
}

type UserView struct {
	ID          int64     `json:"id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	Role        auth.Role `json:"role"`
	Department  string    `json:"department"`
	Lang        string    `json:"lang"`
	Active      bool      `json:"active"`
	PasswordSet bool      `json:"password_set"`
}
