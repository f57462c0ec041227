package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdex/newsdex/index/normalize"
)

// Names are looked up in a folded form, so that the spelling in an alias
// table and in an article need not match exactly:
//   - Chinese names: full-width → half-width, traditional → simplified,
//     spaces dropped (中國 宏橋 → 中国宏桥);
//   - Latin names: the tokens the English rules see, lower-cased, joined by
//     one space (“U.S.” → "u.s.", “Rio  Tinto's” → "rio tinto").

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if normalize.IsHan(r) {
			return true
		}
	}
	return false
}

// foldZH folds a Chinese name; norm does the width and script folding.
func foldZH(norm *normalize.Normalizer, s string) string {
	s = norm.String(s)
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// foldEN folds a Latin name into its lookup key.
func foldEN(s string) string {
	var b strings.Builder
	forEachToken(s, func(start, end int) {
		tok := trimPossessive(s[start:end])
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		appendLower(&b, tok)
	})
	return b.String()
}

// appendLower writes s lower-cased, folding the curly apostrophe.
func appendLower(b *strings.Builder, s string) {
	for _, r := range s {
		if r == '’' {
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
}

// lettersOnly is the pinyin form of a Latin name: lower-case ASCII letters
// only (“Xi'an” → "xian", “Ma’anshan” → "maanshan").
func lettersOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(r)
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		} else if r == 'ü' {
			b.WriteByte('v')
		}
	}
	return b.String()
}

// trimPossessive drops a trailing 's (Japan's → Japan).
func trimPossessive(tok string) string {
	for _, p := range [...]string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(tok, p) && len(tok) > len(p) {
			return tok[:len(tok)-len(p)]
		}
	}
	return tok
}

// runeCount is utf8.RuneCountInString, named for what callers mean.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
