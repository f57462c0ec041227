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

// Verify finds stored articles the index lost and indexes them again.
func TestVerifyRestoresLostArticles(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{})
	ix := ti.ix
	arts, err := readFixtureArticles()
	if err != nil {
		t.Fatal(err)
	}
	ti.add(t, arts)
	// Lose three documents behind the index's back.
	for _, bi := range ix.set.list() {
		b := bi.NewBatch()
		for _, id := range []string{"fx-zh-001", "fx-en-004", "fx-zh-018"} {
			b.Delete(id)
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := ix.DocCount(); n != uint64(len(arts)-3) {
		t.Fatalf("doc count %d after deleting 3 of %d", n, len(arts))
	}
	lost, err := ix.Verify(ctx)
	if err != nil || lost != 3 {
		t.Fatalf("verify: %d lost, %v; want 3", lost, err)
	}
	if n, _ := ix.DocCount(); n != uint64(len(arts)) {
		t.Errorf("doc count %d after verify, want %d", n, len(arts))
	}
	if lost, _ := ix.Verify(ctx); lost != 0 {
		t.Errorf("second verify found %d missing", lost)
	}
}
