// Package server is newsdex over HTTP: the JSON API, the web page, feeds and
// exports. It only reads: the index it is given is kept current by the
// caller (see index.Index.CatchUp).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/store"
)

// Server answers HTTP requests over one index.
type Server struct {
	Index    *index.Index
	Store    *store.Store
	Entities *entities.Extractor
	Log      *slog.Logger
	// Started is when the server started (for /healthz).
	Started time.Time
}

// NewMux returns the routes of the server.
func (s *Server) NewMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.handleSearch)
	mux.HandleFunc("GET /api/articles/{id}", s.handleArticle)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /{$}", s.handleHome)
	return s.recoverer(s.accessLog(mux))
}

// errorBody is every error answer: {"error": "..."}.
type errorBody struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError answers a request error with 400 and anything else with 500
// (logged): bad input never gets a 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var re *index.RequestError
	switch {
	case errors.As(err, &re):
		writeJSON(w, http.StatusBadRequest, errorBody{re.Error()})
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, errorBody{"no such article"})
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		writeJSON(w, http.StatusServiceUnavailable, errorBody{"request cancelled or timed out"})
	default:
		s.Log.Error("request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
	}
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	req, err := ParseSearch(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.Index.Search(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.Article)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	docs, err := s.Index.DocCount()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rev, _ := s.Index.Rev()
	storeRev, _ := s.Store.Rev(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "articles": docs, "index_rev": rev, "store_rev": storeRev,
		"uptime_s": int(time.Since(s.Started).Seconds()),
	})
}

// statusRecorder remembers the status and size of an answer for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.Log.Info("http", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"status", rec.status, "bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000)
	})
}

// recoverer turns a panic into a logged 500 instead of a dead connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
