package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/discover"
	"github.com/newsdex/newsdex/crawler/extract"
	"github.com/newsdex/newsdex/crawler/fetch"
)

// maxRevisit caps the re-visit interval of an article that never changes.
const maxRevisit = 30 * 24 * time.Hour

// maxEntries bounds the URLs taken from one feed or sitemap per run.
const maxEntries = 5000

// process fetches one URL and deals with what came back.
func (r *siteRun) process(ctx context.Context, it item) {
	if isLeaf(it.kind) {
		r.leafFetches++
	} else {
		r.listFetches++
	}
	req := fetch.Request{URL: it.u.String(), Follow: r.follow(ctx)}
	if it.row != nil && it.row.FetchedAt > 0 {
		req.ETag, req.LastModified = it.row.ETag, it.row.LastModified
	}
	res, err := r.client.Get(ctx, req)
	if ctx.Err() != nil {
		return // interrupted: neither fetched nor failed
	}
	r.tally.add(func(s *Summary) { s.Fetched++ })
	if err != nil {
		r.failed(ctx, it, err)
		return
	}
	now := r.c.Now()
	if res.NotModified {
		r.tally.add(func(s *Summary) {
			s.NotModified++
			if isLeaf(it.kind) {
				s.Unchanged++
			} else {
				s.Lists++
			}
		})
		if err := r.st.unchanged(ctx, it.u.String(), res.Status, now.Unix(), r.nextFetch(it, now, true)); err != nil {
			r.log.Error("recording page", "err", err)
		}
		r.log.Debug("not modified", "url", it.u.String())
		return
	}
	final := it.u
	if fu, err := discover.Canonicalize(res.URL, nil); err == nil && fu.String() != it.u.String() {
		final = fu
		r.seen[final.String()] = true
	}
	switch discover.Sniff(res.Body) {
	case discover.KindFeed:
		r.readFeed(ctx, it, final, res)
		return
	case discover.KindSitemap:
		r.readSitemap(ctx, it, final, res)
		return
	}
	switch {
	case !fetch.HTMLLike(res.ContentType()):
		r.failedReason(ctx, it, res.Status, fetch.ReasonUnsupportedType, "Content-Type "+res.ContentType())
	case fetch.LooksBinary(res.Body):
		r.failedReason(ctx, it, res.Status, fetch.ReasonBinary, "binary content")
	default:
		r.readHTML(ctx, it, final, res)
	}
}

// readHTML tells an article from a list page, stores the one and follows
// the links of the other.
func (r *siteRun) readHTML(ctx context.Context, it item, final *url.URL, res *fetch.Response) {
	now := r.c.Now()
	hash := hashOf(res.Body)
	text, _, err := charset.Decode(res.Body, res.ContentType())
	if err != nil {
		r.failedReason(ctx, it, res.Status, "charset", err.Error())
		return
	}
	page := discover.ParseHTML(text, final, r.c.MaxLinks)
	articleURL := final
	if c := page.Canonical; c != nil && r.inScope(c) && c.String() != final.String() {
		articleURL = c
		r.seen[c.String()] = true
	}

	match, hasPattern := r.site.IsArticle(final)
	if hasPattern && !match && articleURL != final {
		match, _ = r.site.IsArticle(articleURL)
	}
	candidate := match
	if !hasPattern {
		candidate = discover.ArticleScore(final, page, r.location(), now) >= 0
	}
	if candidate {
		if it.row != nil && it.row.Hash == hash && it.row.ArticleID != "" {
			// The same bytes as last time: the same article.
			r.tally.add(func(s *Summary) { s.Unchanged++ })
			r.record(ctx, it, final, res, kindArticle, hash, now, true)
			return
		}
		a, err := extract.ExtractBytes(res.Body, res.ContentType(), extract.Options{
			URL: articleURL.String(), Lang: r.site.Lang, Location: r.site.Location, Rules: r.site.Select.Rules(), Now: now,
		})
		switch {
		case err == nil:
			r.storeArticle(ctx, it, final, articleURL, a, res, hash)
			return
		case !errors.Is(err, extract.ErrNotArticle):
			r.failedReason(ctx, it, res.Status, "extract", err.Error())
			return
		case hasPattern:
			// The pattern promised an article; the page has none (an
			// error page served with 200, an empty stub).
			r.tally.add(func(s *Summary) { s.NotArticles++ })
			r.record(ctx, it, final, res, kindOther, hash, now, false)
			r.log.Debug("not an article", "url", final.String(), "err", err)
			return
		}
	}
	r.tally.add(func(s *Summary) { s.Lists++ })
	r.record(ctx, it, final, res, kindList, hash, now, false)
	r.followLinks(ctx, it, page)
}

