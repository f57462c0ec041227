package extract

import (
	"os"
	"testing"

	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
)

// BenchmarkExtract measures extraction alone (pages already in memory and
// decoded) over the fixture pages.
func BenchmarkExtract(b *testing.B) {
	var pages []string
	for _, p := range fixturePages(b) {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text, _, _ := charset.Decode(raw, "")
		pages = append(pages, text)
	}
	benchPages(b, pages)
}

// BenchmarkExtractCorpus measures extraction over the real pages of the
// shared corpus; it skips when the corpus is absent.
func BenchmarkExtractCorpus(b *testing.B) {
	cases, err := evalcorpus.Load(corpusDir())
	if err != nil {
		b.Skipf("shared extraction corpus not found at %s: %v", corpusDir(), err)
	}
	pages := make([]string, 0, len(cases))
	for _, c := range cases {
		raw, err := c.Page()
		if err != nil {
			b.Fatal(err)
		}
		text, _, _ := charset.Decode(raw, c.ContentType())
		pages = append(pages, text)
	}
	benchPages(b, pages)
}

func benchPages(b *testing.B, pages []string) {
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		_, _ = Extract(pages[i%len(pages)], Options{URL: "https://example.com/a.html", Now: fixtureNow})
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}
