package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is one paragraph of the body, or one photo.
type block struct {
	text  string
	image *imageRef
	// caption marks text printed as a photo's caption.
	caption bool
	// centered text under a photo is usually its caption.
	centered bool
}

// imageRef is a photo found in the content, before its caption is known.
type imageRef struct {
	src     string
	alt     string
	caption string
}

// renderer turns content elements into blocks, leaving out link lists and
// boilerplate boxes that sit inside the article container.
type renderer struct {
	infos  map[*html.Node]*nodeInfo
	cls    classNames
	base   *url.URL
	blocks []block
	line   strings.Builder
	// centered records that the current line sits in a centered element.
	centered bool
	// inCaption counts open caption elements around the current line.
	inCaption int
	// inLink counts open links around the current text.
	inLink  int
	density contentDensity
}

// render returns the blocks of the content and how much of the rendered
// text is link text (for the list-page test: what was dropped as
// boilerplate does not count).
func render(nodes []*html.Node, infos map[*html.Node]*nodeInfo, base *url.URL, cls classNames) ([]block, contentDensity) {
	r := &renderer{infos: infos, base: base, cls: cls}
	for _, n := range nodes {
		r.walk(n)
		r.flush()
	}
	return r.blocks, r.density
}

func (r *renderer) flush() {
	text := collapseSpace(r.line.String())
	r.line.Reset()
	if text != "" {
		r.blocks = append(r.blocks, block{text: text, caption: r.inCaption > 0, centered: r.centered})
	}
	r.centered = false
}

func (r *renderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.line.WriteString(n.Data)
		units := measure(n.Data).units
		r.density.units += units
		if r.inLink > 0 {
			r.density.linkUnits += units
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if skipTags[n.DataAtom] || r.boilerplate(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		r.flush()
		return
	case atom.Img:
		r.image(n)
		return
	case atom.Hr:
		r.flush()
		return
	}
	block := isBlock(n) || n.DataAtom == atom.Figcaption
	caption := n.DataAtom == atom.Figcaption || r.cls.of(n).caption
	if block {
		r.flush()
	}
	if caption {
		r.inCaption++
	}
	link := isLink(n)
	if link {
		r.inLink++
		if ni := r.infos[n]; ni != nil && ni.all.units >= 20 {
			r.density.headlineLinks++
		}
		defer func() { r.inLink-- }()
	}
	if block && centeredElement(n) {
		r.centered = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
	if block {
		r.flush()
	}
	if caption {
		r.inCaption--
	}
}

func centeredElement(n *html.Node) bool {
	if n.DataAtom == atom.Center || strings.EqualFold(attr(n, "align"), "center") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "text-align:center")
}

// boilerplate is Readability's "clean conditionally": inside the article
// container, a list, table or box that is mostly links or named like
// boilerplate, without the clauses of prose, is dropped.
func (r *renderer) boilerplate(n *html.Node) bool {
	ni := r.infos[n]
	if ni == nil {
		return false
	}
	switch n.DataAtom {
	case atom.Div, atom.Ul, atom.Ol, atom.Table, atom.Section, atom.Dl, atom.Aside, atom.Form, atom.Span, atom.Center, atom.Nav, atom.Header, atom.Footer:
	default:
		return false
	}
	if ni.all.commas >= 10 {
		return false
	}
	weight := r.cls.of(n).weight
	if weight < 0 {
		return true
	}
	ld := ni.linkDensity()
	if (weight < 25 && ld > 0.33) || ld > 0.5 {
		return true
	}
	// A box of links to other stories: several list items, no paragraphs.
	if ni.listItems > 3 && ni.paragraphs == 0 && ld > 0.2 {
		return true
	}
	return false
}

func (r *renderer) image(n *html.Node) {
	src := imageSource(n)
	if src == "" {
		return
	}
	abs := resolve(r.base, src)
	if abs == "" || decorative(n, abs) {
		return
	}
	r.flush()
	r.blocks = append(r.blocks, block{image: &imageRef{src: abs, alt: collapseSpace(attr(n, "alt"))}})
}

// imageSource prefers the lazy-loading attributes, which hold the real photo
// where src is a placeholder.
func imageSource(n *html.Node) string {
	for _, key := range []string{"data-src", "data-original", "data-lazy-src", "data-url", "src"} {
		if v := strings.TrimSpace(attr(n, key)); v != "" && !strings.HasPrefix(v, "data:") {
			return v
		}
	}
	return ""
}

// decorative reports icons, spacers and tracking pixels.
func decorative(n *html.Node, src string) bool {
	for _, key := range []string{"width", "height"} {
		if v := attr(n, key); v != "" && len(v) <= 2 && strings.Trim(v, "0123456789") == "" {
			if atoiSafe(v) < 50 {
				return true
			}
		}
	}
	lower := strings.ToLower(src)
	for _, s := range []string{"icon", "logo", "spacer", "blank.gif", "pixel", "share", "qrcode", "erweima", "avatar", "emoji", "/ad/", "loading"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

func atoiSafe(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return n
		}
		n = n*10 + int(r-'0')
		if n > 1<<20 {
			return n
		}
	}
	return n
}

// resolve makes ref absolute against base; "" when it cannot be.
func resolve(base *url.URL, ref string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme == "" && strings.HasPrefix(ref, "//") {
		u.Scheme = "https"
	}
	return u.String()
}
