// Package extract pulls the article out of a news page: title, publish time,
// author, source, body and photos with their captions, from pages it has
// never seen and for which it has no site rule. Site rules (CSS selectors),
// when given, win field by field.
package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/newsdex/newsdex"
	"golang.org/x/net/html"
)

// ErrNotArticle is wrapped by Extract's error for pages that hold no article:
// list pages, error pages, empty pages.
var ErrNotArticle = errors.New("not an article")

// Rules are the CSS selectors of a site's `select:` entry; each non-empty one
// wins over the generic extractor for its field.
type Rules struct {
	Title, Published, Body, Author, Source string
}

// Options tell Extract what it cannot learn from the page alone.
type Options struct {
	// URL is where the page was fetched from; relative links resolve
	// against it.
	URL string
	// Lang is "zh" or "en"; "" detects it from the text.
	Lang string
	// Location is the site's time zone for times written without an
	// offset; nil means Asia/Shanghai for Chinese pages, UTC otherwise.
	Location *time.Location
	Rules    Rules
	// Now anchors relative dates ("3小时前"); zero means time.Now().
	Now time.Time
}

// maxInput caps the HTML Extract reads: an article page is rarely over a
// megabyte, and a 20 MB page must not cost 20 MB of DOM.
const maxInput = 4 << 20

// Extract returns the article of a page already decoded to UTF-8. The
// returned error wraps ErrNotArticle for pages without an article.
func Extract(page string, opts Options) (newsdex.Article, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	page = truncateUTF8(page, maxInput)
	doc, page, err := parsePage(page)
	if err != nil {
		return newsdex.Article{}, fmt.Errorf("extract %s: parse: %w", opts.URL, err)
	}
	root := doc.Get(0)
	base := baseURL(doc, opts.URL)

	cls := classNames{}
	meta := readMeta(doc, cls)
	title, titleNode := chooseTitle(root, meta, cls)
	header := headerZone(root, titleNode)
	timeAttrs := timeElements(titleNode)
	dateNamed := dateNamedElements(root, cls)
	bylineText := bylineElements(root, cls)
	ruled := applyTextRules(doc, opts.Rules)
	pageText := ""

	paragraphs, images, density, err := mainContent(doc, page, opts, base, title, cls, &pageText)
	if err != nil {
		return newsdex.Article{}, fmt.Errorf("extract %s: %w", opts.URL, err)
	}

	a := newsdex.Article{
		URL:    articleURL(meta.canonical, base, opts.URL),
		Title:  title,
		Body:   strings.Join(paragraphs, "\n"),
		Images: images,
	}
	a.Lang = opts.Lang
	if a.Lang == "" {
		a.Lang = detectLang(a.Body+" "+title, meta.htmlLang)
	}
	loc := opts.Location
	if loc == nil {
		loc = defaultLocation(a.Lang)
	}
	a.Published = findPublished(meta, timeAttrs, header, dateNamed, paragraphs, pageText, a.URL+" "+opts.URL, loc, opts.Now)
	a.Author, a.Source = findByline(meta, header, bylineText, paragraphs, pageText, a.Lang)

	if err := ruled.apply(&a, loc, opts.Now); err != nil {
		return newsdex.Article{}, fmt.Errorf("extract %s: %w", opts.URL, err)
	}
	if reason := notArticle(a, density); reason != "" {
		return a, fmt.Errorf("extract %s: %w: %s", opts.URL, ErrNotArticle, reason)
	}
	return a, nil
}

// mainContent finds and renders the article body. It first drops
// containers named like boilerplate; if that leaves too little (a site that
// names its article box "comment-content"), it tries again keeping them.
func mainContent(doc *goquery.Document, page string, opts Options, base *url.URL, title string, cls classNames, pageText *string) ([]string, []newsdex.Image, contentDensity, error) {
	root := doc.Get(0)
	prune(root, false, cls)
	*pageText = textOf(root)
	if opts.Rules.Body != "" {
		if nodes := doc.Find(opts.Rules.Body).Nodes; len(nodes) > 0 {
			infos := collectStats(root)
			blocks, density := render(nodes, infos, base, cls)
			paragraphs, images := cleanBody(blocks, title)
			if len(paragraphs) > 0 {
				return paragraphs, images, density, nil
			}
		}
	}

	var paragraphs []string
	var images []newsdex.Image
	var density contentDensity
	for attempt := 0; attempt < 2; attempt++ {
		r := root
		if attempt == 0 {
			prune(root, true, cls)
		} else {
			// The strict pass removed the boilerplate-named containers from
			// the document; the lenient pass needs them back.
			fresh, err := html.Parse(strings.NewReader(page))
			if err != nil {
				return nil, nil, density, fmt.Errorf("parse: %w", err)
			}
			prune(fresh, false, cls)
			r = fresh
		}
		body := bodyElement(r)
		infos := collectStats(body)
		nodes := findContent(body, infos, cls)
		if len(nodes) == 0 {
			continue
		}
		blocks, d := render(nodes, infos, base, cls)
		p, im := cleanBody(blocks, title)
		if attempt == 1 && measure(strings.Join(p, "")).units <= measure(strings.Join(paragraphs, "")).units {
			break
		}
		paragraphs, images, density = p, im, d
		if measure(strings.Join(paragraphs, "")).units >= 250 {
			break
		}
	}
	return paragraphs, images, density, nil
}

func defaultLocation(lang string) *time.Location {
	if lang == "zh" {
		return shanghai
	}
	return time.UTC
}

// shanghai is China Standard Time. A fixed zone needs no tzdata on the
// machine, and China has had no daylight saving since 1991.
var shanghai = time.FixedZone("CST", 8*3600)

func bodyElement(root *html.Node) *html.Node {
	if b := findFirst(root, func(n *html.Node) bool { return n.Data == "body" }); b != nil {
		return b
	}
	return root
}

// baseURL is the URL relative links resolve against: <base href> over the
// page's own URL.
func baseURL(doc *goquery.Document, pageURL string) *url.URL {
	base, _ := url.Parse(pageURL)
	if href, ok := doc.Find("base[href]").Attr("href"); ok {
		if b, err := url.Parse(strings.TrimSpace(href)); err == nil {
			if base != nil {
				return base.ResolveReference(b)
			}
			if b.IsAbs() {
				return b
			}
		}
	}
	return base
}

// articleURL is the canonical link when it is on the page's own host, else
// the page's URL.
func articleURL(canonical string, base *url.URL, pageURL string) string {
	if canonical == "" || base == nil {
		return pageURL
	}
	c, err := url.Parse(canonical)
	if err != nil {
		return pageURL
	}
	c = base.ResolveReference(c)
	if c.Hostname() != "" && strings.EqualFold(strings.TrimPrefix(c.Hostname(), "www."), strings.TrimPrefix(base.Hostname(), "www.")) {
		return c.String()
	}
	return pageURL
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
