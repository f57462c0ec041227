package entities

import (
	"strings"

	newsdex "github.com/newsdex/newsdex"
)

// enDoc is the Latin part of one text being read.
type enDoc struct {
	x    *Extractor
	s    string
	toks []token
	buf  []byte
}

func newENDoc(x *Extractor, s string) *enDoc {
	d := &enDoc{x: x, s: s}
	d.toks = tokenize(s, make([]token, 0, len(s)/6+4))
	return d
}

func (d *enDoc) text(i int) string { return d.s[d.toks[i].start:d.toks[i].end] }

// isLowerWord reports whether w (any case) is an English stop word or is
// written in lower case somewhere in the text: a capitalised "Shares"
// opening a sentence is then a common word. (A scan: it is asked a few
// times per text, cheaper than building a set.)
func (d *enDoc) isLowerWord(w string) bool {
	lw := lowerASCII(w)
	if d.x.stopWords[lw] {
		return true
	}
	for _, t := range d.toks {
		if t.shape == shapeLower && t.end-t.start == len(lw) && d.s[t.start:t.end] == lw {
			return true
		}
	}
	return false
}

// joined reports whether token i follows token i-1 inside one name: only
// spaces (or one line break) between them.
func (d *enDoc) joined(i int) bool {
	return i > 0 && d.toks[i].sep == sepSpace && !d.toks[i-1].possessive
}

// matchAt finds the longest table name starting at token i; it returns the
// name's best entity and how many tokens it covers.
func (d *enDoc) matchAt(i int) (ref, int) {
	t := d.toks[i]
	if t.plain && !t.capitalised() {
		return ref{}, 0
	}
	d.buf = d.buf[:0]
	d.buf = appendLowerBytes(d.buf, d.text(i))
	maxN, ok := d.x.tb.enFirst[string(d.buf)]
	if !ok {
		return ref{}, 0
	}
	ends := [8]int{}
	n := 1
	ends[0] = len(d.buf)
	for n < maxN && n < len(ends) && i+n < len(d.toks) && d.joined(i+n) {
		d.buf = append(d.buf, ' ')
		d.buf = appendLowerBytes(d.buf, d.text(i+n))
		ends[n] = len(d.buf)
		n++
	}
	for ; n >= 1; n-- {
		refs, ok := d.x.tb.en[string(d.buf[:ends[n-1]])]
		if !ok {
			continue
		}
		if !d.namedProperly(i, n) {
			continue
		}
		r, _ := d.x.tb.best(refs, "")
		return r, n
	}
	return ref{}, 0
}

// namedProperly checks the case of a table name's tokens: in ordinary text
// each word is capitalised except small joining words (Bank of Japan); in
// a headline any case goes, but a one-word name must not be a small word
// (US, IT).
func (d *enDoc) namedProperly(i, n int) bool {
	if !d.toks[i].plain {
		if n == 1 && d.x.stopWords[strings.ToLower(d.text(i))] {
			return false
		}
		return true
	}
	for k := i; k < i+n; k++ {
		if d.toks[k].capitalised() || d.toks[k].shape == shapeOther {
			continue
		}
		if k > i && isConnector(d.text(k)) {
			continue
		}
		return false
	}
	return true
}

func appendLowerBytes(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 0x80 {
			// Non-ASCII: fold the rest rune by rune.
			var sb strings.Builder
			appendLower(&sb, s[i:])
			return append(b, sb.String()...)
		}
		b = append(b, c)
	}
	return b
}

// isConnector: small words inside names (Bank of Japan, Banco do Brasil).
func isConnector(w string) bool {
	switch w {
	case "of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "van", "von", "der", "den",
		"del", "da", "do", "dos", "y", "al", "bin", "ibn", "el", "di", "e", "et", "und", "für":
		return true
	}
	return false
}

// isPlaceWord: a word that may follow a place's name as part of it
// (Zouping County, Shandong Province, Mexico City).
func isPlaceWord(w string) bool {
	switch w {
	case "City", "County", "Province", "District", "Prefecture", "State", "Region", "Municipality",
		"Autonomous":
		return true
	}
	return false
}

// isEventWord: after a place it names an event held there (Paris accord,
// Venice summit, Uruguay Round), which says little about where the story
// is.
func isEventWord(w string) bool {
	switch strings.ToLower(w) {
	case "accord", "accords", "agreement", "agreements", "pact", "summit", "talks", "meeting",
		"meetings", "conference", "round", "club", "session", "communique", "declaration",
		"treaty", "convention", "protocol", "process", "consensus", "plan", "initiative":
		return true
	}
	return false
}

