package api

import (
	_ "embed"
	"net/http"
)

// openapiDoc is the API's OpenAPI 3.1 document. TestOpenAPIComplete keeps
// it in step with the route table.
//
//go:embed openapi.json
var openapiDoc []byte

func (s *Handler) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openapiDoc)
}
