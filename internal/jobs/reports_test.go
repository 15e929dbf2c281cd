package jobs

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/notify/pdftest"
	"github.com/klacht/klacht/internal/notify/smtptest"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// TestScheduledReports: on Monday morning the weekly overview goes to the
// coordinators and, after the 5th of a quarter, the evaluation to the
// three reviewers' roles, each as a PDF in the reader's language and once
// however often (or on however many servers) the job ticks; nothing goes
// before seven; in January the draft of last year's summary goes to those
// who publish it. The PDF arrives attached through a real SMTP server.
func TestScheduledReports(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := store.System(context.Background())
			p, _ := s.LoadProfile(ctx)
			storetest.MustUser(t, s, "coord@example.nl", auth.RoleCoordinator)
			manager := storetest.MustUser(t, s, "manager@example.nl", auth.RoleManager)
			s.SetUserLang(ctx, manager.ID, "en")
			storetest.MustUser(t, s, "leden@example.nl", auth.RoleMembershipAdmin)
			agent := storetest.MustUser(t, s, "agent@example.nl", auth.RoleAgent)
			storetest.MustComplaint(t, s, agent, storetest.Draft("Week"), time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))

			clk := &clock{t: time.Date(2026, 3, 9, 5, 30, 0, 0, time.UTC)} // Monday 06:30 in Amsterdam
			r := &Reports{
				Store:   s,
				Profile: func() procedure.Profile { return p },
				Now:     clk.Now,
				Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
				BaseURL: "https://klacht.example",
			}
			if n, err := r.Tick(ctx); n != 0 || err != nil {
				t.Fatalf("before seven: %d runs, %v", n, err)
			}
			clk.Set(time.Date(2026, 3, 9, 7, 0, 0, 0, time.UTC))
			r2 := *r
			n1, err1 := r.Tick(ctx)
			n2, err2 := r2.Tick(ctx)
			if err1 != nil || err2 != nil || n1+n2 != 2 {
				t.Fatalf("runs %d+%d (%v, %v); want the week and the quarter once", n1, n2, err1, err2)
			}

			srv := smtptest.Start(t)
			cfg := notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), From: "klacht@example.nl", Security: "none"}
			m := &Mailer{Store: s, Send: cfg.Send, Now: clk.Now, Log: r.Log, Domain: "klacht.example"}
			if n, err := m.Tick(ctx); err != nil || n != 4 {
				t.Fatalf("sent %d, %v; want the overview to the coordinator and the evaluation to three", n, err)
			}
			got := map[string]string{}
			for _, msg := range srv.Messages() {
				got[msg.To+" "+msg.Subject] = pdfText(t, msg)
			}
			for key, want := range map[string]string{
				"coord@example.nl Milieudefensie: weekoverzicht 2026-W10":         "Weekoverzicht 02-03-2026 – 08-03-2026",
				"coord@example.nl Milieudefensie: kwartaalevaluatie 2025-Q4":      "Kwartaalevaluatie 2025-Q4",
				"leden@example.nl Milieudefensie: kwartaalevaluatie 2025-Q4":      "Kwartaalevaluatie 2025-Q4",
				"manager@example.nl Milieudefensie: quarterly evaluation 2025-Q4": "Quarterly evaluation 2025-Q4",
			} {
				text, ok := got[key]
				if !ok {
					t.Errorf("no mail %q among %v", key, keys(got))
					continue
				}
				if text != "" && !strings.Contains(text, want) {
					t.Errorf("%s: the PDF lacks %q:\n%s", key, want, text)
				}
			}
			if text := got["coord@example.nl Milieudefensie: weekoverzicht 2026-W10"]; text != "" &&
				!strings.Contains(text, "Ontvangen deze week") {
				t.Errorf("weekly PDF:\n%s", text)
			}

			// January: the draft of last year's summary.
			clk.Set(time.Date(2027, 1, 4, 7, 0, 0, 0, time.UTC))
			if n, err := r.Tick(ctx); err != nil || n != 2 {
				t.Fatalf("4 January: %d runs, %v; want the week and the draft (the quarter waits for the 5th)", n, err)
			}
			before := len(srv.Messages())
			if _, err := m.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			drafts := 0
			for _, msg := range srv.Messages()[before:] {
				if strings.Contains(msg.Subject, "2026") &&
					(strings.Contains(msg.Subject, "jaaroverzicht") || strings.Contains(msg.Subject, "yearly summary")) {
					drafts++
				}
			}
			if drafts != 2 { // the coordinator and the manager publish; the membership administration does not
				t.Errorf("%d drafts sent", drafts)
			}
		})
	}
}

// pdfText finds the PDF attached to msg and reads it back ("" without pdftotext).
func pdfText(t *testing.T, msg smtptest.Message) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		t.Fatalf("%s: not multipart: %v", msg.Subject, err)
	}
	mr := multipart.NewReader(strings.NewReader(msg.Body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			t.Fatalf("%s: no PDF attached: %v", msg.Subject, err)
		}
		if !strings.HasPrefix(part.Header.Get("Content-Type"), "application/pdf") {
			continue
		}
		raw, _ := io.ReadAll(part)
		pdf, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Fatalf("%s: attachment is not a PDF: %v", msg.Subject, err)
		}
		if _, disp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition")); !strings.HasSuffix(
			disp["filename"],
			".pdf",
		) {
			t.Errorf("%s: attachment named %q", msg.Subject, disp["filename"])
		}
		text, _ := pdftest.Text(t, pdf)
		return text
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
