package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
)

func TestSearchAPI(t *testing.T) {
	e := newTestEnv(t)
	ids := func(t *testing.T, params ...string) []string {
		res := e.search(vals(append(params, "size", "100")...))
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		sort.Strings(out)
		return out
	}
	cases := []struct {
		name   string
		params []string
		want   []string
	}{
		{"exact phrase", []string{"q", `"新能源汽车"`}, []string{"fx-zh-005", "fx-zh-009", "fx-zh-010", "fx-zh-018"}},
		{"width folding finds both OPECs", []string{"q", "OPEC"}, []string{"fx-en-006", "fx-zh-004"}},
		{"simplified finds traditional", []string{"q", "银行", "lang", "zh"}, []string{"fx-zh-007", "fx-zh-012", "fx-zh-013", "fx-zh-018", "fx-zh-020", "fx-zh-023"}},
		{"stemming", []string{"q", "acquisitions"}, []string{"fx-en-001", "fx-en-002"}},
		{"query syntax", []string{"q", "premium AND source:AluWire", "syntax", "query"}, []string{"fx-en-004"}},
		{"date range inclusive of the last day", []string{"from", "2026-11-01", "to", "2026-11-28"}, []string{"fx-en-015", "fx-zh-018"}},
		{"month range", []string{"from", "2026-11", "to", "2026-11"}, []string{"fx-en-015", "fx-zh-018"}},
		{"two languages comma separated", []string{"q", "OPEC", "lang", "zh,en"}, []string{"fx-en-006", "fx-zh-004"}},
		{"language filter", []string{"q", "OPEC", "lang", "en"}, []string{"fx-en-006"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ids(t, c.params...); !slices.Equal(got, c.want) {
				t.Errorf("%v: got %v, want %v", c.params, got, c.want)
			}
		})
	}

	t.Run("empty query lists everything newest first", func(t *testing.T) {
		res := e.search(vals("size", "100"))
		if res.Total < 38 || int(res.Total) != len(res.Hits) {
			t.Fatalf("total %d, hits %d", res.Total, len(res.Hits))
		}
		for i := 1; i < len(res.Hits); i++ {
			if parseTime(res.Hits[i-1].Published).Before(parseTime(res.Hits[i].Published)) {
				t.Errorf("hit %d (%s) is older than hit %d (%s)", i-1, res.Hits[i-1].Published, i, res.Hits[i].Published)
			}
		}
	})

	t.Run("oldest first", func(t *testing.T) {
		res := e.search(vals("q", "铝", "sort", "oldest", "size", "100"))
		for i := 1; i < len(res.Hits); i++ {
			if parseTime(res.Hits[i-1].Published).After(parseTime(res.Hits[i].Published)) {
				t.Errorf("not oldest first at %d", i)
			}
		}
	})

	t.Run("pages do not overlap and facets count the whole result", func(t *testing.T) {
		p1 := e.search(vals("q", "铝", "size", "5"))
		p2 := e.search(vals("q", "铝", "size", "5", "page", "2"))
		if p1.Total != p2.Total || p1.Total <= 10 {
			t.Fatalf("totals %d, %d", p1.Total, p2.Total)
		}
		if len(p1.Hits) != 5 || len(p2.Hits) != 5 {
			t.Fatalf("hits %d, %d", len(p1.Hits), len(p2.Hits))
		}
		for _, a := range p1.Hits {
			for _, b := range p2.Hits {
				if a.ID == b.ID {
					t.Errorf("%s on both pages", a.ID)
				}
			}
		}
		sum := 0
		for _, fv := range p1.Facets.Lang {
			sum += fv.Count
		}
		if uint64(sum) != p1.Total {
			t.Errorf("lang facet counts %d articles, total is %d", sum, p1.Total)
		}
		if len(p1.Facets.Month) == 0 || len(p1.Facets.Source) == 0 {
			t.Errorf("facets missing: %+v", p1.Facets)
		}
	})

	t.Run("size 0 gives only total and facets", func(t *testing.T) {
		res := e.search(vals("q", "铝", "size", "0"))
		if res.Total == 0 || len(res.Hits) != 0 || len(res.Facets.Lang) == 0 {
			t.Errorf("total %d, hits %d, lang facet %v", res.Total, len(res.Hits), res.Facets.Lang)
		}
	})

	t.Run("snippets mark matches and escape text", func(t *testing.T) {
		res := e.search(vals("q", "铝业"))
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>") {
			t.Fatalf("no <mark> in %+v", res.Hits)
		}
		res = e.search(vals("q", "脚本注入"))
		if len(res.Hits) == 0 || res.Hits[0].ID != "fx-zh-016" {
			t.Fatalf("fx-zh-016 not found: %+v", res.Hits)
		}
		h := res.Hits[0]
		if !strings.Contains(h.Title, "<script>") {
			t.Errorf("the title is data and comes back as written: %q", h.Title)
		}
		stripped := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
		if strings.Contains(stripped, "<") {
			t.Errorf("snippet has markup besides <mark>: %q", h.Snippet)
		}
	})

	t.Run("a facet value filters to its count", func(t *testing.T) {
		all := e.search(vals("size", "0"))
		for param, facet := range map[string][]index.FacetValue{
			"company": all.Facets.Companies, "org": all.Facets.Orgs, "person": all.Facets.People,
			"place": all.Facets.Places, "source": all.Facets.Source, "lang": all.Facets.Lang,
		} {
			if len(facet) == 0 {
				t.Logf("no %s facet over the fixtures (entity extraction in progress?)", param)
				continue
			}
			top := facet[0]
			res := e.search(vals(param, top.Value, "size", "0"))
			if int(res.Total) != top.Count {
				t.Errorf("%s=%s: %d articles, the facet said %d", param, top.Value, res.Total, top.Count)
			}
		}
	})
}

