package entities

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdex/newsdex/index/normalize"
)

// The English rules work on tokens of the Latin parts of a text (of an
// English article, or the Latin names inside a Chinese one), with what
// separates each from the one before and whether the token is capitalised.

// shape is a token's capitalisation.
type shape uint8

const (
	shapeLower shape = iota // aluminium, of
	shapeTitle              // Japan, McDonald
	shapeUpper              // OPEC, U.S., LME
	shapeOther              // 6063-T6, 1987
)

// sep is what lies between a token and the one before it.
type sep uint8

const (
	sepSpace sep = iota // spaces, or one line break inside a paragraph
	sepComma            // , ; :
	sepOpen             // a bracket, a quote or a dash
	sepStop             // the end of a sentence
	sepBreak            // a paragraph break, Chinese text, or the start
)

// token is one Latin token.
type token struct {
	start, end int // byte offsets; end excludes a possessive 's
	possessive bool
	newline    bool // a line break before it
	shape      shape
	sep        sep
	// plain is false in a line written in capitals or in title case
	// (headlines), where capitals say nothing about names.
	plain bool
}

func (t token) capitalised() bool { return t.shape == shapeTitle || t.shape == shapeUpper }

// sentenceStart reports whether the token opens a sentence.
func (t token) sentenceStart() bool { return t.sep >= sepStop }

// isJoiner: what may sit inside a token: 6063-T6, U.S, AT&T, O'Neill.
func isJoiner(r rune) bool {
	return r == '-' || r == '.' || r == '&' || r == '\'' || r == '’'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !normalize.IsHan(r)
}

