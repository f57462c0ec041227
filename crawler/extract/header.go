package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headerZoneLimit is how much text after the headline is read for the
// publish time, author and source: pages print them in a line or two
// under the title.
const headerZoneLimit = 400

// headerZone returns the visible text that follows the title element,
// where the info line (date, source, author, views) stands.
func headerZone(root, title *html.Node) string {
	if title == nil {
		return ""
	}
	var b strings.Builder
	passed := false
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n == title {
			passed = true
			return false
		}
		switch n.Type {
		case html.TextNode:
			if passed {
				// Adjacent <span>s of an info line ("3小时前", "来源:…")
				// must not run together.
				b.WriteString(n.Data)
				b.WriteByte(' ')
				if b.Len() > headerZoneLimit*3 {
					return true
				}
			}
			return false
		case html.ElementNode:
			if skipTags[n.DataAtom] {
				return false
			}
			if passed && (isBlock(n) || n.DataAtom == atom.Br) {
				b.WriteString("\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		if passed && isBlock(n) {
			b.WriteString("\n")
		}
		return false
	}
	walk(root)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = collapseSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return truncateRunes(strings.Join(lines, "\n"), headerZoneLimit)
}

func truncateRunes(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}
