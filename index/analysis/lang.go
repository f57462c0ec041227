package analysis

import (
	"unicode"

	"github.com/newsdex/newsdex/index/normalize"
)

// DetectLang tells Chinese from English by script: text is Chinese when its
// Han characters number at least a twenty-fifth of its Latin letters, i.e.
// about when Chinese words (one or two characters) make up a fifth of the
// words (five letters for an English one). Other Latin-script text counts as
// English: the analyzer treats it the same way.
func DetectLang(text string) string {
	han, latin := 0, 0
	for _, r := range text {
		if han+latin > 4000 { // enough to tell
			break
		}
		switch {
		case normalize.IsHan(r):
			han++
		case unicode.IsLetter(r):
			latin++
		}
	}
	if han > 0 && han*25 >= latin {
		return "zh"
	}
	if latin > 0 {
		return "en"
	}
	return ""
}