// decodeRune is utf8.DecodeRuneInString with the ASCII case inline.
func decodeRune(s string) (rune, int) {
	if s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

// forEachToken calls emit with the byte span of each Latin token of s.
func forEachToken(s string, emit func(start, end int)) {
	for i := 0; i < len(s); {
		r, size := decodeRune(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		i += size
		for i < len(s) {
			r, size := decodeRune(s[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if isJoiner(r) && i+size < len(s) {
				if r2, _ := decodeRune(s[i+size:]); isWordRune(r2) {
					i += size
					continue
				}
			}
			// The last dot of an acronym belongs to it (U.S.).
			if r == '.' && isDottedAcronym(s[start:i+1]) {
				i += size
			}
			break
		}
		emit(start, i)
	}
}

// isDottedAcronym reports whether s is letters each followed by a dot, at
// least two of them (U.S., U.K., e.g.).
func isDottedAcronym(s string) bool {
	if len(s) < 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i%2 == 0 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') || i%2 == 1 && c != '.' {
			return false
		}
	}
	return len(s)%2 == 0
}

// lowerASCII lower-cases a short ASCII word without allocating when it
// already is lower case; other words it returns as they are.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// isAbbreviation reports whether a dot after the lower-cased token w
// does not end the sentence (Mr., Corp., Calif.).
func isAbbreviation(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "co", "corp", "inc", "ltd", "bros", "no",
		"vs", "gen", "sen", "rep", "gov", "lt", "col", "capt", "prof", "messrs", "mt", "ft", "ave",
		"dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
		"ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
		"pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo":
		return true
	}
	return false
}

// tokenize splits s into tokens with their separators and shapes.
func tokenize(s string, out []token) []token {
	out = out[:0]
	prevEnd := 0
	forEachToken(s, func(start, end int) {
		t := token{start: start, end: end}
		if tok := trimPossessive(s[start:end]); len(tok) < end-start {
			t.end = start + len(tok)
			t.possessive = true
		}
		t.shape = shapeOf(s[t.start:t.end])
		t.newline = strings.IndexByte(s[prevEnd:start], '\n') >= 0
		if len(out) == 0 {
			t.sep = sepBreak
			if gap := s[prevEnd:start]; strings.TrimSpace(gap) != "" && !hasHan(gap) {
				t.sep = classifyGap(gap, "")
				if t.sep < sepStop {
					t.sep = sepBreak
				}
			}
		} else {
			prev := out[len(out)-1]
			t.sep = classifyGap(s[prevEnd:start], s[prev.start:prev.end])
			if prev.possessive && t.sep == sepSpace {
				// After "Japan's" a new name starts.
				t.sep = sepComma
			}
		}
		out = append(out, t)
		prevEnd = end
	})
	markHeadlines(s, out)
	return out
}

// classifyGap tells what the text between two tokens means; prevTok is the
// token before it (a dot after "Mr" does not end a sentence).
func classifyGap(gap, prevTok string) sep {
	if gap == " " {
		return sepSpace
	}
	newlines := 0
	out := sepSpace
	for _, r := range gap {
		switch {
		case r == '\n':
			newlines++
		case r == ' ' || r == '\t' || r == '\r' || r == '&':
			// "Procter & Gamble": the ampersand joins a name like a space.
		case r == '.' || r == '!' || r == '?' || r == '。' || r == '！' || r == '？':
			if r == '.' && isAbbreviation(lowerASCII(prevTok)) {
				continue
			}
			out = max(out, sepStop)
		case normalize.IsHan(r):
			return sepBreak
		case r == ',' || r == ';' || r == ':' || r == '，' || r == '；' || r == '：' || r == '、':
			out = max(out, sepComma)
		default:
			out = max(out, sepOpen)
		}
	}
	if newlines >= 2 || newlines == 1 && out == sepStop {
		// A blank line, or a line that ends a sentence.
		return sepBreak
	}
	if newlines == 1 && strings.HasPrefix(strings.TrimLeft(gap, " \t\r"), "\n") && strings.HasSuffix(gap, "    ") {
		// Reuters starts a paragraph with an indented line.
		return sepBreak
	}
	return out
}

func shapeOf(tok string) shape {
	if ascii := shapeOfASCII(tok); ascii != shapeUnknown {
		return ascii
	}
	upper, lower, digit := 0, 0, 0
	first := true
	firstUpper := false
	for _, r := range tok {
		switch {
		case unicode.IsUpper(r):
			upper++
			if first {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r):
			digit++
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			first = false
		}
	}
	switch {
	case upper+lower == 0:
		return shapeOther
	case lower == 0 && upper >= 2:
		return shapeUpper
	case firstUpper:
		if digit > 0 && lower == 0 {
			return shapeOther // T6, 3M stay codes
		}
		return shapeTitle
	}
	return shapeLower
}

// shapeUnknown: shapeOfASCII cannot tell (the token is not ASCII).
const shapeUnknown shape = 255

// shapeOfASCII is shapeOf for ASCII tokens, without decoding runes.
func shapeOfASCII(tok string) shape {
	upper, lower, digit := 0, 0, 0
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= 0x80:
			return shapeUnknown
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		case c >= '0' && c <= '9':
			digit++
		}
	}
	first := tok[0]
	switch {
	case upper+lower == 0:
		return shapeOther
	case lower == 0 && upper >= 2:
		return shapeUpper
	case first >= 'A' && first <= 'Z':
		if digit > 0 && lower == 0 {
			return shapeOther
		}
		return shapeTitle
	}
	return shapeLower
}

// isHeadlineWord reports whether w is a small word that only a title-case
// headline capitalises in mid-line.
func isHeadlineWord(w string) bool {
	switch w {
	case "The", "Of", "In", "For", "And", "To", "On", "At", "With", "As", "By", "From", "Into", "Over", "After", "Amid", "A", "An", "Its", "Is", "Are":
		return true
	}
	return false
}

// markHeadlines sets plain on tokens of ordinary lines, and leaves it false
// on lines written all in capitals or in title case (headlines, tables).
func markHeadlines(s string, toks []token) {
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && !strings.Contains(s[toks[j-1].end:toks[j].start], "\n") {
			j++
		}
		words, upper, capitalised, smallCapitalised := 0, 0, 0, 0
		for k := i; k < j; k++ {
			t := toks[k]
			if t.shape == shapeOther {
				continue
			}
			words++
			switch t.shape {
			case shapeUpper:
				upper++
				capitalised++
			case shapeTitle:
				capitalised++
				if k > i && !t.sentenceStart() && isHeadlineWord(s[t.start:t.end]) {
					smallCapitalised++
				}
			}
		}
		headline := words >= 2 && upper*10 >= words*6 ||
			words >= 4 && smallCapitalised > 0 && capitalised*10 >= words*8
		for k := i; k < j; k++ {
			toks[k].plain = !headline
		}
		i = j
	}
}