// followLinks queues a list page's articles, feeds and sub-lists, and its
// pagination only when the page yielded something new: on a nightly run
// the first page of a list full of known articles ends it.
func (r *siteRun) followLinks(ctx context.Context, it item, page *discover.Page) {
	for _, f := range page.Feeds {
		r.enqueue(ctx, f, kindFeed, it.depth, false)
	}
	_, hasPattern := r.site.IsArticle(page.URL)
	var pagination []*url.URL
	fresh := 0
	for _, l := range page.Links {
		u := l.URL
		if !r.inScope(u) || discover.IsAsset(u) {
			continue
		}
		switch {
		case discover.IsSitemapURL(u):
			r.enqueue(ctx, u, kindSitemap, it.depth, false)
		case discover.IsFeedURL(u):
			r.enqueue(ctx, u, kindFeed, it.depth, false)
		case r.isArticleLink(u):
			if r.enqueue(ctx, u, kindArticle, it.depth+1, false) {
				fresh++
			}
		case discover.IsPagination(l, page.URL):
			pagination = append(pagination, u)
		case hasPattern && discover.LooksLikeArticleURL(u):
			// Shaped like an article but not this site's: another section
			// of a shared host.
		case it.depth < r.c.MaxListDepth:
			// Only new articles count as news: a calendar full of new
			// dates is not.
			r.enqueue(ctx, u, kindList, it.depth+1, false)
		}
	}
	if page.Next != nil {
		pagination = append(pagination, page.Next)
	}
	if fresh == 0 {
		if len(pagination) > 0 {
			r.log.Debug("pagination stops: nothing new", "url", page.URL.String())
		}
		return
	}
	for _, u := range pagination {
		r.enqueue(ctx, u, kindList, it.depth, false)
	}
}

func (r *siteRun) readFeed(ctx context.Context, it item, final *url.URL, res *fetch.Response) {
	entries, err := discover.ParseFeed(res.Body, final)
	if err != nil {
		r.failedReason(ctx, it, res.Status, "feed", err.Error())
		return
	}
	r.tally.add(func(s *Summary) { s.Lists++ })
	r.record(ctx, it, final, res, kindFeed, hashOf(res.Body), r.c.Now(), false)
	r.queueEntries(ctx, it, entries)
}

func (r *siteRun) readSitemap(ctx context.Context, it item, final *url.URL, res *fetch.Response) {
	entries, err := discover.ParseSitemap(res.Body, final)
	if err != nil {
		r.failedReason(ctx, it, res.Status, "sitemap", err.Error())
		return
	}
	r.sitemaps++
	r.tally.add(func(s *Summary) { s.Lists++ })
	r.record(ctx, it, final, res, kindSitemap, hashOf(res.Body), r.c.Now(), false)
	r.queueEntries(ctx, it, entries)
}

// queueEntries queues the pages a feed or sitemap lists: they are articles
// by the site's word (filtered by its pattern when it has one).
func (r *siteRun) queueEntries(ctx context.Context, it item, entries []discover.Entry) {
	for i, e := range entries {
		if i >= maxEntries {
			break
		}
		switch {
		case e.Sitemap:
			if r.sitemaps+len(r.lists) < maxSitemaps {
				r.enqueue(ctx, e.URL, kindSitemap, it.depth, false)
			}
		default:
			if match, ok := r.site.IsArticle(e.URL); ok && !match {
				continue
			}
			r.enqueue(ctx, e.URL, kindArticle, it.depth+1, false)
		}
	}
}

