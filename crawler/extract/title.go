package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// titleSeparatorRE splits a <title> into the headline and the site name
// appended to it: "Headline - Site", "标题_频道_网站".
var titleSeparatorRE = regexp.MustCompile(`\s+[|\-–—·»:]\s+|\s*[_|｜—–]\s*|\s+-\s*|\s*-\s+`)

// chooseTitle returns the article's own headline and the element that shows
// it (nil when it comes from metadata alone). A heading on the page that the
// <title> or og:title also carries is the headline; failing that the
// JSON-LD headline, og:title, then the <title> without its site name.
func chooseTitle(root *html.Node, m pageMeta, cls classNames) (string, *html.Node) {
	refs := []string{m.headline, m.ogTitle, m.docTitle}
	var best *html.Node
	bestText := ""
	for _, h := range headingCandidates(root, cls) {
		text := collapseSpace(textOf(h))
		n := utf8.RuneCountInString(text)
		if n < 4 || n > 200 {
			continue
		}
		for _, ref := range refs {
			if ref != "" && (strings.Contains(normTitle(ref), normTitle(text))) {
				if utf8.RuneCountInString(text) > utf8.RuneCountInString(bestText) {
					best, bestText = h, text
				}
				break
			}
		}
	}
	if best != nil {
		return bestText, best
	}
	if n := textMatchingTitle(root, refs); n != nil {
		return collapseSpace(textOf(n)), n
	}
	for _, ref := range []string{m.headline, stripSiteName(m.ogTitle), stripSiteName(m.docTitle)} {
		if ref != "" {
			return ref, headingWithText(root, ref, cls)
		}
	}
	// Without a <title> to check against, only an <h1> or an element named
	// as the headline is trusted; a stray <h2> is usually a sidebar's.
	for _, h := range headingCandidates(root, cls) {
		if h.DataAtom == atom.H1 || isTitleNamed(h, cls) {
			if text := collapseSpace(textOf(h)); utf8.RuneCountInString(text) >= 4 {
				return text, h
			}
		}
	}
	return "", nil
}

// headingCandidates are the elements a headline is printed in: <h1>, the
// first <h2>s, and elements named title or headline.
func headingCandidates(root *html.Node, cls classNames) []*html.Node {
	var out []*html.Node
	h2s := 0
	forEachElement(root, func(n *html.Node) bool {
		if skipTags[n.DataAtom] {
			return false
		}
		switch {
		case n.DataAtom == atom.H1:
			out = append(out, n)
			return false
		case n.DataAtom == atom.H2 && h2s < 8:
			h2s++
			out = append(out, n)
			return false
		case isTitleNamed(n, cls):
			out = append(out, n)
		}
		return true
	})
	return out
}

func isTitleNamed(n *html.Node, cls classNames) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.A, atom.Ul, atom.Li, atom.Img:
		return false
	}
	return cls.of(n).title
}

func headingWithText(root *html.Node, text string, cls classNames) *html.Node {
	want := normTitle(text)
	for _, h := range headingCandidates(root, cls) {
		if normTitle(textOf(h)) == want {
			return h
		}
	}
	return nil
}

// normTitle compares titles ignoring spacing and quote styles.
func normTitle(s string) string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "　", "").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), "")
}

// stripSiteName drops the site and channel names a <title> appends to the
// headline: the longest part is the headline.
func stripSiteName(t string) string {
	t = collapseSpace(t)
	parts := titleSeparatorRE.Split(t, -1)
	if len(parts) < 2 {
		return t
	}
	best := ""
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if utf8.RuneCountInString(p) > utf8.RuneCountInString(best) {
			best = p
		}
	}
	// A headline that itself contains the separator ("Aluminium - a
	// year of records") would lose its tail; keep the whole unless the
	// longest part is clearly the bulk of it.
	if utf8.RuneCountInString(best) < utf8.RuneCountInString(t)/3 {
		return t
	}
	return best
}

// textMatchingTitle finds the element printing the headline on pages that
// mark it up with neither <h1> nor a title class (old portals use <th>,
// <b style=...>, <td class=f24>): the longest run of text that the <title>
// or og:title contains and that is most of the title without its site name.
func textMatchingTitle(root *html.Node, refs []string) *html.Node {
	var best *html.Node
	bestLen := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && skipTags[n.DataAtom] {
			return
		}
		if n.Type == html.TextNode && n.Parent != nil {
			text := normTitle(n.Data)
			l := utf8.RuneCountInString(text)
			if l >= 4 && l > bestLen {
				for _, ref := range refs {
					if ref == "" {
						continue
					}
					core := normTitle(stripSiteName(ref))
					if strings.Contains(normTitle(ref), text) && 2*l >= utf8.RuneCountInString(core) {
						best, bestLen = n.Parent, l
						break
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return best
}
