package entities

import (
	"sync"
	"testing"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/segment"
)

// Tests share one analyzer (jieba takes a second and 130 MB to load) and
// one extractor.
var (
	analyzerOnce = sync.OnceValues(func() (*analysis.Analyzer, error) {
		seg, err := segment.Load(segment.Options{})
		if err != nil {
			return nil, err
		}
		return analysis.New(seg), nil
	})
	extractorOnce = sync.OnceValues(func() (*Extractor, error) { return New(Options{}) })
)

func testAnalyzer(t testing.TB) *analysis.Analyzer {
	t.Helper()
	a, err := analyzerOnce()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := extractorOnce()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// extract analyses an article's title and body and extracts its entities.
func extract(t testing.TB, x *Extractor, a newsdex.Article) newsdex.Entities {
	t.Helper()
	an := testAnalyzer(t)
	return x.Extract(&a, an.Analyze(a.Title), an.Analyze(a.Body))
}
