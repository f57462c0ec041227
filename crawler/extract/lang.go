package extract

import "strings"

// detectLang tells Chinese from other text by script: a page is "zh" when
// Han characters carry a good share of its text. Pages that are neither
// are "en" unless the <html lang> says otherwise, as newsdex indexes only
// the two.
func detectLang(body, htmlLang string) string {
	st := measure(body)
	if st.han+st.latin > 0 {
		if float64(st.han)*3 >= float64(st.latin) {
			return "zh"
		}
		return "en"
	}
	if l := strings.ToLower(htmlLang); strings.HasPrefix(l, "zh") {
		return "zh"
	}
	return "en"
}
