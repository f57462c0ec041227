package index

import (
	"context"
	"reflect"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

// A repeated search is answered from the cache, a caller changing its copy
// does not change the next answer, and a new article makes the next answer
// fresh.
func TestResultCache(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{})
	ix := ti.ix
	first := []newsdex.Article{
		{ID: "c1", Title: "氧化铝价格上涨", Body: "氧化铝现货价格本周上涨，铝土矿供应偏紧。", Lang: "zh", Published: day("2026-11-02")},
		{ID: "c2", Title: "电解铝库存下降", Body: "主要消费地电解铝社会库存继续下降。", Lang: "zh", Published: day("2026-11-03")},
	}
	ti.add(t, first)
	req := Request{Q: "铝", Size: 10, ShowDuplicates: true}
	a, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if hits, misses := ix.CacheStats(); hits != 1 || misses != 1 {
		t.Errorf("cache hits %d, misses %d; want 1 and 1", hits, misses)
	}
	a.TookMS, b.TookMS = 0, 0
	if !reflect.DeepEqual(a, b) {
		t.Errorf("cached result differs:\n%+v\n%+v", a, b)
	}
	// The caller owns its copy.
	b.Hits[0] = Hit{ID: "changed"}
	b.Facets.Month = nil
	c, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if c.Hits[0].ID == "changed" || len(c.Facets.Month) == 0 {
		t.Errorf("a caller's change reached the cache: %+v", c)
	}
	// A new article: the same request is computed again and finds it.
	ti.add(t, []newsdex.Article{{ID: "c3", Title: "再生铝项目投产", Body: "年产十万吨再生铝项目投产。", Lang: "zh", Published: day("2026-11-04")}})
	d, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Total != 3 {
		t.Errorf("after a new article: total %d, want 3 (a stale cached result?)", d.Total)
	}
	// Without a cache every search is computed.
	ix.results = newResultCache(0)
	for i := 0; i < 2; i++ {
		if _, err := ix.Search(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if hits, _ := ix.CacheStats(); hits != 0 {
		t.Errorf("disabled cache answered %d searches", hits)
	}
}
