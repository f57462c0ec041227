// Package neardup recognises the same story syndicated to several sites: a
// changed first line, another byline, a different last paragraph. It
// fingerprints a body with MinHash over four-character shingles, so the
// share of matching fingerprint values estimates the share of shingles two
// bodies have in common (their Jaccard similarity), and splits the
// fingerprint into bands for lookup: two bodies that are near-duplicates
// share at least one band with high probability.
package neardup

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"unicode"
	"unicode/utf8"
)

const (
	// Hashes is the length of a fingerprint.
	Hashes = 48
	// Bands × Rows = Hashes. With 3 rows a band, two bodies sharing half
	// their shingles meet in at least one of 16 bands 88 % of the time, at
	// 60 % 98 %.
	Bands = 16
	Rows  = Hashes / Bands
	// Threshold is the least estimated similarity counted as the same story.
	Threshold = 0.5
	// MinShingles: shorter texts (a one-line brief) collide by accident.
	MinShingles = 60
	shingle     = 4
)

// Signature is a body's MinHash fingerprint.
type Signature [Hashes]uint32

// Of fingerprints text; false when it is too short to tell duplicates apart.
func Of(text string) (Signature, bool) {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	var window [shingle]rune
	n := 0
	h := fnv.New64a()
	var buf [4 * shingle]byte
	for _, r := range text {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		window[n%shingle] = unicode.ToLower(r)
		n++
		if n < shingle {
			continue
		}
		b := buf[:0]
		for i := 0; i < shingle; i++ {
			b = utf8.AppendRune(b, window[(n+i)%shingle])
		}
		h.Reset()
		h.Write(b)
		base := h.Sum64()
		for i := range sig {
			// Hashes drawn from one base hash by a multiply-shift family.
			v := uint32((base*multipliers[i] + offsets[i]) >> 32)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	if n-shingle+1 < MinShingles {
		return Signature{}, false
	}
	return sig, true
}

// Similarity estimates the Jaccard similarity of the two bodies.
func Similarity(a, b Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / Hashes
}

// BandKeys returns one lookup key per band.
func (s Signature) BandKeys() [Bands]int64 {
	var keys [Bands]int64
	for b := 0; b < Bands; b++ {
		h := fnv.New64a()
		var buf [4]byte
		for r := 0; r < Rows; r++ {
			binary.LittleEndian.PutUint32(buf[:], s[b*Rows+r])
			h.Write(buf[:])
		}
		keys[b] = int64(h.Sum64())
	}
	return keys
}

// Bytes encodes a signature for storage.
func (s Signature) Bytes() []byte {
	out := make([]byte, 4*Hashes)
	for i, v := range s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// Parse decodes a stored signature.
func Parse(b []byte) (Signature, error) {
	var s Signature
	if len(b) != 4*Hashes {
		return s, errors.New("neardup: bad signature length")
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, nil
}

// The hash family: fixed odd multipliers and offsets from a splitmix64
// sequence, so fingerprints are stable across runs and machines.
var multipliers, offsets = family()

func family() (m, o [Hashes]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 {
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range m {
		m[i] = next() | 1
		o[i] = next()
	}
	return m, o
}
