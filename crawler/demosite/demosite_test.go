package demosite

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

type response struct {
	status int
	ctype  string
	header http.Header
	raw    []byte
	text   string // decoded with the charset the Content-Type declares
}

func get(t *testing.T, srv *httptest.Server, p string, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", p, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", p, err)
	}
	r := response{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), header: res.Header, raw: raw}
	var dec *encoding.Decoder
	switch {
	case strings.Contains(r.ctype, "charset=gb2312"):
		// gb2312 labels are read as GBK by browsers, and the page needs it.
		dec = simplifiedchinese.GBK.NewDecoder()
	case strings.Contains(r.ctype, "charset=big5"):
		dec = traditionalchinese.Big5.NewDecoder()
	}
	if dec == nil {
		r.text = string(raw)
	} else if r.text, err = dec.String(string(raw)); err != nil {
		t.Fatalf("GET %s: decoding %s: %v", p, r.ctype, err)
	}
	return r
}

var (
	hrefRE = regexp.MustCompile(`(?:href|src)="([^"#]+)"`)
	locRE  = regexp.MustCompile(`<(?:loc|link)>([^<]+)</`)
	h1RE   = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
)

// links returns the same-site paths a page links to, in order, once each.
func links(srv *httptest.Server, body string) []string {
	seen := map[string]bool{}
	var out []string
	for _, re := range []*regexp.Regexp{hrefRE, locRE} {
		for _, m := range re.FindAllStringSubmatch(body, -1) {
			u := html.UnescapeString(strings.TrimSpace(m[1]))
			u = strings.TrimPrefix(u, srv.URL)
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

func wantType(p string) string {
	switch {
	case strings.HasSuffix(p, ".gbk.html"):
		return "text/html; charset=gb2312"
	case strings.HasSuffix(p, ".big5.html"):
		return "text/html; charset=big5"
	case strings.HasSuffix(p, ".html"), strings.HasSuffix(p, "/"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(p, "rss.xml"):
		return "application/rss+xml; charset=utf-8"
	case strings.HasSuffix(p, ".xml"):
		return "application/xml; charset=utf-8"
	case strings.HasSuffix(p, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(p, ".css"):
		return "text/css; charset=utf-8"
	}
	return "?"
}

func TestLinkedPagesServe(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	starts := []string{"/index.html", "/news/index.html", "/news/index_2.html", "/news/index_3.html",
		"/en/index.html", "/en/index_2.html", "/sitemap.xml", "/rss.xml"}
	checked := map[string]bool{}
	for _, start := range starts {
		page := get(t, srv, start, nil)
		if page.status != 200 || page.ctype != wantType(start) {
			t.Fatalf("%s: %d %q", start, page.status, page.ctype)
		}
		for _, p := range links(srv, page.text) {
			if strings.HasPrefix(p, "/search") || checked[p] {
				continue
			}
			checked[p] = true
			r := get(t, srv, p, nil)
			if r.status != 200 {
				t.Errorf("%s links %s: status %d", start, p, r.status)
			} else if r.ctype != wantType(p) {
				t.Errorf("%s: Content-Type %q, want %q", p, r.ctype, wantType(p))
			}
			if strings.HasPrefix(r.ctype, "text/html") && !utf8.ValidString(r.text) {
				t.Errorf("%s: not valid text after decoding", p)
			}
		}
	}
	// Every article must be reachable from the list pages, sitemap or feed.
	for _, a := range Expected() {
		if !checked[a.Path] {
			t.Errorf("%s is not linked from any list page, sitemap or feed", a.Path)
		}
	}
}

func TestSitemapAndFeed(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	var zh, en []ExpectedArticle
	for _, a := range Expected() {
		if a.Lang == "en" {
			en = append(en, a)
		} else {
			zh = append(zh, a)
		}
	}
	sm := get(t, srv, "/sitemap.xml", nil)
	locs := locRE.FindAllStringSubmatch(sm.text, -1)
	if len(locs) != len(en) {
		t.Errorf("sitemap lists %d URLs, want the %d English articles", len(locs), len(en))
	}
	for _, m := range locs {
		if !strings.HasPrefix(m[1], srv.URL+"/en/news/") {
			t.Errorf("sitemap <loc>%s</loc>: want an absolute URL of an English article on this server", m[1])
		}
	}
	rss := get(t, srv, "/rss.xml", nil)
	sort.Slice(zh, func(i, j int) bool { return zh[i].Published > zh[j].Published })
	items := regexp.MustCompile(`(?s)<item>.*?<link>([^<]+)</link>`).FindAllStringSubmatch(rss.text, -1)
	if len(items) != 5 {
		t.Fatalf("rss has %d items, want 5", len(items))
	}
	for i, m := range items {
		if m[1] != srv.URL+zh[i].Path {
			t.Errorf("rss item %d links %s, want %s", i, m[1], srv.URL+zh[i].Path)
		}
	}
}

func TestRobots(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	r := get(t, srv, "/robots.txt", nil)
	if r.status != 200 || r.ctype != "text/plain; charset=utf-8" {
		t.Fatalf("robots.txt: %d %q", r.status, r.ctype)
	}
	for _, line := range []string{"User-agent: *", "Disallow: /admin/", "Disallow: /search", "Sitemap: " + srv.URL + "/sitemap.xml"} {
		if !strings.Contains(r.text, line+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", line, r.text)
		}
	}
	// The trap a crawler that ignores robots.txt falls into: linked, and served.
	if !strings.Contains(get(t, srv, "/index.html", nil).text, `href="/admin/"`) {
		t.Error("the home page should link /admin/")
	}
	if a := get(t, srv, "/admin/", nil); a.status != 200 {
		t.Errorf("/admin/: %d", a.status)
	}
}

func TestLegacyCharsets(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	var gbk, big5 []string
	for _, a := range Expected() {
		switch {
		case strings.HasSuffix(a.Path, ".gbk.html"):
			gbk = append(gbk, a.Path)
		case strings.HasSuffix(a.Path, ".big5.html"):
			big5 = append(big5, a.Path)
		}
	}
	if len(gbk) != 1 || len(big5) != 1 {
		t.Fatalf("want one GBK and one Big5 page, have %v and %v", gbk, big5)
	}

	g := get(t, srv, gbk[0], nil)
	if utf8.Valid(g.raw) {
		t.Error("the GBK page is valid UTF-8: it was not converted")
	}
	if !strings.Contains(g.text, `charset=gb2312`) {
		t.Error("the GBK page should declare gb2312 in its meta tag")
	}
	// The point of the page: a decoder that takes gb2312 literally loses these.
	gb2312 := simplifiedchinese.HZGB2312.NewEncoder()
	for _, c := range []string{"喆", "堃", "珺", "玥", "啰"} {
		if !strings.Contains(g.text, c) {
			t.Errorf("the GBK page lacks %s", c)
		}
		if _, err := gb2312.String(c); err == nil {
			t.Errorf("%s is in GB2312; the page needs characters outside it", c)
		}
	}

	b := get(t, srv, big5[0], nil)
	if utf8.Valid(b.raw) {
		t.Error("the Big5 page is valid UTF-8: it was not converted")
	}
	for _, w := range []string{"銀行", "鋁業", "charset=big5"} {
		if !strings.Contains(b.text, w) {
			t.Errorf("the Big5 page lacks %s", w)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{"/news/index.html", Expected()[0].Path, "/sitemap.xml", "/img/potline.svg"} {
		first := get(t, srv, p, nil)
		etag, lm := first.header.Get("ETag"), first.header.Get("Last-Modified")
		if etag == "" || lm == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q", p, etag, lm)
		}
		tests := []struct {
			hdr  map[string]string
			want int
		}{
			{map[string]string{"If-None-Match": etag}, http.StatusNotModified},
			{map[string]string{"If-Modified-Since": lm}, http.StatusNotModified},
			{map[string]string{"If-None-Match": `"stale"`}, http.StatusOK},
			{map[string]string{"If-Modified-Since": "Mon, 01 Jun 2020 00:00:00 GMT"}, http.StatusOK},
		}
		for _, tc := range tests {
			if r := get(t, srv, p, tc.hdr); r.status != tc.want {
				t.Errorf("%s with %v: %d, want %d", p, tc.hdr, r.status, tc.want)
			}
		}
	}
}

func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	for _, p := range []string{"/nope.html", "/news/2026/10/", "/manifest.json", "/404.html", "/search?q=铝", "/img/", "/../go.mod"} {
		if r := get(t, srv, p, nil); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
	if r := get(t, srv, "/news", nil); r.status != 200 || !strings.Contains(r.text, "行业动态") {
		t.Errorf("/news should redirect to the news index, got %d", r.status)
	}
}

func TestManifest(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	all := Expected()
	if len(all) != 20 {
		t.Fatalf("manifest has %d records, want 20", len(all))
	}
	langs := map[string]int{}
	for _, a := range all {
		langs[a.Lang]++
		t.Run(a.Path, func(t *testing.T) {
			r := get(t, srv, a.Path, nil)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			m := h1RE.FindStringSubmatch(r.text)
			if m == nil {
				t.Fatal("no <h1>")
			}
			if h1 := html.UnescapeString(tagRE.ReplaceAllString(m[1], "")); !strings.Contains(h1, a.Title) {
				t.Errorf("<h1> %q does not contain the title %q", h1, a.Title)
			}
			if _, err := time.Parse(time.RFC3339, a.Published); err != nil {
				t.Errorf("published: %v", err)
			}
			text := html.UnescapeString(r.text)
			for _, s := range append([]string{a.BodyStart, a.BodyEnd, a.Author}, a.Captions...) {
				if !strings.Contains(text, s) {
					t.Errorf("the page does not contain %q", s)
				}
			}
			if utf8.RuneCountInString(a.BodyStart) != 20 || utf8.RuneCountInString(a.BodyEnd) != 20 {
				t.Errorf("body_start/body_end should be 20 characters: %q %q", a.BodyStart, a.BodyEnd)
			}
			if a.Paragraphs < 6 || a.Paragraphs > 15 {
				t.Errorf("%d paragraphs", a.Paragraphs)
			}
			for _, names := range [][]string{a.Companies, a.Orgs, a.People, a.Places} {
				for _, n := range names {
					if !strings.Contains(text, n) {
						t.Errorf("entity %q is not in the page", n)
					}
				}
			}
		})
	}
	if langs["zh"] != 12 || langs["en"] != 8 {
		t.Errorf("languages %v, want 12 zh and 8 en", langs)
	}
}

func TestSitesYAML(t *testing.T) {
	y := string(SitesYAML("http://127.0.0.1:8123/"))
	for _, want := range []string{
		"name: alu-cn", "name: alu-en",
		`"http://127.0.0.1:8123/news/index.html"`, `"http://127.0.0.1:8123/rss.xml"`,
		`"http://127.0.0.1:8123/en/index.html"`, `"http://127.0.0.1:8123/sitemap.xml"`,
		"lang: zh", "lang: en", "timezone: Asia/Shanghai", "rate: 50",
	} {
		if !strings.Contains(y, want) {
			t.Errorf("sites file lacks %s:\n%s", want, y)
		}
	}
	if strings.Contains(y, "\t") {
		t.Error("YAML must not contain tabs")
	}
}
