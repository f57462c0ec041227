package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHostileParameters sends what a careless or hostile client might: every
// answer must be a 4xx with a JSON error naming the parameter (for the API),
// never a 5xx, never a panic.
func TestHostileParameters(t *testing.T) {
	e := newTestEnv(t)
	long := strings.Repeat("铝", 10000)
	cases := []struct {
		name  string
		path  string
		param string // the parameter the error must name ("" = any 4xx)
	}{
		{"size huge", "/api/search?q=铝&size=1000000", "size"},
		{"size beyond int64", "/api/search?size=99999999999999999999999", "size"},
		{"size negative", "/api/search?size=-1", "size"},
		{"size not a number", "/api/search?size=ten", "size"},
		{"size float", "/api/search?size=1.5", "size"},
		{"size hex", "/api/search?size=0x10", "size"},
		{"page zero", "/api/search?page=0", "page"},
		{"page negative", "/api/search?page=-3", "page"},
		{"page huge", "/api/search?page=9223372036854775807&size=100", "page"},
		{"page too deep", "/api/search?page=101&size=100", "page"},
		{"page not a number", "/api/search?page=二", "page"},
		{"facet_size huge", "/api/search?facet_size=100000", "facet_size"},
		{"facet_size negative", "/api/search?facet_size=-5", "facet_size"},
		{"unknown sort", "/api/search?sort=random", "sort"},
		{"sort injection", "/api/search?sort=-_score", "sort"},
		{"unknown syntax", "/api/search?syntax=regex", "syntax"},
		{"bad from", "/api/search?from=yesterday", "from"},
		{"bad to", "/api/search?to=2026-13-45", "to"},
		{"year zero", "/api/search?from=0000-01-01", "from"},
		{"far future", "/api/search?to=9999-12-31", "to"},
		{"to before from", "/api/search?from=2026-05-01&to=2026-01-01", "to"},
		{"10,000-character query", "/api/search?q=" + url.QueryEscape(strings.Repeat("a", 10000)), "q"},
		{"10,000 Chinese characters", "/api/search?q=" + url.QueryEscape(long), ""},
		{"invalid UTF-8 in q", "/api/search?q=%ff%fe%e9", "q"},
		{"NUL in q", "/api/search?q=%E9%93%9D%00%E4%B8%9A", "q"},
		{"control character in q", "/api/search?q=a%07b", "q"},
		{"invalid UTF-8 in a filter", "/api/search?company=%c3%28", "company"},
		{"NUL in a filter", "/api/search?source=a%00b", "source"},
		{"unbalanced query syntax", "/api/search?syntax=query&q=" + url.QueryEscape("(((铝 AND"), "q"},
		{"query syntax: dangling operator", "/api/search?syntax=query&q=AND", "q"},
		{"query syntax: unknown field", "/api/search?syntax=query&q=password:x", "q"},
		{"query syntax: year beyond bleve", "/api/search?syntax=query&q=" + url.QueryEscape("published:[2026-01-01 TO 99999-01-01]"), "q"},
		{"too many filter values", "/api/search?" + strings.Repeat("company=x&", 25), "company"},
		{"filter value too long", "/api/search?company=" + strings.Repeat("x", 500), "company"},
		{"unknown duplicates", "/api/search?duplicates=maybe", "duplicates"},
		{"unknown format", "/api/search?format=xml", "format"},
		{"export limit zero", "/api/search?format=csv&limit=0", "limit"},
		{"export limit huge", "/api/search?format=jsonl&limit=100000000", "limit"},
		{"export with bad query", "/api/search?format=csv&syntax=query&q=" + url.QueryEscape("(((铝 AND"), "q"},
		{"feed size zero", "/feed.atom?size=0", "size"},
		{"feed size huge", "/feed.atom?size=5000", "size"},
		{"feed bad date", "/feed.atom?from=soon", "from"},
		{"feed NUL", "/feed.atom?q=%00", "q"},
		{"entities without type", "/api/entities?prefix=魏", "type"},
		{"entities bad type", "/api/entities?type=../../etc&prefix=a", "type"},
		{"entities limit", "/api/entities?type=company&limit=-1", "limit"},
		{"entities limit huge", "/api/entities?type=company&limit=100000", "limit"},
		{"entities prefix NUL", "/api/entities?type=company&prefix=%00", "prefix"},
		{"entities prefix too long", "/api/entities?type=company&prefix=" + strings.Repeat("x", 200), "prefix"},
		{"article id too long", "/api/articles/" + strings.Repeat("x", 300), "id"},
		{"article id with NUL", "/api/articles/a%00b", ""},
		{"unknown article", "/api/articles/nope", ""},
		{"unknown endpoint", "/api/nothing", ""},
		{"query string too long", "/api/search?q=" + strings.Repeat("x", 40000), ""},
		// Path traversal: nothing outside the embedded files is reachable.
		{"static dot-dot", "/static/../templates/layout.html", ""},
		{"static encoded dot-dot", "/static/%2e%2e/templates/layout.html", ""},
		{"static encoded slash", "/static/..%2ftemplates%2flayout.html", ""},
		{"static backslash", "/static/..%5ctemplates%5clayout.html", ""},
		{"static absolute", "/static//etc/passwd", ""},
		{"static directory listing", "/static/", ""},
		{"static missing", "/static/nope.css", ""},
		{"entity dot-dot", "/entity/company/..%2f..%2fetc%2fpasswd", ""},
		{"entity type dot-dot", "/entity/..%2f..%2fetc/passwd", ""},
		{"entity unknown type", "/entity/weapon/x", ""},
		{"entity NUL", "/entity/company/a%00b", ""},
		{"entity invalid UTF-8", "/entity/company/%ff", ""},
		{"article page NUL", "/article/a%00b", ""},
		{"article page unknown", "/article/nope", ""},
		{"page bad size", "/?size=-1", ""},
		{"page bad sort", "/?q=铝&sort=sideways", ""},
		{"page bad query", "/?syntax=query&q=" + url.QueryEscape("(((铝 AND"), ""},
		{"page invalid UTF-8", "/?q=%ff", ""},
		{"page NUL", "/?q=%00", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := e.get(c.path)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Fatalf("GET %.120s: %d, want a 4xx\n%.300s", c.path, res.StatusCode, body)
			}
			if strings.Contains(string(body), "{{") || strings.Contains(string(body), "root:") {
				t.Errorf("GET %.120s leaked a file: %.300s", c.path, body)
			}
			if c.param == "" {
				return
			}
			var eb errorBody
			if err := json.Unmarshal(body, &eb); err != nil {
				t.Fatalf("not a JSON error: %v\n%s", err, body)
			}
			if !strings.HasPrefix(eb.Error, c.param+":") {
				t.Errorf("error %q does not name %q", eb.Error, c.param)
			}
		})
	}
	t.Run("query syntax error names the column", func(t *testing.T) {
		_, body := e.get("/api/search?syntax=query&q=" + url.QueryEscape("(((铝 AND"))
		if !strings.Contains(string(body), "column") {
			t.Errorf("%s", body)
		}
	})
	t.Run("other methods", func(t *testing.T) {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
			req, _ := http.NewRequest(m, e.http.URL+"/api/search?q=x", strings.NewReader("{}"))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s: %d", m, res.StatusCode)
			}
		}
	})
	if strings.Contains(e.log.String(), `"level":"ERROR"`) {
		t.Errorf("bad input was logged as a server error:\n%s", e.log.String())
	}
}

// FuzzSearchParameters: whatever the query string, /api/search answers
// below 500. Run longer with go test -fuzz=FuzzSearchParameters ./server/.
func FuzzSearchParameters(f *testing.F) {
	for _, seed := range []string{
		"q=铝", "q=%22新能源汽车", "syntax=query&q=title:(铝 OR 钢", "syntax=query&q=published:>2026", "q=+-\"()*:^~",
		"size=0&facet_size=1000", "from=2026-02-30", "q=a&company=%E9%AD%8F&sort=oldest", "q=%ef%bf%bf%f0%9f%9a%97",
		"syntax=query&q=*", "syntax=query&q=body:/.*/", "syntax=query&q=month:[2026-01 TO 2026-03]",
	} {
		f.Add(seed)
	}
	e := newTestEnv(f)
	f.Fuzz(func(t *testing.T, raw string) {
		res, err := http.Get(e.http.URL + "/api/search?" + raw)
		if err != nil {
			return // not a request the client would send
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("/api/search?%s: %d", raw, res.StatusCode)
		}
	})
}