// storeArticle hands an article to the sink; its page is recorded once it
// is stored.
func (r *siteRun) storeArticle(ctx context.Context, it item, final, articleURL *url.URL, a newsdex.Article, res *fetch.Response, hash string) {
	now := r.c.Now()
	a.URL = articleURL.String() // the extractor's canonical may still carry tracking parameters
	switch {
	case r.site.Source != "":
		a.Source = r.site.Source
	case a.Source == "":
		a.Source = r.site.Name
	}
	next := r.nextFetch(it, now, false)
	rows := []pageRow{{
		URL: final.String(), Site: r.site.Name, Kind: kindArticle, Hash: hash, Status: res.Status,
		ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified"),
		FetchedAt: now.Unix(), NextFetchAt: next,
	}}
	// The URL asked for (before redirects) and the canonical URL are done
	// too; their rows carry no validators, which belong to the final URL.
	for _, u := range []*url.URL{it.u, articleURL} {
		if u.String() != final.String() && (len(rows) < 2 || rows[1].URL != u.String()) {
			rows = append(rows, pageRow{URL: u.String(), Site: r.site.Name, Kind: kindArticle, Hash: hash, Status: res.Status, FetchedAt: now.Unix(), NextFetchAt: next})
		}
	}
	r.sink.add(ctx, extracted{article: a, pages: rows})
}

// record writes the crawl state of a page dealt with (not an article
// waiting for the store).
func (r *siteRun) record(ctx context.Context, it item, final *url.URL, res *fetch.Response, kind, hash string, now time.Time, unchanged bool) {
	row := pageRow{
		URL: final.String(), Site: r.site.Name, Kind: kind, Hash: hash, Status: res.Status,
		ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified"),
		FetchedAt: now.Unix(), NextFetchAt: r.nextFetch(item{kind: kind, row: it.row}, now, unchanged),
	}
	if it.row != nil {
		row.ArticleID = it.row.ArticleID
	}
	if err := r.st.fetched(ctx, row); err != nil {
		r.log.Error("recording page", "err", err)
	}
	if final.String() != it.u.String() {
		row.URL, row.ETag, row.LastModified = it.u.String(), "", ""
		if err := r.st.fetched(ctx, row); err != nil {
			r.log.Error("recording page", "err", err)
		}
	}
}

// nextFetch is when a page is next due: list pages, feeds and sitemaps at
// once (every run revisits them), leaf pages after the re-visit interval,
// doubled each time the page was found unchanged.
func (r *siteRun) nextFetch(it item, now time.Time, unchanged bool) int64 {
	if !isLeaf(it.kind) {
		return now.Unix()
	}
	interval := r.c.Revisit
	if unchanged && it.row != nil && it.row.FetchedAt > 0 && it.row.NextFetchAt > it.row.FetchedAt {
		prev := time.Duration(it.row.NextFetchAt-it.row.FetchedAt) * time.Second
		interval = min(max(2*prev, interval), maxRevisit)
	}
	return now.Add(interval).Unix()
}

func (r *siteRun) failed(ctx context.Context, it item, err error) {
	status := 0
	var fe *fetch.Error
	if errors.As(err, &fe) {
		status = fe.Status
	}
	reason := fetch.Reason(err)
	if reason == fetch.ReasonRobots {
		// A redirect into a disallowed path: not requested, not a failure.
		r.tally.add(func(s *Summary) { s.SkippedRobots++ })
		if err := r.st.failed(ctx, r.site.Name, it.kind, it.u.String(), status, reason, r.c.Now()); err != nil {
			r.log.Error("recording page", "err", err)
		}
		return
	}
	r.failedReason(ctx, it, status, reason, shortErr(err))
}

func (r *siteRun) failedReason(ctx context.Context, it item, status int, reason, msg string) {
	r.tally.fail(reason)
	r.log.Warn("page failed", "url", it.u.String(), "reason", reason, "err", msg)
	if err := r.st.failed(ctx, r.site.Name, it.kind, it.u.String(), status, reason, r.c.Now()); err != nil {
		r.log.Error("recording page", "err", err)
	}
}

func (r *siteRun) location() *time.Location {
	if r.site.Location != nil {
		return r.site.Location
	}
	if r.site.Lang == "en" {
		return time.UTC
	}
	return time.FixedZone("CST", 8*3600)
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
