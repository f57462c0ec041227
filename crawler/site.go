package crawler

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/newsdex/newsdex/crawler/discover"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/sites"
)

// item is a URL waiting to be fetched.
type item struct {
	u     *url.URL // canonical
	kind  string   // what discovery expects: article, list, feed, sitemap
	depth int      // list links from a start page (pagination adds none)
	row   *pageRow // the crawl state before this run; nil for a new URL
}

// maxSitemaps bounds the sitemaps one site run reads (a sitemap index can
// list thousands).
const maxSitemaps = 50

// siteRun is one site's part of a run: a breadth-first crawl from its start
// pages, its leftovers from earlier runs and its due re-visits.
type siteRun struct {
	c      *Crawler
	site   *sites.Site
	client *fetch.Client
	st     *state
	tally  *tally
	sink   *sink
	budget *budget
	claims *claims
	log    *slog.Logger
	guard  *discover.Guard

	hosts        map[string]bool // the site's hosts (without www.) and ports
	seen         map[string]bool // URLs queued or refused this run
	robotsFailed map[string]bool
	left         int // fetches left of the site's max_pages

	lists, articles, revisits []item
	listFetches, leafFetches  int
	sitemaps                  int
	newRows                   []pageRow // discovered URLs to record
}

func newSiteRun(c *Crawler, s *sites.Site, client *fetch.Client, st *state, t *tally, sk *sink, b *budget, cl *claims) *siteRun {
	r := &siteRun{
		c: c, site: s, client: client, st: st, tally: t, sink: sk, budget: b, claims: cl,
		log:          c.Log.With("site", s.Name),
		guard:        discover.NewGuard(c.Now()),
		hosts:        map[string]bool{},
		seen:         map[string]bool{},
		robotsFailed: map[string]bool{},
		left:         s.MaxPages,
	}
	for _, u := range s.Start {
		r.hosts[hostKey(u)] = true
	}
	return r
}

func hostKey(u *url.URL) string { return fetch.SiteHost(u.Hostname()) + ":" + u.Port() }

// inScope reports URLs on the site's hosts: the crawler never requests
// another host.
func (r *siteRun) inScope(u *url.URL) bool { return r.hosts[hostKey(u)] }

func (r *siteRun) run(ctx context.Context) {
	start := time.Now()
	r.log.Info("crawling site", "start", len(r.site.Start), "max_pages", r.site.MaxPages)
	for _, s := range r.site.Start {
		u, err := discover.Canonicalize(s.String(), nil)
		if err != nil {
			continue
		}
		kind := kindList
		switch {
		case discover.IsSitemapURL(u):
			kind = kindSitemap
		case discover.IsFeedURL(u):
			kind = kindFeed
		}
		r.enqueue(ctx, u, kind, 0, true)
	}
	// Sitemaps that robots.txt advertises.
	for _, s := range r.site.Start {
		for _, sm := range r.client.Robots(ctx, s).Sitemaps() {
			if u, err := discover.Canonicalize(sm, s); err == nil && r.inScope(u) {
				r.enqueue(ctx, u, kindSitemap, 0, false)
			}
		}
	}
	// Leftovers of earlier runs (stopped, or out of pages) and due re-visits.
	due, err := r.st.due(ctx, r.site.Name, r.c.Now(), 2*r.site.MaxPages)
	if err != nil {
		r.log.Error("reading crawl state", "err", err)
	}
	for _, row := range due {
		if u, err := url.Parse(row.URL); err == nil {
			r.enqueue(ctx, u, row.Kind, 1, false)
		}
	}
	r.recordDiscovered(ctx)

	for ctx.Err() == nil {
		it, ok := r.next()
		if !ok {
			break
		}
		if r.left <= 0 {
			r.log.Info("max_pages reached", "queued", len(r.lists)+len(r.articles)+len(r.revisits)+1)
			break
		}
		if !r.budget.take() {
			r.log.Info("--max-pages reached for the run")
			break
		}
		r.left--
		r.process(ctx, it)
		r.recordDiscovered(ctx)
		if n := r.site.MaxPages - r.left; n%25 == 0 {
			r.log.Info("progress", "fetched", n, "queued", len(r.lists)+len(r.articles)+len(r.revisits))
		}
	}
	r.log.Info("site done", "fetched", r.site.MaxPages-r.left, "seconds", time.Since(start).Round(time.Millisecond).Seconds())
}

// next picks the next URL: list pages and leaf pages take turns, so that
// neither starves the other under max_pages; new articles come before
// re-visits.
func (r *siteRun) next() (item, bool) {
	pop := func(q *[]item) item {
		it := (*q)[0]
		(*q)[0] = item{}
		*q = (*q)[1:]
		return it
	}
	leaves := len(r.articles) + len(r.revisits)
	switch {
	case len(r.lists) > 0 && (r.listFetches <= r.leafFetches || leaves == 0):
		return pop(&r.lists), true
	case len(r.articles) > 0:
		return pop(&r.articles), true
	case len(r.revisits) > 0:
		return pop(&r.revisits), true
	}
	return item{}, false
}

