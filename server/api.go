package server

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdex/newsdex/index"
)

// maxIDBytes bounds an article id in a path.
const maxIDBytes = 256

// handleSearch answers /api/search: a page of hits with facets as JSON, or
// with format=csv|jsonl every match as a download.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := ParseSearch(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch format := q.Get("format"); format {
	case "", "json":
	case "csv", "jsonl":
		s.export(w, r, req, format)
		return
	default:
		s.badRequest(w, r, "format", "must be json, csv or jsonl")
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	res, err := s.Index.Search(ctx, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// handleArticle answers /api/articles/{id}: the stored article as JSON.
func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	a, err := s.Store.Get(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiArticle(a.Article))
}

func checkID(id string) error {
	switch {
	case id == "":
		return &index.RequestError{Param: "id", Msg: "is empty"}
	case len(id) > maxIDBytes:
		return &index.RequestError{Param: "id", Msg: "is too long"}
	case !utf8.ValidString(id):
		return &index.RequestError{Param: "id", Msg: "is not valid UTF-8"}
	}
	return checkText("id", []string{id})
}

// health is what /healthz answers.
type health struct {
	Status     string  `json:"status"`
	Articles   uint64  `json:"articles"`
	IndexRev   int64   `json:"index_rev"`
	StoreRev   int64   `json:"store_rev"`
	LastIngest string  `json:"last_ingest,omitempty"`
	UptimeS    float64 `json:"uptime_s"`
}

// handleHealth answers 200 when the index and the store answer; index_rev
// behind store_rev means articles are waiting to be indexed.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	docs, err := s.Index.DocCount()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rev, err := s.Index.Rev()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	storeRev, err := s.Store.Rev(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := health{Status: "ok", Articles: docs, IndexRev: rev, StoreRev: storeRev,
		UptimeS: time.Since(s.Started).Round(time.Millisecond).Seconds()}
	if t := s.Index.LastIngest(); !t.IsZero() {
		h.LastIngest = t.UTC().Format(time.RFC3339)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, h)
}

// handleNotFound answers every path no route matched: JSON under /api/, a
// page elsewhere.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{"only GET and HEAD are served"})
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusNotFound, errorBody{"no such endpoint; see /api/openapi.json"})
		return
	}
	s.renderError(w, r, http.StatusNotFound, s.uiFor(r).T("notFound"))
}
