package index

import (
	"bufio"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/importer"
	"github.com/newsdex/newsdex/index/store"
)

// corpusArticles reads up to n articles of a shared corpus file, or skips.
func corpusArticles(tb testing.TB, file string, n int) []newsdex.Article {
	tb.Helper()
	dir := os.Getenv("NEWSDEX_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	path := filepath.Join(dir, "news", file)
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus %s not found (set NEWSDEX_CORPUS): %v", path, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []newsdex.Article
	for len(out) < n && sc.Scan() {
		a, err := importer.ParseLine(sc.Bytes())
		if err != nil {
			continue
		}
		out = append(out, a)
	}
	return out
}

func textBytes(arts []newsdex.Article) int64 {
	var n int64
	for _, a := range arts {
		n += int64(len(a.Title) + len(a.Body))
	}
	return n
}

// benchImport imports the articles into a fresh store and index per
// iteration and reports articles per second.
func benchImport(b *testing.B, arts []newsdex.Article) {
	ctx := context.Background()
	an := testAnalyzer(b)
	ents, err := entities.New(entities.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(textBytes(arts))
	b.ResetTimer()
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
		if err != nil {
			b.Fatal(err)
		}
		ix, err := Open(ctx, filepath.Join(dir, DirName), Deps{Analyzer: an, Entities: ents, Store: st}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		batch := append([]newsdex.Article(nil), arts...)
		g := &Ingester{Analyzer: an, Entities: ents, Store: st, Index: ix}
		b.StartTimer()
		start := time.Now()
		batches := make(chan []newsdex.Article)
		go func() {
			defer close(batches)
			for j := 0; j < len(batch); j += 1000 {
				batches <- batch[j:min(j+1000, len(batch))]
			}
		}()
		if err := g.Stream(ctx, batches, nil); err != nil {
			b.Fatal(err)
		}
		if err := ix.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		ix.Close()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(arts)*b.N)/elapsed.Seconds(), "docs/s")
}

func BenchmarkImportFixtures(b *testing.B) {
	arts, err := readFixtureArticles()
	if err != nil {
		b.Fatal(err)
	}
	benchImport(b, arts)
}

func BenchmarkImportCorpusZH(b *testing.B) {
	benchImport(b, corpusArticles(b, "zh-xwlb.jsonl.gz", 3000))
}

func BenchmarkImportCorpusEN(b *testing.B) {
	benchImport(b, corpusArticles(b, "en-reuters21578.jsonl.gz", 3000))
}

func BenchmarkSearchFixtures(b *testing.B) {
	f := testFixture(b)
	ctx := context.Background()
	queries := []Request{{Q: "铝"}, {Q: "新能源汽车"}, {Q: "aluminium premiums"}, {Q: "銀行 股份"}, {Q: `"再生铝"`}}
	// Measure searching, not remembering: the shared fixture's cache is
	// set aside for the benchmark.
	cache := f.ix.results
	f.ix.results = newResultCache(-1)
	defer func() { f.ix.results = cache }()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		q.Size = 10
		if _, err := f.ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchCorpus searches 5,000 real Chinese and English articles
// with facets and snippets.
func BenchmarkSearchCorpus(b *testing.B) {
	ctx := context.Background()
	arts := append(corpusArticles(b, "zh-xwlb.jsonl.gz", 2500), corpusArticles(b, "en-reuters21578.jsonl.gz", 2500)...)
	ti := newTestIndex(b, Options{ResultCache: -1})
	ix := ti.ix
	ti.add(b, arts)
	queries := []string{"铝", "经济", "新能源汽车", "人民共和国", "crude oil", "trade deficit", "bank"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, Request{Q: queries[i%len(queries)], Size: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchCached is a repeated search (a facet click's page asked
// again) answered from the result cache.
func BenchmarkSearchCached(b *testing.B) {
	f := testFixture(b)
	ctx := context.Background()
	req := Request{Q: "铝", Size: 10}
	if _, err := f.ix.Search(ctx, req); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.ix.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
