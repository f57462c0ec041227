package discover

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is one link of a page.
type Link struct {
	URL  *url.URL // canonical
	Text string   // the anchor text, spaces collapsed
	Rel  string   // the rel attribute, lower case
}

// Page is what discovery needs of an HTML page.
type Page struct {
	URL       *url.URL
	Links     []Link
	Canonical *url.URL   // <link rel="canonical">, nil when absent
	Feeds     []*url.URL // <link rel="alternate" type="application/rss+xml|atom+xml">
	Next      *url.URL   // <link rel="next">
	// Headings counts <h1> elements; an article has one.
	Headings int
	// TextUnits and LinkUnits measure the visible text, and the part of
	// it inside links (a Han character or a Latin word is one unit).
	TextUnits, LinkUnits int
	// HeadlineLinks counts links whose text reads like a headline.
	HeadlineLinks int
	// Lead is the first few thousand characters of visible text, where a
	// publish date would be.
	Lead string
	// Truncated is set when the page had more links than were kept.
	Truncated bool
}

// leadLimit is how much visible text Lead keeps.
const leadLimit = 4000

// ParseHTML reads a decoded page with the streaming tokenizer of
// golang.org/x/net/html, the tokenizer goquery's parser is built on: it
// keeps no tree, so a page nested 10,000 levels deep or holding 100,000
// links costs one pass and little memory. At most maxLinks links are kept.
func ParseHTML(text string, pageURL *url.URL, maxLinks int) *Page {
	p := &Page{URL: pageURL}
	base := pageURL
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(1 << 20) // one token (a giant attribute) may not take more
	var (
		skipDepth int // inside script, style ...
		inAnchor  bool
		anchor    Link
		anchorTxt strings.Builder
		lead      strings.Builder
		seen      = map[string]bool{}
	)
	addLink := func(l Link) {
		if len(p.Links) >= maxLinks {
			p.Truncated = true
			return
		}
		key := l.URL.String()
		if seen[key] {
			// Keep the first occurrence but learn a better text or rel.
			for i := range p.Links {
				if p.Links[i].URL.String() == key {
					if p.Links[i].Rel == "" {
						p.Links[i].Rel = l.Rel
					}
					if len(p.Links[i].Text) < len(l.Text) {
						p.Links[i].Text = l.Text
					}
					break
				}
			}
			return
		}
		seen[key] = true
		p.Links = append(p.Links, l)
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if inAnchor {
				anchor.Text = collapse(anchorTxt.String())
				addLink(anchor)
			}
			p.Lead = lead.String()
			return p
		case html.TextToken:
			if skipDepth > 0 {
				continue
			}
			t := string(z.Text())
			n := units(t)
			p.TextUnits += n
			if inAnchor {
				p.LinkUnits += n
				if anchorTxt.Len() < 512 {
					anchorTxt.WriteString(t)
				}
			}
			if lead.Len() < leadLimit && strings.TrimSpace(t) != "" {
				lead.WriteString(collapse(t))
				lead.WriteByte('\n')
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Textarea:
				if tt == html.StartTagToken {
					skipDepth++
				}
				continue
			case atom.H1:
				p.Headings++
			}
			if !hasAttr {
				continue
			}
			attrs := readAttrs(z)
			switch a {
			case atom.Base:
				if b, err := url.Parse(strings.TrimSpace(attrs["href"])); err == nil && attrs["href"] != "" {
					base = pageURL.ResolveReference(b)
				}
			case atom.Link:
				p.readLinkTag(attrs, base)
			case atom.A, atom.Area:
				href := attrs["href"]
				u, err := Canonicalize(href, base)
				if href == "" || err != nil {
					continue
				}
				l := Link{URL: u, Rel: strings.ToLower(attrs["rel"])}
				if a == atom.Area || tt == html.SelfClosingTagToken {
					l.Text = collapse(attrs["alt"] + attrs["title"])
					addLink(l)
					continue
				}
				if inAnchor { // an unclosed <a>: close it
					anchor.Text = collapse(anchorTxt.String())
					addLink(anchor)
				}
				inAnchor, anchor = true, l
				anchorTxt.Reset()
				// The title attribute stands in for an image link's text.
				anchor.Text = collapse(attrs["title"])
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Textarea:
				if skipDepth > 0 {
					skipDepth--
				}
			case atom.A:
				if inAnchor {
					if t := collapse(anchorTxt.String()); t != "" || anchor.Text == "" {
						anchor.Text = t
					}
					if headline(anchor.Text) {
						p.HeadlineLinks++
					}
					addLink(anchor)
					inAnchor = false
				}
			}
		}
	}
}

func (p *Page) readLinkTag(attrs map[string]string, base *url.URL) {
	rels := strings.Fields(strings.ToLower(attrs["rel"]))
	href := attrs["href"]
	if href == "" {
		return
	}
	u, err := Canonicalize(href, base)
	if err != nil {
		return
	}
	for _, rel := range rels {
		switch rel {
		case "canonical":
			p.Canonical = u
		case "next":
			p.Next = u
		case "alternate":
			t := strings.ToLower(attrs["type"])
			if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
				p.Feeds = append(p.Feeds, u)
			}
		}
	}
}

func readAttrs(z *html.Tokenizer) map[string]string {
	attrs := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		key := string(k)
		if _, dup := attrs[key]; !dup {
			attrs[key] = string(v)
		}
		if !more {
			return attrs
		}
	}
}

// units counts Han characters and Latin words.
func units(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return n
}

// headline reports anchor text as long as a headline: ten Han characters
// or five words.
func headline(s string) bool {
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han >= 10 || len(strings.Fields(s)) >= 5
}

// collapse trims s and collapses runs of white space to one space.
func collapse(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Join(strings.Fields(s), " ")
}
