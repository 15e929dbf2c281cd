package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/web/kit"
)

// User administration, for the admin role (auth.UserManage). A new user
// gets a one-time link to set their own password: nobody else ever knows it.

// userByPath reads the {id} of the path; rubbish is "not found".
func (s *Handler) userByPath(r *http.Request) (auth.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return auth.User{}, fault.New(fault.NotFound, "err.user.not_found")
	}
	return s.Store.UserByID(r.Context(), id)
}

type usersPage struct {
	kit.Page
	Users []auth.User
}

func (s *Handler) usersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, url.Values{"lang": {"nl"}, "role": {string(auth.RoleAgent)}}, nil)
}

func (s *Handler) renderUsers(w http.ResponseWriter, r *http.Request, status int, values url.Values, formErr error) {
	users, err := s.Store.ListUsers(r.Context())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	page := usersPage{Page: s.Page(r, "users.title"), Users: users}
	page.Form.Values = values
	if formErr != nil && !page.WithError(formErr) {
		s.ErrorPage(w, r, formErr)
		return
	}
	s.Render(w, r, status, "users", page)
}

func formUser(f url.Values) app.UserInput {
	active := f.Get("active") == "true"
	return app.UserInput{Email: f.Get("email"), Name: f.Get("name"), Role: f.Get("role"),
		Department: f.Get("department"), Lang: f.Get("lang"), Active: &active}
}

func (s *Handler) createUserFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	in := formUser(r.PostForm)
	in.Active = nil // a new user is active
	u, link, err := s.App.AddUser(r.Context(), in)
	if err != nil {
		s.renderUsers(w, r, kit.StatusOf[fault.CodeOf(err)], r.PostForm, err)
		return
	}
	s.renderUser(w, r, http.StatusCreated, u, link, nil)
}

type userPage struct {
	kit.Page
	Edited auth.User
	Link   string
}

func (s *Handler) renderUser(
	w http.ResponseWriter,
	r *http.Request,
	status int,
	u auth.User,
	link string,
	formErr error,
) {
	page := userPage{Page: s.Page(r, "users.edit"), Edited: u, Link: link}
	page.Title = u.Name
	page.Form.Values = url.Values{
		"name":       {u.Name},
		"role":       {string(u.Role)},
		"department": {u.Department},
		"lang":       {u.Lang},
	}
	if u.Active {
		page.Form.Values.Set("active", "true")
	}
	if formErr != nil {
		page.Form.Values = r.PostForm
		if !page.WithError(formErr) {
			s.ErrorPage(w, r, formErr)
			return
		}
	}
	s.Render(w, r, status, "user", page)
}

func (s *Handler) userPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.userByPath(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.renderUser(w, r, http.StatusOK, u, "", nil)
}

func (s *Handler) updateUserFromForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r, kit.MaxAuthForm) {
		return
	}
	cur, err := s.userByPath(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	_, err = s.App.UpdateUser(r.Context(), cur.ID, formUser(r.PostForm))
	if err != nil {
		s.renderUser(w, r, kit.StatusOf[fault.CodeOf(err)], cur, "", err)
		return
	}
	http.Redirect(w, r, "/admin/users?notice=updated", http.StatusSeeOther)
}

// newPasswordLink issues a fresh set-password link, for a user who forgot
// theirs or never used the first.
func (s *Handler) newPasswordLink(w http.ResponseWriter, r *http.Request) {
	u, err := s.userByPath(r)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	link, err := s.App.PasswordLink(r.Context(), u.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.renderUser(w, r, http.StatusOK, u, link, nil)
}
