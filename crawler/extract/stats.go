package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeInfo is what the content scorer knows about one element.
type nodeInfo struct {
	all       textStats // all text below the element
	linkUnits float64   // of which inside links
	// inline is the element's own text: text nodes and inline children,
	// leaving out block children. A <div> of <br>-separated lines has all
	// its text inline; a <div> of <p>s has none.
	inline      textStats
	inlineLinks float64
	paragraphs  int // <p> elements below
	listItems   int
	images      int
	score       float64
	scored      bool
}

func (ni *nodeInfo) linkDensity() float64 {
	if ni.all.units == 0 {
		return 0
	}
	return min(ni.linkUnits/ni.all.units, 1)
}

// collectStats measures every element under root in one bottom-up pass.
func collectStats(root *html.Node) map[*html.Node]*nodeInfo {
	infos := make(map[*html.Node]*nodeInfo)
	var walk func(n *html.Node, inLink bool) (textStats, float64)
	walk = func(n *html.Node, inLink bool) (textStats, float64) {
		if n.Type == html.TextNode {
			st := measure(n.Data)
			if inLink {
				return st, st.units
			}
			return st, 0
		}
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return textStats{}, 0
		}
		ni := &nodeInfo{}
		infos[n] = ni
		inLink = inLink || isLink(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			st, lu := walk(c, inLink)
			ni.all.add(st)
			ni.linkUnits += lu
			if c.Type == html.TextNode || (c.Type == html.ElementNode && !isBlock(c)) {
				ni.inline.add(st)
				ni.inlineLinks += lu
			}
			if ci := infos[c]; ci != nil {
				ni.paragraphs += ci.paragraphs
				ni.listItems += ci.listItems
				ni.images += ci.images
			}
		}
		switch n.DataAtom {
		case atom.P:
			ni.paragraphs++
		case atom.Li:
			ni.listItems++
		case atom.Img:
			ni.images++
		}
		return ni.all, ni.linkUnits
	}
	walk(root, false)
	return infos
}

// isLink reports an <a> that goes somewhere: a named anchor left unclosed
// by a sloppy page can wrap the whole article and is no link.
func isLink(n *html.Node) bool {
	if n.DataAtom != atom.A {
		return false
	}
	_, ok := hasAttr(n, "href")
	return ok
}
