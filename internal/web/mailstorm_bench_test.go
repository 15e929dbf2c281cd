package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/intake/imaptest"
	"github.com/klacht/klacht/internal/seed"
	"github.com/klacht/klacht/internal/store"
	"github.com/klacht/klacht/internal/store/storetest"
)

// stormMails is the campaign storm: 10,000 mails waiting in the mailbox.
const stormMails = 10_000

// BenchmarkMailStorm takes a mailbox of 10,000 waiting mails (a campaign
// storm, each its own complaint) from a real Dovecot IMAP server into a
// register of 20,000 complaints (KLACHT_BENCH_REGISTER), and times the
// staff's list page before and while it runs: mails/s, and the list's
// median while taking in ÷ before.
//
//	go test ./internal/web -run '^$' -bench MailStorm -benchtime 1x
func BenchmarkMailStorm(b *testing.B) {
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				e := newEnv(b, open)
				register := storetest.BenchRegister(b)
				// A register in use: the list before and while are alike.
				ctx := store.System(context.Background())
				if _, err := seed.Run(ctx, e.store, e.srv.App.Profile(), seed.Options{Complaints: register, End: t0}); err != nil {
					b.Fatal(err)
				}
				box := imaptest.StartDovecot(b)
				mails := make([][]byte, stormMails)
				for i := range mails {
					mails[i] = []byte(fmt.Sprintf("From: Lid %d <lid%d@example.nl>\r\nTo: klachten@example.nl\r\n"+
						"Subject: Stop de campagne\r\nMessage-ID: <storm-%d@example.nl>\r\n"+
						"Content-Type: text/plain; charset=utf-8\r\n\r\n"+
						"Ik ben het niet eens met de campagne van deze week (lid %d). Graag een reactie.\r\n", i, i, i, i))
				}
				box.AppendAll(mails)
				list := func() time.Duration {
					t0 := time.Now()
					if r := e.api(http.MethodGet, "/api/v1/complaints?limit=50", auth.RoleCoordinator, nil); r.Status != 200 {
						b.Errorf("list answered %d", r.Status) // from the sampling goroutine too: no Fatal
					}
					return time.Since(t0)
				}
				p := newPoller(box, e.srv.App.TakeMail)
				var elapsed time.Duration
				var pollErr error
				slowdown := storetest.Slowdown(list, 50*time.Millisecond, func() {
					b.StartTimer()
					defer b.StopTimer()
					start := time.Now()
					for taken := 0; taken < stormMails; {
						n, err := p.Tick(ctx)
						if err == nil && n == 0 {
							err = fmt.Errorf("%d of %d mails taken in, then none", taken, stormMails)
						}
						if err != nil {
							pollErr = err
							return
						}
						taken += n
					}
					elapsed = time.Since(start)
				})
				if pollErr != nil {
					b.Fatal(pollErr)
				}
				if got := e.count(); got != stormMails+register {
					b.Fatalf("%d complaints from %d mails and %d before", got, stormMails, register)
				}
				b.ReportMetric(float64(stormMails)/elapsed.Seconds(), "mails/s")
				b.ReportMetric(slowdown, "list-slowdown")
			}
		})
	}
}
