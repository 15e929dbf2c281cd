package kit

import (
	"net/http"
	"strconv"

	"github.com/klacht/klacht/internal/fault"
)

func CancellationID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "err.not_found")
	}
	return id, nil
}
