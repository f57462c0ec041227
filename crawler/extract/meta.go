package extract

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// pageMeta is what the page says about itself in machine-readable form:
// JSON-LD, OpenGraph and <meta> tags. It is the strongest evidence for the
// title, publish time and author.
type pageMeta struct {
	headline   string // JSON-LD headline
	ogTitle    string
	docTitle   string // <title>
	published  []string
	author     string
	canonical  string
	htmlLang   string
	jsonLDType string
	// sourceElement is the outlet an element named "source" shows.
	sourceElement string
}

// publishedMetaNames are <meta> names and properties that carry the publish
// time, strongest first.
var publishedMetaNames = []string{
	"article:published_time", "og:article:published_time", "og:published_time", "article:published",
	"datepublished", "pubdate", "publishdate", "publish_date", "publish-date", "publishtime", "publish_time",
	"publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date",
	"dcterms.date", "date", "og:pubdate", "citation_publication_date", "citation_date", "weibo:article:create_at",
	"cxenseparse:recs:publishtime", "article.published", "originalpublicationdate", "creation_date",
}

func readMeta(doc *goquery.Document, cls classNames) pageMeta {
	var m pageMeta
	m.docTitle = collapseSpace(doc.Find("title").First().Text())
	m.sourceElement = sourceElement(doc.Get(0), cls)
	m.htmlLang, _ = doc.Find("html").Attr("lang")
	if href, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok {
		m.canonical = strings.TrimSpace(href)
	}

	metaValues := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok {
			return
		}
		content = strings.TrimSpace(content)
		for _, key := range []string{"property", "name", "itemprop", "http-equiv"} {
			if k, ok := s.Attr(key); ok {
				k = strings.ToLower(strings.TrimSpace(k))
				if _, seen := metaValues[k]; !seen && content != "" {
					metaValues[k] = content
				}
			}
		}
	})
	m.ogTitle = collapseSpace(metaValues["og:title"])
	for _, k := range publishedMetaNames {
		if v := metaValues[k]; v != "" {
			m.published = append(m.published, v)
		}
	}
	doc.Find(`[itemprop="datePublished"]`).Each(func(_ int, s *goquery.Selection) {
		for _, k := range []string{"datetime", "content"} {
			if v, ok := s.Attr(k); ok && strings.TrimSpace(v) != "" {
				m.published = append(m.published, v)
				return
			}
		}
		m.published = append(m.published, s.Text())
	})
	for _, k := range []string{"author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author", "citation_author"} {
		if v := metaValues[k]; plausibleAuthor(v) {
			m.author = cleanAuthor(v)
			break
		}
	}

	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s.Text())), &v) != nil {
			return
		}
		if art := findArticleObject(v, 0); art != nil {
			if m.jsonLDType == "" {
				m.jsonLDType, _ = art["@type"].(string)
			}
			if h, _ := art["headline"].(string); h != "" && m.headline == "" {
				m.headline = collapseSpace(h)
			}
			for _, k := range []string{"datePublished", "dateCreated"} {
				if d, _ := art[k].(string); d != "" {
					// JSON-LD outranks <meta>: put it first.
					m.published = append([]string{d}, m.published...)
					break
				}
			}
			if a := ldAuthor(art["author"]); plausibleAuthor(a) {
				m.author = cleanAuthor(a)
			}
		}
	})
	return m
}

// articleTypes are the schema.org types of a news or blog article.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"BlogPosting": true, "OpinionNewsArticle": true, "BackgroundNewsArticle": true, "Report": true,
	"ScholarlyArticle": true, "TechArticle": true, "LiveBlogPosting": true, "SocialMediaPosting": true,
}

// findArticleObject finds the first article object in a JSON-LD value,
// looking into lists and @graph.
func findArticleObject(v any, depth int) map[string]any {
	if depth > 8 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if o := findArticleObject(e, depth+1); o != nil {
				return o
			}
		}
	case map[string]any:
		if isArticleType(x["@type"]) {
			return x
		}
		if g, ok := x["@graph"]; ok {
			return findArticleObject(g, depth+1)
		}
		if e, ok := x["mainEntity"]; ok {
			return findArticleObject(e, depth+1)
		}
	}
	return nil
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[x]
	case []any:
		for _, e := range x {
			if s, _ := e.(string); articleTypes[s] {
				return true
			}
		}
	}
	return false
}

// ldAuthor reads a JSON-LD author: a name, a Person, or a list of them.
func ldAuthor(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if t, _ := x["@type"].(string); t == "Organization" {
			// An organisation as author is the outlet, not a byline.
			return ""
		}
		n, _ := x["name"].(string)
		return n
	case []any:
		var names []string
		for _, e := range x {
			if n := ldAuthor(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}
