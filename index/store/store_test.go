package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestUpsertIdentity(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	pub := time.Date(2026, 10, 12, 14, 4, 0, 0, time.FixedZone("", 8*3600))
	a := newsdex.Article{URL: "https://news.example.cn/2026/10/1.html", Title: "铝价上涨", Body: "伦铝周二上涨。", Published: pub, Lang: "zh"}
	cases := []struct {
		name    string
		art     newsdex.Article
		want    Outcome
		wantRev int64
	}{
		{"new", a, Inserted, 1},
		{"same again", a, Unchanged, 1},
		{"body changed", func() newsdex.Article { b := a; b.Body = "伦铝周二上涨1.2%。"; return b }(), Updated, 2},
		{"same URL, an id given", func() newsdex.Article { b := a; b.ID = "given"; b.Body = "改了"; return b }(), Updated, 3},
		{"no URL, id given", newsdex.Article{ID: "imp-1", Title: "t", Body: "b"}, Inserted, 4},
		{"no URL, no id", newsdex.Article{Title: "无链接", Body: "b", Published: pub}, Inserted, 5},
		{"no URL, no id, again", newsdex.Article{Title: "无链接", Body: "b", Published: pub}, Unchanged, 5},
	}
	for _, c := range cases {
		out, err := st.Upsert(ctx, []newsdex.Article{c.art})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if out[0] != c.want {
			t.Errorf("%s: outcome %v, want %v", c.name, out[0], c.want)
		}
		if rev, _ := st.Rev(ctx); rev != c.wantRev {
			t.Errorf("%s: rev %d, want %d", c.name, rev, c.wantRev)
		}
	}
	if n, _ := st.Count(ctx); n != 3 {
		t.Errorf("count %d, want 3 (re-imports update, never duplicate)", n)
	}
	got, err := st.Get(ctx, ArticleID(a.URL))
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "改了" || !got.Published.Equal(pub) {
		t.Errorf("stored %+v", got.Article)
	}
	if _, off := got.Published.Zone(); off != 8*3600 {
		t.Errorf("published lost its offset: %v", got.Published)
	}
	rows, err := st.Since(ctx, 2, 10)
	if err != nil || len(rows) != 3 {
		t.Fatalf("since 2: %d rows, %v", len(rows), err)
	}
}

// Two stores on one file (two processes in production) write and read at
// once: WAL mode and the busy timeout keep every write.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w, st := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				art := newsdex.Article{ID: string(rune('a'+w)) + "-" + time.Duration(i).String(), Title: "t", Body: "b"}
				if _, err := st.Upsert(ctx, []newsdex.Article{art}); err != nil {
					errs <- err
					return
				}
				if _, err := st.Since(ctx, 0, 5); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n, _ := a.Count(ctx); n != 100 {
		t.Errorf("count %d, want 100", n)
	}
	if rev, _ := b.Rev(ctx); rev != 100 {
		t.Errorf("rev %d, want 100: revisions must be unique across writers", rev)
	}
}
