package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/importer"
)

// importSummary is the last line import prints.
type importSummary struct {
	Imported int     `json:"imported"` // new + updated
	New      int     `json:"new"`
	Updated  int     `json:"updated"`
	Skipped  int     `json:"skipped"` // already stored, unchanged
	Errors   int     `json:"errors"`  // lines that could not be imported
	Indexed  bool    `json:"indexed"` // false when the server indexes them
	Seconds  float64 `json:"seconds"`
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("import", e.stderr)
	batch := fs.Int("batch", 500, "articles per store transaction and index batch")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("give one or more JSONL files (.jsonl or .jsonl.gz)")
	}
	if *batch < 1 {
		return usagef("--batch must be at least 1")
	}
	start := time.Now()
	a, err := openApp(ctx, e, *data, true)
	if err != nil {
		return err
	}
	defer a.close()
	ix, err := index.OpenForWriting(ctx, a.indexPath(), a.deps(), index.Options{})
	switch {
	case err == nil && ix == nil:
		e.log.Info("another process holds the index (the server?): it will index the new articles")
	case errors.Is(err, index.ErrStale):
		e.log.Warn("the index needs a rebuild; importing into the store only: run 'newsdex reindex'")
	case err != nil && ctx.Err() == nil:
		// The index is derived from the store: the articles are kept
		// whatever the index's state, and `serve` (or `reindex`) rebuilds
		// an index it cannot read.
		e.log.Error("the index cannot be opened; importing into the store only: run 'newsdex reindex'", "err", err)
	case err != nil:
		return err
	}
	if ix != nil {
		defer ix.Close()
	}
	g := &index.Ingester{Analyzer: a.analyzer, Entities: a.entities, Store: a.store, Index: ix}
	var sum importSummary
	sum.Indexed = ix != nil
	batches := make(chan []newsdex.Article)
	streamErr := make(chan error, 1)
	lastReport := time.Now()
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	go func() {
		err := g.Stream(ctx, batches, func(c index.Counts) {
			sum.New += c.New
			sum.Updated += c.Updated
			sum.Skipped += c.Unchanged
			if time.Since(lastReport) > 5*time.Second {
				lastReport = time.Now()
				e.log.Info("importing", "stored", sum.New+sum.Updated+sum.Skipped)
			}
		})
		if err != nil {
			stopReading() // nobody takes batches any more
		}
		streamErr <- err
	}()
	readErr := readFiles(readCtx, e, files, *batch, batches, &sum.Errors)
	close(batches)
	if err := <-streamErr; err != nil {
		return err
	}
	if readErr != nil && ctx.Err() == nil {
		return readErr
	}
	if err := a.store.Checkpoint(ctx); err != nil {
		e.log.Warn("checkpoint", "err", err)
	}
	sum.Imported = sum.New + sum.Updated
	sum.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	line, _ := json.Marshal(sum)
	fmt.Fprintln(e.stdout, string(line))
	if sum.Imported+sum.Skipped == 0 && sum.Errors > 0 {
		return exitError{code: exitFailed, err: errors.New("nothing could be imported")}
	}
	return nil
}

// readFiles reads the JSONL files into batches. Bad lines are counted in
// errs and logged with their file and line; the rest still imports.
func readFiles(ctx context.Context, e *env, files []string, size int, out chan<- []newsdex.Article, errs *int) error {
	pending := make([]newsdex.Article, 0, size)
	send := func() error {
		if len(pending) == 0 {
			return nil
		}
		select {
		case out <- pending:
			pending = make([]newsdex.Article, 0, size)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, file := range files {
		r, err := importer.Open(file)
		if err != nil {
			*errs++
			e.log.Error("cannot read file", "err", err)
			continue
		}
		for {
			art, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var le *importer.LineError
			if errors.As(err, &le) {
				*errs++
				e.log.Warn("skipped line", "file", le.File, "line", le.Line, "err", le.Err)
				continue
			}
			if err != nil {
				*errs++
				e.log.Error("stopped reading file", "err", err)
				break
			}
			pending = append(pending, art)
			if len(pending) >= size {
				if err := send(); err != nil {
					r.Close()
					return err
				}
			}
		}
		r.Close()
	}
	return send()
}
