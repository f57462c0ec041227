// Package crawler runs one incremental, polite crawl of the sites of a
// sites file: it discovers pages from start pages, sitemaps and feeds,
// fetches them through crawler/fetch, extracts articles with crawler/extract,
// hands them to the index's ingester in small batches, and keeps the crawl
// state (validators, content hashes, due dates) in the store so that the
// next run fetches only what is new or due.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/discover"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/sites"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// Crawler crawls. Store and Ingest are required; the rest have defaults.
type Crawler struct {
	Store *store.Store
	// Ingest analyses and stores a batch of articles (index.Ingester.Add);
	// it may set each article's ID to the id stored.
	Ingest func(ctx context.Context, articles []newsdex.Article) (index.Counts, error)
	Log    *slog.Logger
	// Now is the clock of the crawl state (due dates); default time.Now.
	Now func() time.Time
	// AllowPrivate reports hosts that may resolve to loopback or private
	// addresses. nil allows the hosts of the configured start URLs that
	// resolve only to such addresses when the run starts (a site on the
	// local network); every other host, including where a redirect or a
	// re-resolved name leads, must be public.
	AllowPrivate func(host string) bool
	// Fetch configures the HTTP client (timeouts, size limits, retries);
	// its UserAgent, Rate, AllowPrivate and Log are set by Run.
	Fetch fetch.Options
	// Revisit is how long an article page rests before it is fetched again
	// (default 72 h); it doubles, up to 30 days, each time the page is
	// found unchanged.
	Revisit time.Duration
	// MaxListDepth is how many links away from a start page list pages are
	// followed (pagination does not count); default 2.
	MaxListDepth int
	// MaxLinks is the most links read from one page (default 2000).
	MaxLinks int
	// Batch is the most articles per Ingest call (default 8); FlushEvery
	// stores a smaller batch after that long (default 2 s).
	Batch      int
	FlushEvery time.Duration
	// Parallel is how many sites are crawled at once (default 4); requests
	// to one host are one at a time whatever this says.
	Parallel int
}

// Options select what one run crawls.
type Options struct {
	// Sites are the names of the sites to crawl; empty means all.
	Sites []string
	// MaxPages bounds the fetches of the whole run (0: only each site's
	// max_pages).
	MaxPages int
}

func (c *Crawler) defaults() {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Revisit <= 0 {
		c.Revisit = 72 * time.Hour
	}
	if c.MaxListDepth <= 0 {
		c.MaxListDepth = 2
	}
	if c.MaxLinks <= 0 {
		c.MaxLinks = 2000
	}
	if c.Batch <= 0 {
		c.Batch = 8
	}
	if c.FlushEvery <= 0 {
		c.FlushEvery = 2 * time.Second
	}
	if c.Parallel <= 0 {
		c.Parallel = 4
	}
}

// ErrUnknownSite is returned by Run for a site name the file lacks.
var ErrUnknownSite = errors.New("unknown site")

// Run crawls the selected sites once. It returns the summary of what was
// done even when ctx is cancelled part way (Interrupted set); everything
// stored up to then stays stored.
func (c *Crawler) Run(ctx context.Context, f *sites.File, opts Options) (Summary, error) {
	c.defaults()
	start := time.Now()
	selected, err := selectSites(f, opts.Sites)
	if err != nil {
		return Summary{}, err
	}
	st := &state{db: c.Store.DB()}
	runID, err := st.runStarted(ctx, c.Now())
	if err != nil {
		return Summary{}, err
	}
	allow := c.AllowPrivate
	if allow == nil {
		allow = privateSiteHosts(ctx, selected)
	}
	fo := c.Fetch
	fo.UserAgent, fo.Log, fo.AllowPrivate = f.UserAgent, c.Log, allow
	client := fetch.New(fo)
	for _, s := range selected {
		for _, u := range s.Start {
			client.SetRate(u.Host, s.Rate)
		}
	}

	t := &tally{}
	t.sum.Sites = len(selected)
	sk := &sink{ingest: c.Ingest, st: st, tally: t, log: c.Log, batch: c.Batch}
	flushCtx, stopFlush := context.WithCancel(ctx)
	flushDone := make(chan struct{})
	go func() { defer close(flushDone); sk.flushEvery(flushCtx, c.FlushEvery) }()

	budget := newBudget(opts.MaxPages)
	// Sites sharing a host (sections of one portal) own their start pages;
	// any other URL belongs to the first site that reaches it this run.
	cl := &claims{owner: map[string]string{}}
	for _, s := range selected {
		for _, u := range s.Start {
			if cu, err := discover.Canonicalize(u.String(), nil); err == nil {
				cl.claim(cu.String(), s.Name)
			}
		}
	}
	sem := make(chan struct{}, c.Parallel)
	var wg sync.WaitGroup
	for _, s := range selected {
		wg.Add(1)
		go func(s *sites.Site) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			r := newSiteRun(c, s, client, st, t, sk, budget, cl)
			r.run(ctx)
		}(s)
	}
	wg.Wait()
	stopFlush()
	<-flushDone
	// The last batch is stored even when the run was interrupted: what was
	// fetched is worth keeping.
	finalCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	sk.flush(finalCtx)

	sum := t.snapshot(time.Since(start))
	sum.Interrupted = ctx.Err() != nil
	if err := st.runEnded(finalCtx, runID, c.Now(), sum.JSON()); err != nil {
		c.Log.Warn("recording the run", "err", err)
	}
	return sum, nil
}

func selectSites(f *sites.File, names []string) ([]*sites.Site, error) {
	if len(names) == 0 {
		out := make([]*sites.Site, len(f.Sites))
		for i := range f.Sites {
			out[i] = &f.Sites[i]
		}
		return out, nil
	}
	var out []*sites.Site
	seen := map[string]bool{}
	for _, n := range names {
		s, ok := f.Find(n)
		if !ok {
			return nil, fmt.Errorf("%w %q in %s", ErrUnknownSite, n, f.Path)
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// claims records which site deals with a URL in this run, so that sites
// sharing a host do not fetch each other's pages twice.
type claims struct {
	mu    sync.Mutex
	owner map[string]string
}

// claim reports whether site may take url: it is unclaimed or its own.
func (c *claims) claim(url, site string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o, ok := c.owner[url]; ok {
		return o == site
	}
	c.owner[url] = site
	return true
}

// budget is the run-wide page budget (--max-pages), shared by the sites.
type budget struct {
	mu   sync.Mutex
	left int // < 0: unlimited
}

func newBudget(n int) *budget {
	if n <= 0 {
		return &budget{left: -1}
	}
	return &budget{left: n}
}

// take reserves one fetch; false when the run is out of pages.
func (b *budget) take() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.left < 0:
		return true
	case b.left == 0:
		return false
	}
	b.left--
	return true
}