// isLeaf reports kinds fetched only when due (articles, and pages that
// turned out to be neither article nor list); list pages, feeds and
// sitemaps are revisited every run.
func isLeaf(kind string) bool { return kind == kindArticle || kind == kindOther }

// enqueue queues u unless it was seen this run, is off the site, is a
// trap, is disallowed by robots.txt or (for an article) is not due. It
// reports whether u is new to the crawl state: a list page that yields no
// new URL ends its pagination. force queues a list page even when a recent
// failure put it in back-off (start pages).
func (r *siteRun) enqueue(ctx context.Context, u *url.URL, kind string, depth int, force bool) bool {
	key := u.String()
	if r.seen[key] {
		return false
	}
	r.seen[key] = true
	if !r.inScope(u) || discover.IsAsset(u) || !r.claims.claim(key, r.site.Name) {
		return false
	}
	if reason := r.guard.Check(u, !isLeaf(kind)); reason != "" {
		r.tally.add(func(s *Summary) { s.SkippedTraps++ })
		r.log.Debug("refused", "url", key, "reason", reason)
		return false
	}
	if !r.robotsAllow(ctx, u) {
		return false
	}
	row, err := r.st.get(ctx, key)
	if err != nil {
		r.log.Error("reading crawl state", "err", err)
		return false
	}
	now := r.c.Now().Unix()
	if row != nil {
		if isLeaf(row.Kind) {
			kind = row.Kind
		}
		switch {
		case isLeaf(kind) && row.NextFetchAt > now:
			return false // fetched recently, or failing and backing off
		case row.Fails >= maxFails && row.NextFetchAt > now && !force:
			return false
		case row.Fails > 0 && row.NextFetchAt > now && !force:
			return false
		}
	}
	it := item{u: u, kind: kind, depth: depth, row: row}
	switch {
	case !isLeaf(kind):
		r.lists = append(r.lists, it)
	case row == nil || row.FetchedAt == 0:
		r.articles = append(r.articles, it)
	default:
		r.revisits = append(r.revisits, it)
	}
	if row == nil {
		r.newRows = append(r.newRows, pageRow{URL: key, Kind: kind})
	}
	return row == nil
}

// recordDiscovered writes the URLs queued since the last call as pending
// rows, so that a run stopped now finds them next time.
func (r *siteRun) recordDiscovered(ctx context.Context) {
	if len(r.newRows) == 0 {
		return
	}
	if err := r.st.discovered(ctx, r.site.Name, r.newRows); err != nil && ctx.Err() == nil {
		r.log.Error("recording discovered pages", "err", err)
	}
	r.newRows = r.newRows[:0]
}

// robotsAllow checks robots.txt, counting what it refuses. A host whose
// robots.txt cannot be read is left alone for the run (counted once as a
// failure).
func (r *siteRun) robotsAllow(ctx context.Context, u *url.URL) bool {
	rb := r.client.Robots(ctx, u)
	if rb.Err != nil {
		if !r.robotsFailed[u.Host] && ctx.Err() == nil {
			r.robotsFailed[u.Host] = true
			r.tally.fail("robots_unreachable")
			r.log.Warn("robots.txt unreachable: skipping the host for this run", "host", u.Host, "err", rb.Err)
		}
		return false
	}
	if !rb.Allowed(u) {
		r.tally.add(func(s *Summary) { s.SkippedRobots++ })
		r.log.Debug("disallowed by robots.txt", "url", u.String())
		return false
	}
	return true
}

// follow is the redirect policy: stay on the site, obey robots.txt.
func (r *siteRun) follow(ctx context.Context) func(to *url.URL) error {
	return func(to *url.URL) error {
		u, err := discover.Canonicalize(to.String(), nil)
		if err != nil {
			return err
		}
		if !r.inScope(u) {
			return &fetch.Error{URL: to.String(), Reason: fetch.ReasonOffSite}
		}
		if rb := r.client.Robots(ctx, u); rb.Err != nil || !rb.Allowed(u) {
			return &fetch.Error{URL: to.String(), Reason: fetch.ReasonRobots}
		}
		return nil
	}
}

// isArticleLink decides, before fetching, whether a link is an article:
// the site's pattern when it has one, else the URL's shape.
func (r *siteRun) isArticleLink(u *url.URL) bool {
	if match, ok := r.site.IsArticle(u); ok {
		return match
	}
	return discover.LooksLikeArticleURL(u)
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 300 {
		s = s[:300]
	}
	return strings.ToValidUTF8(s, "?")
}