func TestArticleAPI(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("/api/articles/fx-zh-016")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var a newsdex.Article
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "fx-zh-016" || !strings.Contains(a.Title, `"<script>alert(1)</script>" &`) || a.Published.IsZero() {
		t.Errorf("article: %+v", a)
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	ents := raw["entities"].(map[string]any)
	for _, k := range []string{"companies", "orgs", "people", "places"} {
		if _, ok := ents[k].([]any); !ok {
			t.Errorf("entities.%s is %v, want a list", k, ents[k])
		}
	}
	if _, ok := raw["images"].([]any); !ok {
		t.Errorf("images is %v, want a list", raw["images"])
	}

	res, body = e.get("/api/articles/no-such-article")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `"error"`) {
		t.Errorf("unknown id: %d %s", res.StatusCode, body)
	}
}

func TestEntitiesAPI(t *testing.T) {
	e := newTestEnv(t)
	type sugg struct {
		Entities []suggestion `json:"entities"`
	}
	decode := func(path string) sugg {
		t.Helper()
		res, body := e.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		var s sugg
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatal(err)
		}
		if s.Entities == nil {
			t.Fatalf("%s: entities is null: %s", path, body)
		}
		return s
	}
	for _, typ := range []string{"company", "org", "person", "place"} {
		top := decode("/api/entities?type=" + typ + "&limit=5")
		if len(top.Entities) > 5 {
			t.Errorf("%s: %d suggestions for limit 5", typ, len(top.Entities))
		}
		if len(top.Entities) == 0 {
			t.Logf("no %s in the fixtures' index (entity extraction in progress?)", typ)
			continue
		}
		first := top.Entities[0]
		if first.Type != newsdex.EntityType(typ) || first.Count < 1 {
			t.Errorf("%s: %+v", typ, first)
		}
		prefix := string([]rune(first.Value)[:1])
		got := decode("/api/entities?type=" + typ + "&prefix=" + url.QueryEscape(prefix))
		found := false
		for _, s := range got.Entities {
			if s.Value == first.Value {
				found = true
				if s.Count != first.Count {
					t.Errorf("%s %q: count %d by prefix, %d on top", typ, s.Value, s.Count, first.Count)
				}
			}
		}
		if !found {
			t.Errorf("%s: prefix %q does not suggest %q: %+v", typ, prefix, first.Value, got.Entities)
		}
		// The count is what the filter finds.
		res := e.search(vals(typ, first.Value, "size", "0"))
		if int(res.Total) != first.Count {
			t.Errorf("%s=%s finds %d, suggestion says %d", typ, first.Value, res.Total, first.Count)
		}
	}
	// The alias table's suggestions (other language, pinyin) that name
	// indexed articles come back, with the count their filter finds.
	for _, prefix := range []string{"wei", "Weiqiao", "魏", "hong", "BY"} {
		got := decode("/api/entities?type=company&limit=50&prefix=" + url.QueryEscape(prefix))
		counts := map[string]int{}
		for _, s := range got.Entities {
			counts[s.Value] = s.Count
		}
		for _, ent := range e.srv.Entities.Suggest(newsdex.Company, prefix, 10) {
			n := int(e.search(vals("company", ent.Key, "size", "0")).Total)
			if n == 0 {
				continue
			}
			if c, ok := counts[ent.Key]; !ok || c != n {
				t.Errorf("prefix %q: %s (%d articles) suggested with count %d (present: %v)", prefix, ent.Key, n, c, ok)
			}
		}
	}
	if got := decode("/api/entities?type=company&prefix=" + url.QueryEscape("不存在的公司前缀")); len(got.Entities) != 0 {
		t.Errorf("unknown prefix: %+v", got.Entities)
	}
}

func TestHealthz(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("/healthz")
	var h health
	if err := json.Unmarshal(body, &h); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %s %v", res.StatusCode, body, err)
	}
	if h.Status != "ok" || h.Articles != 40 || h.IndexRev != h.StoreRev || h.IndexRev == 0 || h.LastIngest == "" {
		t.Errorf("health: %+v", h)
	}
	if _, err := time.Parse(time.RFC3339, h.LastIngest); err != nil {
		t.Error(err)
	}
}
