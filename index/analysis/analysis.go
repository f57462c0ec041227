// Package analysis is newsdex's one bilingual analyzer. It turns a title or a
// body into the token streams the index stores, and a query into the terms
// that find them:
//
//   - the text is normalized first (full-width → half-width, traditional →
//     simplified, broken bytes repaired), so 鋁業 finds 铝业 and ＯＰＥＣ finds OPEC;
//   - Han text is segmented once by jieba (precise mode, with POS tags, reused
//     by the entity rules); the word stream holds each word at its own
//     position and, like jieba's search mode, its dictionary sub-words at the
//     same position, so phrases still match consecutive words;
//   - Han characters also go to two character streams: every distinct
//     character once (no positions: a one-character query only asks whether
//     an article has it), and every pair of adjacent characters at the
//     position of its first character: a two-character query finds every
//     article containing it, and a longer string is an exact phrase of
//     pairs, whatever jieba did with it;
//   - Latin runs are lower-cased, possessives and stop words dropped, words
//     Porter-stemmed; numbers and codes (6063-T6, 5G, 3C) stay whole, with
//     their parts at the same position.
//
// Offsets in every token point into the original, unnormalized text.
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	blevea "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"github.com/newsdex/newsdex/index/normalize"
	"github.com/newsdex/newsdex/index/segment"
)

// Analyzer is immutable and safe for concurrent use.
type Analyzer struct {
	seg  *segment.Segmenter
	norm *normalize.Normalizer
	stop blevea.TokenMap
}

// New builds the analyzer around a loaded segmenter.
func New(seg *segment.Segmenter) *Analyzer {
	stop := blevea.NewTokenMap()
	// The list is bleve's copy of the Snowball English stop words.
	_ = stop.LoadBytes(en.EnglishStopWords)
	return &Analyzer{seg: seg, norm: normalize.New(), stop: stop}
}

// Normalizer exposes the text folding the analyzer applies first.
func (a *Analyzer) Normalizer() *normalize.Normalizer { return a.norm }

// Segmenter exposes the jieba segmenter.
func (a *Analyzer) Segmenter() *segment.Segmenter { return a.seg }

// Analysis is one text analysed once: normalized and segmented. The token
// streams for the index are built from it on demand (Tokens), so that an
// import can keep thousands of analyses in flight without their tokens.
type Analysis struct {
	// Text is the normalized text; Words and their offsets refer to Text.S.
	Text normalize.Text
	// Words are jieba's words of the Han parts, with POS tags.
	Words []segment.Word
}

// Tokens are the streams an analysis gives the index: WordTokens feed the
// word fields; Unigrams (each distinct Han character once) and Bigrams
// (adjacent pairs, with positions but no offsets) the character fields.
type Tokens struct {
	WordTokens blevea.TokenStream
	Unigrams   blevea.TokenStream
	Bigrams    blevea.TokenStream
}

// Analyze normalizes text and segments its Chinese once.
func (a *Analyzer) Analyze(text string) *Analysis {
	res := &Analysis{Text: a.norm.Text(text)}
	res.Words = a.segmentHan(res.Text.S)
	return res
}

// Tokens builds the token streams of an analysis.
func (a *Analyzer) Tokens(an *Analysis) *Tokens {
	s := an.Text.S
	b := &streamBuilder{a: a, text: an.Text, raw: []byte(s)}
	b.words = make(blevea.TokenStream, 0, len(s)/4+1)
	b.bigrams = make(blevea.TokenStream, 0, len(s)/3+1)
	b.unigrams = make(blevea.TokenStream, 0, len(s)/6+1)
	b.seenChar = make(map[rune]bool, len(s)/6+1)
	// Walk the text: Han words from jieba, everything between them through
	// the Latin rules, keeping positions in text order.
	prev := 0
	for _, w := range an.Words {
		if w.Start > prev {
			b.latin(s[prev:w.Start], prev)
			b.breakChars()
		}
		b.han(w)
		prev = w.End
	}
	if prev < len(s) {
		b.latin(s[prev:], prev)
	}
	return &Tokens{WordTokens: b.words, Unigrams: b.unigrams, Bigrams: b.bigrams}
}

