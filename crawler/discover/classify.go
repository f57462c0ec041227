package discover

import (
	"net/url"
	"time"

	"github.com/newsdex/newsdex/crawler/dates"
)

// ArticleScore weighs the evidence that a fetched page is an article rather
// than a list: the URL's shape, one main heading, a publish date near the
// top, and text that is mostly not links. Above zero reads as an article,
// below zero as a list. The extractor has the last word on whether a page
// holds an article's text at all; this score overrules it only for pages
// that have text but are shaped like lists (a list with long summaries).
func ArticleScore(u *url.URL, p *Page, loc *time.Location, now time.Time) int {
	score := 0
	switch {
	case LooksLikeArticleURL(u):
		score += 2
	case LooksLikeListURL(u):
		score -= 3
	}
	switch {
	case p.Headings == 1:
		score++
	case p.Headings > 2:
		score--
	}
	if _, ok := dates.Find(p.Lead, loc, now); ok {
		score++
	}
	own := p.TextUnits - p.LinkUnits
	switch {
	case p.HeadlineLinks >= 8 && p.LinkUnits*2 > p.TextUnits:
		score -= 3
	case p.HeadlineLinks >= 5 && p.LinkUnits*3 > p.TextUnits:
		score--
	}
	if own > 400 {
		score++
	}
	return score
}
