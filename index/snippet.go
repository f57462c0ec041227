package index

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SnippetRunes is the target length of a snippet, in characters.
const SnippetRunes = 160

type span struct{ start, end int }

// snippets highlights the page's hits: a second search restricted to the
// page's ids asks bleve for term locations, which only these few documents
// pay for (computing them for every match of a broad query is what makes
// highlighting slow).
func (ix *Index) snippets(ctx context.Context, on bleve.Index, hits []Hit, bodies map[string]string, cq *compiled) error {
	textQ := cq.textQ
	if textQ == nil {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{textQ, query.NewDocIDQuery(ids)})
	sr := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	sr.IncludeLocations = true
	res, err := on.SearchInContext(ctx, sr)
	if err != nil {
		return fmt.Errorf("snippets: %w", err)
	}
	marks := make(map[string][]span, len(res.Hits))
	for _, h := range res.Hits {
		body := bodies[h.ID]
		for _, field := range []string{FieldBody} {
			for _, locs := range h.Locations[field] {
				for _, l := range locs {
					s, e := int(l.Start), int(l.End)
					if s >= 0 && e <= len(body) && s < e {
						marks[h.ID] = append(marks[h.ID], span{s, e})
					}
				}
			}
		}
	}
	for i := range hits {
		if len(cq.scan) > 0 {
			marks[hits[i].ID] = append(marks[hits[i].ID], ix.scanRuns(bodies[hits[i].ID], cq.scan)...)
		}
		if m := marks[hits[i].ID]; len(m) > 0 {
			hits[i].Snippet = ix.snippet(bodies[hits[i].ID], m)
		}
	}
	return nil
}

// scanRuns finds every occurrence of the given (normalized) Han runs in the
// body, as byte spans of the original text.
func (ix *Index) scanRuns(body string, runs []string) []span {
	nt := ix.Analyzer.Normalizer().Text(body)
	var out []span
	for _, run := range runs {
		for from := 0; ; {
			i := strings.Index(nt.S[from:], run)
			if i < 0 {
				break
			}
			start := from + i
			out = append(out, span{nt.Orig(start), nt.Orig(start + len(run))})
			from = start + len(run)
		}
	}
	return out
}

// leadSnippet is the start of the body, for hits without matches in it.
func (ix *Index) leadSnippet(body string) string {
	return ix.snippet(body, nil)
}

// snippet picks the passage of body with the most distinct matches, cut on
// sentence or word boundaries, escaped, with matches in <mark>.
func (ix *Index) snippet(body string, marks []span) string {
	marks = mergeSpans(marks, body)
	start := 0
	if len(marks) > 0 {
		start = bestWindow(body, marks)
	}
	end := ix.cutEnd(body, start, SnippetRunes, marks)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for _, m := range marks {
		if m.end <= start || m.start >= end {
			continue
		}
		s, e := max(m.start, start), min(m.end, end)
		writeText(&b, body[pos:s])
		b.WriteString("<mark>")
		writeText(&b, body[s:e])
		b.WriteString("</mark>")
		pos = e
	}
	writeText(&b, body[pos:end])
	if end < len(strings.TrimRightFunc(body, unicode.IsSpace)) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// writeText escapes text and folds line breaks and runs of spaces into one
// space.
func writeText(b *strings.Builder, s string) {
	space := false
	var run strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			run.WriteByte(' ')
			space = false
		}
		run.WriteRune(r)
	}
	if space {
		run.WriteByte(' ')
	}
	b.WriteString(html.EscapeString(run.String()))
}

