package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
)

func TestZZDebug(t *testing.T) {
	src := os.Getenv("DBG_SRC")
	if src == "" {
		t.Skip()
	}
	cases, _ := evalcorpus.Load(corpusDir())
	for _, c := range cases {
		if c.Source != src || (os.Getenv("DBG_ID") != "" && !strings.HasPrefix(c.ID, os.Getenv("DBG_ID"))) {
			continue
		}
		r := runCase(t, c)
		s := evalcorpus.Measure(c, r)
		mode := os.Getenv("DBG_MODE")
		switch mode {
		case "date":
			if s.HasDate && !s.DateSameDay {
				fmt.Printf("%s want=%q got=%s\n", c.ID[:min(12, len(c.ID))], c.Published, r.Published.Format(time.RFC3339))
			}
		case "author":
			if s.HasAuthor && !s.AuthorExact || s.AuthorAbsent && !s.AuthorAbsentKept {
				fmt.Printf("%s want=%q got=%q\n", c.ID[:min(12, len(c.ID))], c.Author, r.Author)
			}
		case "title":
			if s.HasTitle && !s.TitleExact {
				fmt.Printf("%s\n  want=%q\n  got =%q\n", c.ID, c.Title, r.Title)
			}
		case "body":
			fmt.Printf("%.3f P=%.2f R=%.2f %s %v\n", s.BodyScore(), s.Precision, s.Recall, c.ID, r.Err)
		case "snip":
			if s.SnippetScore < 1 {
				fmt.Printf("%.3f %s\n", s.SnippetScore, c.ID)
				for _, x := range c.BodyContains {
					if !strings.Contains(evalcorpus.NormalizeSpace(r.Body), evalcorpus.NormalizeSpace(x)) {
						fmt.Printf("   MISSING %q\n", x)
					}
				}
				for _, x := range c.BodyExcludes {
					if strings.Contains(evalcorpus.NormalizeSpace(r.Body), evalcorpus.NormalizeSpace(x)) {
						fmt.Printf("   KEPT %q\n", x)
					}
				}
			}
		case "full":
			fmt.Printf("== %s F1=%.3f P=%.2f R=%.2f\nTITLE %s\nDATE %s\nAUTHOR %s\n--- BODY\n%s\n--- WANT\n%s\n", c.ID, s.BodyF1, s.Precision, s.Recall, r.Title, r.Published, r.Author, r.Body, c.Body)
		}
	}
}
