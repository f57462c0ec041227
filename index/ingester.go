package index

import (
	"context"
	"errors"
	"fmt"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/store"
)

// Ingester stores articles and, when this process holds the index, indexes
// them too. Each article is analysed once: the analysis that finds its
// entities also gives its index terms.
type Ingester struct {
	Analyzer *analysis.Analyzer
	Entities *entities.Extractor
	Store    *store.Store
	// Index is nil when another process (the server) holds it; that process
	// picks the new rows up from the store.
	Index   *Index
	Workers int
}

// Counts tallies what ingesting did.
type Counts struct {
	New, Updated, Unchanged int
}

// Add analyses, stores and (if it can) indexes a batch of articles. Missing
// languages are detected and missing ids derived.
func (g *Ingester) Add(ctx context.Context, articles []newsdex.Article) (Counts, []store.Outcome, error) {
	prepared, err := g.prepare(ctx, articles)
	if err != nil {
		return Counts{}, nil, err
	}
	return g.write(ctx, articles, prepared)
}

// Stream ingests batches as they come, in three stages that run at once:
// analysing a batch, storing the one before, indexing the one before that,
// so that both cores stay busy on a bulk import. done is called after each
// batch is stored. It returns when batches is closed and drained, or at the
// first error.
func (g *Ingester) Stream(ctx context.Context, batches <-chan []newsdex.Article, done func(Counts)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 3)
	fail := func(err error) {
		errs <- err
		cancel()
	}
	type analysed struct {
		articles []newsdex.Article
		prepared []*Prepared
	}
	type stored struct {
		prepared map[string]*Prepared
		upTo     int64
	}
	ready := make(chan analysed, 1)
	written := make(chan stored, 1)
	go func() {
		defer close(ready)
		for batch := range batches {
			p, err := g.prepare(ctx, batch)
			if err != nil {
				fail(err)
				return
			}
			select {
			case ready <- analysed{batch, p}:
			case <-ctx.Done():
				return
			}
		}
	}()
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		for w := range written {
			if g.Index == nil {
				continue
			}
			if _, err := g.Index.catchUpTo(ctx, w.prepared, w.upTo); err != nil {
				fail(fmt.Errorf("ingest: %w", err))
				return
			}
		}
	}()
	func() {
		defer close(written)
		for a := range ready {
			c, _, byID, err := g.store(ctx, a.articles, a.prepared)
			if err == nil && done != nil {
				done(c)
			}
			var upTo int64
			if err == nil {
				upTo, err = g.Store.Rev(ctx)
			}
			if err != nil {
				fail(err)
				return
			}
			select {
			case written <- stored{byID, upTo}:
			case <-ctx.Done():
				return
			}
		}
	}()
	<-indexed
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

func (g *Ingester) prepare(ctx context.Context, articles []newsdex.Article) ([]*Prepared, error) {
	for i := range articles {
		a := &articles[i]
		if a.Lang == "" {
			a.Lang = analysis.DetectLang(a.Title + "\n" + a.Body)
		}
		store.IdentityOf(a)
	}
	prepared, err := PrepareAll(ctx, g.Analyzer, g.Entities, articles, g.Workers)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return prepared, nil
}

// write stores prepared articles and indexes them when this process holds
// the index.
func (g *Ingester) write(ctx context.Context, articles []newsdex.Article, prepared []*Prepared) (Counts, []store.Outcome, error) {
	c, outcomes, byID, err := g.store(ctx, articles, prepared)
	if err != nil {
		return c, nil, err
	}
	if g.Index != nil {
		if _, err := g.Index.CatchUp(ctx, byID); err != nil {
			return c, outcomes, fmt.Errorf("ingest: %w", err)
		}
	}
	return c, outcomes, nil
}

// store writes prepared articles to the store and returns the preparations
// by stored id, for the index.
func (g *Ingester) store(ctx context.Context, articles []newsdex.Article, prepared []*Prepared) (Counts, []store.Outcome, map[string]*Prepared, error) {
	var c Counts
	withEntities := make([]newsdex.Article, len(prepared))
	for i, p := range prepared {
		withEntities[i] = p.Article
	}
	outcomes, err := g.Store.Upsert(ctx, withEntities)
	if err != nil {
		return c, nil, nil, fmt.Errorf("ingest: %w", err)
	}
	byID := make(map[string]*Prepared, len(prepared))
	for i, o := range outcomes {
		switch o {
		case store.Inserted:
			c.New++
		case store.Updated:
			c.Updated++
		default:
			c.Unchanged++
		}
		// Upsert may have matched a stored article by URL and taken its id.
		prepared[i].Article.ID = withEntities[i].ID
		articles[i].ID = withEntities[i].ID
		articles[i].Entities = withEntities[i].Entities
		byID[withEntities[i].ID] = prepared[i]
	}
	return c, outcomes, byID, nil
}

// OpenForWriting opens the index for a process that writes articles: nil and
// no error when another process holds it (the server will index the rows).
func OpenForWriting(ctx context.Context, path string, deps Deps, opts Options) (*Index, error) {
	ix, err := Open(ctx, path, deps, opts)
	if errors.Is(err, ErrLocked) {
		return nil, nil
	}
	return ix, err
}
