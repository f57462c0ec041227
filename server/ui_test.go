package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestSearchPage(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("/?q="+url.QueryEscape("铝业"), "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	page := string(body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`<html lang="zh-CN">`, `value="铝业"`, "<mark>", `class="hit"`, `data-facet="lang"`, `data-facet="month"`,
		`href="/feed.atom?q=`, "format=csv", "条结果", `rel="alternate" type="application/atom+xml"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(page, "https://") && regexp.MustCompile(`<(script|link)[^>]+(src|href)="https?://`).MatchString(page) {
		t.Error("the page loads an external asset")
	}
}

func TestPagesEscapeCrawledText(t *testing.T) {
	e := newTestEnv(t)
	for _, path := range []string{
		"/?q=" + url.QueryEscape("脚本注入"),
		"/?q=" + url.QueryEscape("<script>alert(1)</script>"),
		"/article/fx-zh-016",
		"/?source=" + url.QueryEscape(`<img src=x onerror=alert(1)>`),
	} {
		res, body := e.get(path)
		page := string(body)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s: crawled or typed markup reached the page unescaped", path)
		}
	}
	_, body := e.get("/article/fx-zh-016")
	if !strings.Contains(string(body), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the article title is not shown as text")
	}
}

func TestInterfaceLanguage(t *testing.T) {
	e := newTestEnv(t)
	cases := []struct {
		name    string
		path    string
		headers []string
		want    string
	}{
		{"default is Chinese", "/", nil, `<html lang="zh-CN">`},
		{"Accept-Language en", "/", []string{"Accept-Language", "en-GB,en;q=0.9"}, `<html lang="en">`},
		{"Accept-Language prefers zh", "/", []string{"Accept-Language", "en;q=0.5,zh-TW;q=0.8"}, `<html lang="zh-CN">`},
		{"switch wins over the header", "/?lang_ui=en", []string{"Accept-Language", "zh"}, `<html lang="en">`},
		{"cookie wins over the header", "/", []string{"Accept-Language", "zh", "Cookie", "newsdex_lang=en"}, `<html lang="en">`},
		{"a bad cookie is ignored", "/", []string{"Accept-Language", "en", "Cookie", "newsdex_lang=xx"}, `<html lang="en">`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, body := e.get(c.path, c.headers...)
			if !strings.Contains(string(body), c.want) {
				t.Errorf("want %s", c.want)
			}
		})
	}
	res, body := e.get("/?lang_ui=en&q=steel")
	if c := res.Header.Get("Set-Cookie"); !strings.Contains(c, "newsdex_lang=en") {
		t.Errorf("the switch is not remembered: %q", c)
	}
	if !strings.Contains(string(body), "Newest first") || !strings.Contains(string(body), `lang_ui=zh`) {
		t.Error("English page lacks English strings or the switch back")
	}
}

func TestFacetLinksFilter(t *testing.T) {
	e := newTestEnv(t)
	_, body := e.get("/?q=" + url.QueryEscape("铝"))
	// The first source facet link, followed, filters on that source and
	// shows it as an active filter with a link removing it.
	m := regexp.MustCompile(`data-facet="source">\s*<h3>[^<]*</h3>\s*<ul>\s*<li><a href="([^"]+)" data-value="([^"]+)"`).FindStringSubmatch(string(body))
	if m == nil {
		t.Fatal("no source facet link")
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	res, body := e.get(link)
	page := string(body)
	if res.StatusCode != 200 || !strings.Contains(page, `class="chip active"`) || !strings.Contains(page, `class="on" aria-current="true"`) {
		t.Fatalf("%s: %d, no active filter", link, res.StatusCode)
	}
	source := strings.ReplaceAll(m[2], "&amp;", "&")
	want := e.search(vals("q", "铝", "source", source, "size", "0")).Total
	if !strings.Contains(page, e.srv.newUI("zh").Tf("results", e.srv.newUI("zh").N(want))) && want != 1 {
		t.Errorf("the filtered page does not say %d results", want)
	}
	// The query survives the filter, in the form and the links.
	if !strings.Contains(page, `value="铝"`) || !strings.Contains(page, `name="source" value=`) {
		t.Error("the filter form lost the query or the filter")
	}
}

func TestArticleAndEntityPages(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("/article/fx-zh-018", "Accept-Language", "en")
	page := string(body)
	if res.StatusCode != 200 {
		t.Fatalf("%d", res.StatusCode)
	}
	if n := strings.Count(page, "<p>"); n < 40 {
		t.Errorf("fx-zh-018 has 47 paragraphs, the page %d", n)
	}
	for _, want := range []string{"Read the original", `rel="noopener noreferrer nofollow"`, "2026年中国铝工业年度回顾"} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if !strings.Contains(page, "More like this") {
		t.Log("no similar articles shown for fx-zh-018")
	}
	if res, _ := e.get("/article/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown article: %d", res.StatusCode)
	}

	all := e.search(vals("size", "0"))
	if len(all.Facets.Companies) == 0 {
		t.Skip("no company in the fixtures' index (entity extraction in progress?)")
	}
	top := all.Facets.Companies[0]
	res, body = e.get("/entity/company/" + url.PathEscape(top.Value))
	page = string(body)
	if res.StatusCode != 200 {
		t.Fatalf("entity page: %d", res.StatusCode)
	}
	for _, want := range []string{`class="bars"`, `<rect width="100"`, `href="/feed.atom?company=`, "每月报道"} {
		if !strings.Contains(page, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	if got := strings.Count(page, `<li class="hit">`); got != min(top.Count, entityRecent) {
		t.Errorf("%d recent articles, want %d", got, min(top.Count, entityRecent))
	}
	if res, _ := e.get("/entity/company/" + url.PathEscape("没有这家公司")); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown entity: %d", res.StatusCode)
	}
	// An alias redirects to its canonical key's page.
	for _, alias := range []string{"魏桥集团", "Weiqiao", "China Hongqiao"} {
		key, ok := e.srv.Entities.Resolve("company", alias)
		if !ok || key == alias {
			continue
		}
		res, _ := e.get("/entity/company/" + url.PathEscape(alias))
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusFound || loc != entityURL("company", key) {
			t.Errorf("%s: %d → %q, want a redirect to %s", alias, res.StatusCode, loc, key)
		}
	}
}

func TestStaticFiles(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get(e.srv.assets.url("style.css"))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || len(body) < 1000 {
		t.Errorf("style.css: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, _ = e.get(e.srv.assets.url("app.js"))
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
		t.Errorf("app.js: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestPager(t *testing.T) {
	l := newLinks("/", url.Values{"q": {"铝"}})
	p := newPager(l, 5, 10, 200)
	var got []string
	for _, pl := range p.Pages {
		switch {
		case pl.Gap:
			got = append(got, "…")
		case pl.Current:
			got = append(got, "["+itoa(pl.N)+"]")
		default:
			got = append(got, itoa(pl.N))
		}
	}
	if s := strings.Join(got, " "); s != "1 … 3 4 [5] 6 7 … 20" {
		t.Errorf("pages %s", s)
	}
	if p.Prev != "/?page=4&q=%E9%93%9D" || p.Next != "/?page=6&q=%E9%93%9D" {
		t.Errorf("prev %s next %s", p.Prev, p.Next)
	}
	if p := newPager(l, 1, 10, 10); len(p.Pages) != 0 {
		t.Errorf("one page needs no pager: %+v", p)
	}
	if p := newPager(l, 1, 100, 1_000_000); p.Pages[len(p.Pages)-1].N != 100 {
		t.Errorf("the last page is beyond the depth limit: %+v", p.Pages[len(p.Pages)-1])
	}
}
