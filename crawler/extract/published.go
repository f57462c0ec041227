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
// anywhere, then the date in the URL. A time written with an offset keeps
// it (the day it names is the day the page shows); one without is read in
// loc.
func findPublished(m pageMeta, timeAttrs []string, header string, dateNamed []string, paragraphs []string, pageText, pageURL string, loc *time.Location, now time.Time) time.Time {
	for _, s := range m.published {
		if t, ok := dates.Parse(s, loc, now); ok {
			return localOffset(t, header, now)
		}
	}
	for _, s := range timeAttrs {
		if t, ok := dates.Parse(s, loc, now); ok {
			return t
		}
	}
	if t, ok := dates.Find(header, loc, now); ok {
		return t
	}
	for _, s := range dateNamed {
		if t, ok := dates.Find(s, loc, now); ok {
			return t
		}
	}
	edges := edgeLines(paragraphs, 3)
	if t, ok := dates.Find(edges, loc, now); ok {
		return t
	}
	for _, l := range labelledDateRE.FindAllStringIndex(pageText, 20) {
		rest := truncateRunes(pageText[l[1]:], 40)
		if t, ok := dates.Parse(rest, loc, now); ok && dateAtStart(rest) {
			return t
		}
	}
	if m := urlDateRE.FindStringSubmatch(pageURL); m != nil {
		if t, ok := dates.Parse(m[1]+"-"+m[2]+"-"+m[3], loc, now); ok {
			return t
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

// dateNamedElements returns the short texts of elements named for a date
// ("pubtime", "paperdate", "cnt_date"), first in document order, leaving out
// those in lists and links, which date other stories.
func dateNamedElements(root *html.Node, cls classNames) []string {
	var out []string
	forEachElement(root, func(n *html.Node) bool {
		if skipTags[n.DataAtom] || n.DataAtom == atom.Li || n.DataAtom == atom.A || n.DataAtom == atom.Ul {
			return false
		}
		if len(out) >= 3 {
			return false
		}
		if cls.of(n).date {
			if text := textOf(n); text != "" && len(text) <= 120 {
				out = append(out, text)
				return false
			}
		}
		return true
	})
	return out
}

// localOffset gives a metadata time stated in UTC the offset the page itself
// prints its time in: "2020-02-25T02:25:54Z" in the metadata and
// "February 24, 2020 | 9:25pm" under the headline make 21:25-05:00, the
// day a reader of that page saw.
func localOffset(t time.Time, header string, now time.Time) time.Time {
	if _, offset := t.Zone(); offset != 0 {
		return t
	}
	shown, ok := dates.Find(header, time.UTC, now)
	if !ok || shown.Hour() == 0 && shown.Minute() == 0 {
		return t
	}
	diff := shown.Sub(t.Truncate(time.Minute))
	if diff == 0 || diff.Abs() > 14*time.Hour || diff%(15*time.Minute) != 0 {
		return t
	}
	return t.In(time.FixedZone("", int(diff.Seconds())))
}
