package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/demosite"
)

// TestServeDuringCrawl runs `newsdex serve` and, on the same data folder,
// `newsdex crawl`: the server answers searches while the crawl runs (the
// site holds the article pages until a search has succeeded mid-crawl) and
// finds the new articles within seconds of their being stored.
func TestServeDuringCrawl(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	srvCmd := exec.Command(crawlBinary(t), "serve", "--addr", "127.0.0.1:0", "--data", data)
	var srvErr strings.Builder
	srvCmd.Stderr = &lockedWriter{w: &srvErr}
	if err := srvCmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srvCmd.Process.Signal(syscall.SIGTERM)
		srvCmd.Wait()
	}()
	base := waitForServer(t, data)

	// The demo site, its article pages held until a search has succeeded.
	searched := make(chan struct{})
	var once sync.Once
	var listed atomic.Bool
	demo := demosite.Handler()
	siteSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/news/20") {
			listed.Store(true)
			select {
			case <-searched:
			case <-r.Context().Done():
			}
		}
		demo.ServeHTTP(w, r)
	}))
	defer siteSrv.Close()
	sitesFile := filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(sitesFile, demosite.SitesYAML(siteSrv.URL), 0o644); err != nil {
		t.Fatal(err)
	}
	want := len(demosite.Expected())
	crawl, stdout, stderr := crawlCmd(t, sitesFile, data)
	if err := crawl.Start(); err != nil {
		t.Fatal(err)
	}
	// Mid-crawl (the crawl waits for its article pages), search.
	deadline := time.Now().Add(time.Minute)
	for !listed.Load() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // polling the fixture, with a deadline
	}
	if total := searchTotal(t, base, ""); total != 0 {
		t.Errorf("found %d articles before any was crawled", total)
	}
	once.Do(func() { close(searched) })
	if err := crawl.Wait(); err != nil {
		t.Fatalf("crawl: %v\n%s", err, stderr)
	}
	lastLine(t, stdout.String())
	crawled := time.Now()
	for time.Since(crawled) < 15*time.Second {
		if searchTotal(t, base, "") == want {
			t.Logf("the server showed the %d new articles %v after the crawl ended", want, time.Since(crawled).Round(time.Millisecond))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	res, _ := http.Get(base + "/api/search?size=3&q=")
	b, _ := io.ReadAll(res.Body)
	t.Fatalf("the server did not show the crawled articles within 15 s: %s", b)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// waitForServer polls server.json and /healthz until the server answers.
func waitForServer(t *testing.T, data string) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		var info struct {
			Addr string `json:"addr"`
		}
		if b, err := os.ReadFile(filepath.Join(data, "server.json")); err == nil && json.Unmarshal(b, &info) == nil && info.Addr != "" {
			if res, err := http.Get("http://" + info.Addr + "/healthz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					return "http://" + info.Addr
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the server did not start")
	return ""
}

// searchTotal counts the articles a search finds, near-duplicates folded
// under a hit included.
func searchTotal(t *testing.T, base, q string) int {
	t.Helper()
	res, err := http.Get(base + "/api/search?size=100&q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Hits []struct {
			Duplicates int `json:"duplicates"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("search: %d %v", res.StatusCode, err)
	}
	n := 0
	for _, h := range out.Hits {
		n += 1 + h.Duplicates
	}
	return n
}

// TestExtractCommand runs `newsdex extract` on demo-site pages: an article
// gives the Article JSON, a list page exits 1, --batch gives one line per
// input line.
func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	files := demosite.Files()
	exp := demosite.Expected()[0]
	write := func(name, src string) string {
		b, err := fs.ReadFile(files, src)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	art := write("article.html", strings.TrimPrefix(exp.Path, "/"))
	list := write("list.html", "news/index.html")

	out, err := exec.Command(crawlBinary(t), "extract", "--url", "http://demo.example"+exp.Path, art).Output()
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	var a map[string]any
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("not JSON: %s", out)
	}
	for _, k := range []string{"url", "title", "published", "author", "source", "lang", "body", "images", "entities"} {
		if _, ok := a[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if a["title"] != exp.Title || a["url"] != "http://demo.example"+exp.Path || a["lang"] != "zh" {
		t.Errorf("extract: %v", a)
	}
	if ents, _ := a["entities"].(map[string]any); ents == nil || ents["companies"] == nil {
		t.Errorf("entities: %v", a["entities"])
	}

	cmd := exec.Command(crawlBinary(t), "extract", list)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if code := exitCode(cmd.Run()); code != exitFailed || !strings.Contains(stderr.String(), "no article") {
		t.Errorf("list page: exit %d, %s", code, stderr.String())
	}

	batch := filepath.Join(dir, "batch.jsonl")
	os.WriteFile(batch, []byte(fmt.Sprintf("{\"path\":%q,\"url\":\"http://demo.example%s\"}\n{\"path\":\"list.html\"}\nnot json\n", art, exp.Path)), 0o644)
	out, err = exec.Command(crawlBinary(t), "extract", "--batch", batch).Output()
	if err != nil {
		t.Fatalf("extract --batch: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], exp.Title) || !strings.HasPrefix(lines[1], `{"error":`) || !strings.HasPrefix(lines[2], `{"error":`) {
		t.Errorf("batch output:\n%s", out)
	}
}

// TestDemoCommand runs `newsdex demo` as a user would: it must serve hits
// for 铝 well within 90 s, segmenter load included.
func TestDemoCommand(t *testing.T) {
	bin := crawlBinary(t)
	cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedWriter
	var errBuf strings.Builder
	stderr.w = &errBuf
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base string
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, "newsdex demo: open http://") {
			t.Fatalf("demo printed %q\n%s", line, errBuf.String())
		}
		base = strings.TrimSuffix(strings.Fields(line)[3], "/")
	case <-time.After(90 * time.Second):
		t.Fatalf("demo did not start within 90 s\n%s", errBuf.String())
	}
	res, err := http.Get(base + "/api/search?q=" + url.QueryEscape("铝"))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Total int `json:"total"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	if out.Total == 0 {
		t.Fatalf("no hits for 铝\n%s", errBuf.String())
	}
	t.Logf("demo answered %d hits for 铝 %v after starting", out.Total, time.Since(start).Round(time.Millisecond))
}
