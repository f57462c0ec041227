package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Similar returns up to n articles most like the given one ("more like
// this"): its most distinctive words (frequent in it, rare in the index)
// searched in titles and bodies, without the article and its copies.
func (ix *Index) Similar(ctx context.Context, id string, n int) ([]Hit, error) {
	a, err := ix.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	tf := map[string]int{}
	for _, text := range []string{a.Title, a.Title, a.Body} { // the title counts double
		for _, w := range ix.Analyzer.AnalyzeQuery(text).Words {
			if utf8.RuneCountInString(w.Term) >= 2 && !isNumber(w.Term) {
				tf[w.Term]++
			}
		}
	}
	weights, err := ix.distinctive(ctx, tf, 12)
	if err != nil {
		return nil, err
	}
	if len(weights) == 0 {
		return nil, nil
	}
	var should []query.Query
	for _, w := range weights {
		should = append(should, term(FieldTitle, w.term, w.weight*ix.opts.Ranking.TitleBoost), term(FieldBody, w.term, w.weight))
	}
	like := query.NewDisjunctionQuery(should)
	q := query.NewBooleanQuery([]query.Query{like}, nil, []query.Query{term(FieldCluster, a.Cluster, 1), query.NewDocIDQuery([]string{a.ID})})
	q.AddMustNot(term(FieldDupe, "1", 1))
	req := Request{Size: n, NoFacets: true}
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	res, err := ix.searchQuery(ctx, &req, &compiled{selectQ: q, textQ: like})
	if err != nil {
		return nil, fmt.Errorf("similar to %s: %w", id, err)
	}
	return res.Hits, nil
}

type weightedTerm struct {
	term   string
	weight float64
}

// distinctive ranks terms by tf × idf in the body field and keeps the top k.
func (ix *Index) distinctive(ctx context.Context, tf map[string]int, k int) ([]weightedTerm, error) {
	// Document frequencies are summed over the shards.
	var docs uint64
	dfs := make(map[string]uint64, len(tf))
	for _, bi := range ix.set.list() {
		err := readShard(bi, func(r bindex.IndexReader) error {
			n, err := r.DocCount()
			if err != nil {
				return err
			}
			docs += n
			for t := range tf {
				tfr, err := r.TermFieldReader(ctx, []byte(t), FieldBody, false, false, false)
				if err != nil {
					return err
				}
				dfs[t] += tfr.Count()
				tfr.Close()
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []weightedTerm
	for t, f := range tf {
		df := dfs[t]
		if df < 2 || df > docs/5 {
			continue // unique to this article, or too common to tell
		}
		out = append(out, weightedTerm{t, float64(f) * math.Log(float64(docs)/float64(df))})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].term < out[j].term
	})
	if len(out) > k {
		out = out[:k]
	}
	if len(out) > 0 {
		top := out[0].weight
		for i := range out {
			out[i].weight /= top
		}
	}
	return out, nil
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}
