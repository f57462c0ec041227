package analysis

import (
	"unicode/utf8"

	"github.com/newsdex/newsdex/index/normalize"
)

// QueryTerm is one word-field term of a query, at its position (positions
// start at 0; a gap is a dropped stop word or punctuation, which a phrase
// keeps).
type QueryTerm struct {
	Term string
	Pos  int
}

// QueryPart is a unit a query must match: one Latin term, or one run of Han
// characters with the words jieba cut it into.
type QueryPart struct {
	Han bool
	// Run is the normalized Han run (Han parts only).
	Run   string
	Words []string
}

// Query is query text analysed the way the index analysed documents, except
// that Han text is segmented in precise mode without sub-words: a phrase must
// be consecutive whole words, and search-mode sub-words would turn a one-word
// phrase into an OR of its parts.
type Query struct {
	Words []QueryTerm
	Parts []QueryPart
}

// AnalyzeQuery analyses query text.
func (a *Analyzer) AnalyzeQuery(text string) Query {
	an := a.Analyze(text)
	toks := a.Tokens(an)
	var q Query
	// Han runs of the normalized text, as original-text byte ranges.
	type span struct{ start, end int }
	var runs []span
	var runText []string
	s := an.Text.S
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !normalize.IsHan(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if !normalize.IsHan(r2) {
				break
			}
			j += size2
		}
		runs = append(runs, span{an.Text.Orig(i), an.Text.Orig(j)})
		runText = append(runText, s[i:j])
		i = j
	}
	// The first token at a position is the word itself; the ones after it
	// are its sub-words (Han) or parts (codes), which a query leaves out.
	seen := map[int]bool{}
	run := -1
	for _, t := range toks.WordTokens {
		if seen[t.Position] {
			continue
		}
		seen[t.Position] = true
		term := string(t.Term)
		q.Words = append(q.Words, QueryTerm{Term: term, Pos: t.Position - 1})
		in := -1
		for k := max(run, 0); k < len(runs); k++ {
			if t.Start >= runs[k].start && t.Start < runs[k].end {
				in = k
				break
			}
		}
		if in < 0 || !containsHan(term) {
			q.Parts = append(q.Parts, QueryPart{Words: []string{term}})
			continue
		}
		if in != run {
			run = in
			q.Parts = append(q.Parts, QueryPart{Han: true, Run: runText[in]})
		}
		last := &q.Parts[len(q.Parts)-1]
		last.Words = append(last.Words, term)
	}
	return q
}

// CharPhrase returns the character-field terms that match the Han run
// exactly: the run itself when it has one or two characters, else pairs of
// characters at every other position ("" marks a position any term may
// fill), ending with the last pair so an odd length is covered.
func CharPhrase(run string) []string {
	runes := []rune(run)
	n := len(runes)
	switch n {
	case 0:
		return nil
	case 1, 2:
		return []string{run}
	}
	terms := make([]string, n-1)
	for i := 0; i+1 < n; i += 2 {
		terms[i] = string(runes[i : i+2])
	}
	if n%2 == 1 {
		terms[n-2] = string(runes[n-2:])
	}
	return terms
}

// Terms returns the distinct terms of the query's words.
func (q Query) Terms() []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range q.Words {
		if !seen[w.Term] {
			seen[w.Term] = true
			out = append(out, w.Term)
		}
	}
	return out
}

// PhraseTerms returns the words as a phrase with "" in the gaps.
func (q Query) PhraseTerms() []string {
	if len(q.Words) == 0 {
		return nil
	}
	first := q.Words[0].Pos
	last := q.Words[len(q.Words)-1].Pos
	terms := make([]string, last-first+1)
	for _, w := range q.Words {
		if terms[w.Pos-first] == "" {
			terms[w.Pos-first] = w.Term
		}
	}
	return terms
}