// segmentHan returns jieba's words for the Han parts of s only: Latin text
// goes through the Latin rules, so jieba never sees an English article.
func (a *Analyzer) segmentHan(s string) []segment.Word {
	hanBytes := 0
	for _, r := range s {
		if normalize.IsHan(r) {
			hanBytes += 3
		}
	}
	if hanBytes == 0 {
		return nil
	}
	var all []segment.Word
	if hanBytes*4 >= len(s) {
		// Mostly Chinese: one call for the whole text is cheapest.
		all = a.seg.Tag(s)
	} else {
		for start := 0; start < len(s); {
			r, size := utf8.DecodeRuneInString(s[start:])
			if !normalize.IsHan(r) {
				start += size
				continue
			}
			end := start + size
			for end < len(s) {
				r, size := utf8.DecodeRuneInString(s[end:])
				if !normalize.IsHan(r) {
					break
				}
				end += size
			}
			for _, w := range a.seg.Tag(s[start:end]) {
				w.Start += start
				w.End += start
				all = append(all, w)
			}
			start = end
		}
	}
	han := all[:0]
	for _, w := range all {
		if containsHan(w.Text) {
			han = append(han, w)
		}
	}
	return han
}

func containsHan(s string) bool {
	for _, r := range s {
		if normalize.IsHan(r) {
			return true
		}
	}
	return false
}

type streamBuilder struct {
	a                        *Analyzer
	text                     normalize.Text
	words, unigrams, bigrams blevea.TokenStream
	seenChar                 map[rune]bool
	wordPos                  int
	charPos                  int
	lastCharEnd              int // byte end of the last Han character, to detect adjacency
	// raw is the normalized text as bytes: Han terms are slices of it, and
	// tokens come from slabs, so an article costs a few allocations instead
	// of two per token (the garbage was a third of import time).
	raw   []byte
	slab  []blevea.Token
	terms []byte
}

// add appends a token whose term is raw[start:end].
func (b *streamBuilder) add(stream *blevea.TokenStream, start, end, pos int, typ blevea.TokenType) {
	b.addTerm(stream, b.raw[start:end:end], start, end, pos, typ)
}

// addPair appends a character pair. Pairs need positions (exact phrases)
// but no offsets: highlights of Chinese runs are found by scanning the text,
// and offsets of zero take one byte each in the index instead of two or
// three, a tenth of its size.
func (b *streamBuilder) addPair(start, end int) {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]blevea.Token, 0, 256)
	}
	b.slab = append(b.slab, blevea.Token{Term: b.raw[start:end:end], Position: b.charPos, Type: blevea.Ideographic})
	b.bigrams = append(b.bigrams, &b.slab[len(b.slab)-1])
}

// addString appends a token whose term is not a slice of the text.
func (b *streamBuilder) addString(stream *blevea.TokenStream, term string, start, end, pos int, typ blevea.TokenType) {
	if len(b.terms)+len(term) > cap(b.terms) {
		b.terms = make([]byte, 0, max(1024, len(term)))
	}
	n := len(b.terms)
	b.terms = append(b.terms, term...)
	b.addTerm(stream, b.terms[n:len(b.terms):len(b.terms)], start, end, pos, typ)
}

func (b *streamBuilder) addTerm(stream *blevea.TokenStream, term []byte, start, end, pos int, typ blevea.TokenType) {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]blevea.Token, 0, 256)
	}
	b.slab = append(b.slab, blevea.Token{
		Term:     term,
		Start:    b.text.Orig(start),
		End:      b.text.Orig(end),
		Position: pos,
		Type:     typ,
	})
	*stream = append(*stream, &b.slab[len(b.slab)-1])
}

// breakChars keeps a character phrase from spanning non-Han text.
func (b *streamBuilder) breakChars() {
	if b.charPos > 0 {
		b.charPos++
	}
	b.lastCharEnd = -1
}

func (b *streamBuilder) han(w segment.Word) {
	b.wordPos++
	if hasUpper(w.Text) { // B超
		b.addString(&b.words, strings.ToLower(w.Text), w.Start, w.End, b.wordPos, blevea.Ideographic)
	} else {
		b.add(&b.words, w.Start, w.End, b.wordPos, blevea.Ideographic)
	}
	b.a.seg.SubWords(w.Text, func(sub string, start, end int) {
		if hasUpper(sub) {
			b.addString(&b.words, strings.ToLower(sub), w.Start+start, w.Start+end, b.wordPos, blevea.Ideographic)
			return
		}
		b.add(&b.words, w.Start+start, w.Start+end, b.wordPos, blevea.Ideographic)
	})
	// Characters: the word may hold Latin letters (B超); only Han runes count.
	s := b.text.S
	for i := w.Start; i < w.End; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !normalize.IsHan(r) {
			b.breakChars()
			i += size
			continue
		}
		if b.lastCharEnd != i {
			b.breakChars()
		}
		b.charPos++
		if !b.seenChar[r] {
			b.seenChar[r] = true
			b.add(&b.unigrams, i, i+size, len(b.unigrams)+1, blevea.Ideographic)
		}
		if j := i + size; j < len(s) {
			if r2, size2 := utf8.DecodeRuneInString(s[j:]); normalize.IsHan(r2) {
				b.addPair(i, j+size2)
			}
		}
		b.lastCharEnd = i + size
		i += size
	}
}

