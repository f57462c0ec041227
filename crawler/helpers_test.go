package crawler

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/sites"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// request is one request a fixture server saw.
type request struct {
	Path, Query string
	IfNoneMatch string
	IfModSince  string
	UserAgent   string
	Cookie      string
	Status      int
}

// recorder wraps a fixture site's handler: it logs every request and the
// most requests it ever had in flight at once.
type recorder struct {
	h        http.Handler
	mu       sync.Mutex
	reqs     []request
	inFlight atomic.Int32
	maxIn    atomic.Int32
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := rec.inFlight.Add(1)
	defer rec.inFlight.Add(-1)
	for {
		m := rec.maxIn.Load()
		if n <= m || rec.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	sw := &statusWriter{ResponseWriter: w, status: 200}
	rec.h.ServeHTTP(sw, r)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, request{Path: r.URL.Path, Query: r.URL.RawQuery, IfNoneMatch: r.Header.Get("If-None-Match"),
		IfModSince: r.Header.Get("If-Modified-Since"), UserAgent: r.Header.Get("User-Agent"), Cookie: r.Header.Get("Cookie"), Status: sw.status})
	rec.mu.Unlock()
}

// take returns the requests seen since the last call.
func (rec *recorder) take() []request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.reqs
	rec.reqs = nil
	return out
}

func serve(t *testing.T, h http.Handler) (*httptest.Server, *recorder) {
	rec := &recorder{h: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// storeIngest stores articles without analysis: the crawler's tests need
// the real store, not the segmenter.
func storeIngest(st *store.Store) func(context.Context, []newsdex.Article) (index.Counts, error) {
	return func(ctx context.Context, arts []newsdex.Article) (index.Counts, error) {
		var c index.Counts
		outcomes, err := st.Upsert(ctx, arts)
		for _, o := range outcomes {
			switch o {
			case store.Inserted:
				c.New++
			case store.Updated:
				c.Updated++
			default:
				c.Unchanged++
			}
		}
		return c, err
	}
}

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("CRAWL_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func newCrawler(t *testing.T, st *store.Store) *Crawler {
	return &Crawler{
		Store:  st,
		Ingest: storeIngest(st),
		Log:    testLogger(t),
		Fetch:  fetch.Options{Timeout: 5 * time.Second, Backoff: 5 * time.Millisecond},
	}
}

func parseSites(t *testing.T, yaml []byte) *sites.File {
	t.Helper()
	f, err := sites.Parse(yaml, "sites.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func run(t *testing.T, c *Crawler, f *sites.File) Summary {
	t.Helper()
	sum, err := c.Run(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("summary: %s", sum.JSON())
	return sum
}

// storedTitles returns the titles of the stored articles, sorted, and the
// number of stored rows.
func storedTitles(t *testing.T, st *store.Store) ([]string, map[string]string) {
	t.Helper()
	rows, err := st.DB().Query(`SELECT title, url FROM articles ORDER BY title`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var titles []string
	byTitle := map[string]string{}
	for rows.Next() {
		var title, u string
		rows.Scan(&title, &u)
		titles = append(titles, title)
		byTitle[title] = u
	}
	sort.Strings(titles)
	return titles, byTitle
}
