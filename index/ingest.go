package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/store"
)

// Prepared is an article analysed once: its entities are filled in and its
// token streams are kept for the index.
type Prepared struct {
	Article     newsdex.Article
	title, body *analysis.Analysis
}

// Prepare analyses an article and extracts its entities. It is pure CPU
// work, safe to run on many goroutines.
func Prepare(an *analysis.Analyzer, ents *entities.Extractor, a newsdex.Article) *Prepared {
	p := &Prepared{Article: a, title: an.Analyze(a.Title), body: an.Analyze(a.Body)}
	if ents != nil {
		p.Article.Entities = ents.Extract(&p.Article, p.title, p.body)
	}
	return p
}

// matches reports whether a stored row is the article this preparation was
// made from, so its analysis can be reused.
func (p *Prepared) matches(st *store.Stored) bool {
	return p != nil && p.Article.Title == st.Title && p.Article.Body == st.Body
}

// PrepareAll analyses articles on `workers` goroutines, keeping their order.
func PrepareAll(ctx context.Context, an *analysis.Analyzer, ents *entities.Extractor, articles []newsdex.Article, workers int) ([]*Prepared, error) {
	out := make([]*Prepared, len(articles))
	err := parallel(ctx, len(articles), workers, func(i int) {
		out[i] = Prepare(an, ents, articles[i])
	})
	return out, err
}

// parallel runs fn(0..n-1) on up to workers goroutines.
func parallel(ctx context.Context, n, workers int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(i)
		}
		return nil
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	var err error
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// CatchUp indexes every stored article changed since the index's mark, in
// revision order and in batches, reusing the given preparations (keyed by
// article id) where they match what the store holds. It returns the number
// of articles indexed.
func (ix *Index) CatchUp(ctx context.Context, prepared map[string]*Prepared) (int, error) {
	return ix.catchUpTo(ctx, prepared, math.MaxInt64)
}

