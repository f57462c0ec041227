package index

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk" // the baseline analyzer
	"github.com/blevesearch/bleve/v2/search/query"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/importer"
	"github.com/newsdex/newsdex/index/normalize"
	"github.com/newsdex/newsdex/index/store"
)

// labelled is a corpus record with the labels the evaluation uses.
type labelled struct {
	newsdex.Article
	Topics []string
}

func readLabelled(tb testing.TB, file string, n int) []labelled {
	tb.Helper()
	dir := os.Getenv("NEWSDEX_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	path := filepath.Join(dir, "news", file)
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus %s not found (set NEWSDEX_CORPUS): %v", path, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []labelled
	for len(out) < n && sc.Scan() {
		a, err := importer.ParseLine(sc.Bytes())
		if err != nil {
			continue
		}
		var rec struct {
			Labels struct {
				Topics []string `json:"topics"`
			} `json:"labels"`
		}
		_ = json.Unmarshal(sc.Bytes(), &rec)
		out = append(out, labelled{Article: a, Topics: rec.Labels.Topics})
	}
	return out
}

// engine is what the evaluation asks of an index: ids of hits, best first.
type engine interface {
	ids(q string, phrase bool, size int) ([]string, uint64)
}

type newsdexEngine struct{ ix *Index }

func (e newsdexEngine) ids(q string, phrase bool, size int) ([]string, uint64) {
	if phrase {
		q = `"` + q + `"`
	}
	req := Request{Q: q, Size: size, ShowDuplicates: true, NoFacets: true, NoSnippets: true}
	if size > MaxSize {
		var out []string
		total, err := e.ix.Each(context.Background(), req, size, func(st store.Stored) error {
			out = append(out, st.ID)
			return nil
		})
		if err != nil {
			return nil, 0
		}
		return out, total
	}
	res, err := e.ix.Search(context.Background(), req)
	if err != nil {
		return nil, 0
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out, res.Total
}

// cjkEngine is bleve's built-in cjk (bigram) analyzer on title and body:
// the baseline the issue asks to compare with.
type cjkEngine struct{ bi bleve.Index }

func newCJKEngine(tb testing.TB, arts []newsdex.Article) cjkEngine {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "cjk"
	bi, err := bleve.NewMemOnly(m)
	if err != nil {
		tb.Fatal(err)
	}
	b := bi.NewBatch()
	for i, a := range arts {
		_ = b.Index(a.ID, map[string]string{"title": a.Title, "body": a.Body})
		if (i+1)%1000 == 0 {
			if err := bi.Batch(b); err != nil {
				tb.Fatal(err)
			}
			b = bi.NewBatch()
		}
	}
	if err := bi.Batch(b); err != nil {
		tb.Fatal(err)
	}
	return cjkEngine{bi}
}

func (e cjkEngine) ids(q string, phrase bool, size int) ([]string, uint64) {
	var qs []query.Query
	for _, f := range []struct {
		name  string
		boost float64
	}{{"title", 3}, {"body", 1}} {
		if phrase {
			mq := query.NewMatchPhraseQuery(q)
			mq.SetField(f.name)
			mq.SetBoost(f.boost)
			qs = append(qs, mq)
		} else {
			mq := query.NewMatchQuery(q)
			mq.SetField(f.name)
			mq.SetBoost(f.boost)
			mq.SetOperator(query.MatchQueryOperatorAnd)
			qs = append(qs, mq)
		}
	}
	sr := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), size, 0, false)
	res, err := e.bi.Search(sr)
	if err != nil {
		return nil, 0
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out, res.Total
}

// TestSearchQuality measures retrieval on real news: known-item search by
// exact title, substring recall of short Chinese queries, phrase precision,
// and precision@10 of English topic queries against Reuters' TOPICS labels;
// for newsdex and for bleve's cjk analyzer as the baseline.
func TestSearchQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("imports thousands of real articles")
	}
	zh := readLabelled(t, "zh-xwlb.jsonl.gz", 3000)
	hant := readLabelled(t, "zh-hant-hkcnews.jsonl.gz", 600)
	en := readLabelled(t, "en-reuters21578.jsonl.gz", 3000)
	var all []newsdex.Article
	for _, set := range [][]labelled{zh, hant, en} {
		for _, l := range set {
			all = append(all, l.Article)
		}
	}
	ti := newTestIndex(t, Options{})
	ix := ti.ix
	ti.add(t, all)
	engines := []struct {
		name string
		e    engine
	}{{"newsdex", newsdexEngine{ix}}, {"bleve cjk", newCJKEngine(t, all)}}
	norm := normalize.New()
	texts := map[string]string{}
	for _, a := range all {
		texts[a.ID] = norm.String(a.Title + "\n" + a.Body)
	}

	type row struct{ measure, newsdex, cjk string }
	var rows []row
	report := func(measure string, vals [2]float64, format string) {
		rows = append(rows, row{measure, fmt.Sprintf(format, vals[0]), fmt.Sprintf(format, vals[1])})
	}

	// Known items: titles unique in the sample, as the query.
	for _, set := range []struct {
		name string
		recs []labelled
	}{{"zh (xwlb)", zh}, {"zh-hant (hkcnews)", hant}, {"en (reuters)", en}} {
		count := map[string]int{}
		for _, l := range set.recs {
			count[l.Title]++
		}
		var items []labelled
		for i := 0; i < len(set.recs) && len(items) < 200; i += 7 {
			if l := set.recs[i]; count[l.Title] == 1 && utf8.RuneCountInString(l.Title) >= 4 {
				items = append(items, l)
			}
		}
		var vals [2]float64
		for k, eng := range engines {
			first := 0
			for _, it := range items {
				ids, _ := eng.e.ids(it.Title, false, 1)
				if len(ids) > 0 && ids[0] == it.ID {
					first++
				} else if k == 0 {
					t.Logf("known item missed: %s %q → %v", it.ID, it.Title, ids)
				}
			}
			vals[k] = float64(first) / float64(len(items))
		}
		report(fmt.Sprintf("known-item success, %s (%d titles)", set.name, len(items)), vals, "%.3f")
		if vals[0] < 0.95 {
			t.Errorf("known-item success %s = %.3f, want >= 0.95", set.name, vals[0])
		}
	}

	// Substring recall: the required short queries, then random substrings.
	recall := func(e engine, q string) (float64, int) {
		want := 0
		for _, txt := range texts {
			if strings.Contains(txt, q) {
				want++
			}
		}
		if want == 0 {
			return 1, 0
		}
		ids, _ := e.ids(q, false, 10000)
		got := 0
		for _, id := range ids {
			if strings.Contains(texts[id], q) {
				got++
			}
		}
		return float64(got) / float64(want), want
	}
	for _, q := range []string{"铝", "钢", "油", "汽车", "银行", "股份"} {
		var vals [2]float64
		var n int
		for k, eng := range engines {
			vals[k], n = recall(eng.e, q)
		}
		report(fmt.Sprintf("recall %s (%d articles)", q, n), vals, "%.3f")
		if vals[0] < 0.99 {
			t.Errorf("recall of %s = %.3f, want >= 0.99", q, vals[0])
		}
	}
	rng := rand.New(rand.NewSource(7))
	for _, length := range []int{2, 3, 4, 5, 6, 7} {
		var sum [2]float64
		samples := 0
		for samples < 40 {
			a := zh[rng.Intn(len(zh))]
			runes := []rune(norm.String(a.Body))
			if len(runes) < 20 {
				continue
			}
			start := rng.Intn(len(runes) - length)
			q := string(runes[start : start+length])
			if !allHan(q) {
				continue
			}
			samples++
			for k, eng := range engines {
				r, _ := recall(eng.e, q)
				sum[k] += r
				if k == 0 && r < 1 {
					t.Logf("substring %q: recall %.3f", q, r)
				}
			}
		}
		report(fmt.Sprintf("recall, random %d-character substrings (mean of %d)", length, samples), [2]float64{sum[0] / float64(samples), sum[1] / float64(samples)}, "%.3f")
	}

	// Phrase precision: every hit of a quoted phrase must contain it.
	for _, q := range []string{"新能源汽车", "人民共和国", "高质量发展", "一带一路"} {
		var vals [2]float64
		for k, eng := range engines {
			ids, _ := eng.e.ids(q, true, 10000)
			ok := 0
			for _, id := range ids {
				if strings.Contains(texts[id], q) {
					ok++
				}
			}
			vals[k] = 1
			if len(ids) > 0 {
				vals[k] = float64(ok) / float64(len(ids))
			}
		}
		report(fmt.Sprintf(`phrase precision "%s"`, q), vals, "%.3f")
		if vals[0] < 1 {
			t.Errorf(`phrase "%s": precision %.3f, want 1`, q, vals[0])
		}
	}

	// English topic queries against Reuters TOPICS labels.
	topics := map[string]map[string]bool{}
	for _, l := range en {
		for _, tp := range l.Topics {
			if topics[tp] == nil {
				topics[tp] = map[string]bool{}
			}
			topics[tp][l.ID] = true
		}
	}
	topicQueries := []struct{ q, topic string }{
		{"crude oil", "crude"}, {"grain", "grain"}, {"wheat", "wheat"}, {"corn", "corn"}, {"sugar", "sugar"},
		{"coffee", "coffee"}, {"gold", "gold"}, {"money supply", "money-supply"}, {"natural gas", "nat-gas"},
		{"soybeans", "soybean"}, {"interest rates", "interest"}, {"trade deficit", "trade"}, {"shipping", "ship"},
		{"copper", "copper"}, {"cocoa", "cocoa"}, {"cotton", "cotton"}, {"steel", "iron-steel"},
		{"aluminium", "alum"}, {"rubber", "rubber"}, {"acquisition", "acq"}, {"dividend", "earn"},
		{"foreign exchange", "money-fx"}, {"consumer prices", "cpi"}, {"unemployment", "jobs"}, {"cattle", "livestock"},
	}
	var p10 [2]float64
	for k, eng := range engines {
		for _, tq := range topicQueries {
			ids, _ := eng.e.ids(tq.q, false, 10)
			hit := 0
			for _, id := range ids {
				if topics[tq.topic][id] {
					hit++
				}
			}
			p10[k] += float64(hit) / 10
		}
		p10[k] /= float64(len(topicQueries))
	}
	report(fmt.Sprintf("Reuters precision@10, %d topic queries", len(topicQueries)), p10, "%.3f")

	sort.SliceStable(rows, func(i, j int) bool { return false })
	var b strings.Builder
	fmt.Fprintf(&b, "\n| measure | newsdex | bleve cjk |\n|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.measure, r.newsdex, r.cjk)
	}
	t.Log(b.String())
}

func allHan(s string) bool {
	for _, r := range s {
		if !normalize.IsHan(r) {
			return false
		}
	}
	return s != ""
}
