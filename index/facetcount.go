package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	newsdex "github.com/newsdex/newsdex"
)

// maxFacetCode bounds the codes a counter keeps a slot for (8 MB of counts);
// the rare codes above it (an index of many millions of entities) are
// counted in a map.
const maxFacetCode = 1 << 21

// facetCounter counts the facet codes of every hit into a slice indexed by
// code. bleve's terms facet turns each code of each hit into a string, counts
// it in a map and sorts every distinct value at the end; on a broad query
// that was most of the search (2.7 µs a hit, measured on Reuters). It is a
// bleve FacetBuilder so that bleve's collector feeds it the doc values.
type facetCounter struct {
	counts   []int32
	overflow map[int32]int32 // codes from maxFacetCode on
	touched  []int32         // codes counted, in the order first seen
}

func (c *facetCounter) StartDoc()                   {}
func (c *facetCounter) EndDoc()                     {}
func (c *facetCounter) Field() string               { return FieldFacets }
func (c *facetCounter) Size() int                   { return 4*len(c.counts) + 4*cap(c.touched) }
func (c *facetCounter) Result() *search.FacetResult { return nil }

func (c *facetCounter) UpdateVisitor(term []byte) {
	n, ok := parseFacetCode(term)
	if !ok {
		return
	}
	if n >= maxFacetCode {
		if c.overflow == nil {
			c.overflow = map[int32]int32{}
		}
		if c.overflow[int32(n)] == 0 {
			c.touched = append(c.touched, int32(n))
		}
		c.overflow[int32(n)]++
		return
	}
	if n >= len(c.counts) {
		grown := make([]int32, max(n+1, 2*len(c.counts), 1024))
		copy(grown, c.counts)
		c.counts = grown
	}
	if c.counts[n] == 0 {
		c.touched = append(c.touched, int32(n))
	}
	c.counts[n]++
}

// count is how many hits had code n.
func (c *facetCounter) count(n int32) int {
	if int(n) < len(c.counts) {
		return int(c.counts[n])
	}
	return int(c.overflow[n])
}

// reset zeroes the counts for the counter's next search.
func (c *facetCounter) reset() {
	for _, n := range c.touched {
		if int(n) < len(c.counts) {
			c.counts[n] = 0
		}
	}
	c.overflow = nil
	c.touched = c.touched[:0]
}

// parseFacetCode reads a code as written in the index (base 36, lower case).
func parseFacetCode(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 6 { // 36^6 > 2^31
		return 0, false
	}
	n := 0
	for _, ch := range b {
		var d int
		switch {
		case ch >= '0' && ch <= '9':
			d = int(ch - '0')
		case ch >= 'a' && ch <= 'z':
			d = int(ch-'a') + 10
		default:
			return 0, false
		}
		n = n*36 + d
	}
	if n > math.MaxInt32 {
		return 0, false
	}
	return n, true
}

// facetCounters reuses counters between searches: a counter's slice grows to
// the highest code in the index, which is worth allocating once.
type facetCounters struct{ pool sync.Pool }

func (p *facetCounters) get() *facetCounter {
	if c, ok := p.pool.Get().(*facetCounter); ok {
		return c
	}
	return &facetCounter{}
}

func (p *facetCounters) put(c *facetCounter) {
	c.reset()
	p.pool.Put(c)
}

// countFacets counts the facets of every hit of q in the given shards, in a
// search that neither scores nor collects hits.
func (ix *Index) countFacets(ctx context.Context, shards []bleve.Index, q query.Query) (*facetCounter, error) {
	c := ix.counters.get()
	for _, bi := range shards {
		if err := countIn(ctx, bi, q, c); err != nil {
			ix.counters.put(c)
			return nil, fmt.Errorf("facets: %w", err)
		}
	}
	return c, nil
}

func countIn(ctx context.Context, bi bleve.Index, q query.Query, c *facetCounter) error {
	return readShard(bi, func(r bindex.IndexReader) error {
		s, err := q.Searcher(ctx, r, bi.Mapping(), search.SearcherOptions{Score: "none"})
		if err != nil {
			return err
		}
		defer s.Close()
		fb := search.NewFacetsBuilder(r)
		fb.Add(FieldFacets, c)
		coll := collector.NewTopNCollector(0, 0, search.SortOrder{&search.SortScore{Desc: true}})
		coll.SetFacetsBuilder(fb)
		return coll.Collect(ctx, s, r)
	})
}

// facets splits the counted codes into the seven facets and keeps the
// facetSize most frequent values of each (equal counts by value), with
// display names.
func (ix *Index) facets(ctx context.Context, c *facetCounter, facetSize int) Facets {
	out := Facets{
		Companies: []FacetValue{}, Orgs: []FacetValue{}, People: []FacetValue{}, Places: []FacetValue{},
		Source: []FacetValue{}, Lang: []FacetValue{}, Month: []FacetValue{},
	}
	if c == nil {
		return out
	}
	dest := map[string]*[]FacetValue{
		string(newsdex.Company): &out.Companies, string(newsdex.Org): &out.Orgs,
		string(newsdex.Person): &out.People, string(newsdex.Place): &out.Places,
		"source": &out.Source, "lang": &out.Lang, "month": &out.Month,
	}
	keys := ix.codes.keysOf(ctx, ix.Store, c.touched)
	for i, n := range c.touched {
		name, value, ok := strings.Cut(keys[i], facetSep)
		if d := dest[name]; ok && d != nil {
			*d = append(*d, FacetValue{Value: value, Count: c.count(n)})
		}
	}
	for name, d := range dest {
		sort.Slice(*d, func(i, j int) bool {
			if (*d)[i].Count != (*d)[j].Count {
				return (*d)[i].Count > (*d)[j].Count
			}
			return (*d)[i].Value < (*d)[j].Value
		})
		*d = (*d)[:min(len(*d), facetSize)]
		for i := range *d {
			fv := &(*d)[i]
			switch name {
			case "lang":
				fv.Name = langNames[fv.Value]
			case "source", "month":
			default:
				if ix.Entities != nil {
					fv.Name = ix.Entities.Names(newsdex.EntityType(name), fv.Value)
				}
			}
		}
	}
	sort.SliceStable(out.Month, func(i, j int) bool { return out.Month[i].Value > out.Month[j].Value })
	return out
}
