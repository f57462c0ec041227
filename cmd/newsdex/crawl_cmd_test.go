package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsdex/newsdex/index/store"
)

// newsdexBin is built once for the crawl command tests.
var newsdexBin struct {
	once sync.Once
	path string
	err  error
}

// crawlBinary builds the newsdex binary (once per test run) and returns it.
func crawlBinary(t *testing.T) string {
	t.Helper()
	newsdexBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "newsdex-crawl-test-")
		if err != nil {
			newsdexBin.err = err
			return
		}
		newsdexBin.path = filepath.Join(dir, "newsdex")
		out, err := exec.Command("go", "build", "-o", newsdexBin.path, ".").CombinedOutput()
		if err != nil {
			newsdexBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if newsdexBin.err != nil {
		t.Fatal(newsdexBin.err)
	}
	return newsdexBin.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if newsdexBin.path != "" {
		os.RemoveAll(filepath.Dir(newsdexBin.path))
	}
	os.Exit(code)
}

// articleSite serves n generated article pages and a list linking them.
// before, when set, runs before every request (to hold or count them).
type articleSite struct {
	n      int
	before func(r *http.Request)
	hits   sync.Map // path -> *atomic.Int32
}

func (s *articleSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.before != nil {
		s.before(r)
	}
	v, _ := s.hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
	v.(*atomic.Int32).Add(1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case r.URL.Path == "/index.html":
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"><title>测试站</title></head><body><h2>最新</h2><ul>`)
		for i := 1; i <= s.n; i++ {
			fmt.Fprintf(&b, `<li><a href="/news/2026/10/article-%02d.html">%s</a></li>`, i, articleTitle(i))
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/news/2026/10/article-"):
		var i int
		fmt.Sscanf(r.URL.Path, "/news/2026/10/article-%d.html", &i)
		if i < 1 || i > s.n {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>%s</title></head><body><div class="nav"><a href="/index.html">首页</a></div>
<h1>%s</h1><div class="info">发布时间：2026-10-%02d 09:00 来源：测试站</div><div class="content">
<p>这是为测试爬虫而写的第%d篇文章。某虚构铝加工企业在本月完成了第%d条生产线的技术改造，改造后产品合格率明显提高，能耗有所下降。</p>
<p>企业负责人介绍，改造项目主要更换了加热炉的燃烧系统和在线检测设备，生产过程的数据可以实时上传到车间的管理平台，便于及时发现问题。</p>
<p>业内人士认为，类似的改造投入不大、见效较快，是中小铝加工企业降低成本的现实选择。预计今年还会有更多企业跟进，行业整体效率有望继续提升。</p>
</div></body></html>`, articleTitle(i), articleTitle(i), 1+i%28, i, i)
	default:
		http.NotFound(w, r)
	}
}

func articleTitle(i int) string {
	return fmt.Sprintf("测试铝企第%d条产线完成技术改造", i)
}

func (s *articleSite) count(path string) int32 {
	v, ok := s.hits.Load(path)
	if !ok {
		return 0
	}
	return v.(*atomic.Int32).Load()
}

func writeSites(t *testing.T, dir, baseURL string) string {
	t.Helper()
	p := filepath.Join(dir, "sites.yaml")
	yaml := fmt.Sprintf("user_agent: \"newsdex-test (+https://example.org)\"\nsites:\n  - name: test\n    start: [%s/index.html]\n    rate: 100\n    lang: zh\n    article: '/news/\\d{4}/'\n", baseURL)
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// crawlCmd prepares `newsdex crawl` on a data folder.
func crawlCmd(t *testing.T, sitesFile, data string, extra ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	args := append([]string{"crawl", "--sites", sitesFile, "--data", data, "--timeout", "5s"}, extra...)
	cmd := exec.Command(crawlBinary(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// lastLine parses the JSON summary on the last line of stdout.
func lastLine(t *testing.T, stdout string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last stdout line is not JSON: %q", stdout)
	}
	for _, k := range []string{"sites", "fetched", "new", "updated", "unchanged", "failed", "skipped_robots", "duration_s"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q: %s", k, lines[len(lines)-1])
		}
	}
	return sum
}

// TestCrawlTwoProcesses starts two crawls on one data folder at the same
// time: one gets the lock and crawls; the other exits 3 at once, saying who
// holds it. The site holds every request until the loser has exited, so
// the two runs overlap whatever the machine's speed.
func TestCrawlTwoProcesses(t *testing.T) {
	release := make(chan struct{})
	var releaseOnce sync.Once
	site := &articleSite{n: 3, before: func(r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	defer releaseOnce.Do(func() { close(release) })
	dir := t.TempDir()
	sitesFile := writeSites(t, dir, srv.URL)
	data := filepath.Join(dir, "data")

	type result struct {
		code           int
		stdout, stderr string
		took           time.Duration
	}
	results := make(chan result, 2)
	for i := 0; i < 2; i++ {
		cmd, stdout, stderr := crawlCmd(t, sitesFile, data)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			err := cmd.Wait()
			results <- result{exitCode(err), stdout.String(), stderr.String(), time.Since(start)}
		}()
	}
	first := <-results
	if first.code != exitLocked {
		releaseOnce.Do(func() { close(release) })
		second := <-results
		t.Fatalf("first to exit: code %d, want 3\nstderr: %s\nother: code %d\n%s", first.code, first.stderr, second.code, second.stderr)
	}
	if !strings.Contains(first.stderr, "held by pid") || !strings.Contains(first.stderr, "crawl.lock") {
		t.Errorf("the locked-out run does not say who holds the lock: %s", first.stderr)
	}
	t.Logf("locked-out run exited 3 after %v: %s", first.took.Round(time.Millisecond), strings.TrimSpace(first.stderr))
	releaseOnce.Do(func() { close(release) })
	select {
	case second := <-results:
		if second.code != 0 {
			t.Fatalf("the crawl that held the lock exited %d\n%s", second.code, second.stderr)
		}
		if sum := lastLine(t, second.stdout); sum["new"] != float64(3) {
			t.Errorf("summary: %v", sum)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the crawl holding the lock did not finish")
	}
}

// TestCrawlKilledAndResumed kills a crawl with SIGKILL after it has fetched
// a third of the articles, then runs it again: every article ends up stored
// exactly once, and the second run does not fetch again what the first
// stored.
func TestCrawlKilledAndResumed(t *testing.T) {
	const n = 30
	var articlesServed atomic.Int32
	killNow := make(chan struct{})
	var once sync.Once
	site := &articleSite{n: n}
	site.before = func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/news/") && articlesServed.Add(1) == n/3 {
			once.Do(func() { close(killNow) })
		}
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	sitesFile := writeSites(t, dir, srv.URL)
	data := filepath.Join(dir, "data")

	cmd, _, stderr := crawlCmd(t, sitesFile, data)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-killNow:
		cmd.Process.Signal(syscall.SIGKILL)
	case err := <-done:
		t.Fatalf("the crawl ended before it could be killed: %v\n%s", err, stderr)
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the crawl never reached the articles")
	}
	<-done
	before := storedArticles(t, data)
	t.Logf("killed after %d article requests; %d articles were stored", articlesServed.Load(), len(before))

	cmd, stdout, stderr := crawlCmd(t, sitesFile, data)
	if err := cmd.Run(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, stderr)
	}
	sum := lastLine(t, stdout.String())
	after := storedArticles(t, data)
	if len(after) != n {
		t.Errorf("%d articles stored after the rerun, want %d", len(after), n)
	}
	for title, count := range after {
		if count != 1 {
			t.Errorf("%q stored %d times", title, count)
		}
	}
	for title := range before {
		if after[title] == 0 {
			t.Errorf("%q was lost", title)
		}
	}
	if got := int(sum["new"].(float64)); got != n-len(before) {
		t.Errorf("rerun stored %d new articles, want %d: %v", got, n-len(before), sum)
	}
	// Articles stored before the kill are not fetched again.
	for i := 1; i <= n; i++ {
		p := fmt.Sprintf("/news/2026/10/article-%02d.html", i)
		if before[articleTitle(i)] > 0 && site.count(p) != 1 {
			t.Errorf("%s fetched %d times though it was stored before the kill", p, site.count(p))
		}
	}
}

// storedArticles opens the data folder's store and counts articles by title.
func storedArticles(t *testing.T, data string) map[string]int {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(data, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB().Query(`SELECT title FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var title string
		rows.Scan(&title)
		out[title]++
	}
	return out
}

func TestCrawlExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("sites:\n  - name: a\n    start: https://a.example/\n    rate: fast\n"), 0o644)
	cmd, _, stderr := crawlCmd(t, bad, filepath.Join(dir, "data"))
	if code := exitCode(cmd.Run()); code != exitUsage || !strings.Contains(stderr.String(), "bad.yaml:4: sites[0].rate") {
		t.Errorf("config error: exit %d, stderr %s", code, stderr)
	}
	// A site that is down: nothing can be fetched.
	srv := httptest.NewServer(http.NotFoundHandler())
	down := srv.URL
	srv.Close()
	sitesFile := writeSites(t, dir, down)
	cmd, stdout, stderr := crawlCmd(t, sitesFile, filepath.Join(dir, "data"))
	if code := exitCode(cmd.Run()); code != exitFailed {
		t.Errorf("site down: exit %d, want 1\n%s", code, stderr)
	}
	lastLine(t, stdout.String())
}