// mergeSpans sorts spans and merges overlapping or adjacent ones (also across
// plain spaces), so 新能源汽车 is one <mark>, not two.
func mergeSpans(in []span, body string) []span {
	if len(in) == 0 {
		return nil
	}
	sort.Slice(in, func(i, j int) bool {
		if in[i].start != in[j].start {
			return in[i].start < in[j].start
		}
		return in[i].end > in[j].end
	})
	out := []span{in[0]}
	for _, s := range in[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end || strings.TrimSpace(body[last.end:s.start]) == "" && isHanBoundary(body, last.end) {
			if s.end > last.end {
				last.end = s.end
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// isHanBoundary: adjacent Han matches merge; Latin words keep separate marks
// (a space between two English words stays outside the marks).
func isHanBoundary(body string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(body[:i])
	return unicode.Is(unicode.Han, r)
}

// bestWindow returns the start of the window holding the most distinct
// matched words, starting at a sentence start shortly before its first match.
func bestWindow(body string, marks []span) int {
	bestStart, bestScore := 0, -1
	for i, m := range marks {
		ws := sentenceStart(body, m.start)
		limit := advanceRunes(body, ws, SnippetRunes)
		seen := map[string]bool{}
		for _, o := range marks[i:] {
			if o.end > limit {
				break
			}
			seen[strings.ToLower(body[o.start:o.end])] = true
		}
		score := len(seen)
		if score > bestScore {
			bestStart, bestScore = ws, score
		}
	}
	return bestStart
}

// sentenceStart walks back from i to the start of its sentence, at most a
// third of a snippet away; failing that it starts at a word boundary.
func sentenceStart(body string, i int) int {
	back := i
	for n := 0; back > 0 && n < SnippetRunes/3; n++ {
		r, size := utf8.DecodeLastRuneInString(body[:back])
		if isSentenceEnd(r) {
			return skipSpace(body, back)
		}
		back -= size
	}
	if back == 0 {
		return 0
	}
	// No sentence start near: begin a few characters before the match, at a
	// space for Latin text.
	start := i
	for n := 0; start > 0 && n < 20; n++ {
		r, size := utf8.DecodeLastRuneInString(body[:start])
		if unicode.IsSpace(r) && n > 5 {
			break
		}
		start -= size
	}
	return skipSpace(body, start)
}

func skipSpace(body string, i int) int {
	for i < len(body) {
		r, size := utf8.DecodeRuneInString(body[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '\n':
		return true
	}
	return false
}

func advanceRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// cutEnd finds where a snippet from start ends: at most n characters, at the
// end of a sentence when one ends in the last third, else at a word boundary
// (a space in Latin text, a jieba word boundary in Chinese), never inside a
// match.
func (ix *Index) cutEnd(body string, start, n int, marks []span) int {
	limit := advanceRunes(body, start, n)
	if limit >= len(body) {
		return len(body)
	}
	for _, m := range marks {
		if m.start < limit && m.end > limit {
			limit = m.end
		}
	}
	floor := advanceRunes(body, start, n*2/3)
	for i := limit; i > floor; {
		r, size := utf8.DecodeLastRuneInString(body[:i])
		if isSentenceEnd(r) || r == '.' && (i == len(body) || body[i] == ' ') {
			return i
		}
		i -= size
	}
	// Latin text: the last space before the limit.
	if r, _ := utf8.DecodeLastRuneInString(body[:limit]); !unicode.Is(unicode.Han, r) {
		if sp := strings.LastIndexFunc(body[floor:limit], unicode.IsSpace); sp >= 0 {
			return floor + sp
		}
		return limit
	}
	return ix.wordBoundary(body, limit)
}

// wordBoundary moves a cut inside Chinese text back to the start of the
// jieba word it falls in.
func (ix *Index) wordBoundary(body string, i int) int {
	from := i
	for n := 0; from > 0 && n < 8; n++ {
		_, size := utf8.DecodeLastRuneInString(body[:from])
		from -= size
	}
	to := advanceRunes(body, i, 8)
	window := body[from:to]
	if !utf8.ValidString(window) || strings.IndexByte(window, 0) >= 0 || ix.Analyzer == nil {
		return i
	}
	best := from
	for _, w := range ix.Analyzer.Segmenter().Tag(window) {
		if from+w.Start <= i {
			best = from + w.Start
		}
		if from+w.End == i {
			return i
		}
	}
	if best == from {
		return i
	}
	return best
}
