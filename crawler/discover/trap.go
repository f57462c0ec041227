package discover

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Guard refuses URLs that look like crawler traps: endless calendars,
// ever-growing paths, piles of query parameters, and too many pages of one
// URL template. One Guard serves one site for one run.
type Guard struct {
	// MaxURLLen, MaxDepth, MaxParams and MaxRepeat bound a URL's length,
	// its path segments, its query parameters and how often one path
	// segment may repeat (/a/b/a/b/a/b/).
	MaxURLLen, MaxDepth, MaxParams, MaxRepeat int
	// MaxPerTemplate bounds the list pages that share a template (the URL
	// with its numbers replaced): a calendar has one template and no end.
	MaxPerTemplate int
	// Now anchors the calendar check: dates more than a year ahead, or
	// before 1990, are not news.
	Now time.Time

	templates map[string]int
}

// NewGuard returns a guard with the defaults.
func NewGuard(now time.Time) *Guard {
	return &Guard{MaxURLLen: 400, MaxDepth: 12, MaxParams: 6, MaxRepeat: 2, MaxPerTemplate: 40, Now: now, templates: map[string]int{}}
}

var (
	digitsRE = regexp.MustCompile(`\d+`)
	// yearRE finds a year followed by a month (2026/10, 2026-10, 20261012,
	// year=2026): a bare four-digit number is more often an id.
	yearRE = regexp.MustCompile(`(?i)(?:^|[/_=&-])([12]\d{3})(?:[-/_](?:0?[1-9]|1[0-2])(?:[/_.&-]|$)|(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])(?:[/_.&-]|$))|(?:^|&)(?:year|yr)=([12]\d{3})`)
)

// Check returns why u must not be crawled, "" when it may be. list is set
// for URLs that would be crawled as list pages: they count against their
// template; article URLs do not (a site has thousands of them, all alike).
func (g *Guard) Check(u *url.URL, list bool) string {
	s := u.String()
	if len(s) > g.MaxURLLen {
		return "url_too_long"
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > g.MaxDepth {
		return "path_too_deep"
	}
	counts := map[string]int{}
	for _, seg := range segs {
		if seg == "" {
			continue
		}
		counts[seg]++
		if counts[seg] > g.MaxRepeat {
			return "repeating_path"
		}
	}
	if q := u.Query(); len(q) > g.MaxParams {
		return "too_many_params"
	}
	if y, ok := urlYear(u); ok && (y < 1990 || y > g.Now.Year()+1) {
		return "calendar"
	}
	if list {
		tmpl := u.Host + digitsRE.ReplaceAllString(u.Path, "N") + "?" + digitsRE.ReplaceAllString(u.RawQuery, "N")
		if g.templates[tmpl] >= g.MaxPerTemplate {
			return "template_limit"
		}
		g.templates[tmpl]++
	}
	return ""
}

// urlYear finds a year written into a URL's path or query.
func urlYear(u *url.URL) (int, bool) {
	for _, s := range []string{u.Path, u.RawQuery} {
		if m := yearRE.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1] + m[2])
			return y, true
		}
	}
	return 0, false
}
