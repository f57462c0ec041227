// Package sites reads the sites file: which news sites to crawl and how.
// A site needs only a name and its start pages; everything else refines it.
// Errors name the file, the line and the key, because the file is edited by
// hand and read by a cron job that cannot ask what went wrong.
package sites

import (
	"fmt"
	"net/url"
	"regexp"
	"time"

	_ "time/tzdata" // time zones work on machines without a tz database

	"github.com/newsdex/newsdex/crawler/extract"
)

// DefaultUserAgent is sent when the file names none.
const DefaultUserAgent = "newsdex/1 (+https://github.com/newsdex/newsdex)"

// Defaults for the optional keys of a site.
const (
	DefaultRate     = 1.0 // requests per second
	DefaultMaxPages = 1000
)

// File is a parsed sites file.
type File struct {
	// Path is where the file was read from ("" when parsed from memory).
	Path      string
	UserAgent string
	Sites     []Site
}

// Site is one site to crawl.
type Site struct {
	Name string
	// Start are the list pages, sitemaps or feeds the crawl begins from,
	// absolute http(s) URLs.
	Start []*url.URL
	// Rate is the requests per second to the site's host; a slower
	// robots.txt Crawl-delay wins.
	Rate float64
	// MaxPages bounds the fetches of one run for this site.
	MaxPages int
	// Lang is "zh" or "en" when the pages don't say; "" detects it.
	Lang string
	// Location is the time zone of dates written without an offset; nil
	// leaves the extractor's default (Asia/Shanghai for Chinese pages).
	Location *time.Location
	// Article, when set, decides which URLs are article pages. A pattern
	// starting with "/" is matched from the start of the URL's path (so
	// '/news/\d{4}/' does not match /en/news/2026/); any other pattern
	// anywhere in the full URL.
	Article *regexp.Regexp
	// articleOnPath is set for patterns written as a path: they were
	// anchored at the start of the path when compiled.
	articleOnPath bool
	// Source, when set, is the source facet of every article of the site;
	// otherwise the source the page names, else Name.
	Source string
	// Select are CSS selectors that win over the generic extractor.
	Select Select
	// Line is where the site is written in the file, for messages.
	Line int
}

// Select is the `select:` entry of a site.
type Select struct {
	Title, Published, Body, Author, Source string
}

// Rules converts the selectors to the extractor's rules.
func (s Select) Rules() extract.Rules {
	return extract.Rules{Title: s.Title, Published: s.Published, Body: s.Body, Author: s.Author, Source: s.Source}
}

// IsArticle reports whether the site's article pattern matches u; ok is
// false when the site has no pattern.
func (s *Site) IsArticle(u *url.URL) (match, ok bool) {
	if s.Article == nil {
		return false, false
	}
	if !s.articleOnPath {
		return s.Article.MatchString(u.String()), true
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return s.Article.MatchString(target), true
}

// Find returns the site named name.
func (f *File) Find(name string) (*Site, bool) {
	for i := range f.Sites {
		if f.Sites[i].Name == name {
			return &f.Sites[i], true
		}
	}
	return nil, false
}

// Error is a configuration error at a place in the file.
type Error struct {
	File string
	Line int
	Key  string // e.g. "sites[1].rate"
	Msg  string
}

func (e *Error) Error() string {
	file := e.File
	if file == "" {
		file = "sites file"
	}
	switch {
	case e.Line > 0 && e.Key != "":
		return fmt.Sprintf("%s:%d: %s: %s", file, e.Line, e.Key, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Msg)
	case e.Key != "":
		return fmt.Sprintf("%s: %s: %s", file, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", file, e.Msg)
}
