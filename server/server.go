// Package server is newsdex over HTTP: the JSON API, the web page, feeds and
// exports. It only reads: the index it is given is kept current by the
// caller (see index.Index.CatchUp), and searches keep answering meanwhile.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/store"
)

// Server answers HTTP requests over one index. Make it with New; a Server
// built as a struct literal sets itself up on the first NewMux.
type Server struct {
	Index    *index.Index
	Store    *store.Store
	Entities *entities.Extractor
	Log      *slog.Logger
	// Started is when the server started (for /healthz and feed ETags).
	Started time.Time
	// Timeout bounds the work of one non-streaming request (default 30s);
	// exports are bounded by their size and the HTTP server's WriteTimeout.
	Timeout time.Duration

	setup   sync.Once
	pages   *pages
	metrics *metrics
	assets  *assets
}

// New makes a Server: templates are parsed and metrics registered once here.
func New(ix *index.Index, st *store.Store, ents *entities.Extractor, log *slog.Logger) (*Server, error) {
	s := &Server{Index: ix, Store: st, Entities: ents, Log: log, Started: time.Now()}
	if err := s.init(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) init() (err error) {
	s.setup.Do(func() {
		if s.Log == nil {
			s.Log = slog.Default()
		}
		if s.Started.IsZero() {
			s.Started = time.Now()
		}
		if s.Timeout <= 0 {
			s.Timeout = 30 * time.Second
		}
		if s.assets, err = loadAssets(); err != nil {
			return
		}
		if s.pages, err = parsePages(s.assets); err != nil {
			return
		}
		s.metrics = newMetrics(s)
	})
	if err == nil && s.pages == nil {
		err = fmt.Errorf("server: setup failed earlier")
	}
	return err
}

// route is one pattern of the mux. The OpenAPI test walks the same list, so
// a route added here without documentation fails it.
type route struct {
	pattern string
	handler http.Handler
}

func (s *Server) routes() []route {
	h := func(f http.HandlerFunc) http.Handler { return f }
	return []route{
		// JSON API (documented in openapi.json).
		{"GET /api/search", h(s.handleSearch)},
		{"GET /api/articles/{id}", h(s.handleArticle)},
		{"GET /api/entities", h(s.handleEntities)},
		{"GET /api/openapi.json", h(s.handleOpenAPI)},
		{"GET /feed.atom", h(s.handleFeed)},
		{"GET /healthz", h(s.handleHealth)},
		{"GET /metrics", s.metrics.handler()},
		// Web UI.
		{"GET /{$}", h(s.handleSearchPage)},
		{"GET /article/{id}", h(s.handleArticlePage)},
		{"GET /entity/{type}/{name}", h(s.handleEntityPage)},
		{"GET /static/", s.assets.handler()},
		{"/", h(s.handleNotFound)},
	}
}

// NewMux returns the routes of the server wrapped in logging, metrics, panic
// recovery and request limits.
func (s *Server) NewMux() http.Handler {
	if err := s.init(); err != nil {
		panic(err) // embedded templates that do not parse: a build bug
	}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, rt.handler)
	}
	return s.observe(s.recoverer(s.guard(mux)))
}

// withTimeout bounds a request's work by s.Timeout and its client.
func (s *Server) withTimeout(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.Timeout)
}
