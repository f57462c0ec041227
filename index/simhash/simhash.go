// Package simhash fingerprints article bodies so that the same story
// syndicated to several sites (a changed first line, another byline, other
// clutter) is recognised as one: near-duplicates differ in a few bits.
package simhash

import (
	"hash/fnv"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// MinRunes is the shortest body worth fingerprinting: short items (a one-line
// brief) collide by accident.
const MinRunes = 80

// Of returns the 64-bit SimHash of text over shingles of four letters or
// digits (spaces and punctuation ignored, so layout differences vanish), and
// false when the text is too short to tell duplicates apart.
func Of(text string) (uint64, bool) {
	const k = 4
	var window [k]rune
	n := 0
	var weights [64]int
	h := fnv.New64a()
	var buf [4 * k]byte
	for _, r := range text {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		window[n%k] = unicode.ToLower(r)
		n++
		if n < k {
			continue
		}
		b := buf[:0]
		for i := 0; i < k; i++ {
			b = utf8.AppendRune(b, window[(n+i)%k])
		}
		h.Reset()
		h.Write(b)
		v := h.Sum64()
		for i := 0; i < 64; i++ {
			if v&(1<<uint(i)) != 0 {
				weights[i]++
			} else {
				weights[i]--
			}
		}
	}
	if n < MinRunes {
		return 0, false
	}
	var out uint64
	for i, w := range weights {
		if w > 0 {
			out |= 1 << uint(i)
		}
	}
	return out, true
}

// Distance is the number of differing bits.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// NearDuplicate is the largest distance still counted as the same story.
const NearDuplicate = 3

// Bands splits a hash into four 16-bit bands: two hashes within
// NearDuplicate bits share at least one band exactly, so a lookup by band
// finds every candidate.
func Bands(h uint64) [4]uint16 {
	return [4]uint16{uint16(h), uint16(h >> 16), uint16(h >> 32), uint16(h >> 48)}
}
