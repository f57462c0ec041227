package evalcorpus

import (
	"strings"
	"unicode"
)

// Tokens splits text the way the body F1 counts it: every Han character is a
// token of its own (Chinese has no spaces to split on, and word segmenters
// disagree), other text becomes lower-cased runs of letters and digits.
// Punctuation and whitespace are not tokens, so line-breaking conventions of
// the ground truth do not matter.
func Tokens(text string) []string {
	var tokens []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			tokens = append(tokens, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			flush()
			tokens = append(tokens, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			word.WriteRune(unicode.ToLower(fold(r)))
		default:
			flush()
		}
	}
	flush()
	return tokens
}

// fold maps full-width ASCII to half-width so that "２０２１" and "2021" count
// as the same token.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// F1 is the bag-of-tokens precision, recall and F1 of got against want, as
// the scrapinghub article-extraction benchmark computes it.
func F1(got, want string) (precision, recall, f1 float64) {
	g, w := Tokens(got), Tokens(want)
	if len(g) == 0 && len(w) == 0 {
		return 1, 1, 1
	}
	if len(g) == 0 || len(w) == 0 {
		return 0, 0, 0
	}
	counts := make(map[string]int, len(w))
	for _, t := range w {
		counts[t]++
	}
	common := 0
	for _, t := range g {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0, 0, 0
	}
	precision = float64(common) / float64(len(g))
	recall = float64(common) / float64(len(w))
	return precision, recall, 2 * precision * recall / (precision + recall)
}

// NormalizeSpace collapses every run of whitespace to one space and trims.
func NormalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
