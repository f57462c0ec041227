package extract

import (
	"unicode"
)

// textStats measure a stretch of text the way the content scorer weighs it.
type textStats struct {
	// units is the text's length in Latin-character equivalents: a Han
	// character says about as much as two or three Latin letters, so
	// Chinese and English paragraphs of the same content weigh the same.
	units float64
	han   int
	latin int
	// commas counts clause punctuation, the mark of running prose rather
	// than menus and headlines.
	commas int
}

const hanWeight = 2.5

func measure(s string) textStats {
	var st textStats
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			st.han++
			st.units += hanWeight
		case r == ',' || r == '，' || r == '、' || r == '；' || r == ';' || r == '。' || r == '：':
			st.commas++
			st.units++
		case isSpace(r):
		case r < 0x80 && unicode.IsLetter(r):
			st.latin++
			st.units++
		default:
			st.units++
		}
	}
	return st
}

func (a *textStats) add(b textStats) {
	a.units += b.units
	a.han += b.han
	a.latin += b.latin
	a.commas += b.commas
}
