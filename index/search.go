package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	newsdex "github.com/newsdex/newsdex"
)

// Limits on a search request.
const (
	MaxSize       = 100
	DefaultSize   = 10
	MaxFacetSize  = 1000
	DefaultFacets = 10
	// MaxDepth bounds page × size: deep pages cost as much as all before them.
	MaxDepth = 10000
	// MaxQueryRunes bounds the query text.
	MaxQueryRunes = 1000
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Request is a search: query text, filters, order and page.
type Request struct {
	Q      string
	Syntax Syntax
	// Filters: a hit must have one of the languages and sources given, and
	// every entity given (each matched by any of its names).
	Lang, Source                []string
	Company, Org, Person, Place []string
	From, To                    time.Time // To is exclusive; zero = open
	Sort                        string
	Page                        int // 1-based
	Size                        int // 0 returns only total and facets
	FacetSize                   int
	// ShowDuplicates lists every copy of a syndicated story instead of one
	// hit per story.
	ShowDuplicates bool
	// NoFacets skips facet counting (feeds and exports do not need them).
	NoFacets bool
	// NoSnippets skips highlighting.
	NoSnippets bool
}

// Result is what /api/search returns and `search --json` prints.
type Result struct {
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
}

// Hit is one article of a result page.
type Hit struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Snippet   string   `json:"snippet"` // HTML: text escaped, matches in <mark>
	Published string   `json:"published"`
	Author    string   `json:"author,omitempty"`
	Source    string   `json:"source"`
	Lang      string   `json:"lang"`
	Companies []string `json:"companies"`
	Orgs      []string `json:"orgs"`
	People    []string `json:"people"`
	Places    []string `json:"places"`
	Score     float64  `json:"score"`
	// Duplicates counts the other copies of the same story (syndication).
	Duplicates int `json:"duplicates"`
}

// FacetValue is one entry of a facet.
type FacetValue struct {
	Value string        `json:"value"`
	Count int           `json:"count"`
	Name  newsdex.Names `json:"name"`
}

// Facets count the whole result set, not just the page.
type Facets struct {
	Companies []FacetValue `json:"companies"`
	Orgs      []FacetValue `json:"orgs"`
	People    []FacetValue `json:"people"`
	Places    []FacetValue `json:"places"`
	Source    []FacetValue `json:"source"`
	Lang      []FacetValue `json:"lang"`
	Month     []FacetValue `json:"month"`
}

