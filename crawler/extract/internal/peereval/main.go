// Command peereval measures the Go article extractors newsdex could have been
// built on (go-trafilatura, readeck/go-readability) on the shared extraction
// corpus, with the same scoring as newsdex's own evaluation test, so the
// numbers in EVAL.md compare like with like. It lives in its own module so
// the main module does not depend on the peers.
//
//	go run . [-corpus DIR] [-only NAME] [-worst N]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
)

// peer is one extractor under comparison: it gets the page already decoded
// to UTF-8 by newsdex's charset package, so only extraction is compared.
type peer struct {
	name string
	run  func(html string, pageURL *url.URL) evalcorpus.Result
}

func main() {
	corpus := flag.String("corpus", filepath.Join("..", "..", "..", "..", "..", "shared", "corpus", "extraction"), "corpus folder")
	only := flag.String("only", "", "run only the peer with this name")
	worst := flag.Int("worst", 5, "worst cases to list per peer")
	flag.Parse()

	cases, err := evalcorpus.Load(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peereval:", err)
		os.Exit(2)
	}
	pages := make([]string, len(cases))
	for i, c := range cases {
		raw, err := c.Page()
		if err != nil {
			fmt.Fprintln(os.Stderr, "peereval:", err)
			os.Exit(2)
		}
		pages[i], _, _ = charset.Decode(raw, c.ContentType())
	}

	for _, p := range peers() {
		if *only != "" && p.name != *only {
			continue
		}
		scores := make([]evalcorpus.Score, len(cases))
		start := time.Now()
		for i, c := range cases {
			u, _ := url.Parse(c.URL)
			if c.URL == "" {
				u, _ = url.Parse("http://fakehost/test/page.html")
			}
			scores[i] = evalcorpus.Measure(c, p.run(pages[i], u))
		}
		elapsed := time.Since(start)
		var out bytes.Buffer
		fmt.Fprintf(&out, "\n## %s — %d pages in %.1fs = %.1f pages/s\n\n", p.name, len(cases), elapsed.Seconds(), float64(len(cases))/elapsed.Seconds())
		evalcorpus.WriteTable(&out, p.name, evalcorpus.Summarize(scores))
		fmt.Fprintf(&out, "\nworst %d:\n", *worst)
		evalcorpus.WriteWorst(&out, evalcorpus.Worst(scores, *worst))
		os.Stdout.Write(out.Bytes())
	}
}

func trimLines(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
