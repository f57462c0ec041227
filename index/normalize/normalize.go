// Package normalize cleans text before segmentation and indexing: it repairs
// what makes jieba misbehave (invalid UTF-8 gives zero tokens, a NUL byte drops
// everything after it), folds full-width forms to half-width and traditional
// Chinese to simplified, and remembers where every normalized byte came from so
// that token offsets still point into the original text for highlighting.
package normalize

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed t2s.txt
var t2sData string

// Normalizer folds text to the form the analyzer works on. It is immutable
// after New and safe for concurrent use.
type Normalizer struct {
	t2s map[rune]rune
}

// New builds a Normalizer from the embedded traditional→simplified table.
func New() *Normalizer {
	n := &Normalizer{t2s: make(map[rune]rune, 4200)}
	for _, line := range strings.Split(t2sData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		from, size := utf8.DecodeRuneInString(line)
		to, _ := utf8.DecodeRuneInString(line[size:])
		if from != utf8.RuneError && to != utf8.RuneError {
			n.t2s[from] = to
		}
	}
	return n
}

// Text is normalized text plus the way back to the original.
type Text struct {
	S string
	// orig[i] is the byte offset in the original text of normalized byte i;
	// orig[len(S)] is the original length. Nil when nothing moved.
	orig []int32
}

// Orig maps a byte offset of S back to the original text.
func (t Text) Orig(i int) int {
	if t.orig == nil {
		return i
	}
	if i >= len(t.orig) {
		return int(t.orig[len(t.orig)-1])
	}
	return int(t.orig[i])
}

// Rune folds one rune: full-width ASCII to ASCII, the ideographic space and
// control characters to a plain space, traditional characters to simplified.
// Case is kept: entity rules need capitals.
func (n *Normalizer) Rune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000 || r == 0xA0 || r == 0xFEFF:
		return ' '
	case r == '\n' || r == '\t':
		return r
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
		return ' '
	case r >= 0x3400:
		if s, ok := n.t2s[r]; ok {
			return s
		}
	}
	return r
}

// String normalizes s without keeping offsets (for queries and keys).
func (n *Normalizer) String(s string) string {
	return n.Text(s).S
}

// Text normalizes s and keeps the offset map when the byte layout changed.
func (n *Normalizer) Text(s string) Text {
	var b strings.Builder
	b.Grow(len(s))
	var orig []int32
	moved := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			// One invalid byte becomes one space: same length, nothing moves.
			r, size = ' ', 1
		} else {
			r = n.Rune(r)
		}
		outLen := utf8.RuneLen(r)
		if outLen != size && !moved {
			moved = true
			orig = make([]int32, b.Len(), len(s)+1)
			for j := range orig {
				orig[j] = int32(j)
			}
		}
		b.WriteRune(r)
		if moved {
			for k := 0; k < outLen; k++ {
				orig = append(orig, int32(i))
			}
		}
		i += size
	}
	if moved {
		orig = append(orig, int32(len(s)))
	}
	return Text{S: b.String(), orig: orig}
}

// IsHan reports whether r is a Chinese character (the analyzer segments runs
// of them with jieba and indexes them one by one for recall).
func IsHan(r rune) bool {
	return r >= 0x3400 && unicode.Is(unicode.Han, r) || r == '〇'
}
