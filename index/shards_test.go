package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/store"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Articles are filed by year of publication; searches see every year, a
// date-bounded search only the years it covers, and an article whose date is
// corrected moves to its new year without ever being counted twice.
func TestShardsByYear(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{ShardYears: 1})
	ix, st := ti.ix, ti.st
	// Searching an index without articles (no shard yet) is an empty result.
	if res, err := ix.Search(ctx, Request{Q: "铝"}); err != nil || res.Total != 0 {
		t.Fatalf("empty index: %v, %v", res, err)
	}
	arts := []newsdex.Article{
		{ID: "a2024", Title: "魏桥电解铝产能置换方案获批", Body: "山东滨州的电解铝项目完成产能置换，新产线采用500千安电解槽。", Lang: "zh", Published: day("2024-03-05")},
		{ID: "b2025", Title: "Aluminium premiums climb in Rotterdam", Body: "Duty-paid aluminium premiums rose for a third week as 铝 billet stocks thinned.", Lang: "en", Published: day("2025-07-14")},
		{ID: "c2026", Title: "再生铝企业扩产 废铝进口增加", Body: "多家再生铝企业宣布扩产计划，十月废铝进口量同比增长。", Lang: "zh", Published: day("2026-10-20")},
		{ID: "d-undated", Title: "铝箔出口退税调整问答", Body: "关于铝箔出口退税调整，企业最关心的六个问题。", Lang: "zh"},
	}
	ti.add(t, arts)
	if got, want := ix.Shards(), []string{"2024", "2025", "2026", "undated"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("shards %v, want %v", got, want)
	}
	hitIDs := func(req Request) []string {
		t.Helper()
		req.ShowDuplicates = true
		req.Size = 20
		res, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatalf("search %+v: %v", req, err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		sort.Strings(ids)
		if int(res.Total) != len(ids) {
			t.Errorf("search %+v: total %d, %d hits", req, res.Total, len(ids))
		}
		return ids
	}
	if got, want := hitIDs(Request{Q: "铝"}), []string{"a2024", "b2025", "c2026", "d-undated"}; !reflect.DeepEqual(got, want) {
		t.Errorf("铝 in every year: %v, want %v", got, want)
	}
	if got, want := hitIDs(Request{Q: "铝", From: day("2025-01-01")}), []string{"b2025", "c2026"}; !reflect.DeepEqual(got, want) {
		t.Errorf("铝 from 2025: %v, want %v", got, want)
	}
	if got, want := hitIDs(Request{Q: "铝", From: day("2024-01-01"), To: day("2025-01-01")}), []string{"a2024"}; !reflect.DeepEqual(got, want) {
		t.Errorf("铝 in 2024: %v, want %v", got, want)
	}
	// Facets are counted over every shard.
	res, err := ix.Search(ctx, Request{Q: "铝", ShowDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	months := map[string]int{}
	for _, v := range res.Facets.Month {
		months[v.Value] = v.Count
	}
	if want := map[string]int{"2024-03": 1, "2025-07": 1, "2026-10": 1}; !reflect.DeepEqual(months, want) {
		t.Errorf("month facet %v, want %v", months, want)
	}

	// The 2024 article's date was wrong: it is from 2026.
	fixed := arts[0]
	fixed.Published = day("2026-01-08")
	ti.add(t, []newsdex.Article{fixed})
	if n, _ := ix.DocCount(); n != 4 {
		t.Errorf("doc count %d after moving an article, want 4", n)
	}
	if got, want := hitIDs(Request{Q: "魏桥"}), []string{"a2024"}; !reflect.DeepEqual(got, want) {
		t.Errorf("moved article: %v, want %v", got, want)
	}
	if got := hitIDs(Request{Q: "魏桥", From: day("2024-01-01"), To: day("2025-01-01")}); len(got) != 0 {
		t.Errorf("moved article still found in 2024: %v", got)
	}
	rev, err := ix.Rev()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := st.Rev(ctx); rev != want {
		t.Errorf("index rev %d, store rev %d", rev, want)
	}

	// Closed and opened again (without saying the span: the index keeps its
	// own), it is the same index.
	ti.reopen(t, Options{})
	ix = ti.ix
	if n, _ := ix.DocCount(); n != 4 {
		t.Errorf("doc count %d after reopening, want 4", n)
	}
	if again, _ := ix.Rev(); again != rev {
		t.Errorf("rev %d after reopening, want %d", again, rev)
	}
	if got, want := hitIDs(Request{Q: "铝", From: day("2026-01-01")}), []string{"a2024", "c2026"}; !reflect.DeepEqual(got, want) {
		t.Errorf("铝 in 2026 after reopening: %v, want %v", got, want)
	}
}

func TestShardKeys(t *testing.T) {
	for _, c := range []struct {
		years int
		t     time.Time
		want  string
	}{
		{1, day("2026-11-28"), "2026"},
		{1, day("1987-03-02"), "1987"},
		{10, day("2026-11-28"), "2020"},
		{10, day("2020-01-01"), "2020"},
		{10, day("2019-12-31"), "2010"},
		{10, day("1998-01-05"), "1990"},
		{5, day("2024-06-30"), "2020"},
		{5, day("2025-01-01"), "2025"},
		{10, time.Time{}, undatedShard},
	} {
		s := &shardSet{years: c.years}
		if got := s.key(c.t); got != c.want {
			t.Errorf("span %d, %s: shard %q, want %q", c.years, c.t.Format("2006-01-02"), got, c.want)
		}
	}
}

// With decade shards a date-bounded search still finds exactly its dates.
func TestDecadeShards(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{})
	ix := ti.ix
	arts := []newsdex.Article{
		{ID: "n1998", Title: "Aluminium smelters cut output", Body: "Smelters in Guangxi cut aluminium output as power prices rose.", Lang: "en", Published: day("1998-01-05")},
		{ID: "n2019", Title: "Aluminium can sheet demand grows", Body: "Beverage can sheet orders lifted aluminium rolling mills.", Lang: "en", Published: day("2019-12-31")},
		{ID: "n2020", Title: "Aluminium wheel exports recover", Body: "Exports of aluminium wheels recovered in the first quarter.", Lang: "en", Published: day("2020-01-01")},
	}
	ti.add(t, arts)
	if got, want := ix.Shards(), []string{"1990", "2010", "2020"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("shards %v, want %v", got, want)
	}
	for _, c := range []struct {
		from, to string
		want     []string
	}{
		{"", "", []string{"n1998", "n2019", "n2020"}},
		{"2019-12-31", "2020-01-02", []string{"n2019", "n2020"}},
		{"2019-01-01", "2020-01-01", []string{"n2019"}},
		{"1990-01-01", "2019-12-31", []string{"n1998"}},
		{"2021-01-01", "", nil},
	} {
		req := Request{Q: "aluminium", Size: 10, ShowDuplicates: true}
		if c.from != "" {
			req.From = day(c.from)
		}
		if c.to != "" {
			req.To = day(c.to)
		}
		res, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("aluminium from %q to %q: %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

// An index folder in the layout before shards (one bleve index) is reported
// stale, so newsdex rebuilds it from the store instead of failing.
func TestSingleIndexLayoutIsStale(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, DirName)
	old, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = Open(ctx, path, Deps{Analyzer: testAnalyzer(t), Store: st}, Options{})
	if !errors.Is(err, ErrStale) {
		t.Fatalf("open single-index layout: %v, want ErrStale", err)
	}
}

// Searches running while articles of new decades arrive (shards created
// under them) neither fail nor race (run with -race).
func TestShardsCreatedDuringSearches(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{ResultCache: -1})
	ix := ti.ix
	stop := make(chan struct{})
	errs := make(chan error, 4)
	for c := 0; c < 3; c++ {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				req := Request{Q: "aluminium 铝", Size: 10, From: day("1995-01-01")}
				if c == 0 {
					req.From = time.Time{}
				}
				if _, err := ix.Search(ctx, req); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var arts []newsdex.Article
	for i, year := range []int{2026, 1987, 1998, 2005, 2013, 2024, 1991, 2030} {
		arts = append(arts, newsdex.Article{
			ID:        fmt.Sprintf("y%d", i),
			Title:     fmt.Sprintf("Aluminium output in %d 铝产量", year),
			Body:      fmt.Sprintf("Smelters reported aluminium output for %d. 电解铝产量 %d 年统计。", year, year),
			Lang:      "en",
			Published: time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC),
		})
	}
	for _, a := range arts {
		ti.add(t, []newsdex.Article{a})
	}
	close(stop)
	for c := 0; c < 3; c++ {
		if err := <-errs; err != nil {
			t.Fatalf("search while shards were created: %v", err)
		}
	}
	if got, want := ix.Shards(), []string{"1980", "1990", "2000", "2010", "2020", "2030"}; !reflect.DeepEqual(got, want) {
		t.Errorf("shards %v, want %v", got, want)
	}
	res, err := ix.Search(ctx, Request{Q: "aluminium", Size: 20, ShowDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(len(arts)) {
		t.Errorf("%d hits, want %d", res.Total, len(arts))
	}
}

// A process killed while creating a shard leaves only its temporary folder
// (or, from older versions, a folder bleve never wrote to): opening the index
// removes them and the articles of that year are indexed into a new shard.
func TestHalfCreatedShardsAreRemoved(t *testing.T) {
	ctx := context.Background()
	ti := newTestIndex(t, Options{ShardYears: 1})
	ti.add(t, []newsdex.Article{{ID: "a2024", Title: "魏桥电解铝产能置换方案获批", Body: "山东滨州的电解铝项目完成产能置换。", Lang: "zh", Published: day("2024-03-05")}})
	if err := ti.ix.Close(); err != nil {
		t.Fatal(err)
	}
	// What a kill during the creation of the 2025 shard leaves behind: a
	// bleve folder whose mapping never reached the disk.
	half := filepath.Join(ti.path, "2025"+newSuffix)
	if err := os.MkdirAll(filepath.Join(half, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(half, "index_meta.json"), []byte(`{"storage":"scorch","index_type":"scorch"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(ti.path, "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	ti.open(t, Options{ShardYears: 1})
	for _, gone := range []string{half, filepath.Join(ti.path, "2026")} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s still there after opening (%v)", gone, err)
		}
	}
	ti.add(t, []newsdex.Article{{ID: "b2025", Title: "铝价上涨", Body: "长江现货铝价上涨。", Lang: "zh", Published: day("2025-07-14")}})
	res, err := ti.ix.Search(ctx, Request{Q: "铝"})
	if err != nil || res.Total != 2 {
		t.Fatalf("after the half-made shard: %+v, %v; want both articles", res, err)
	}
	for _, name := range []string{"2024", "2025"} {
		if !isIndex(filepath.Join(ti.path, name)) {
			t.Errorf("shard %s missing", name)
		}
	}
}
