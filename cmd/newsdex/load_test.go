package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Eight clients search without pause while another process imports 3,000
// articles: no request may fail, and the server must end up with every
// article. NEWSDEX_LOAD_SECONDS sets how long the clients search (default
// 15; the reliability suite runs 60).
func TestSearchesWhileImporting(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary under load")
	}
	seconds := 15
	if v, err := strconv.Atoi(os.Getenv("NEWSDEX_LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	bin := crawlBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	fixtures := filepath.Join("..", "..", "testdata", "articles.jsonl")
	if out, err := exec.Command(bin, "import", "--data", data, fixtures).CombinedOutput(); err != nil {
		t.Fatalf("seed import: %v\n%s", err, out)
	}
	many := filepath.Join(dir, "many.jsonl")
	const n = 3000
	writeManyArticles(t, many, n)

	// No result cache: the clients repeat ten queries, and every search
	// should be computed, as for a crowd asking different things.
	srv := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--poll", "500ms", "--result-cache", "0")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	}()
	base := waitForServer(t, data)

	queries := []string{"铝", "新能源汽车", "aluminium premiums", `"再生铝"`, "银行 股份", "魏桥", "OPEC", "6063-T6", "acquisition", "钢铁 煤炭"}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
	)
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	client := &http.Client{Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := c; time.Now().Before(deadline); i++ {
				q := queries[i%len(queries)]
				u := base + "/api/search?" + url.Values{"q": {q}, "size": {"10"}}.Encode()
				start := time.Now()
				resp, err := client.Get(u)
				took := time.Since(start)
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("%q: %v", q, err))
				case resp.StatusCode != http.StatusOK:
					failures = append(failures, fmt.Sprintf("%q: %s", q, resp.Status))
				default:
					latencies = append(latencies, took)
				}
				mu.Unlock()
				if resp != nil {
					resp.Body.Close()
				}
			}
		}(c)
	}
	importStart := time.Now()
	out, err := exec.Command(bin, "import", "--data", data, many).CombinedOutput()
	if err != nil {
		t.Fatalf("import beside the server: %v\n%s", err, out)
	}
	t.Logf("import of %d articles took %v while the clients searched", n, time.Since(importStart).Round(time.Millisecond))
	wg.Wait()

	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed, first: %s", len(failures), len(failures)+len(latencies), failures[0])
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	if len(latencies) > 0 {
		t.Logf("%d searches in %ds by 8 clients: p50 %v, p99 %v, max %v", len(latencies), seconds, pct(0.50), pct(0.99), latencies[len(latencies)-1])
	}
	waitFor(t, "the server to index the import", 3*time.Minute, func() bool {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h struct {
			Articles float64 `json:"articles"`
			IndexRev float64 `json:"index_rev"`
			StoreRev float64 `json:"store_rev"`
		}
		json.NewDecoder(resp.Body).Decode(&h)
		return h.Articles == n+40 && h.IndexRev == h.StoreRev
	})
}
