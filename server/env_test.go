package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/importer"
	"github.com/newsdex/newsdex/index/segment"
	"github.com/newsdex/newsdex/index/store"
)

// One segmenter per test binary: loading jieba takes a second.
var loadAnalyzer = sync.OnceValues(func() (*analysis.Analyzer, error) {
	seg, err := segment.Load(segment.Options{})
	if err != nil {
		return nil, err
	}
	return analysis.New(seg), nil
})

// fixtureArticles reads testdata/articles.jsonl.
func fixtureArticles(t testing.TB) []newsdex.Article {
	t.Helper()
	r, err := importer.Open(filepath.Join("..", "testdata", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []newsdex.Article
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
}

// testEnv is a real store and index over the fixture articles, served by
// httptest.
type testEnv struct {
	t        testing.TB
	srv      *Server
	http     *httptest.Server
	ix       *index.Index
	store    *store.Store
	ingester *index.Ingester
	log      *bytes.Buffer
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	an, err := loadAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	ents, err := entities.New(entities.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var logBuf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logBuf}, nil))
	ix, err := index.Open(ctx, filepath.Join(dir, index.DirName), index.Deps{Analyzer: an, Entities: ents, Store: st, Log: log}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	g := &index.Ingester{Analyzer: an, Entities: ents, Store: st, Index: ix}
	if _, _, err := g.Add(ctx, fixtureArticles(t)); err != nil {
		t.Fatal(err)
	}
	s, err := New(ix, st, ents, log)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.NewMux())
	t.Cleanup(hs.Close)
	return &testEnv{t: t, srv: s, http: hs, ix: ix, store: st, ingester: g, log: &logBuf}
}

// lockedWriter lets handlers log from many goroutines into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches path (with its query) and returns the answer and its body.
func (e *testEnv) get(path string, header ...string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.http.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("GET %s: read: %v", path, err)
	}
	return res, body
}

// search calls /api/search with params and decodes the answer (status 200
// expected).
func (e *testEnv) search(params url.Values) *index.Result {
	e.t.Helper()
	res, body := e.get("/api/search?" + params.Encode())
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("search %s: %d %s", params.Encode(), res.StatusCode, body)
	}
	var out index.Result
	if err := json.Unmarshal(body, &out); err != nil {
		e.t.Fatalf("search %s: %v\n%s", params.Encode(), err, body)
	}
	return &out
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
