// Package public serves the pages complainants and outside experts open
// without an account: the complaint form, the status page behind its
// signed link, the expert's page and the published yearly summary.
package public

import (
	"context"
	"fmt"
	"time"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/web/kit"
)

// Handler serves the public pages.
type Handler struct {
	*kit.Core
	formByAddr *auth.Limiter
	formSecret string
	statusTTL  time.Duration
}

// New returns the public pages' handlers over core; a complainant's
// status link works for statusTTL after the complaint is closed.
func New(core *kit.Core, statusTTL time.Duration) (*Handler, error) {
	h := &Handler{Core: core, statusTTL: statusTTL}
	// Five complaints per address in ten minutes is more than any person
	// sends; a household behind one address still gets through.
	h.formByAddr = auth.NewLimiter(5, 10*time.Minute, core.Now)
	var err error
	if h.formSecret, err = core.Store.Secret(context.Background(), "form"); err != nil {
		return nil, fmt.Errorf("public: %w", err)
	}
	return h, nil
}
