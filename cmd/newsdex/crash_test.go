package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/segment"
	"github.com/newsdex/newsdex/index/store"
)

// writeManyArticles writes n articles, made from the fixture articles with
// a distinct id, title and closing line each, to a JSONL file.
func writeManyArticles(t *testing.T, path string, n int) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var base []map[string]any
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		base = append(base, m)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for i := 0; i < n; i++ {
		m := map[string]any{}
		for k, v := range base[i%len(base)] {
			m[k] = v
		}
		m["id"] = fmt.Sprintf("crash-%05d", i)
		m["url"] = fmt.Sprintf("https://news.example.cn/crash/%05d.html", i)
		m["title"] = fmt.Sprintf("%s（%d）", m["title"], i)
		m["body"] = fmt.Sprintf("%s\n第%d号稿件。Story number %d.", m["body"], i, i)
		b, _ := json.Marshal(m)
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// storeCount opens the store read-write (WAL allows it beside a running
// process) and counts the articles.
func storeCount(t *testing.T, data string) int {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(data, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// indexState opens the index (no process may hold it) and returns its
// document count, revision mark and the store's revision.
func indexState(t *testing.T, data string) (docs uint64, indexRev, storeRev int64) {
	t.Helper()
	ctx := context.Background()
	seg, err := segment.Load(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	st, err := store.Open(ctx, filepath.Join(data, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(ctx, filepath.Join(data, index.DirName), index.Deps{Analyzer: analysis.New(seg), Store: st}, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs, _ = ix.DocCount()
	indexRev, _ = ix.Rev()
	storeRev, _ = st.Rev(ctx)
	return
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill -9 during an import: what was reported stored stays, nothing is
// half-indexed, and importing again gives exactly one copy of each article.
func TestImportKilledAndRepeated(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary")
	}
	bin := crawlBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	file := filepath.Join(dir, "many.jsonl")
	const n = 3000
	writeManyArticles(t, file, n)

	imp := exec.Command(bin, "import", "--data", data, "--batch", "200", file)
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()
	// Kill it once some batches are stored but long before the end.
	waitFor(t, "the first batches to be stored", 2*time.Minute, func() bool {
		if _, err := os.Stat(filepath.Join(data, store.FileName)); err != nil {
			return false
		}
		return storeCount(t, data) >= 400
	})
	imp.Process.Signal(syscall.SIGKILL)
	<-done
	stored := storeCount(t, data)
	t.Logf("killed with %d of %d articles stored", stored, n)
	if stored >= n {
		t.Skip("the import finished before it could be killed")
	}

	out, err := exec.Command(bin, "import", "--data", data, file).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("second import: %v\n%s", err, stderr)
	}
	var sum importSummary
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.New+sum.Skipped != n || sum.Skipped < stored || sum.Errors != 0 {
		t.Errorf("second import %+v: want new+skipped = %d with at least the %d stored skipped", sum, n, stored)
	}
	if got := storeCount(t, data); got != n {
		t.Errorf("store holds %d articles, want exactly %d", got, n)
	}
	docs, indexRev, storeRev := indexState(t, data)
	if docs != n || indexRev != storeRev {
		t.Errorf("index: %d documents at revision %d, store at %d; want %d documents, caught up", docs, indexRev, storeRev, n)
	}
}

// kill -9 of the server while it indexes what another process imported: the
// restarted server catches up, one copy of each article, no restart of the
// import needed.
func TestServerKilledWhileIndexing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary")
	}
	bin := crawlBinary(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	file := filepath.Join(dir, "many.jsonl")
	const n = 3000
	writeManyArticles(t, file, n)

	start := func() *exec.Cmd {
		srv := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--poll", "200ms")
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		return srv
	}
	srv := start()
	base := waitForServer(t, data)
	health := func(base string) (articles, indexRev, storeRev float64) {
		res, err := http.Get(base + "/healthz")
		if err != nil {
			return -1, -1, -1
		}
		defer res.Body.Close()
		var h map[string]any
		json.NewDecoder(res.Body).Decode(&h)
		a, _ := h["articles"].(float64)
		i, _ := h["index_rev"].(float64)
		s, _ := h["store_rev"].(float64)
		return a, i, s
	}
	if out, err := exec.Command(bin, "import", "--data", data, file).CombinedOutput(); err != nil {
		t.Fatalf("import beside the server: %v\n%s", err, out)
	}
	// Kill the server in the middle of indexing what was imported.
	waitFor(t, "the server to start indexing", 2*time.Minute, func() bool {
		a, _, _ := health(base)
		return a > 0
	})
	a, _, _ := health(base)
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	t.Logf("server killed with %v of %d articles indexed", a, n)

	os.Remove(filepath.Join(data, "server.json")) // a killed server leaves it behind
	srv = start()
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	}()
	base = waitForServer(t, data)
	waitFor(t, "the restarted server to catch up", 3*time.Minute, func() bool {
		a, i, s := health(base)
		return a == n && i == s
	})
	if got := storeCount(t, data); got != n {
		t.Errorf("store holds %d articles, want %d", got, n)
	}
	if total := searchTotal(t, base, ""); total != n {
		t.Errorf("an empty search finds %d articles, want %d", total, n)
	}
}

// An index whose files are damaged is set aside and rebuilt from the store
// by the next process that opens it, which then answers as before.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary")
	}
	bin := crawlBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command(bin, "import", "--data", data, filepath.Join("..", "..", "testdata", "articles.jsonl")).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	search := func() (int, string) {
		cmd := exec.Command(bin, "search", "--data", data, "--json", "--local", "铝")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("search: %v\n%s", err, stderr.String())
		}
		var res struct{ Total int }
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatal(err)
		}
		return res.Total, stderr.String()
	}
	before, _ := search()
	if before == 0 {
		t.Fatal("no hits before the damage")
	}
	// Damage the index: the root file of the shard of the 2020s (every
	// fixture article's decade) becomes garbage.
	root := filepath.Join(data, index.DirName, "2020", "store", "root.bolt")
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("no shard for the 2020s: %v", err)
	}
	if err := os.WriteFile(root, []byte("this is not a bolt database"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An import meanwhile keeps its articles (in the store) and says why it
	// could not index them.
	extra := filepath.Join(t.TempDir(), "extra.jsonl")
	if err := os.WriteFile(extra, []byte(`{"id":"extra-1","url":"https://example.com/extra-1","title":"铝箔出口订单增加","published":"2026-10-02T08:00:00+08:00","body":"多家铝箔企业表示，十月出口订单较上月增加，电池箔需求尤其旺盛。"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	imp := exec.Command(bin, "import", "--data", data, extra)
	var impErr strings.Builder
	imp.Stderr = &impErr
	if out, err := imp.Output(); err != nil || !strings.Contains(string(out), `"imported":1`) {
		t.Fatalf("import beside a damaged index: %v\n%s%s", err, out, impErr.String())
	}
	if !strings.Contains(impErr.String(), "importing into the store only") {
		t.Errorf("the import did not say the index could not be used:\n%s", impErr.String())
	}
	after, log := search()
	if after != before+1 {
		t.Errorf("after the rebuild %d hits, want the %d from before and the imported one", after, before)
	}
	if !strings.Contains(log, "rebuilding it from the store") {
		t.Errorf("the rebuild was not logged:\n%s", log)
	}
	aside, _ := filepath.Glob(filepath.Join(data, index.DirName+".damaged-*"))
	if len(aside) != 1 {
		t.Errorf("the damaged index was not kept aside: %v", aside)
	}
}
