package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopback lets the tests' httptest servers through the address guard.
func loopback(string) bool { return true }

func testClient(opts Options) *Client {
	if opts.AllowPrivate == nil {
		opts.AllowPrivate = loopback
	}
	if opts.Rate == 0 {
		opts.Rate = 1000
	}
	if opts.Backoff == 0 {
		opts.Backoff = time.Millisecond
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	return New(opts)
}

func TestGetStatusesAndLimits(t *testing.T) {
	var hits sync.Map // path -> *int32
	count := func(p string) int32 {
		v, _ := hits.LoadOrStore(p, new(int32))
		return atomic.AddInt32(v.(*int32), 1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body>ok</body></html>")
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if count(r.URL.Path) < 3 {
			http.Error(w, "busy", http.StatusBadGateway)
			return
		}
		fmt.Fprint(w, "<html>finally</html>")
	})
	mux.HandleFunc("/always500", func(w http.ResponseWriter, r *http.Request) {
		count(r.URL.Path)
		http.Error(w, "boom", 500)
	})
	mux.HandleFunc("/404", func(w http.ResponseWriter, r *http.Request) { count(r.URL.Path); http.NotFound(w, r) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := strings.Repeat("x", 1<<10)
		for i := 0; i < 200; i++ { // 200 KiB, no Content-Length
			fmt.Fprint(w, chunk)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", 302) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a#x", 301) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), 302)
	})
	mux.HandleFunc("/offsite", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://other.example/page", 302)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", 301) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c := testClient(Options{MaxBody: 100 << 10, Retries: 2})
	for _, tc := range []struct {
		path, reason string
		status       int
		hits         int32 // requests the server saw for path
	}{
		{path: "/ok", status: 200, hits: 1},
		{path: "/flaky", status: 200, hits: 3},
		{path: "/always500", reason: "http_500", hits: 3},
		{path: "/404", reason: "http_404", hits: 1},
		{path: "/big", reason: ReasonTooLarge},
		{path: "/image", reason: ReasonUnsupportedType},
		{path: "/loop-a", reason: ReasonRedirectLoop},
		{path: "/chain/0", reason: ReasonTooManyRedirects},
		{path: "/offsite", reason: ReasonOffSite},
		{path: "/moved", status: 200},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, err := c.Get(context.Background(), Request{URL: srv.URL + tc.path})
			if tc.reason != "" {
				if Reason(err) != tc.reason {
					t.Fatalf("err %v (reason %q), want reason %q", err, Reason(err), tc.reason)
				}
			} else if err != nil || res.Status != tc.status {
				t.Fatalf("got %v, %v", res, err)
			}
			if tc.hits > 0 {
				v, _ := hits.Load(tc.path)
				if got := atomic.LoadInt32(v.(*int32)); got != tc.hits {
					t.Errorf("server saw %d requests, want %d", got, tc.hits)
				}
			}
		})
	}
	res, err := c.Get(context.Background(), Request{URL: srv.URL + "/moved"})
	if err != nil || !strings.HasSuffix(res.URL, "/ok") {
		t.Errorf("final URL after redirect: %v %v", res, err)
	}
}

func TestConditionalGet(t *testing.T) {
	var sawINM, sawIMS atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawINM.Store(r.Header.Get("If-None-Match"))
		sawIMS.Store(r.Header.Get("If-Modified-Since"))
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Nov 2026 08:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<html>page</html>")
	}))
	defer srv.Close()
	c := testClient(Options{})
	res, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil || res.NotModified || string(res.Body) != "<html>page</html>" {
		t.Fatalf("first: %+v %v", res, err)
	}
	res, err = c.Get(context.Background(), Request{URL: srv.URL, ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")})
	if err != nil || !res.NotModified || res.Status != 304 {
		t.Fatalf("second: %+v %v", res, err)
	}
	if sawINM.Load() != `"v1"` || sawIMS.Load() != "Mon, 02 Nov 2026 08:00:00 GMT" {
		t.Errorf("validators sent: %v %v", sawINM.Load(), sawIMS.Load())
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	var times []time.Time
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := testClient(Options{})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Fatalf("retry came %v after the 429, want ≥ 1 s", times[1].Sub(times[0]))
	}

	// A Retry-After beyond MaxWait fails the page instead of stalling.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back later", http.StatusServiceUnavailable)
	}))
	defer srv2.Close()
	_, err := testClient(Options{MaxWait: time.Second}).Get(context.Background(), Request{URL: srv2.URL})
	if Reason(err) != ReasonRetryAfter {
		t.Fatalf("got %v", err)
	}
}

