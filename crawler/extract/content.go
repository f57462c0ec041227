package extract

import (
	"sort"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// minParagraphUnits is the least text that counts as a paragraph: about ten
// Han characters or a short English sentence.
const minParagraphUnits = 25

// findContent returns the elements that hold the article, in document order:
// the best-scoring container and those of its siblings that score close to
// it. The scoring follows Readability (paragraphs credit their ancestors by
// their length and clause punctuation; link-heavy containers are
// discounted), with text measured so that Chinese and English weigh alike
// and with <br>-separated text counted as paragraphs, as old Chinese pages
// write it.
func findContent(body *html.Node, infos map[*html.Node]*nodeInfo, cls classNames) []*html.Node {
	var candidates []*html.Node
	credit := func(n *html.Node, score float64) {
		ni := infos[n]
		if ni == nil {
			return
		}
		if !ni.scored {
			ni.scored = true
			ni.score = tagWeight(n) + cls.of(n).weight
			candidates = append(candidates, n)
		}
		ni.score += score
	}

	forEachElement(body, func(n *html.Node) bool {
		ni := infos[n]
		if ni == nil {
			return true
		}
		st, links, self := paragraphText(n, ni)
		if st.units < minParagraphUnits || links > 0.5*st.units {
			return true
		}
		score := 1 + float64(st.commas) + min(st.units/100, 3)
		level := 0
		start := n.Parent
		if self {
			start = n
		}
		for a := start; a != nil && level < 5; a = a.Parent {
			if a.Type != html.ElementNode {
				break
			}
			switch level {
			case 0:
				credit(a, score)
			case 1:
				credit(a, score/2)
			default:
				credit(a, score/float64(level*3))
			}
			level++
		}
		return true
	})
	if len(candidates) == 0 {
		return nil
	}

	for _, c := range candidates {
		ni := infos[c]
		ni.score *= 1 - ni.linkDensity()
	}
	sort.SliceStable(candidates, func(i, j int) bool { return infos[candidates[i]].score > infos[candidates[j]].score })
	top := promote(candidates, infos)
	return withSiblings(top, infos)
}

// paragraphText returns the text a node contributes as a paragraph, its
// link units, and whether the node itself (rather than its parent) is the
// container to credit: a <div> or <td> of loose text is both paragraph and
// container.
func paragraphText(n *html.Node, ni *nodeInfo) (textStats, float64, bool) {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Blockquote, atom.Dd, atom.H2, atom.H3, atom.H4:
		if isHeading(n) {
			return textStats{}, 0, false
		}
		return ni.all, ni.linkUnits, false
	case atom.A, atom.Li, atom.Dt, atom.Th, atom.H1, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Tbody, atom.Tr:
		return textStats{}, 0, false
	}
	if !isBlock(n) && n.DataAtom != atom.Font && n.DataAtom != atom.Span {
		return textStats{}, 0, false
	}
	if n.DataAtom == atom.Font || n.DataAtom == atom.Span {
		// Inline wrappers count only when they are the paragraph: a
		// parent that is itself inline text would count them twice.
		if p := n.Parent; p != nil && !isBlock(p) {
			return textStats{}, 0, false
		}
	}
	return ni.inline, ni.inlineLinks, true
}

// tagWeight is Readability's prior for a container by its tag.
func tagWeight(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// promote moves from the top-scoring node to an ancestor when several
// near-best candidates sit under it (an article split into sibling boxes),
// and past wrappers that hold nothing else.
func promote(candidates []*html.Node, infos map[*html.Node]*nodeInfo) *html.Node {
	top := candidates[0]
	topScore := infos[top].score
	var alternatives []*html.Node
	for _, c := range candidates[1:min(len(candidates), 6)] {
		if infos[c].score >= 0.75*topScore && !isAncestor(c, top) && !isAncestor(top, c) {
			alternatives = append(alternatives, c)
		}
	}
	if len(alternatives) >= 3 {
		for a := top.Parent; a != nil && a.DataAtom != atom.Body; a = a.Parent {
			shared := 0
			for _, alt := range alternatives {
				if isAncestor(a, alt) {
					shared++
				}
			}
			if shared >= 3 {
				top = a
				break
			}
		}
	}
	for top.Parent != nil && top.Parent.Type == html.ElementNode && top.Parent.DataAtom != atom.Body && onlyElementChild(top) {
		top = top.Parent
	}
	return top
}

func onlyElementChild(n *html.Node) bool {
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && c.Type == html.ElementNode {
			return false
		}
		if c.Type == html.TextNode && collapseSpace(c.Data) != "" {
			return false
		}
	}
	return true
}

// withSiblings returns top with the siblings that belong to the article:
// those scoring at least a fifth of it, and plain paragraphs of prose.
func withSiblings(top *html.Node, infos map[*html.Node]*nodeInfo) []*html.Node {
	parent := top.Parent
	if parent == nil || parent.Type != html.ElementNode {
		return []*html.Node{top}
	}
	topScore := infos[top].score
	threshold := max(10, topScore*0.2)
	topClass := attr(top, "class")
	var out []*html.Node
	for s := parent.FirstChild; s != nil; s = s.NextSibling {
		if s == top {
			out = append(out, s)
			continue
		}
		if s.Type != html.ElementNode {
			continue
		}
		si := infos[s]
		if si == nil {
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(s, "class") == topClass {
			bonus = topScore * 0.2
		}
		if si.scored && si.score+bonus >= threshold {
			out = append(out, s)
			continue
		}
		if s.DataAtom == atom.P {
			ld := si.linkDensity()
			units := si.all.units
			if (units > 80 && ld < 0.25) || (units > 0 && units <= 80 && ld == 0 && si.all.commas > 0) {
				out = append(out, s)
			}
		}
	}
	return out
}
