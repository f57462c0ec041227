package evalcorpus

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Group is the aggregate of the scores of one source and language.
type Group struct {
	Source, Lang string
	Cases        int
	Errors       int

	Titles, TitleExact       int
	Dates, DateSameDay       int
	Authors, AuthorFound     int
	AuthorExact              int
	AuthorAbsent, AbsentKept int

	Bodies   int
	BodyF1   float64 // mean
	Snippets int
	Snippet  float64 // mean

	Images      int
	ImageRecall float64 // mean
}

// Key names the group as the tables do: "chinese-wce (zh)".
func (g Group) Key() string { return g.Source + " (" + g.Lang + ")" }

// TitleRate, DateRate, AuthorRate and AuthorExactRate are the fractions over
// the cases that label the field; -1 when none does.
func (g Group) TitleRate() float64       { return rate(g.TitleExact, g.Titles) }
func (g Group) DateRate() float64        { return rate(g.DateSameDay, g.Dates) }
func (g Group) AuthorRate() float64      { return rate(g.AuthorFound, g.Authors) }
func (g Group) AuthorExactRate() float64 { return rate(g.AuthorExact, g.Authors) }

func rate(n, of int) float64 {
	if of == 0 {
		return -1
	}
	return float64(n) / float64(of)
}

// Summarize groups scores by source and language, in a stable order.
func Summarize(scores []Score) []Group {
	byKey := map[string]*Group{}
	var keys []string
	for _, s := range scores {
		k := s.Case.Source + "\x00" + s.Case.Lang
		g := byKey[k]
		if g == nil {
			g = &Group{Source: s.Case.Source, Lang: s.Case.Lang}
			byKey[k] = g
			keys = append(keys, k)
		}
		g.Cases++
		if s.Err != nil {
			g.Errors++
		}
		if s.HasTitle {
			g.Titles++
			g.TitleExact += b2i(s.TitleExact)
		}
		if s.HasDate {
			g.Dates++
			g.DateSameDay += b2i(s.DateSameDay)
		}
		if s.HasAuthor {
			g.Authors++
			g.AuthorFound += b2i(s.AuthorFound)
			g.AuthorExact += b2i(s.AuthorExact)
		}
		if s.AuthorAbsent {
			g.AuthorAbsent++
			g.AbsentKept += b2i(s.AuthorAbsentKept)
		}
		if s.HasBody {
			g.Bodies++
			g.BodyF1 += s.BodyF1
		}
		if s.HasSnippets {
			g.Snippets++
			g.Snippet += s.SnippetScore
		}
		if s.HasImages {
			g.Images++
			g.ImageRecall += s.ImageRecall
		}
	}
	sort.Strings(keys)
	groups := make([]Group, 0, len(keys))
	for _, k := range keys {
		g := byKey[k]
		if g.Bodies > 0 {
			g.BodyF1 /= float64(g.Bodies)
		}
		if g.Snippets > 0 {
			g.Snippet /= float64(g.Snippets)
		}
		if g.Images > 0 {
			g.ImageRecall /= float64(g.Images)
		}
		groups = append(groups, *g)
	}
	return groups
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WriteTable prints one row per group as a Markdown table.
func WriteTable(w io.Writer, name string, groups []Group) {
	fmt.Fprintf(w, "| extractor | source (lang) | cases | title exact | date same day | author found | author exact | no-author kept empty | body F1 | snippet score | image recall | errors |\n")
	fmt.Fprintf(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, g := range groups {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n",
			name, g.Key(), g.Cases,
			frac(g.TitleExact, g.Titles), frac(g.DateSameDay, g.Dates),
			frac(g.AuthorFound, g.Authors), frac(g.AuthorExact, g.Authors),
			frac(g.AbsentKept, g.AuthorAbsent),
			mean(g.BodyF1, g.Bodies), mean(g.Snippet, g.Snippets), mean(g.ImageRecall, g.Images),
			g.Errors)
	}
}

func frac(n, of int) string {
	if of == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f (%d/%d)", float64(n)/float64(of), n, of)
}

func mean(v float64, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f (n=%d)", v, n)
}

// Worst returns the n cases with the lowest body score, worst first.
func Worst(scores []Score, n int) []Score {
	var scored []Score
	for _, s := range scores {
		if s.HasBody || s.HasSnippets {
			scored = append(scored, s)
		}
	}
	sort.SliceStable(scored, func(i, j int) bool { return scored[i].BodyScore() < scored[j].BodyScore() })
	if len(scored) > n {
		scored = scored[:n]
	}
	return scored
}

// WriteWorst prints the worst cases with their precision and recall, which
// tell clutter kept (low precision) from article lost (low recall).
func WriteWorst(w io.Writer, worst []Score) {
	for _, s := range worst {
		detail := fmt.Sprintf("P=%.2f R=%.2f", s.Precision, s.Recall)
		if s.HasSnippets {
			detail = "snippets"
		}
		errText := ""
		if s.Err != nil {
			errText = " err=" + strings.TrimSpace(s.Err.Error())
		}
		fmt.Fprintf(w, "- %s/%s (%s): %.3f %s%s\n", s.Case.Source, s.Case.ID, s.Case.Lang, s.BodyScore(), detail, errText)
	}
}