// catchUpTo is CatchUp stopping at revision upTo.
func (ix *Index) catchUpTo(ctx context.Context, prepared map[string]*Prepared, upTo int64) (int, error) {
	mark, err := ix.Rev()
	if err != nil {
		return 0, err
	}
	total := 0
	for {
		rows, err := ix.Store.Between(ctx, mark, upTo, ix.opts.BatchSize)
		if err != nil {
			return total, fmt.Errorf("catch up: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		if err := ix.indexRows(ctx, rows, prepared); err != nil {
			return total, fmt.Errorf("catch up: %w", err)
		}
		mark = rows[len(rows)-1].Rev
		// The mark follows in a batch of its own once every document is in:
		// a crash never leaves it ahead of what is indexed.
		if err := ix.setRev(ctx, mark, false); err != nil {
			return total, fmt.Errorf("catch up: %w", err)
		}
		total += len(rows)
		ix.lastIngest.Store(time.Now().UnixNano())
		if len(rows) < ix.opts.BatchSize {
			return total, nil
		}
	}
}

// Rebuild fills an empty index from the whole store. Entities are extracted
// again on the way (the alias table or the rules may have changed since the
// articles were stored); articles whose entities changed are written back to
// the store. It returns the number of articles indexed.
func (ix *Index) Rebuild(ctx context.Context) (int, error) {
	var mark int64
	total := 0
	changed := map[string]*Prepared{}
	for {
		rows, err := ix.Store.Since(ctx, mark, ix.opts.BatchSize)
		if err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		if len(rows) == 0 {
			break
		}
		if err := ix.codes.ensure(ctx, ix.Store, rows); err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		prepared := make([]*Prepared, len(rows))
		docs := make([]*document.Document, len(rows))
		err = parallel(ctx, len(rows), ix.opts.Workers, func(i int) {
			// A row whose entities this pass rewrote comes round again with
			// its new revision: reuse its analysis.
			p := changed[rows[i].ID]
			if !p.matches(&rows[i]) {
				p = Prepare(ix.Analyzer, ix.Entities, rows[i].Article)
			}
			prepared[i] = p
			if ix.Entities == nil || sameEntities(rows[i].Entities, p.Article.Entities) {
				docs[i] = ix.buildDocument(&rows[i], p.title, p.body)
			}
		})
		if err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		batch := ix.set.newBatch()
		var updates []newsdex.Article
		for i := range rows {
			if docs[i] == nil {
				// Entities changed: written back to the store with a new
				// revision, and indexed when this walk reaches it again.
				updates = append(updates, prepared[i].Article)
				changed[rows[i].ID] = prepared[i]
				continue
			}
			if err := batch.index(docs[i], rows[i].Published); err != nil {
				return total, fmt.Errorf("rebuild: index %s: %w", rows[i].ID, err)
			}
			total++
		}
		mark = rows[len(rows)-1].Rev
		if err := ix.applyBatch(ctx, batch, false); err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		if err := ix.setRev(ctx, mark, false); err != nil {
			return total, fmt.Errorf("rebuild: %w", err)
		}
		if len(updates) > 0 {
			if _, err := ix.Store.Upsert(ctx, updates); err != nil {
				return total, fmt.Errorf("rebuild: %w", err)
			}
		}
		ix.Log.Info("rebuilding index", "indexed", total, "entities_changed", len(changed))
	}
	if err := ix.Flush(ctx); err != nil {
		return total, fmt.Errorf("rebuild: %w", err)
	}
	return total, nil
}

func sameEntities(a, b newsdex.Entities) bool {
	for _, t := range newsdex.EntityTypes {
		x, y := a.Of(t), b.Of(t)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
	}
	return true
}

// apply writes a batch to one shard. Batches do not wait for their fsync (the
// store is the source of truth and each shard's revision mark follows its
// documents, so a batch lost in a crash is indexed again); Flush waits for all
// of them.
func (ix *Index) apply(ctx context.Context, bi bleve.Index, b *bleve.Batch, wait bool) error {
	// Whatever the outcome, cached results may no longer hold.
	defer ix.gen.Add(1)
	if wait {
		return persist(ctx, bi, b)
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	return nil
}

// persist writes a batch and waits until it is on disk: the indexes are
// opened with unsafe_batch, so Batch alone returns before that.
func persist(ctx context.Context, bi bleve.Index, b *bleve.Batch) error {
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("persist batch: %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Flush waits until everything indexed so far is on disk.
func (ix *Index) Flush(ctx context.Context) error {
	rev, err := ix.Rev()
	if err != nil {
		return err
	}
	return ix.setRev(ctx, rev, true)
}

// Verify checks that every stored article is in the index and indexes the
// ones that are missing (an index restored from a backup, a segment lost to
// a crash or a disk error). It returns how many were missing. It reads the
// store in pages of ids and asks the index which of them it holds.
func (ix *Index) Verify(ctx context.Context) (int, error) {
	missing := 0
	after := ""
	for {
		ids, err := ix.Store.IDsAfter(ctx, after, 1000)
		if err != nil {
			return missing, fmt.Errorf("verify: %w", err)
		}
		if len(ids) == 0 {
			return missing, nil
		}
		after = ids[len(ids)-1]
		sr := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
		res, err := ix.set.everything().SearchInContext(ctx, sr)
		if err != nil {
			return missing, fmt.Errorf("verify: %w", err)
		}
		have := make(map[string]bool, len(res.Hits))
		for _, h := range res.Hits {
			have[h.ID] = true
		}
		var lost []string
		for _, id := range ids {
			if !have[id] {
				lost = append(lost, id)
			}
		}
		if len(lost) == 0 {
			continue
		}
		missing += len(lost)
		arts, err := ix.Store.GetMany(ctx, lost)
		if err != nil {
			return missing, fmt.Errorf("verify: %w", err)
		}
		found := make([]store.Stored, 0, len(arts))
		for _, st := range arts {
			found = append(found, st)
		}
		if err := ix.codes.ensure(ctx, ix.Store, found); err != nil {
			return missing, fmt.Errorf("verify: %w", err)
		}
		batch := ix.set.newBatch()
		for i := range found {
			st := &found[i]
			if err := batch.index(ix.buildDocument(st, ix.Analyzer.Analyze(st.Title), ix.Analyzer.Analyze(st.Body)), st.Published); err != nil {
				return missing, fmt.Errorf("verify: index %s: %w", st.ID, err)
			}
		}
		if err := ix.applyBatch(ctx, batch, false); err != nil {
			return missing, fmt.Errorf("verify: %w", err)
		}
		ix.Log.Warn("index was missing stored articles; indexed them again", "articles", len(lost))
	}
}

// indexRows builds and indexes the documents of stored rows. bleve builds a
// batch's segment on the goroutine that hands it the batch, so a large set
// of rows is split into one batch per worker, built at the same time.
func (ix *Index) indexRows(ctx context.Context, rows []store.Stored, prepared map[string]*Prepared) error {
	if err := ix.codes.ensure(ctx, ix.Store, rows); err != nil {
		return err
	}
	parts := 1
	if len(rows) >= 200 {
		parts = max(1, ix.workers())
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := 0; k < parts; k++ {
		lo, hi := k*len(rows)/parts, (k+1)*len(rows)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := ix.set.newBatch()
			for i := lo; i < hi; i++ {
				if ctx.Err() != nil {
					errs[k] = ctx.Err()
					return
				}
				st := &rows[i]
				p := prepared[st.ID]
				if !p.matches(st) {
					p = &Prepared{title: ix.Analyzer.Analyze(st.Title), body: ix.Analyzer.Analyze(st.Body)}
				}
				if err := batch.index(ix.buildDocument(st, p.title, p.body), st.Published); err != nil {
					errs[k] = fmt.Errorf("index %s: %w", st.ID, err)
					return
				}
			}
			errs[k] = ix.applyBatch(ctx, batch, false)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (ix *Index) workers() int {
	if ix.opts.Workers > 0 {
		return ix.opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}
