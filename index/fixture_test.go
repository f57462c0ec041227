package index

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/importer"
	"github.com/newsdex/newsdex/index/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixture is an index over testdata/articles.jsonl, built once per test
// binary and shared by the read-only tests.
type fixture struct {
	ix       *Index
	articles map[string]newsdex.Article // by id
}

var buildFixture = sync.OnceValues(func() (*fixture, error) {
	ctx := context.Background()
	an, err := loadAnalyzer()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "newsdex-index-test-")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		return nil, err
	}
	ents, err := entities.New(entities.Options{})
	if err != nil {
		return nil, err
	}
	deps := Deps{Analyzer: an, Entities: ents, Store: st}
	ix, err := Open(ctx, filepath.Join(dir, DirName), deps, Options{})
	if err != nil {
		return nil, err
	}
	arts, err := readFixtureArticles()
	if err != nil {
		return nil, err
	}
	g := &Ingester{Analyzer: an, Entities: ents, Store: st, Index: ix}
	if _, _, err := g.Add(ctx, arts); err != nil {
		return nil, err
	}
	f := &fixture{ix: ix, articles: map[string]newsdex.Article{}}
	for _, a := range arts {
		f.articles[a.ID] = a
	}
	return f, nil
})

func readFixtureArticles() ([]newsdex.Article, error) {
	r, err := importer.Open(filepath.Join("..", "testdata", "articles.jsonl"))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var arts []newsdex.Article
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			return arts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("fixture articles: %w", err)
		}
		arts = append(arts, a)
	}
}

func testFixture(t testing.TB) *fixture {
	t.Helper()
	f, err := buildFixture()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ids returns the ids of every hit of a query (all pages).
func (f *fixture) ids(t testing.TB, req Request) []string {
	t.Helper()
	if req.Size == 0 {
		req.Size = MaxSize
	}
	res, err := f.ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}
