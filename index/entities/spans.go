package entities

import (
	"slices"

	newsdex "github.com/newsdex/newsdex"
)

// source says which rule found a span; when two spans of the same length
// overlap, the more reliable source wins.
type source uint8

const (
	srcTag    source = iota // jieba's part-of-speech tag alone
	srcPerson               // a person-name pattern
	srcRule                 // a suffix or pattern rule
	srcTable                // a name of the alias table or the gazetteer
)

// span is a candidate mention in one analysed text.
type span struct {
	start, end int // byte offsets in the normalized text
	typ        newsdex.EntityType
	id         int32  // table entity, or -1
	key        string // canonical key when id < 0
	src        source
	// parent is another key the mention also counts for (a branch's bank).
	parent string
	// full: a registered company name (…有限公司) whose short forms may
	// follow in the article.
	full bool
	// nested: a place inside an organisation's name (山东省工业和信息化厅):
	// not a mention of its own, but it tells where the story is.
	nested bool
}

// resolve picks non-overlapping spans: longer first, then by source, then
// earlier. A place inside a chosen organisation's span is kept as nested.
func resolve(cands []span) []span {
	slices.SortStableFunc(cands, func(a, b span) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		if a.src != b.src {
			return int(b.src) - int(a.src)
		}
		return a.start - b.start
	})
	var chosen []span
	var nested []span
	for _, c := range cands {
		var over *span
		for i := range chosen {
			if c.start < chosen[i].end && chosen[i].start < c.end {
				over = &chosen[i]
				break
			}
		}
		if over == nil {
			chosen = append(chosen, c)
			continue
		}
		if c.typ == newsdex.Place && over.typ == newsdex.Org && c.start >= over.start && c.end <= over.end &&
			!sameRange(nested, c) {
			c.nested = true
			nested = append(nested, c)
		}
	}
	chosen = append(chosen, nested...)
	slices.SortStableFunc(chosen, func(a, b span) int { return a.start - b.start })
	return chosen
}

// sameRange reports whether a span of spans covers exactly c's bytes (the
// better of two candidates for one nested place is already there).
func sameRange(spans []span, c span) bool {
	for _, s := range spans {
		if s.start == c.start && s.end == c.end {
			return true
		}
	}
	return false
}
