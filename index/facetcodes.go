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
	byCode []string          // code → facet key, "" where unknown
}

func newFacetCodes() *facetCodes {
	return &facetCodes{byKey: map[string]string{}}
}

// setLocked records a code both ways. Callers hold mu for writing.
func (c *facetCodes) setLocked(key string, code int64) {
	c.byKey[key] = strconv.FormatInt(code, 36)
	if code < 0 || code >= maxFacetCode {
		return
	}
	if int(code) >= len(c.byCode) {
		grown := make([]string, max(int(code)+1, 2*len(c.byCode)))
		copy(grown, c.byCode)
		c.byCode = grown
	}
	c.byCode[code] = key
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
		c.setLocked(k, code)
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

// keysOf returns the keys of codes counted in the index (aligned with
// codes), asking the store for codes another process wrote.
func (c *facetCodes) keysOf(ctx context.Context, st *store.Store, codes []int32) []string {
	out := make([]string, len(codes))
	var missing []int64
	c.mu.RLock()
	for i, n := range codes {
		if int(n) < len(c.byCode) && c.byCode[n] != "" {
			out[i] = c.byCode[n]
		} else {
			missing = append(missing, int64(n))
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
		c.setLocked(k, n)
	}
	c.mu.Unlock()
	for i, n := range codes {
		if out[i] == "" {
			out[i] = found[int64(n)]
		}
	}
	return out
}