// isCurrencyWord: after a demonym it names money, not a place (Swiss francs).
func isCurrencyWord(w string) bool {
	switch strings.ToLower(w) {
	case "franc", "francs", "dollar", "dollars", "dlr", "dlrs", "yen", "mark", "marks", "guilder",
		"guilders", "crown", "crowns", "krona", "kronor", "krone", "kroner", "pound", "pounds",
		"lira", "lire", "peseta", "pesetas", "escudo", "escudos", "rand", "peso", "pesos", "rupee",
		"rupees", "cruzado", "cruzados", "schilling", "schillings", "stg", "sterling", "currency",
		"currencies", "won", "ringgit", "baht", "yuan", "renminbi", "rouble", "roubles", "ruble",
		"rubles", "dinar", "dinars", "riyal", "riyals", "shekel", "shekels", "drachma", "drachmas",
		"punt", "punts", "cents", "cent", "euro", "euros":
		return true
	}
	return false
}

// tableSpans finds the table's names and places in the Latin text; the
// English names of Chinese places include their pinyin (Zouping, Binzhou).
func (d *enDoc) tableSpans(out []span) []span {
	tb := d.x.tb
	first := len(out)
	for i := 0; i < len(d.toks); i++ {
		r, n := d.matchAt(i)
		if n == 0 {
			continue
		}
		e := tb.ents[r.id]
		last := i + n - 1
		switch {
		case r.demonym && last+1 < len(d.toks) && d.joined(last+1) && isCurrencyWord(d.text(last+1)):
			i = last + 1 // Swiss francs: money, not Switzerland
			continue
		case e.typ == newsdex.Place && last+1 < len(d.toks) && d.joined(last+1) && isEventWord(d.text(last+1)):
			// the Paris accord, the Tokyo summit: an event, not where the story is
			i = last + 1
			continue
		case e.typ == newsdex.Place && d.otherRegionAfter(last, r.id):
			// Birmingham, Ala.: not the English city.
			i = last
			continue
		case e.strict && !e.strictZH() && d.toks[i].plain && (d.toks[i].sentenceStart() || last+1 < len(d.toks) && d.joined(last+1) && d.toks[last+1].capitalised()):
			continue
		}
		if e.typ == newsdex.Place {
			out = append(out, d.placeSpan(i, n, r.id))
		} else {
			out = append(out, span{start: d.toks[i].start, end: d.toks[last].end, typ: e.typ, id: r.id, src: srcTable})
		}
		i = last
	}
	return d.dropStrayCounties(out, first)
}

// dropStrayCounties drops the Chinese counties an English text names when
// it names nothing else in China: their pinyin names (Anda, Napo, Yuli)
// are also words and names elsewhere. out[first:] are this text's spans;
// spans before them come from its Chinese parts, which are context enough.
func (d *enDoc) dropStrayCounties(out []span, first int) []span {
	tb := d.x.tb
	counties, china := 0, first > 0
	for _, sp := range out[first:] {
		if sp.typ != newsdex.Place || sp.id < 0 || !tb.inChina(sp.id) {
			continue
		}
		if tb.ents[sp.id].level == levelCounty {
			counties++
		} else {
			china = true
		}
	}
	if counties == 0 || china {
		return out
	}
	kept := out[:first]
	for _, sp := range out[first:] {
		if sp.typ == newsdex.Place && sp.id >= 0 && tb.ents[sp.id].level == levelCounty && tb.inChina(sp.id) {
			continue
		}
		kept = append(kept, sp)
	}
	return kept
}

// placeSpan is a place of n tokens at i, with a following County or
// Province taken in.
func (d *enDoc) placeSpan(i, n int, id int32) span {
	last := i + n - 1
	if last+1 < len(d.toks) && d.joined(last+1) && isPlaceWord(d.text(last+1)) {
		last++
	}
	return span{start: d.toks[i].start, end: d.toks[last].end, typ: newsdex.Place, id: id, src: srcTable}
}

// otherRegionAfter reports whether a place at token last is followed by
// ", <state or country>" that it does not lie in (Birmingham, Ala.;
// London, Ontario).
func (d *enDoc) otherRegionAfter(last int, id int32) bool {
	next := last + 1
	if next >= len(d.toks) || d.toks[next].sep != sepComma || d.toks[last].possessive {
		return false
	}
	r, n := d.matchAt(next)
	if n == 0 {
		return false
	}
	tb := d.x.tb
	region := tb.ents[r.id]
	if region.typ != newsdex.Place || region.level < levelRegion || r.id == id {
		return false
	}
	inside := false
	tb.ancestors(id, func(a int32) {
		if a == r.id {
			inside = true
		}
	})
	return !inside
}
