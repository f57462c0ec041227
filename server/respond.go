package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// errorBody is every error answer of the API: {"error": "..."}.
type errorBody struct {
	Error string `json:"error"`
}

// writeJSON answers with v as JSON. HTML is not escaped (< stays <): the
// answer is application/json with nosniff, never rendered as a page.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// errorStatus maps an error to its HTTP status and the message the client
// sees: the caller's mistakes are 4xx with the reason, the rest a logged 5xx
// with a generic message (internals stay in the log).
func errorStatus(err error) (int, string) {
	var re *index.RequestError
	switch {
	case errors.As(err, &re):
		return http.StatusBadRequest, re.Error()
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "no such article"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long; narrow the query"
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		return 499, "request cancelled"
	}
	return http.StatusInternalServerError, "internal error"
}

// writeError answers err as {"error": "..."}.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	if status >= 500 {
		s.Log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	}
	writeJSON(w, status, errorBody{msg})
}

// badRequest answers a parameter problem.
func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, param, msg string) {
	s.writeError(w, r, &index.RequestError{Param: param, Msg: msg})
}