// Normalize checks a request and fills in defaults; errors are RequestErrors.
func (r *Request) Normalize() error {
	switch r.Syntax {
	case "":
		r.Syntax = SyntaxPlain
	case SyntaxPlain, SyntaxQuery:
	default:
		return &RequestError{Param: "syntax", Msg: fmt.Sprintf("must be plain or query, not %q", r.Syntax)}
	}
	if runeCount(r.Q) > MaxQueryRunes {
		return &RequestError{Param: "q", Msg: fmt.Sprintf("query is longer than %d characters", MaxQueryRunes)}
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
		if strings.TrimSpace(r.Q) == "" {
			r.Sort = SortNewest
		}
	case SortRelevance, SortNewest, SortOldest:
	default:
		return &RequestError{Param: "sort", Msg: fmt.Sprintf("must be relevance, newest or oldest, not %q", r.Sort)}
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 || r.Page > MaxDepth {
		return &RequestError{Param: "page", Msg: fmt.Sprintf("must be from 1 to %d", MaxDepth)}
	}
	if r.Size < 0 || r.Size > MaxSize {
		return &RequestError{Param: "size", Msg: fmt.Sprintf("must be from 0 to %d", MaxSize)}
	}
	if r.Page*max(r.Size, 1) > MaxDepth {
		return &RequestError{Param: "page", Msg: fmt.Sprintf("page × size must stay within %d results; narrow the query instead", MaxDepth)}
	}
	if r.FacetSize == 0 {
		r.FacetSize = DefaultFacets
	}
	if r.FacetSize < 0 || r.FacetSize > MaxFacetSize {
		return &RequestError{Param: "facet_size", Msg: fmt.Sprintf("must be from 1 to %d", MaxFacetSize)}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.To.After(r.From) {
		return &RequestError{Param: "to", Msg: "must be after from"}
	}
	return nil
}

// compiled is a request turned into bleve queries.
type compiled struct {
	// selectQ picks and scores the hits (text and filters); textQ is the
	// text part alone (nil for none), which says what to highlight, with
	// scan the Chinese runs to find in the text.
	selectQ, textQ query.Query
	scan           []string
	// near rewards the top hits whose query words stand side by side.
	near []query.Query
}

// build compiles a request.
func (ix *Index) build(req *Request) (*compiled, error) {
	tree, err := parseQuery(req.Q, req.Syntax)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, &RequestError{Param: "q", Msg: se.Error()}
		}
		return nil, err
	}
	c := &compiler{ix: ix, now: time.Now()}
	textQ, err := c.compile(tree)
	if err != nil {
		return nil, err
	}
	var filters []query.Query
	if f := anyOf(FieldLang, lower(req.Lang)); f != nil {
		filters = append(filters, f)
	}
	if f := anyOf(FieldSource, req.Source); f != nil {
		filters = append(filters, f)
	}
	for _, ef := range []struct {
		t     newsdex.EntityType
		names []string
	}{{newsdex.Company, req.Company}, {newsdex.Org, req.Org}, {newsdex.Person, req.Person}, {newsdex.Place, req.Place}} {
		for _, name := range ef.names {
			if strings.TrimSpace(name) != "" {
				filters = append(filters, c.entityTerm(ef.t, name))
			}
		}
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		incl, excl := true, false
		dq := bleve.NewDateRangeInclusiveQuery(req.From, req.To, &incl, &excl)
		dq.SetField(FieldPublished)
		filters = append(filters, dq)
	}
	// One hit per syndicated story, unless asked for every copy or the
	// filters pick sources (a copy may be the only one from that source).
	hideDupes := !req.ShowDuplicates && len(req.Source) == 0

	scoring := textQ
	if scoring != nil && req.Sort == SortRelevance && ix.opts.Ranking.RecentBoost > 0 {
		scoring = withRecency(scoring, c.now, ix.opts.Ranking)
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	if scoring != nil {
		b.AddMust(scoring)
	} else {
		b.AddMust(query.NewMatchAllQuery())
	}
	if hideDupes {
		b.AddMustNot(term(FieldDupe, "1", 1))
	}
	if len(filters) > 0 {
		b.AddFilter(and(filters...))
	}
	return &compiled{selectQ: b, textQ: textQ, scan: c.scan, near: c.near}, nil
}

// withRecency adds a constant bonus for articles of the last days.
//
// The bonus is the date range query itself as an optional clause: it only
// visits the postings of recent dates (a filter over all documents would
// visit every one of them, on every search).
func withRecency(q query.Query, now time.Time, r Ranking) query.Query {
	since := now.AddDate(0, 0, -r.RecentDays)
	incl := true
	recent := bleve.NewDateRangeInclusiveQuery(since, time.Time{}, &incl, nil)
	recent.SetField(FieldPublished)
	recent.SetBoost(r.RecentBoost)
	return query.NewBooleanQuery([]query.Query{q}, []query.Query{recent}, nil)
}

func anyOf(field string, values []string) query.Query {
	var qs []query.Query
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			qs = append(qs, term(field, v, 1))
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return or(qs...)
}

func lower(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.ToLower(v)
	}
	return out
}

