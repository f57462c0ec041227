package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/newsdex/newsdex/index"
)

func runReindex(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("reindex", e.stderr)
	shardYears := fs.Int("shard-years", index.DefaultShardYears, "publication years per index shard (fewer shards answer faster; shorter spans keep each shard small)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, *data, true)
	if err != nil {
		return err
	}
	defer a.close()
	// The running server (or an import) would keep serving the old files.
	if ix, err := index.Open(ctx, a.indexPath(), a.deps(), index.Options{}); errors.Is(err, index.ErrLocked) {
		return fmt.Errorf("another process holds the index (the server?); stop it, reindex, start it again")
	} else if err == nil {
		ix.Close()
	}
	if *shardYears < 1 {
		return usagef("--shard-years must be 1 or more")
	}
	start := time.Now()
	if err := rebuildIndex(ctx, a, index.Options{ShardYears: *shardYears}); err != nil {
		return err
	}
	n, _ := a.store.Count(ctx)
	fmt.Fprintf(e.stdout, "{\"indexed\":%d,\"seconds\":%.3f}\n", n, time.Since(start).Seconds())
	return nil
}

// rebuildIndex builds a new index from the store beside the old one and swaps
// it in: a crash half way leaves the old index in place.
func rebuildIndex(ctx context.Context, a *app, opts index.Options) error {
	tmp := a.indexPath() + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	ix, err := index.Open(ctx, tmp, a.deps(), opts)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	n, err := ix.Rebuild(ctx)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("reindex: %w", err)
	}
	old := a.indexPath() + ".old"
	os.RemoveAll(old)
	if _, err := os.Stat(a.indexPath()); err == nil {
		if err := os.Rename(a.indexPath(), old); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}
	if err := os.Rename(tmp, a.indexPath()); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	os.RemoveAll(old)
	a.log.Info("index rebuilt", "articles", n)
	return nil
}
