package sites

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseMinimalAndFull(t *testing.T) {
	f, err := Parse([]byte(`
user_agent: "newsdex-test (+https://example.org/contact)"
sites:
  - name: minimal
    start: https://www.example.com/news/
  - name: alu
    start: [https://www.example.com/news/index.html, https://www.example.com/rss.xml]
    rate: 0.5
    max_pages: 500
    lang: zh
    timezone: Asia/Shanghai
    article: '/news/\d{4}/'
    source: 铝闻网
    select: {title: h1, published: .info .time, body: .content, author: .author}
`), "sites.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.UserAgent != "newsdex-test (+https://example.org/contact)" || len(f.Sites) != 2 {
		t.Fatalf("got %+v", f)
	}
	m := f.Sites[0]
	if m.Rate != DefaultRate || m.MaxPages != DefaultMaxPages || m.Lang != "" || m.Location != nil || m.Article != nil || len(m.Start) != 1 {
		t.Errorf("minimal site defaults: %+v", m)
	}
	a := f.Sites[1]
	if a.Rate != 0.5 || a.MaxPages != 500 || a.Lang != "zh" || a.Location.String() != "Asia/Shanghai" || a.Source != "铝闻网" {
		t.Errorf("full site: %+v", a)
	}
	if r := a.Select.Rules(); r.Title != "h1" || r.Published != ".info .time" || r.Body != ".content" || r.Author != ".author" {
		t.Errorf("rules: %+v", r)
	}
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"https://www.example.com/news/2026/10/1.html", true},
		{"https://www.example.com/en/news/2026/10/1.html", false}, // a path pattern is anchored
		{"https://www.example.com/news/index.html", false},
	} {
		u, _ := url.Parse(tc.url)
		if got, ok := a.IsArticle(u); !ok || got != tc.want {
			t.Errorf("IsArticle(%s) = %v, %v; want %v", tc.url, got, ok, tc.want)
		}
	}
	if _, ok := m.IsArticle(a.Start[0]); ok {
		t.Error("a site without a pattern says ok")
	}
	if f.UserAgent == "" {
		t.Error("no user agent")
	}
}

func TestParseErrorsNameFileLineKey(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"bad rate", "sites:\n  - name: a\n    start: [https://a.example/]\n    rate: fast\n", `sites.yaml:4: sites[0].rate: must be a number, not "fast"`},
		{"zero rate", "sites:\n  - name: a\n    start: https://a.example/\n    rate: 0\n", `sites.yaml:4: sites[0].rate:`},
		{"unknown key", "sites:\n  - name: a\n    start: https://a.example/\n    max_page: 3\n", `sites.yaml:4: sites[0].max_page: unknown key`},
		{"missing start", "sites:\n  - name: a\n", `sites.yaml:2: sites[0].start: missing`},
		{"missing name", "sites:\n  - start: https://a.example/\n", `sites.yaml:2: sites[0].name: missing`},
		{"relative url", "sites:\n  - name: a\n    start: [/news/]\n", `sites.yaml:3: sites[0].start[0]: "/news/" is not an absolute http(s) URL`},
		{"ftp url", "sites:\n  - name: a\n    start: [ftp://a.example/]\n", `sites.yaml:3: sites[0].start[0]:`},
		{"bad regexp", "sites:\n  - name: a\n    start: https://a.example/\n    article: '/news/(\\d+'\n", `sites.yaml:4: sites[0].article: not a valid regular expression`},
		{"bad timezone", "sites:\n  - name: a\n    start: https://a.example/\n    timezone: Mars/Olympus\n", `sites.yaml:4: sites[0].timezone: unknown time zone`},
		{"bad lang", "sites:\n  - name: a\n    start: https://a.example/\n    lang: fr\n", `sites.yaml:4: sites[0].lang: must be zh or en`},
		{"bad selector", "sites:\n  - name: a\n    start: https://a.example/\n    select: {title: 'h1[['}\n", `sites.yaml:4: sites[0].select.title: not a valid CSS selector`},
		{"unknown select key", "sites:\n  - name: a\n    start: https://a.example/\n    select: {headline: h1}\n", `sites.yaml:4: sites[0].select.headline: unknown key`},
		{"duplicate name", "sites:\n  - name: a\n    start: https://a.example/\n  - name: a\n    start: https://b.example/\n", `sites.yaml:4: sites[1].name: "a" is already the name of the site on line 2`},
		{"no sites", "user_agent: x\n", `sites.yaml:1: sites: missing`},
		{"empty sites", "sites: []\n", `sites.yaml:1: sites: must be a non-empty list`},
		{"top-level typo", "site:\n  - name: a\n", `sites.yaml:1: site: unknown key`},
		{"syntax", "sites:\n  - name: a\n    start: \"https://a.example/\n", `sites.yaml:3: YAML:`},
		{"empty", "", `sites.yaml: empty file`},
		{"bad name", "sites:\n  - name: 'a b'\n    start: https://a.example/\n", `sites.yaml:2: sites[0].name: must be a short id`},
		{"multi-line user agent", "user_agent: \"a\\nb\"\nsites:\n  - name: a\n    start: https://a.example/\n", `sites.yaml:1: user_agent: must be one non-empty line`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "sites.yaml")
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q\nwant prefix %q", err, tc.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("/nonexistent/sites.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "/nonexistent/sites.yaml: ") {
		t.Fatalf("got %v", err)
	}
}
