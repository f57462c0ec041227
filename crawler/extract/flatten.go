package extract

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// containerTagRE matches the open and close tags of containers and inline
// wrappers: the tags whose nesting a pathological page piles thousands deep.
var containerTagRE = regexp.MustCompile(`(?i)</?(?:div|span|font|b|i|u|em|strong|section|article|center|small|big|table|tbody|thead|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|blockquote|main|header|footer|aside|nav|form|label|sup|sub|abbr|code|q|s|strike|tt|ins|del|mark|cite|dfn|kbd|samp|var|a|p)\b[^>]*>`)

// parsePage parses the page. The HTML parser refuses documents nested more
// than 512 elements deep; such a page is read again with its container tags
// replaced by line breaks, which keeps its text and images.
func parsePage(page string) (*goquery.Document, string, error) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err == nil {
		return doc, page, nil
	}
	flat := containerTagRE.ReplaceAllString(page, "<br>")
	doc, err2 := goquery.NewDocumentFromReader(strings.NewReader(flat))
	if err2 != nil {
		return nil, page, err
	}
	return doc, flat, nil
}
