package discover

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/demosite"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCanonicalize(t *testing.T) {
	base := mustURL(t, "http://News.Example.com:80/news/index.html")
	for _, tc := range []struct{ in, want string }{
		{"2026/10/a.html#comments", "http://news.example.com/news/2026/10/a.html"},
		{"/a.html?utm_source=weibo&utm_medium=social", "http://news.example.com/a.html"},
		{"/a.html?id=3&utm_campaign=x&fbclid=abc", "http://news.example.com/a.html?id=3"},
		{"/a.html?b=2&a=1", "http://news.example.com/a.html?a=1&b=2"},
		{"/a.jsp;jsessionid=0123456789ABCDEF?id=7", "http://news.example.com/a.jsp?id=7"},
		{"/a.php?PHPSESSID=deadbeef&id=7&sid=42", "http://news.example.com/a.php?id=7"},
		{"../x/./y/../z.html", "http://news.example.com/x/z.html"},
		{"https://news.example.com:443/", "https://news.example.com/"},
		{"http://user:pw@news.example.com/p", "http://news.example.com/p"},
		{"HTTP://NEWS.EXAMPLE.COM", "http://news.example.com/"},
		{"/list/?page=2", "http://news.example.com/list/?page=2"},
		{"?", "http://news.example.com/news/index.html"},
	} {
		got, err := Canonicalize(tc.in, base)
		if err != nil || got.String() != tc.want {
			t.Errorf("Canonicalize(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"javascript:void(0)", "mailto:a@b.c", "tel:123", "", "ftp://x/y", "data:text/html,hi"} {
		if _, err := Canonicalize(bad, base); err == nil {
			t.Errorf("Canonicalize(%q) accepted", bad)
		}
	}
}

func TestURLShapes(t *testing.T) {
	for _, tc := range []struct {
		u             string
		article, list bool
	}{
		{"http://x.cn/news/2026/10/20261012-1834.html", true, false},
		{"http://x.cn/en/news/2026/11/lme-aluminium-five-month-high.html", true, false},
		{"http://x.cn/a/1234567.shtml", true, false},
		{"http://x.cn/news/index.html", false, true},
		{"http://x.cn/news/index_2.html", false, true},
		{"http://x.cn/", false, true},
		{"http://x.cn/category/metals/", false, true},
		{"http://x.cn/list.php?page=3", false, true},
		{"http://x.cn/about.html", false, false},
	} {
		u := mustURL(t, tc.u)
		if LooksLikeArticleURL(u) != tc.article || LooksLikeListURL(u) != tc.list {
			t.Errorf("%s: article %v list %v, want %v %v", tc.u, LooksLikeArticleURL(u), LooksLikeListURL(u), tc.article, tc.list)
		}
	}
	for u, want := range map[string]bool{"http://x/a.JPG": true, "http://x/a.pdf": true, "http://x/sitemap.xml.gz": false, "http://x/a.html": false} {
		if IsAsset(mustURL(t, u)) != want {
			t.Errorf("IsAsset(%s) != %v", u, want)
		}
	}
	if !IsFeedURL(mustURL(t, "http://x/rss.xml")) || !IsFeedURL(mustURL(t, "http://x/feed")) || !IsSitemapURL(mustURL(t, "http://x/sitemap_index.xml")) || IsFeedURL(mustURL(t, "http://x/a.html")) {
		t.Error("feed/sitemap URL shapes")
	}
}

func TestPagination(t *testing.T) {
	page := mustURL(t, "http://x.cn/news/index.html")
	for _, tc := range []struct {
		href, text, rel string
		want            bool
	}{
		{"/news/index_2.html", "2", "", true},
		{"/news/index_2.html", "下一页", "", true},
		{"/news/index_3.html", "尾页", "", true},
		{"/news/list.php?page=2", "Next »", "", true},
		{"/other/x.html", "whatever", "next", true},
		{"/news/2026/10/1.html", "魏桥轻量化基地电池托盘产线投产 年产能60万套", "", false},
		{"/en/index.html", "English", "", false},
		{"/news/index.html", "1", "", false}, // itself
	} {
		u, _ := Canonicalize(tc.href, page)
		if got := IsPagination(Link{URL: u, Text: tc.text, Rel: tc.rel}, page); got != tc.want {
			t.Errorf("IsPagination(%s %q) = %v", tc.href, tc.text, got)
		}
	}
	q := mustURL(t, "http://x.cn/list.php?cat=5&page=2")
	if !IsPagination(Link{URL: mustURL(t, "http://x.cn/list.php?cat=5&page=3"), Text: "3"}, q) {
		t.Error("query pagination")
	}
	if IsPagination(Link{URL: mustURL(t, "http://x.cn/list.php?cat=6"), Text: "Metals"}, q) {
		t.Error("another category taken for pagination")
	}
}

func TestTrapGuard(t *testing.T) {
	g := NewGuard(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		u, reason string
		list      bool
	}{
		{"http://x/news/2026/10/20261012-1834.html", "", false},
		{"http://x/a/1500011.html", "", false}, // an id, not a year
		{"http://x/calendar/2031/01/", "calendar", true},
		{"http://x/calendar?year=1890&month=1", "calendar", true},
		{"http://x/a/b/a/b/a/b/c.html", "repeating_path", true},
		{"http://x/" + strings.Repeat("seg/", 20), "path_too_deep", true},
		{"http://x/p?" + strings.Repeat("k=v&", 3) + "a=1&b=2&c=3&d=4&e=5&f=6&g=7", "too_many_params", true},
		{"http://x/" + strings.Repeat("z", 500), "url_too_long", true},
	} {
		if got := g.Check(mustURL(t, tc.u), tc.list); got != tc.reason {
			t.Errorf("Check(%s) = %q, want %q", tc.u, got, tc.reason)
		}
	}
	blocked := 0
	for i := 0; i < 100; i++ {
		if g.Check(mustURL(t, fmt.Sprintf("http://x/calendar/day/%d", i)), true) == "template_limit" {
			blocked++
		}
	}
	if blocked != 100-g.MaxPerTemplate {
		t.Errorf("template limit blocked %d of 100", blocked)
	}
	for i := 0; i < 100; i++ {
		if r := g.Check(mustURL(t, fmt.Sprintf("http://x/news/2026/10/%d.html", 100000+i)), false); r != "" {
			t.Fatalf("article URL refused: %s", r)
		}
	}
}

func TestParseHTML(t *testing.T) {
	page := mustURL(t, "http://x.cn/news/index.html")
	src := `<html><head><link rel="canonical" href="/news/index.html?utm_source=a">
<link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="next" href="index_2.html">
<script>var a = "<a href='/script-link'>x</a>";</script></head>
<body><h1>行业动态</h1><a href="/news/1.html#c">一篇很长的新闻标题在这里出现了吧</a>
<a href="/news/1.html?utm_medium=x">dup</a><a href="javascript:void(0)">js</a>
<a href="/img.html"><img alt="x"></a><a title="标题属性" href="/t.html"></a></body></html>`
	p := ParseHTML(src, page, 100)
	var got []string
	for _, l := range p.Links {
		got = append(got, l.URL.Path+"|"+l.Text)
	}
	want := "/news/1.html|一篇很长的新闻标题在这里出现了吧 /img.html| /t.html|标题属性"
	if strings.Join(got, " ") != want {
		t.Errorf("links %q\nwant %q", strings.Join(got, " "), want)
	}
	if p.Canonical.String() != "http://x.cn/news/index.html" || len(p.Feeds) != 1 || p.Next.Path != "/news/index_2.html" || p.Headings != 1 || p.HeadlineLinks != 1 {
		t.Errorf("page: %+v", p)
	}
}

func TestParseHTMLHostile(t *testing.T) {
	page := mustURL(t, "http://x.cn/")
	// 10,000 levels of nesting: the tokenizer keeps no stack.
	deep := strings.Repeat("<div>", 10000) + `<a href="/deep.html">deep</a>` + strings.Repeat("</div>", 10000)
	if p := ParseHTML(deep, page, 10); len(p.Links) != 1 {
		t.Errorf("deep page: %d links", len(p.Links))
	}
	// 100,000 links: at most maxLinks kept.
	var b strings.Builder
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, `<a href="/l/%d.html">link %d</a>`, i, i)
	}
	start := time.Now()
	p := ParseHTML(b.String(), page, 2000)
	if len(p.Links) != 2000 || !p.Truncated {
		t.Errorf("links %d truncated %v", len(p.Links), p.Truncated)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("100k links took %v", d)
	}
	// Invalid UTF-8 and NUL bytes do not break anything.
	p = ParseHTML("<a href=\"/x\xff\x00.html\">\xfe\xff</a>", page, 10)
	if len(p.Links) != 1 {
		t.Errorf("invalid bytes: %+v", p.Links)
	}
}

