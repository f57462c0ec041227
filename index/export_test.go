package index

import (
	"context"
	"testing"

	"github.com/newsdex/newsdex/index/store"
)

// Each visits every match exactly once, across pages (of 7 here).
func TestEachVisitsEveryMatch(t *testing.T) {
	f := testFixture(t)
	for _, q := range []string{"", "铝", "the"} {
		req := Request{Q: q, ShowDuplicates: true}
		seen := map[string]int{}
		total, err := f.ix.each(context.Background(), req, 0, 7, func(st store.Stored) error {
			seen[st.ID]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if uint64(len(seen)) != total {
			t.Errorf("%q: visited %d of %d", q, len(seen), total)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%q: %s visited %d times", q, id, n)
			}
		}
	}
}
