package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/lock"
	"github.com/newsdex/newsdex/crawler/sites"
	"github.com/newsdex/newsdex/index"
)

func runCrawl(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("crawl", e.stderr)
	sitesFile := fs.String("sites", "", "the sites file (YAML): which sites to crawl and how")
	var only stringList
	fs.Var(&only, "site", "crawl only this site of the file (repeatable)")
	maxPages := fs.Int("max-pages", 0, "most pages fetched by this run, all sites together (0: each site's max_pages only)")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of one request, body included")
	revisit := fs.Duration("revisit", 72*time.Hour, "how long an article page rests before it is fetched again")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return usagef("unexpected arguments %q (the sites file goes after --sites)", strings.Join(rest, " "))
	case *sitesFile == "":
		return usagef("--sites FILE is required")
	case *maxPages < 0:
		return usagef("--max-pages must be 0 or more")
	}
	f, err := sites.Load(*sitesFile)
	if err != nil {
		return usagef("%v", err)
	}
	for _, n := range only {
		if _, ok := f.Find(n); !ok {
			return usagef("--site %q: no site of that name in %s", n, *sitesFile)
		}
	}
	sum, err := crawl(ctx, e, *data, f, crawler.Options{Sites: only, MaxPages: *maxPages}, fetch.Options{Timeout: *timeout}, *revisit)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, sum.JSON())
	if sum.NothingFetched() && ctx.Err() == nil {
		return exitError{code: exitFailed, err: errors.New("nothing could be fetched")}
	}
	return nil
}

// crawl takes the data folder's crawl lock, crawls into the store and, when
// no server holds the index, brings the index up to date. The server, when
// one runs, indexes the new rows by itself within its poll interval.
func crawl(ctx context.Context, e *env, dataDir string, f *sites.File, opts crawler.Options, fo fetch.Options, revisit time.Duration) (crawler.Summary, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return crawler.Summary{}, fmt.Errorf("data folder: %w", err)
	}
	// The lock comes first, before the second-long segmenter load: a
	// second cron run must exit at once.
	lockPath := (&app{dataDir: dataDir}).lockPath()
	lk, err := lock.Acquire(lockPath, "newsdex crawl")
	if errors.Is(err, lock.ErrHeld) {
		return crawler.Summary{}, exitError{code: exitLocked, err: fmt.Errorf("another crawl is running: %w", err)}
	}
	if err != nil {
		return crawler.Summary{}, err
	}
	defer lk.Release()

	a, err := openApp(ctx, e, dataDir, true)
	if err != nil {
		return crawler.Summary{}, err
	}
	defer a.close()
	// The crawl does not hold the index: a server searching it would block.
	g := &index.Ingester{Analyzer: a.analyzer, Entities: a.entities, Store: a.store}
	c := &crawler.Crawler{
		Store: a.store,
		Ingest: func(ctx context.Context, arts []newsdex.Article) (index.Counts, error) {
			counts, _, err := g.Add(ctx, arts)
			return counts, err
		},
		Log:     e.log,
		Fetch:   fo,
		Revisit: revisit,
	}
	e.log.Info("crawl started", "sites", f.Path, "data", dataDir)
	sum, err := c.Run(ctx, f, opts)
	if err != nil {
		if errors.Is(err, crawler.ErrUnknownSite) {
			return sum, usagef("%v", err)
		}
		return sum, err
	}
	if sum.New+sum.Updated > 0 {
		catchUp(context.WithoutCancel(ctx), e, a)
	}
	e.log.Info("crawl finished", "fetched", sum.Fetched, "new", sum.New, "updated", sum.Updated, "failed", sum.Failed, "seconds", sum.DurationS)
	return sum, nil
}

// catchUp indexes the new articles when no server holds the index.
func catchUp(ctx context.Context, e *env, a *app) {
	if serverRunning(a) {
		e.log.Info("the server holds the index and indexes the new articles itself")
		return
	}
	// The articles are stored whatever happens here: a failure only logs,
	// and the server or the next search indexes them.
	ix, err := index.OpenForWriting(ctx, a.indexPath(), a.deps(), index.Options{LockTimeout: 2 * time.Second})
	switch {
	case errors.Is(err, index.ErrStale):
		e.log.Warn("the index needs a rebuild: run 'newsdex reindex'")
		return
	case err != nil:
		e.log.Error("opening the index", "err", err)
		return
	case ix == nil:
		e.log.Info("the server holds the index and indexes the new articles itself")
		return
	}
	defer ix.Close()
	n, err := ix.CatchUp(ctx, nil)
	if err != nil {
		e.log.Error("indexing the new articles", "err", err)
		return
	}
	e.log.Info("indexed", "articles", n)
}

// serverRunning reports a live `newsdex serve` on this data folder (its
// server.json names a process that exists).
func serverRunning(a *app) bool {
	raw, err := os.ReadFile(a.serverFile())
	if err != nil {
		return false
	}
	var info serverInfo
	if json.Unmarshal(raw, &info) != nil || info.PID <= 0 {
		return false
	}
	return syscall.Kill(info.PID, 0) == nil
}
