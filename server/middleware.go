package server

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a request before any handler sees it.
const (
	// maxQueryBytes bounds the raw query string (the query text itself is
	// bounded in characters by index.MaxQueryRunes).
	maxQueryBytes = 32 << 10
	// maxBodyBytes bounds a request body: every route is a GET, so a body
	// is never needed.
	maxBodyBytes = 64 << 10
)

// statusRecorder remembers the status and size of an answer for the log and
// the metrics, and still lets handlers flush (exports stream).
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe logs every request (structured) and records it in the metrics,
// labelled by the route pattern that answered (bounded cardinality).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			// A panic of http.ErrAbortHandler (an export cut short) passes
			// through here; it is still a request worth logging.
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			elapsed := time.Since(start)
			route := r.Pattern // set by the ServeMux on this same request
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, rec.status, elapsed)
			s.Log.InfoContext(r.Context(), "http",
				"method", r.Method, "route", route, "path", r.URL.Path, "query", r.URL.RawQuery,
				"status", rec.status, "bytes", rec.bytes, "ms", float64(elapsed.Microseconds())/1000,
				"remote", r.RemoteAddr, "ua", r.UserAgent())
		}()
		next.ServeHTTP(rec, r)
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
				s.Log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeJSON(w, http.StatusInternalServerError, errorBody{"internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// guard refuses what no honest client sends before routing: bodies, huge
// query strings, and paths with dot or empty segments, NULs or backslashes
// (the ServeMux would redirect such a path; refusing it outright leaves no
// doubt that nothing outside the embedded files is ever reached).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if len(r.URL.RawQuery) > maxQueryBytes {
			writeJSON(w, http.StatusRequestURITooLong, errorBody{fmt.Sprintf("query string is longer than %d bytes", maxQueryBytes)})
			return
		}
		if bad := badPath(r.URL.Path); bad != "" {
			writeJSON(w, http.StatusBadRequest, errorBody{"path: " + bad})
			return
		}
		if r.ContentLength > maxBodyBytes {
			writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{"request body too large"})
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// badPath says what is wrong with a (decoded) URL path, or "".
func badPath(p string) string {
	if !utf8.ValidString(p) {
		return "not valid UTF-8"
	}
	if strings.ContainsAny(p, "\x00\\") {
		return "contains a NUL byte or a backslash"
	}
	if strings.Contains(p, "//") {
		return "contains an empty segment"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "contains a dot segment"
		}
	}
	return ""
}
