package ui

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/klacht/klacht/internal/app"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/history"
	"github.com/klacht/klacht/internal/sheet"
	"github.com/klacht/klacht/internal/web/kit"
)

// The old register comes in: a file is checked first (a dry
// run with a report by row), then imported when the preview is confirmed:
// all rows, or the good ones when asked.

type historyPage struct {
	kit.Page
	Report *history.Report
	CSV    string // the file as CSV text, sent back on confirming
	Done   bool
}

// Fields names the columns a mapping may name, for the mapping's hint.
func (historyPage) Fields() string { return strings.Join(history.Fields, ", ") }

func (s *Handler) historyPage(w http.ResponseWriter, r *http.Request) {
	page := historyPage{Page: s.Page(r, "history.title")}
	page.Form.Values = url.Values{"source": {"register"}}
	s.Render(w, r, http.StatusOK, "history", page)
}

func (s *Handler) historyFromForm(w http.ResponseWriter, r *http.Request) {
	page := historyPage{Page: s.Page(r, "history.title")}
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
	refuse := func(err error) {
		page.WithError(err)
		s.Render(w, r, kit.StatusOf[fault.CodeOf(err)], "history", page)
	}
	in := app.HistoryImport{Source: r.FormValue("source"), GoodRows: r.FormValue("good_rows") == "true",
		DryRun: r.FormValue("confirm") != "true", Lang: page.Lang}
	if m := strings.TrimSpace(r.FormValue("mapping")); m != "" {
		mapping, err := history.ParseMapping(m)
		if err != nil {
			refuse(fault.InvalidField("mapping", "err.import.mapping", page.Fields()))
			return
		}
		in.Mapping = mapping
	}
	text := r.FormValue("csv")
	if f, _, err := r.FormFile("file"); err == nil {
		data, _ := io.ReadAll(io.LimitReader(f, kit.MaxCSVBody))
		f.Close()
		if text, err = sheet.Text(data); err != nil {
			if _, ok := fault.As(err); !ok {
				err = fault.InvalidField("file", "err.csv.header")
			}
			refuse(err)
			return
		}
	}
	if strings.TrimSpace(text) == "" {
		refuse(fault.InvalidField("file", "err.required"))
		return
	}
	u, _ := kit.UserOf(r)
	rep, err := s.App.ImportHistory(r.Context(), u, []byte(text), in)
	page.Report, page.CSV, page.Done = &rep, text, err == nil && !in.DryRun
	if err != nil && rep.Rows == 0 {
		refuse(err)
		return
	}
	status := http.StatusOK
	if err != nil {
		page.WithError(err)
		status = http.StatusUnprocessableEntity
	}
	s.Render(w, r, status, "history", page)
}