// latin tokenizes non-Han text at byte offset base of the normalized text.
// Punctuation between words leaves a position gap, so that a phrase never
// matches across a comma or a full stop.
func (b *streamBuilder) latin(s string, base int) {
	prev := 0
	forEachLatinToken(s, func(tok string, start, end int) {
		if hasPunct(s[prev:start]) {
			b.wordPos++
		}
		b.latinToken(tok, base+start, base+end)
		prev = end
	})
	if hasPunct(s[prev:]) {
		b.wordPos++
	}
}

// hasPunct reports a gap that ends a phrase: punctuation, or a line break
// (a paragraph, a caption, a headline above the text).
func hasPunct(gap string) bool {
	for _, r := range gap {
		if !unicode.IsSpace(r) || r == '\n' {
			return true
		}
	}
	return false
}

func (b *streamBuilder) latinToken(tok string, start, end int) {
	terms := b.a.latinTerms(tok)
	if len(terms) == 0 {
		// A stop word still takes a position, so phrases keep their gaps.
		b.wordPos++
		return
	}
	b.wordPos++
	for _, t := range terms {
		b.addString(&b.words, t, start, end, b.wordPos, latinType(t))
	}
}

func latinType(t string) blevea.TokenType {
	for _, r := range t {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return blevea.AlphaNumeric
		}
	}
	return blevea.Numeric
}

// latinTerms gives the index terms of one Latin token: the whole token (a
// code, a number, a stemmed word) then its parts when it has joiners.
func (a *Analyzer) latinTerms(tok string) []string {
	lower := strings.ToLower(tok)
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, "'s"), "’s")
	if !strings.ContainsAny(lower, joiners) {
		if t := a.word(lower); t != "" {
			return []string{t}
		}
		return nil
	}
	whole := strings.NewReplacer("’", "'").Replace(lower)
	if isAcronym(whole) {
		// U.S., U.K.: one term without dots, never a stop word.
		return []string{strings.ReplaceAll(whole, ".", "")}
	}
	terms := []string{whole}
	for _, part := range strings.FieldsFunc(whole, func(r rune) bool { return strings.ContainsRune(joiners, r) }) {
		if utf8.RuneCountInString(part) < 2 && !isDigits(part) {
			continue
		}
		if t := a.word(part); t != "" && t != whole {
			terms = append(terms, t)
		}
	}
	return terms
}

// word stems a plain word, drops stop words, and keeps numbers and codes.
func (a *Analyzer) word(w string) string {
	hasDigit, hasLetter := false, false
	for _, r := range w {
		if unicode.IsDigit(r) {
			hasDigit = true
		} else if unicode.IsLetter(r) {
			hasLetter = true
		}
	}
	if hasDigit {
		return w // 5g, 3c, 6063, 2025
	}
	if !hasLetter {
		return ""
	}
	if _, stop := a.stop[w]; stop {
		return ""
	}
	if !isASCII(w) {
		return w
	}
	return string(porterstemmer.StemWithoutLowerCasing([]rune(w)))
}

const joiners = "-./_&'’"

func isAcronym(s string) bool {
	// letters separated by dots: u.s, u.s.a, e.u
	if len(s) < 3 || !strings.Contains(s, ".") {
		return false
	}
	for i, r := range s {
		if i%2 == 0 && !(r >= 'a' && r <= 'z') || i%2 == 1 && r != '.' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// forEachLatinToken finds the tokens of non-Han text: runs of letters and
// digits, joined by an inner joiner (6063-T6, U.S, co-operation, AT&T).
func forEachLatinToken(s string, emit func(tok string, start, end int)) {
	isWordRune := func(r rune) bool {
		return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !normalize.IsHan(r)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		i += size
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if strings.ContainsRune(joiners, r) && i+size < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[i+size:]); isWordRune(r2) {
					i += size
					continue
				}
			}
			// A trailing dot of an acronym (U.S.) belongs to it.
			if r == '.' && isAcronym(strings.ToLower(s[start:i+1])) {
				i += size
			}
			break
		}
		emit(s[start:i], start, i)
	}
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
