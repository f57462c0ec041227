package entities

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
)

// Entity extraction runs on every article at import, after the analyzer
// segmented it: its cost is measured against the analysis alone.
//
//	go test ./index/entities/ -run '^$' -bench . -benchtime 2s
//
// Articles: 300 of the shared corpus per language (CCTV news and People's
// Daily for Chinese, Reuters for English) when it is there, else the
// project's fixture articles.

func benchArticles(b *testing.B, lang string) []newsdex.Article {
	b.Helper()
	dir := os.Getenv("NEWSDEX_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus", "news")
	}
	files := map[string][]string{
		"zh": {"zh-xwlb.jsonl.gz", "zh-pd199801.jsonl.gz"},
		"en": {"en-reuters21578.jsonl.gz"},
	}[lang]
	var out []newsdex.Article
	for _, name := range files {
		out = append(out, readSample(filepath.Join(dir, name), 300/len(files))...)
	}
	if len(out) > 0 {
		return out
	}
	b.Logf("corpus not found in %s: benchmarking the fixture articles", dir)
	f, err := os.Open(filepath.Join("..", "..", "testdata", "articles.jsonl"))
	if err != nil {
		b.Skip("no articles to benchmark")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var a newsdex.Article
		if json.Unmarshal(sc.Bytes(), &a) == nil && a.Lang == lang {
			out = append(out, a)
		}
	}
	return out
}

// readSample takes every 20th record of a corpus file, up to n.
func readSample(path string, n int) []newsdex.Article {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []newsdex.Article
	for i := 0; sc.Scan() && len(out) < n; i++ {
		if i%20 != 0 {
			continue
		}
		var d corpusDoc
		if json.Unmarshal(sc.Bytes(), &d) == nil {
			out = append(out, newsdex.Article{Title: d.Title, Body: d.Body})
		}
	}
	return out
}

func BenchmarkAnalyze(b *testing.B) {
	an := testAnalyzer(b)
	for _, lang := range []string{"zh", "en"} {
		b.Run(lang, func(b *testing.B) {
			arts := benchArticles(b, lang)
			bytes := 0
			for i := 0; b.Loop(); i++ {
				a := arts[i%len(arts)]
				an.Analyze(a.Title)
				an.Analyze(a.Body)
				bytes += len(a.Title) + len(a.Body)
			}
			b.SetBytes(int64(bytes / max(b.N, 1)))
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	an := testAnalyzer(b)
	x := testExtractor(b)
	for _, lang := range []string{"zh", "en"} {
		b.Run(lang, func(b *testing.B) {
			arts := benchArticles(b, lang)
			type analysed struct{ title, body *analysis.Analysis }
			pre := make([]analysed, len(arts))
			for i, a := range arts {
				pre[i] = analysed{an.Analyze(a.Title), an.Analyze(a.Body)}
			}
			for i := 0; b.Loop(); i++ {
				k := i % len(arts)
				x.Extract(&arts[k], pre[k].title, pre[k].body)
			}
		})
	}
}

// BenchmarkExtractShare analyses and extracts each article, and reports
// extraction's time as a share of the analysis's (extract/analyze).
func BenchmarkExtractShare(b *testing.B) {
	an := testAnalyzer(b)
	x := testExtractor(b)
	for _, lang := range []string{"zh", "en"} {
		b.Run(lang, func(b *testing.B) {
			arts := benchArticles(b, lang)
			var tAnalyze, tExtract time.Duration
			for i := 0; b.Loop(); i++ {
				a := &arts[i%len(arts)]
				t0 := time.Now()
				title, body := an.Analyze(a.Title), an.Analyze(a.Body)
				t1 := time.Now()
				x.Extract(a, title, body)
				tExtract += time.Since(t1)
				tAnalyze += t1.Sub(t0)
			}
			b.ReportMetric(float64(tExtract)/float64(tAnalyze), "extract/analyze")
		})
	}
}
