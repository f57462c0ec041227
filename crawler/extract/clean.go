package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// prune removes what can never be article text: scripts, styles, forms'
// controls, hidden elements, comments, and the page's navigation and
// footer; with dropUnlikely also containers whose class or id names
// boilerplate (share bars, comment boxes, "hot news", copyright notices).
func prune(root *html.Node, dropUnlikely bool, cls classNames) {
	var doomed []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.CommentNode:
				doomed = append(doomed, c)
				continue
			case c.Type != html.ElementNode:
				continue
			case skipTags[c.DataAtom] || hidden(c) || structuralBoilerplate(c):
				doomed = append(doomed, c)
				continue
			case dropUnlikely && unlikely(c, cls):
				doomed = append(doomed, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	for _, n := range doomed {
		remove(n)
	}
}

func hidden(n *html.Node) bool {
	if _, ok := hasAttr(n, "hidden"); ok {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// structuralBoilerplate: elements whose tag says navigation or page chrome.
// A <header> or <footer> inside the article is its byline or tag list, and
// neither is body text either.
func structuralBoilerplate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Footer, atom.Aside, atom.Header, atom.Dialog:
		return !holdsProse(n)
	case atom.Form:
		// ASP.NET pages wrap the whole page in one <form>; only forms
		// without running text (search boxes, comment forms) go.
		return !holdsProse(n) && measure(textOf(n)).units < 1000
	}
	role := attr(n, "role")
	return role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" && !holdsProse(n)
}

// unlikely reports a container named like boilerplate that does not hold
// the article's prose (some sites name the article box "...-comment-...").
func unlikely(n *html.Node, cls classNames) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Article, atom.Main, atom.A, atom.Td, atom.Tr, atom.Table, atom.Tbody:
		return false
	}
	nc := cls.of(n)
	if !nc.unlikely {
		return false
	}
	// Comment threads are prose too; a page whose article box is named
	// like one is rescued by the lenient second pass.
	if nc.comment {
		return true
	}
	if nc.maybe {
		return false
	}
	return !holdsProse(n)
}

// holdsProse reports whether n contains running text: many clauses and few
// links, as an article has and a menu, footer or comment form has not.
func holdsProse(n *html.Node) bool {
	text := textOf(n)
	st := measure(text)
	if st.commas < 8 || st.units < 300 {
		return false
	}
	return linkUnits(n) < 0.3*st.units
}

// linkUnits is the length of the text inside links under n.
func linkUnits(n *html.Node) float64 {
	total := 0.0
	forEachElement(n, func(e *html.Node) bool {
		if isLink(e) {
			total += measure(textOf(e)).units
			return false
		}
		return true
	})
	return total
}
