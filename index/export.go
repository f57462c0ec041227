package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsdex/newsdex/index/store"
)

// MaxExport bounds an export: past it the caller should narrow the query.
const MaxExport = 100000

// Each calls fn for every article a request matches, newest first (oldest
// first with Sort "oldest"), up to limit articles, reading the store a page
// at a time; the page and size of the request are ignored. It returns the
// total number of matches, which may exceed what was visited. Relevance
// order is not offered: paging on scores (floats printed as text) is not
// exact, and an export must not skip an article.
func (ix *Index) Each(ctx context.Context, req Request, limit int, fn func(store.Stored) error) (uint64, error) {
	return ix.each(ctx, req, limit, 500, fn)
}

func (ix *Index) each(ctx context.Context, req Request, limit, page int, fn func(store.Stored) error) (uint64, error) {
	req.Size, req.Page, req.NoFacets, req.NoSnippets = 1, 1, true, true
	if err := req.Normalize(); err != nil {
		return 0, err
	}
	if limit <= 0 || limit > MaxExport {
		limit = MaxExport
	}
	cq, err := ix.build(&req)
	if err != nil {
		return 0, err
	}
	var after []string
	var total uint64
	seen := 0
	for seen < limit {
		sr := bleve.NewSearchRequestOptions(cq.selectQ, min(page, limit-seen), 0, false)
		order := []string{"-" + FieldPublished, "_id"}
		if req.Sort == SortOldest {
			order = []string{FieldPublished, "_id"}
		}
		sr.SortBy(order)
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.set.searcher(req.From, req.To).SearchInContext(ctx, sr)
		if err != nil {
			return total, fmt.Errorf("export: %w", err)
		}
		total = res.Total
		if len(res.Hits) == 0 {
			break
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		arts, err := ix.Store.GetMany(ctx, ids)
		if err != nil {
			return total, fmt.Errorf("export: %w", err)
		}
		for _, id := range ids {
			if a, ok := arts[id]; ok {
				if err := fn(a); err != nil {
					return total, err
				}
			}
		}
		seen += len(res.Hits)
		after = res.Hits[len(res.Hits)-1].Sort
	}
	return total, nil
}

// sortOrder is the bleve sort of a request. Relevance sorts on the score
// alone: a second key would read a doc-value column (or the stored id) for
// every hit of every query, which costs more than the ties it breaks.
func sortOrder(s string) []string {
	switch s {
	case SortNewest:
		return []string{"-" + FieldPublished, "-_score"}
	case SortOldest:
		return []string{FieldPublished, "-_score"}
	}
	return []string{"-_score"}
}