func TestTricklingPageIsCut(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for {
			w.Write([]byte("x"))
			w.(http.Flusher).Flush()
			select {
			case <-time.After(100 * time.Millisecond):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	}))
	defer srv.Close()
	defer close(stop)
	c := testClient(Options{Timeout: 300 * time.Millisecond, Retries: -1})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	if Reason(err) != ReasonTimeout {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestOneRequestAtATimePerHostAndRate(t *testing.T) {
	var inFlight, maxInFlight int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := atomic.AddInt32(&inFlight, 1)
		for {
			m := atomic.LoadInt32(&maxInFlight)
			if n <= m || atomic.CompareAndSwapInt32(&maxInFlight, m, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // hold the request open, to expose overlap
		atomic.AddInt32(&inFlight, -1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := testClient(Options{})
	u, _ := url.Parse(srv.URL)
	c.SetRate(u.Host, 50) // 10 requests: at least 9 × 20 ms
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := c.Get(context.Background(), Request{URL: fmt.Sprintf("%s/p%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if maxInFlight != 1 {
		t.Errorf("%d requests in flight at once, want 1", maxInFlight)
	}
	if d := time.Since(start); d < 170*time.Millisecond {
		t.Errorf("10 requests at 50/s took %v", d)
	}
	c.SetRate(u.Host, 100)
	if c.Rate(u.Host) != 50 {
		t.Errorf("SetRate sped a host up to %v", c.Rate(u.Host))
	}
}

func TestNoCookiesAreKept(t *testing.T) {
	var cookie atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cookie.Store(r.Header.Get("Cookie"))
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Path: "/"})
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := testClient(Options{})
	for i := 0; i < 2; i++ {
		if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
	}
	if v := cookie.Load(); v != "" {
		t.Errorf("sent Cookie %q", v)
	}
}

func TestPrivateAddressesBlockedAtDial(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&hits, 1)
		fmt.Fprint(w, "internal")
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c := New(Options{Retries: -1, Timeout: 2 * time.Second}) // no AllowPrivate
	for _, target := range []string{
		srv.URL,                        // a literal loopback address
		"http://localhost:" + u.Port(), // a name resolving to loopback
	} {
		_, err := c.Get(context.Background(), Request{URL: target})
		var be *BlockedError
		if Reason(err) != ReasonBlockedAddress || !errors.As(err, &be) {
			t.Errorf("%s: got %v", target, err)
		}
	}
	if hits != 0 {
		t.Errorf("the private server was reached %d times", hits)
	}
	// A host allowed to be private (a site configured on loopback) passes.
	c = New(Options{AllowPrivate: func(h string) bool { return h == "127.0.0.1" }})
	if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	for addr, public := range map[string]bool{"8.8.8.8": true, "10.1.2.3": false, "169.254.169.254": false, "::ffff:127.0.0.1": false, "fd00::1": false, "2001:4860:4860::8888": true} {
		if PublicAddr(netip.MustParseAddr(addr)) != public {
			t.Errorf("PublicAddr(%s) != %v", addr, public)
		}
	}
}

func TestRobots(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\nDisallow: /search\nCrawl-delay: 0.5\n\nUser-agent: badbot\nDisallow: /\n\nSitemap: http://example.com/sitemap.xml\n")
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := testClient(Options{UserAgent: "newsdex-test (+https://example.org)"})
	base, _ := url.Parse(srv.URL)
	r := c.Robots(context.Background(), base)
	for p, want := range map[string]bool{"/": true, "/news/1.html": true, "/admin/": false, "/admin/x": false, "/search?q=1": false, "/searching": false} {
		u, _ := base.Parse(p)
		if r.Allowed(u) != want {
			t.Errorf("Allowed(%s) != %v", p, want)
		}
	}
	if r.CrawlDelay() != 500*time.Millisecond || c.Rate(base.Host) != 2 {
		t.Errorf("crawl delay %v, rate %v", r.CrawlDelay(), c.Rate(base.Host))
	}
	if len(r.Sitemaps()) != 1 {
		t.Errorf("sitemaps %v", r.Sitemaps())
	}
	// 5xx: the host is off limits; 404: no restrictions.
	for status, allowed := range map[int]bool{503: false, 404: true} {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
		u, _ := url.Parse(s.URL + "/page")
		if got := testClient(Options{Retries: -1}).Robots(context.Background(), u).Allowed(u); got != allowed {
			t.Errorf("robots.txt %d: allowed %v", status, got)
		}
		s.Close()
	}
}

func TestLooksBinaryAndTextLike(t *testing.T) {
	for body, want := range map[string]bool{
		"<html><body>hi</body></html>":           false,
		"\xc4\xfa\xba\xc3 gbk bytes":             false,
		"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR":    true,
		"PK\x03\x04\x14\x00\x00\x00\x08\x00":     true,
		"\x00\x01\x02\x03\x04\x05binary":         true,
		"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00": false,
	} {
		if LooksBinary([]byte(body)) != want {
			t.Errorf("LooksBinary(%q) != %v", body, want)
		}
	}
	for ct, want := range map[string]bool{"text/html; charset=gb2312": true, "application/rss+xml": true, "": true, "image/jpeg": false, "application/pdf": false, "application/octet-stream": false} {
		if TextLike(ct) != want {
			t.Errorf("TextLike(%q) != %v", ct, want)
		}
	}
	if d, ok := retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", time.Date(2026, 10, 21, 7, 27, 0, 0, time.UTC)); !ok || d != time.Minute {
		t.Errorf("retryAfter date: %v %v", d, ok)
	}
}