// Search runs a request.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	key, cacheable := ix.results.key(&req, ix.gen.Load())
	if cacheable {
		if res, ok := ix.results.get(key); ok {
			res.TookMS = float64(time.Since(start).Microseconds()) / 1000
			return res, nil
		}
	}
	cq, err := ix.build(&req)
	if err != nil {
		return nil, err
	}
	res, err := ix.searchQuery(ctx, &req, cq)
	if err != nil {
		return nil, err
	}
	if cacheable {
		ix.results.put(key, res)
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// searchQuery runs a compiled query.
func (ix *Index) searchQuery(ctx context.Context, req *Request, cq *compiled) (*Result, error) {
	size, from := req.Size, (req.Page-1)*req.Size
	rescore := len(cq.near) > 0 && req.Sort == SortRelevance && req.Size > 0 && from+size <= RescoreWindow
	if rescore {
		size, from = RescoreWindow, 0
	}
	sr := bleve.NewSearchRequestOptions(cq.selectQ, size, from, false)
	sr.SortBy(sortOrder(req.Sort))
	// The shards of the request's dates answer the search, and the second
	// searches for its hits (rescoring, snippets) as well.
	on := ix.set.searcher(req.From, req.To)
	var counted chan facetCount
	if !req.NoFacets {
		counted = make(chan facetCount, 1)
		count := func() {
			c, err := ix.countFacets(ctx, ix.set.picked(req.From, req.To), cq.selectQ)
			counted <- facetCount{c, err}
		}
		// Counting visits every hit: on a broad query it is most of the
		// time. With a core idle it runs there while this one ranks, fills
		// and highlights the page; under load it runs here, first.
		if ix.searching.Add(1) <= int32(max(1, runtime.GOMAXPROCS(0)-1)) {
			go count()
		} else {
			count()
		}
		defer ix.searching.Add(-1)
	}
	res, err := on.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Q, err)
	}
	hits := res.Hits
	if rescore {
		if hits, err = ix.rescore(ctx, on, hits, cq.near); err != nil {
			return nil, err
		}
		start := min((req.Page-1)*req.Size, len(hits))
		hits = hits[start:min(start+req.Size, len(hits))]
	}
	out := &Result{Total: res.Total, Hits: []Hit{}}
	bodies, err := ix.hydrate(ctx, out, hits)
	if err != nil {
		return nil, err
	}
	if !req.NoSnippets && len(out.Hits) > 0 {
		if err := ix.snippets(ctx, on, out.Hits, bodies, cq); err != nil {
			return nil, err
		}
	}
	var fc *facetCounter
	if counted != nil {
		c := <-counted
		if c.err != nil {
			return nil, fmt.Errorf("search %q: %w", req.Q, c.err)
		}
		fc = c.counter
		defer ix.counters.put(fc)
	}
	out.Facets = ix.facets(ctx, fc, req.FacetSize)
	return out, nil
}

type facetCount struct {
	counter *facetCounter
	err     error
}

// RescoreWindow is how many of the best hits get the phrase bonus: pages
// within it are ordered with it, deeper pages by the first score alone.
const RescoreWindow = 100

// rescore adds the phrase bonus to the hits (best first) and orders them
// again: a second, cheap search of the phrases among these hits only.
func (ix *Index) rescore(ctx context.Context, on bleve.Index, hits search.DocumentMatchCollection, near []query.Query) (search.DocumentMatchCollection, error) {
	if len(hits) < 2 {
		return hits, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{or(near...), query.NewDocIDQuery(ids)})
	res, err := on.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, len(ids), 0, false))
	if err != nil {
		return nil, fmt.Errorf("rescore: %w", err)
	}
	bonus := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		bonus[h.ID] = h.Score
	}
	out := append(search.DocumentMatchCollection(nil), hits...)
	for _, h := range out {
		h.Score += bonus[h.ID]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

// hydrate fills the page's hits from the store and returns their bodies.
func (ix *Index) hydrate(ctx context.Context, out *Result, hits search.DocumentMatchCollection) (map[string]string, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	arts, err := ix.Store.GetMany(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	bodies := make(map[string]string, len(arts))
	var clusters []string
	for _, h := range hits {
		a, ok := arts[h.ID]
		if !ok {
			// Indexed but no longer stored: the index will catch up.
			continue
		}
		hit := Hit{
			ID: a.ID, URL: a.URL, Title: a.Title, Author: a.Author, Source: a.Source, Lang: a.Lang,
			Companies: nonNil(a.Entities.Companies), Orgs: nonNil(a.Entities.Orgs),
			People: nonNil(a.Entities.People), Places: nonNil(a.Entities.Places),
			Score: h.Score,
		}
		if !a.Published.IsZero() {
			hit.Published = a.Published.Format(time.RFC3339)
		}
		hit.Snippet = ix.leadSnippet(a.Body)
		out.Hits = append(out.Hits, hit)
		clusters = append(clusters, a.Cluster)
		bodies[a.ID] = a.Body
	}
	sizes, err := ix.Store.ClusterSizes(ctx, clusters)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for i := range out.Hits {
		if a, ok := arts[out.Hits[i].ID]; ok && sizes[a.Cluster] > 1 {
			out.Hits[i].Duplicates = sizes[a.Cluster] - 1
		}
	}
	return bodies, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var langNames = map[string]newsdex.Names{
	"zh": {ZH: "中文", EN: "Chinese"},
	"en": {ZH: "英文", EN: "English"},
}
