package index

import (
	"container/list"
	"encoding/json"
	"sync"
	"sync/atomic"
)

// DefaultResultCache is how many search results an index keeps by default.
const DefaultResultCache = 256

// resultCache keeps the latest results of the searches people repeat: the
// web page asks the same query again for every facet click, page and
// back-button. An entry is keyed by the normalized request and the index
// generation, which every write to the index advances, so a result never
// outlives the index it was computed on.
type resultCache struct {
	capacity int

	mu      sync.Mutex
	order   *list.List // front: most recently used
	entries map[string]*list.Element

	hits, misses atomic.Int64
}

type cachedResult struct {
	key    string
	result *Result
}

func newResultCache(capacity int) *resultCache {
	return &resultCache{capacity: capacity, order: list.New(), entries: map[string]*list.Element{}}
}

// key names a normalized request at an index generation; false when the
// cache is off (no key is computed then).
func (c *resultCache) key(req *Request, gen uint64) (string, bool) {
	if c.capacity <= 0 {
		return "", false
	}
	b, err := json.Marshal(struct {
		Gen uint64
		Req *Request
	}{gen, req})
	if err != nil {
		return "", false
	}
	return string(b), true
}

// get returns a copy of the cached result for key.
func (c *resultCache) get(key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	c.order.MoveToFront(el)
	return el.Value.(*cachedResult).result.clone(), true
}

// put keeps a copy of res under key, dropping the least recently used entry
// beyond capacity.
func (c *resultCache) put(key string, res *Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		el.Value.(*cachedResult).result = res.clone()
		c.order.MoveToFront(el)
		return
	}
	c.entries[key] = c.order.PushFront(&cachedResult{key: key, result: res.clone()})
	for c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cachedResult).key)
	}
}

// clone copies a result deeply enough that the caller may reorder, drop or
// replace its hits and facet values without touching the cached one.
func (r *Result) clone() *Result {
	out := *r
	if r.Hits != nil {
		out.Hits = append(make([]Hit, 0, len(r.Hits)), r.Hits...)
	}
	f := &out.Facets
	for _, list := range []*[]FacetValue{&f.Companies, &f.Orgs, &f.People, &f.Places, &f.Source, &f.Lang, &f.Month} {
		if *list != nil {
			*list = append(make([]FacetValue, 0, len(*list)), (*list)...)
		}
	}
	return &out
}

// CacheStats are the result cache's hits and misses since the index opened.
func (ix *Index) CacheStats() (hits, misses int64) {
	return ix.results.hits.Load(), ix.results.misses.Load()
}
