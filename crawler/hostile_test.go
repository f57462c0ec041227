package crawler

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/fetch"
)

// hostileSite is a site that does everything a crawler must survive: an
// endless calendar, a redirect loop, redirects to private and foreign
// hosts, a 20 MB page, a page that trickles a byte a second, 500s, a 429
// with Retry-After, a binary file served as .html, invalid UTF-8, session
// ids in URLs, a page of 100,000 links and one nested 10,000 levels deep,
// plus a robots.txt Disallow and a link to another host. Among all that,
// five good articles (crawler/testdata/hostile).
func hostileSite(t *testing.T, otherHost string, stop <-chan struct{}) http.Handler {
	page := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	html := func(w http.ResponseWriter, body []byte) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}
	var limited atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "visitor", Value: "42", Path: "/"})
		html(w, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试资讯网</title></head><body>
<h2>最新资讯</h2><ul>
<li><a href="/news/2026/10/good-1.html#comments">江南铝材厂新建再生铝熔铸线试产</a></li>
<li><a href="/news/2026/10/good-1.html?utm_source=weibo&amp;utm_medium=social">江南铝材厂新建再生铝熔铸线试产（转发）</a></li>
<li><a href="/news/2026/10/good-2.html">Fictional smelter restarts second potline after power deal</a></li>
<li><a href="/news/2026/10/ratelimited.html">Extrusion orders steady as builders delay projects</a></li>
<li><a href="/news/2026/10/invalid-utf8.html">铝箔企业四季度订单回暖 部分产品上调加工费</a></li>
<li><a href="/news/2026/10/huge-page.html">一个两千万字节的页面</a></li>
<li><a href="/news/2026/10/trickle-page.html">一个每秒一个字节的页面</a></li>
<li><a href="/news/2026/10/error-page.html">一个总是出错的页面</a></li>
<li><a href="/news/2026/10/binary-page.html">一个伪装成网页的二进制文件</a></li>
<li><a href="/news/2026/10/loop-page.html">一个重定向循环</a></li>
<li><a href="/news/2026/10/metadata-page.html">一个指向元数据地址的重定向</a></li>
<li><a href="/news/2026/10/foreign-page.html">一个指向其他主机的重定向</a></li>
</ul>
<p><a href="/calendar/2026/10/">活动日历</a> <a href="/session/list.jsp;jsessionid=A1B2C3D4E5F6">会员专区</a>
<a href="/many-links.html">网站地图</a> <a href="/deep.html">深层目录</a> <a href="/private/secret.html">内部资料</a>
<a href="`+otherHost+`/elsewhere.html">友情链接</a></p></body></html>`))
	})
	for _, name := range []string{"good-1", "good-2", "good-3", "invalid-utf8"} {
		body := page(name + ".html")
		mux.HandleFunc("/news/2026/10/"+name+".html", func(w http.ResponseWriter, r *http.Request) { html(w, body) })
	}
	rl := page("ratelimited.html")
	mux.HandleFunc("/news/2026/10/ratelimited.html", func(w http.ResponseWriter, r *http.Request) {
		if limited.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		html(w, rl)
	})
	mux.HandleFunc("/news/2026/10/huge-page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		chunk := []byte(strings.Repeat("<p>填充内容填充内容</p>\n", 1000))
		for sent := 0; sent < 20<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/news/2026/10/trickle-page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	})
	mux.HandleFunc("/news/2026/10/error-page.html", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	mux.HandleFunc("/news/2026/10/binary-page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 4096)...))
	})
	mux.HandleFunc("/news/2026/10/loop-page.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/2026/10/loop-other.html", http.StatusFound)
	})
	mux.HandleFunc("/news/2026/10/loop-other.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/2026/10/loop-page.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/news/2026/10/metadata-page.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/news/2026/10/foreign-page.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherHost+"/stolen.html", http.StatusFound)
	})
	mux.HandleFunc("/calendar/", func(w http.ResponseWriter, r *http.Request) {
		// An endless calendar: every month links the months around it
		// and its days, forever in both directions.
		var y, m int
		fmt.Sscanf(r.URL.Path, "/calendar/%d/%d/", &y, &m)
		if m < 1 || m > 12 {
			y, m = 2026, 10
		}
		prev, next := time.Date(y, time.Month(m)-1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC)
		var b strings.Builder
		fmt.Fprintf(&b, `<html><body><h1>%d年%d月活动日历</h1><a href="/calendar/%d/%d/">上个月</a> <a href="/calendar/%d/%d/">下个月</a><table><tr>`,
			y, m, prev.Year(), int(prev.Month()), next.Year(), int(next.Month()))
		for d := 1; d <= 28; d++ {
			fmt.Fprintf(&b, `<td><a href="/calendar/%d/%d/%d/">%d</a></td>`, y, m, d, d)
		}
		b.WriteString("</tr></table></body></html>")
		html(w, []byte(b.String()))
	})
	mux.HandleFunc("/session/", func(w http.ResponseWriter, r *http.Request) {
		// Every visit hands out links with a fresh session id.
		sid := fmt.Sprintf("%016X", time.Now().UnixNano())
		html(w, []byte(`<html><body><h1>会员专区</h1><a href="/session/list.jsp;jsessionid=`+sid+`">刷新</a>
<a href="/session/list.jsp?PHPSESSID=`+sid+`">刷新</a> <a href="/session/list.jsp?sid=`+sid+`&amp;utm_source=x">刷新</a></body></html>`))
	})
	mux.HandleFunc("/many-links.html", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString("<html><body><h1>网站地图</h1>")
		for i := 0; i < 100000; i++ {
			fmt.Fprintf(&b, `<a href="/many/%d.html">条目 %d</a> `, i, i)
		}
		b.WriteString("</body></html>")
		html(w, []byte(b.String()))
	})
	mux.HandleFunc("/many/", func(w http.ResponseWriter, r *http.Request) {
		html(w, []byte("<html><body><p>空页面</p></body></html>"))
	})
	mux.HandleFunc("/deep.html", func(w http.ResponseWriter, r *http.Request) {
		// 10,000 levels of nesting, with the only link to good-3 at the bottom.
		html(w, []byte("<html><body>"+strings.Repeat("<div>", 10000)+
			`<a href="/news/2026/10/good-3.html">临江港氧化铝码头扩建工程通过验收</a>`+strings.Repeat("</div>", 10000)+"</body></html>"))
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("robots.txt disallows %s, yet it was requested", r.URL.Path)
		html(w, []byte("<html>secret</html>"))
	})
	return mux
}

func TestHostileSite(t *testing.T) {
	other, otherRec := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "elsewhere") }))
	stop := make(chan struct{})
	defer close(stop)
	srv, rec := serve(t, hostileSite(t, other.URL, stop))

	st := openStore(t)
	c := newCrawler(t, st)
	c.Fetch = fetch.Options{Timeout: 1500 * time.Millisecond, Retries: 1, Backoff: 10 * time.Millisecond, MaxWait: 5 * time.Second}
	f := parseSites(t, []byte(fmt.Sprintf(`
user_agent: "newsdex-test (+https://example.org/newsdex)"
sites:
  - name: hostile
    start: [%s/index.html]
    rate: 200
    max_pages: 150
`, srv.URL)))
	start := time.Now()
	sum, err := c.Run(context.Background(), f, Options{})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("hostile crawl took %v: %s", elapsed.Round(time.Millisecond), sum.JSON())
	if elapsed > 30*time.Second {
		t.Errorf("the hostile crawl took %v", elapsed)
	}

	titles, byTitle := storedTitles(t, st)
	want := []string{
		"Extrusion orders steady as builders delay projects",
		"Fictional smelter restarts second potline after power deal",
		"临江港氧化铝码头扩建工程通过验收",
		"江南铝材厂新建再生铝熔铸线试产",
		"铝箔企业四季度订单回暖 部分产品上调加工费",
	}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("stored:\n%s\nwant:\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	if u := byTitle["Fictional smelter restarts second potline after power deal"]; !strings.HasSuffix(u, "/news/2026/10/good-2.html") {
		t.Errorf("canonical URL kept a tracking parameter: %s", u)
	}
	for reason, n := range map[string]int{
		fetch.ReasonTooLarge: 1, fetch.ReasonTimeout: 1, "http_500": 1, fetch.ReasonBinary: 1,
		fetch.ReasonRedirectLoop: 1, fetch.ReasonOffSite: 2,
	} {
		if sum.Failures[reason] != n {
			t.Errorf("failures[%s] = %d, want %d (%v)", reason, sum.Failures[reason], n, sum.Failures)
		}
	}
	if sum.Failed != 7 {
		t.Errorf("failed = %d, want 7: %v", sum.Failed, sum.Failures)
	}
	if sum.SkippedRobots != 1 || sum.SkippedTraps == 0 || sum.New != 5 {
		t.Errorf("summary: %s", sum.JSON())
	}

	reqs := rec.take()
	counts := map[string]int{}
	calendar := 0
	for _, r := range reqs {
		counts[r.Path]++
		if strings.HasPrefix(r.Path, "/calendar/") {
			calendar++
		}
		if r.Cookie != "" {
			t.Errorf("sent a cookie to %s", r.Path)
		}
	}
	for _, p := range []string{"/news/2026/10/good-1.html", "/session/list.jsp", "/deep.html", "/many-links.html"} {
		if counts[p] != 1 {
			t.Errorf("%s requested %d times, want once", p, counts[p])
		}
	}
	if counts["/news/2026/10/ratelimited.html"] != 2 {
		t.Errorf("429 page requested %d times, want 2", counts["/news/2026/10/ratelimited.html"])
	}
	if calendar > 60 {
		t.Errorf("%d calendar pages fetched", calendar)
	}
	if n := len(otherRec.take()); n != 0 {
		t.Errorf("another host got %d requests", n)
	}
	if m := rec.maxIn.Load(); m != 1 {
		t.Errorf("%d requests in flight at once", m)
	}
	t.Logf("%d requests; calendar pages %d; failures %v", len(reqs), calendar, sum.Failures)
}
