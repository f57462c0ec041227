package index

import (
	"sync"
	"testing"

	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/segment"
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
