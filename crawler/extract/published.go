package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/newsdex/newsdex/crawler/dates"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// urlDateRE finds a date in an article URL: /2021/01/22/, /2021-01-22/,
// /20210122/, /2005-08/16/.
var urlDateRE = regexp.MustCompile(`/((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?:[/_.\-]|\d{0,10}(?:[/_.]|$))`)

// labelledDateRE finds a date that a label announces anywhere in the page.
var labelledDateRE = regexp.MustCompile(`(?i)(发布时间|发表时间|发布日期|发表日期|发布于|发表于|时间|日期|published(?: on)?|posted(?: on)?|date)\s*[:：]?\s*`)

// findPublished returns the publish time from the strongest evidence:
// JSON-LD and <meta> tags, a <time datetime> next to the headline, the
// info line under it, the first and last lines of the body, a labelled date
// anywhere, then the date in the URL. Times are returned in loc.
func findPublished(m pageMeta, timeAttrs []string, header string, paragraphs []string, pageText, pageURL string, loc *time.Location, now time.Time) time.Time {
	inLoc := func(t time.Time) time.Time { return t.In(loc) }
	for _, s := range m.published {
		if t, ok := dates.Parse(s, loc, now); ok {
			return inLoc(t)
		}
	}
	for _, s := range timeAttrs {
		if t, ok := dates.Parse(s, loc, now); ok {
			return inLoc(t)
		}
	}
	if t, ok := dates.Find(header, loc, now); ok {
		return inLoc(t)
	}
	edges := edgeLines(paragraphs, 3)
	if t, ok := dates.Find(edges, loc, now); ok {
		return inLoc(t)
	}
	for _, l := range labelledDateRE.FindAllStringIndex(pageText, 20) {
		rest := truncateRunes(pageText[l[1]:], 40)
		if t, ok := dates.Parse(rest, loc, now); ok && dateAtStart(rest) {
			return inLoc(t)
		}
	}
	if m := urlDateRE.FindStringSubmatch(pageURL); m != nil {
		if t, ok := dates.Parse(m[1]+"-"+m[2]+"-"+m[3], loc, now); ok {
			return inLoc(t)
		}
	}
	return time.Time{}
}

var leadingDateRE = regexp.MustCompile(`^\s*[\[(（]?\s*(?:(?:19|20)\d{2}|[0-9０-９]{1,2}\s*[-/月]|[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9})`)

func dateAtStart(s string) bool { return leadingDateRE.MatchString(s) }

// edgeLines joins the first and last n paragraphs, where bodies print their
// date lines ("（2022年02月13日 02版）").
func edgeLines(paragraphs []string, n int) string {
	if len(paragraphs) <= 2*n {
		return strings.Join(paragraphs, " | ")
	}
	return strings.Join(append(append([]string{}, paragraphs[:n]...), paragraphs[len(paragraphs)-n:]...), " | ")
}

// timeElements returns the datetime of <time> elements near the headline:
// inside its nearest containers.
func timeElements(title *html.Node) []string {
	if title == nil {
		return nil
	}
	var out []string
	scope := title
	for i := 0; i < 3 && scope.Parent != nil && scope.Parent.Type == html.ElementNode && scope.Parent.DataAtom != atom.Body; i++ {
		scope = scope.Parent
	}
	forEachElement(scope, func(n *html.Node) bool {
		if n.DataAtom == atom.Time {
			if v := attr(n, "datetime"); v != "" {
				out = append(out, v)
			}
		}
		return true
	})
	return out
}
