package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// bylineElements returns the text of elements named author, byline, source
// or writer, which some sites use instead of a labelled line.
func bylineElements(root *html.Node, cls classNames) string {
	var parts []string
	forEachElement(root, func(n *html.Node) bool {
		if skipTags[n.DataAtom] {
			return false
		}
		if !cls.of(n).byline {
			return true
		}
		if text := textOf(n); text != "" && len(text) < 300 {
			parts = append(parts, text)
			return false
		}
		return true
	})
	if len(parts) > 6 {
		parts = parts[:6]
	}
	return strings.Join(parts, " | ")
}

// sourceElement returns the text of the first element named "source" that
// holds a short unlabelled outlet name (<a class="source">期货日报</a>).
func sourceElement(root *html.Node, cls classNames) string {
	found := ""
	forEachElement(root, func(n *html.Node) bool {
		if found != "" || skipTags[n.DataAtom] {
			return false
		}
		if !cls.of(n).source {
			return true
		}
		text := textOf(n)
		if zhSourceRE.MatchString(" " + text) {
			text = zhLabelledSource(" " + text)
		}
		if n := utf8.RuneCountInString(text); n >= 2 && n <= 20 && !dateLikeRE.MatchString(text) {
			found = text
			return false
		}
		// "date-source" boxes hold the date too; the name is inside.
		return true
	})
	return found
}

// findByline returns the author and the source outlet. A labelled line
// (作者：, 来源：, "By …") near the headline or at the ends of the body is
// what a reader sees and wins; the page's metadata comes next; 责任编辑 is
// the byline of last resort on Chinese pages.
func findByline(m pageMeta, header, bylineText string, paragraphs []string, pageText, lang string) (author, source string) {
	edges := edgeLines(paragraphs, 2)
	texts := []string{header, bylineText, edges}
	for _, t := range texts {
		if author = zhAuthor(t); author != "" {
			break
		}
	}
	if author == "" && lang == "zh" {
		author = zhInfoLineAuthor(strings.Split(header, "\n"))
		if author == "" {
			author = zhInfoLineAuthor(paragraphs[:min(len(paragraphs), 3)])
		}
	}
	if author == "" {
		for _, t := range texts {
			if author = enAuthor(t); author != "" {
				break
			}
		}
	}
	if author == "" && m.author != "" {
		author = m.author
	}
	if author == "" {
		// A labelled 作者： anywhere on the page (forums and old portals
		// print it in a table far from the headline).
		for _, loc := range zhAuthorRE.FindAllStringSubmatchIndex(pageText, 5) {
			if strings.HasPrefix(pageText[loc[2]:], "作者") {
				if author = namesAfter(pageText[loc[1]:]); author != "" {
					break
				}
			}
		}
	}
	if author == "" && lang == "zh" {
		for _, t := range []string{header, edges, pageText} {
			if author = zhEditor(t); author != "" {
				break
			}
		}
	}
	for _, t := range texts {
		if source = zhSource(t); source != "" {
			break
		}
		if source = enSource(t); source != "" {
			break
		}
	}
	if source == "" {
		source = m.sourceElement
	}
	if author == "" && personName(source) && utf8.RuneCountInString(source) <= 3 {
		// "来源: 尹娟": some portals put the writer in the source field.
		author = source
	}
	return cleanAuthor(author), source
}
