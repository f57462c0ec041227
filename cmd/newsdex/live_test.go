package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeIndexesImportsLive runs the real binary: a server over a data
// folder, and an import from a second process while it serves. The server
// must index the new article from the store and answer it within 10 s, keep
// answering searches meanwhile, and shut down cleanly on SIGTERM.
func TestServeIndexesImportsLive(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary")
	}
	bin := filepath.Join(t.TempDir(), "newsdex")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := t.TempDir()
	env := append(os.Environ(), "NEWSDEX_LOG=info")

	// Seed the store and the index with the fixtures (no server yet).
	if sum := importFile(t, bin, env, data, filepath.Join("..", "..", "testdata", "articles.jsonl")); sum.Imported != 40 || !sum.Indexed {
		t.Fatalf("seed import: %+v", sum)
	}

	// serve binds loopback unless told otherwise.
	help, _ := exec.Command(bin, "serve", "-h").CombinedOutput()
	if !strings.Contains(string(help), "127.0.0.1:8080") {
		t.Errorf("serve's default address is not loopback:\n%s", help)
	}

	srv := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--poll", "500ms")
	srv.Env = env
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var logs lockedBuffer
	base := make(chan string, 1)
	go func() {
		// The log says where the server listens (port 0: the kernel picks).
		re := regexp.MustCompile(`msg=serving url=(http://\S+?)/? `)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			// Keep the log short: the many successful polls are noise.
			if !strings.Contains(sc.Text(), "msg=http") || !strings.Contains(sc.Text(), "status=200") {
				logs.WriteString(sc.Text() + "\n")
			}
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case base <- m[1]:
				default:
				}
			}
		}
		exited <- srv.Wait()
	}()
	t.Cleanup(func() {
		if srv.ProcessState == nil {
			srv.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	var url0 string
	select {
	case url0 = <-base:
	case err := <-exited:
		t.Fatalf("server exited: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start\n%s", logs.String())
	}
	if h := getJSON(t, url0+"/healthz"); h["articles"] != float64(40) {
		t.Fatalf("healthz: %v", h)
	}

	// Searches keep answering while the server indexes: poll in the
	// background and count anything but a 200.
	stopPolling := make(chan struct{})
	var polls, failures int
	var pollWG sync.WaitGroup
	pollWG.Add(1)
	go func() {
		defer pollWG.Done()
		for {
			select {
			case <-stopPolling:
				return
			case <-time.After(50 * time.Millisecond):
			}
			res, err := http.Get(url0 + "/api/search?q=" + url.QueryEscape("铝") + "&size=5")
			polls++
			if err != nil || res.StatusCode != http.StatusOK {
				failures++
			}
			if res != nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	}()

	// A second process imports a new article while the server runs.
	article := filepath.Join(t.TempDir(), "new.jsonl")
	line, _ := json.Marshal(map[string]string{
		"id": "live-001", "url": "https://news.example.cn/2026/12/live-001.html", "lang": "zh", "source": "铝闻网",
		"title": "衢州锆材厂投产 Zirconium smelter opens in Quzhou", "published": time.Now().Format(time.RFC3339),
		"body": "衢州一家锆材厂今天正式投产，年产锆材两万吨。The zirconium plant will supply nuclear and chemical customers.",
	})
	if err := os.WriteFile(article, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	importStart := time.Now()
	if sum := importFile(t, bin, env, data, article); sum.Imported != 1 || sum.Indexed {
		t.Fatalf("live import: %+v (indexed must be false: the server holds the index)", sum)
	}
	stored := time.Now()
	deadline := stored.Add(10 * time.Second)
	for {
		res := getJSON(t, url0+"/api/search?q=zirconium")
		if res["total"] == float64(1) {
			hit := res["hits"].([]any)[0].(map[string]any)
			if hit["id"] != "live-001" {
				t.Fatalf("found %v", hit["id"])
			}
			t.Logf("searchable %v after the import stored it (%v after it started)",
				time.Since(stored).Round(time.Millisecond), time.Since(importStart).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the imported article is not searchable 10 s after it was stored: %v", res)
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stopPolling)
	pollWG.Wait()
	if failures > 0 {
		t.Errorf("%d of %d searches failed while the server indexed", failures, polls)
	}
	h := getJSON(t, url0+"/healthz")
	if h["articles"] != float64(41) || h["index_rev"] != h["store_rev"] {
		t.Errorf("healthz after the import: %v", h)
	}

	// SIGTERM: graceful shutdown, exit 0, server.json removed.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("server exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop on SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(data, "server.json")); !os.IsNotExist(err) {
		t.Errorf("server.json left behind: %v", err)
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Error("no shutdown in the log")
	}
}

// importFile runs `newsdex import` and decodes its summary line.
func importFile(t *testing.T, bin string, env []string, data, file string) importSummary {
	t.Helper()
	cmd := exec.Command(bin, "import", "--data", data, file)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("import %s: %v\n%s", file, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var sum importSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("import summary: %v\n%s", err, stdout.String())
	}
	return sum
}

func getJSON(t *testing.T, u string) map[string]any {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", u, res.StatusCode, err)
	}
	return v
}

// lockedBuffer collects the server's log from its reader goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