func TestFeedsAndSitemaps(t *testing.T) {
	base := mustURL(t, "http://x.cn/")
	rss := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>http://x.cn/a.html?utm_source=rss</link></item>
<item><title>b</title><guid>http://x.cn/b.html</guid></item></channel></rss>`)
	atom := []byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>c</title><link href="http://x.cn/c.html"/><id>1</id></entry></feed>`)
	sm := []byte(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://x.cn/d.html</loc></url><url><loc> http://x.cn/e.html </loc></url></urlset>`)
	idx := []byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://x.cn/sitemap-1.xml</loc></sitemap></sitemapindex>`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(sm)
	zw.Close()
	for _, tc := range []struct {
		name string
		body []byte
		kind Kind
		want string
	}{
		{"rss", rss, KindFeed, "/a.html /b.html"},
		{"atom", atom, KindFeed, "/c.html"},
		{"sitemap", sm, KindSitemap, "/d.html /e.html"},
		{"index", idx, KindSitemap, "sitemap:/sitemap-1.xml"},
		{"gzip", gz.Bytes(), KindSitemap, "/d.html /e.html"},
		{"html", []byte("<!DOCTYPE html><html></html>"), KindHTML, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if k := Sniff(tc.body); k != tc.kind {
				t.Fatalf("Sniff = %s", k)
			}
			var entries []Entry
			var err error
			switch tc.kind {
			case KindFeed:
				entries, err = ParseFeed(tc.body, base)
			case KindSitemap:
				entries, err = ParseSitemap(tc.body, base)
			default:
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				s := e.URL.Path
				if e.Sitemap {
					s = "sitemap:" + s
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %v", got)
			}
		})
	}
	if _, err := ParseFeed([]byte("<html>not a feed"), base); err == nil {
		t.Error("ParseFeed accepted HTML")
	}
}

// TestDemositeClassification checks ArticleScore against the bundled demo
// site: every manifest page scores as an article, every list page as a list.
func TestDemositeClassification(t *testing.T) {
	files := demosite.Files()
	articles := map[string]bool{}
	for _, e := range demosite.Expected() {
		articles[strings.TrimPrefix(e.Path, "/")] = true
	}
	now := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") || name == "404.html" {
			return err
		}
		raw, _ := fs.ReadFile(files, name)
		ctype := "text/html; charset=utf-8"
		if strings.HasSuffix(name, ".gbk.html") {
			ctype = "text/html; charset=gb2312"
		} else if strings.HasSuffix(name, ".big5.html") {
			ctype = "text/html; charset=big5"
		}
		text, _, _ := charset.Decode(raw, ctype)
		u := mustURL(t, "http://demo.example/"+name)
		score := ArticleScore(u, ParseHTML(text, u, 5000), time.UTC, now)
		if articles[name] && score <= 0 || !articles[name] && score > 0 && name != "admin/index.html" {
			t.Errorf("%s: score %d, article %v", name, score, articles[name])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
