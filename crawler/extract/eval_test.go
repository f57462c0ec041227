package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
)

// corpusDir is the shared extraction corpus, beside the repository
// (../shared/corpus/extraction from its root) unless NEWSDEX_CORPUS says
// otherwise.
func corpusDir() string {
	if d := os.Getenv("NEWSDEX_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpus", "extraction")
}

// bars are the "must reach" numbers: the best Go peer on the same
// pages, beaten. Falling below any of them fails the test.
var bars = []struct {
	group, measure string
	value          func(evalcorpus.Group) float64
	bar            float64
}{
	{"chinese-wce (zh)", "mean body F1", func(g evalcorpus.Group) float64 { return g.BodyF1 }, 0.95},
	{"chinese-wce (zh)", "date same day", evalcorpus.Group.DateRate, 0.90},
	{"chinese-wce (zh)", "author found", evalcorpus.Group.AuthorRate, 0.80},
	{"scrapinghub-aeb (en)", "mean body F1", func(g evalcorpus.Group) float64 { return g.BodyF1 }, 0.96},
	{"trafilatura-eval (en)", "snippet score", func(g evalcorpus.Group) float64 { return g.Snippet }, 0.93},
	{"trafilatura-eval (en)", "date same day", evalcorpus.Group.DateRate, 0.90},
}

// TestEvaluateSharedCorpus scores the extractor on the shared corpus of
// real pages and prints the table EVAL.md records.
func TestEvaluateSharedCorpus(t *testing.T) {
	dir := corpusDir()
	if _, err := os.Stat(filepath.Join(dir, "index.jsonl")); err != nil {
		t.Skipf("shared extraction corpus not found at %s (set NEWSDEX_CORPUS to its folder): %v", dir, err)
	}
	cases, err := evalcorpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]evalcorpus.Score, len(cases))
	start := time.Now()
	for i, c := range cases {
		scores[i] = evalcorpus.Measure(c, runCase(t, c))
	}
	elapsed := time.Since(start)

	groups := evalcorpus.Summarize(scores)
	var out bytes.Buffer
	evalcorpus.WriteTable(&out, "newsdex", groups)
	out.WriteString("\nworst 5 by body score:\n")
	evalcorpus.WriteWorst(&out, evalcorpus.Worst(scores, 5))
	t.Logf("%d pages in %.1fs\n%s", len(cases), elapsed.Seconds(), out.String())

	byKey := map[string]evalcorpus.Group{}
	for _, g := range groups {
		byKey[g.Key()] = g
	}
	for _, b := range bars {
		g, ok := byKey[b.group]
		if !ok {
			t.Errorf("%s: group missing from the corpus", b.group)
			continue
		}
		if v := b.value(g); v < b.bar {
			t.Errorf("%s %s = %.3f, must reach %.2f", b.group, b.measure, v, b.bar)
		} else {
			t.Logf("met: %s %s = %.3f (bar %.2f)", b.group, b.measure, v, b.bar)
		}
	}
}

// evalNow is a fixed "now" after every page of the corpus was published, so
// relative dates and the future-date check do not depend on the day the
// test runs.
var evalNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func runCase(t *testing.T, c evalcorpus.Case) evalcorpus.Result {
	t.Helper()
	raw, err := c.Page()
	if err != nil {
		t.Fatal(err)
	}
	a, err := ExtractBytes(raw, c.ContentType(), Options{URL: c.URL, Now: evalNow})
	r := evalcorpus.Result{Title: a.Title, Published: a.Published, Author: a.Author, Body: a.Body, Err: err}
	for _, im := range a.Images {
		r.Images = append(r.Images, evalcorpus.Image{Src: im.Src, Caption: im.Caption})
	}
	return r
}
