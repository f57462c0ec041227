package index

import (
	"context"
	"strconv"
	"sync"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/store"
)

// facetCodes caches the store's facet codes both ways. The index's facet
// column holds codes ("2k") rather than keys ("company\x1f魏桥创业集团"):
// counting facets decompresses that column for every hit, and short codes
// make it a fraction of the size.
type facetCodes struct {
	mu     sync.RWMutex
	byKey  map[string]string // facet key → code as written in the index
	byCode map[string]string
}

func newFacetCodes() *facetCodes {
	return &facetCodes{byKey: map[string]string{}, byCode: map[string]string{}}
}

// facetKey names a facet value: the facet, a separator, the value.
func facetKey(facet, value string) string { return facet + facetSep + value }

// facetKeys lists the facet keys of a stored article.
func facetKeys(st *store.Stored) []string {
	var keys []string
	add := func(facet, value string) {
		if value != "" {
			keys = append(keys, facetKey(facet, value))
		}
	}
	add("source", st.Source)
	add("lang", st.Lang)
	if !st.Published.IsZero() {
		add("month", st.Published.Format("2006-01"))
	}
	for _, t := range newsdex.EntityTypes {
		for _, k := range st.Entities.Of(t) {
			add(string(t), k)
		}
	}
	return keys
}

// ensure makes sure every key of the rows has a code in the cache.
func (c *facetCodes) ensure(ctx context.Context, st *store.Store, rows []store.Stored) error {
	var missing []string
	c.mu.RLock()
	for i := range rows {
		for _, k := range facetKeys(&rows[i]) {
			if _, ok := c.byKey[k]; !ok {
				missing = append(missing, k)
			}
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return nil
	}
	codes, err := st.FacetCodes(ctx, missing)
	if err != nil {
		return err
	}
	c.mu.Lock()
	for k, code := range codes {
		s := strconv.FormatInt(code, 36)
		c.byKey[k], c.byCode[s] = s, k
	}
	c.mu.Unlock()
	return nil
}

// code returns the code of a key ensured before.
func (c *facetCodes) code(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.byKey[key]
	return s, ok
}

// keys returns the keys of codes read from the index, asking the store for
// codes another process wrote.
func (c *facetCodes) keys(ctx context.Context, st *store.Store, codes []string) map[string]string {
	out := make(map[string]string, len(codes))
	var missing []int64
	c.mu.RLock()
	for _, s := range codes {
		if k, ok := c.byCode[s]; ok {
			out[s] = k
		} else if n, err := strconv.ParseInt(s, 36, 64); err == nil {
			missing = append(missing, n)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	found, err := st.FacetKeys(ctx, missing)
	if err != nil {
		return out
	}
	c.mu.Lock()
	for n, k := range found {
		s := strconv.FormatInt(n, 36)
		c.byKey[k], c.byCode[s] = s, k
		out[s] = k
	}
	c.mu.Unlock()
	return out
}
