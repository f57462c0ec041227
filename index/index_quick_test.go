package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/store"
)

func TestQuickEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "articles.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	an := testAnalyzer(t)
	ix, err := Open(ctx, filepath.Join(dir, "index"), Deps{Analyzer: an, Store: st}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []newsdex.Article{
		{URL: "https://a.example/1", Title: "滨州铝业集群营收突破3950亿元", Body: "滨州市高端铝产业集群预计实现营业收入3950亿元。魏桥创业集团加快再生铝项目建设。", Lang: "zh", Source: "alu", Published: time.Date(2026, 1, 22, 14, 4, 0, 0, time.FixedZone("CST", 8*3600))},
		{URL: "https://a.example/2", Title: "Aluminium premiums rise in Japan", Body: "Aluminium premiums for Japanese buyers rose after acquisitions by traders. OPEC cut output.", Lang: "en", Source: "wire", Published: time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)},
		{URL: "https://a.example/3", Title: "每吨铝价上涨", Body: "伦铝周二上涨，每吨铝价格升至2650美元，ＯＰＥＣ减产推高能源成本。銀行放贷增加。", Lang: "zh", Source: "alu", Published: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)},
	}
	if _, err := st.Upsert(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.CatchUp(ctx, nil); err != nil || n != 3 {
		t.Fatalf("catch up: %d, %v", n, err)
	}
	for _, c := range []struct {
		q    string
		want int
	}{{"铝", 2}, {"铝业", 1}, {"acquisition", 1}, {"opec", 2}, {"银行", 1}, {"\"每吨铝\"", 1}, {"", 3}} {
		res, err := ix.Search(ctx, Request{Q: c.q, Size: 10})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if int(res.Total) != c.want {
			t.Errorf("%q: total %d, want %d", c.q, res.Total, c.want)
		}
		for _, h := range res.Hits {
			t.Logf("%q → %s %.3f %s", c.q, h.Title, h.Score, h.Snippet)
		}
	}
	if _, err := ix.Search(ctx, Request{Q: "(((铝 AND", Syntax: SyntaxQuery}); err == nil {
		t.Error("want a syntax error")
	} else {
		t.Log(err)
	}
}
