package index

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
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

func testAnalyzer(t testing.TB) *analysis.Analyzer {
	t.Helper()
	an, err := loadAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// testIndex is an empty index in a temporary folder, with its real store, the
// shared segmenter and an ingester; both are closed when the test ends.
type testIndex struct {
	ix   *Index
	st   *store.Store
	g    *Ingester
	deps Deps
	path string // the index folder
}

func newTestIndex(t testing.TB, opts Options) *testIndex {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ti := &testIndex{st: st, deps: Deps{Analyzer: testAnalyzer(t), Store: st}, path: filepath.Join(dir, DirName)}
	ti.open(t, opts)
	// Cleanups run last-in first-out: the index closes before its store.
	t.Cleanup(func() { ti.ix.Close() })
	return ti
}

func (ti *testIndex) open(t testing.TB, opts Options) {
	t.Helper()
	ix, err := Open(context.Background(), ti.path, ti.deps, opts)
	if err != nil {
		t.Fatal(err)
	}
	ti.ix = ix
	ti.g = &Ingester{Analyzer: ti.deps.Analyzer, Store: ti.st, Index: ix}
}

// reopen closes the index and opens it again, as the next process would.
func (ti *testIndex) reopen(t testing.TB, opts Options) {
	t.Helper()
	if err := ti.ix.Close(); err != nil {
		t.Fatal(err)
	}
	ti.open(t, opts)
}

// add stores and indexes articles in batches of a thousand.
func (ti *testIndex) add(t testing.TB, arts []newsdex.Article) {
	t.Helper()
	for i := 0; i < len(arts); i += 1000 {
		batch := append([]newsdex.Article(nil), arts[i:min(i+1000, len(arts))]...)
		if _, _, err := ti.g.Add(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
}
