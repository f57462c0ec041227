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
	// taken marks the bytes chosen spans cover, one bit a byte: the check
	// stays linear in the article's length.
	maxEnd := 0
	for _, c := range cands {
		maxEnd = max(maxEnd, c.end)
	}
	taken := make([]uint64, maxEnd/64+1)
	free := func(start, end int) bool {
		for i := start; i < end; i++ {
			if taken[i/64]&(1<<(i%64)) != 0 {
				return false
			}
		}
		return true
	}
	var chosen, nested []span
	for _, c := range cands {
		if free(c.start, c.end) {
			for i := c.start; i < c.end; i++ {
				taken[i/64] |= 1 << (i % 64)
			}
			chosen = append(chosen, c)
			continue
		}
		if c.typ != newsdex.Place || sameRange(nested, c) {
			continue
		}
		for _, o := range chosen {
			if o.typ == newsdex.Org && c.start >= o.start && c.end <= o.end {
				c.nested = true
				nested = append(nested, c)
				break
			}
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
