package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared evaluation corpus, beside the repository.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("NEWSDEX_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	dir = filepath.Join(dir, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("evaluation corpus %s not found (set NEWSDEX_CORPUS): %v", dir, err)
	}
	return dir
}

// buildBinary builds newsdex with the given extra flags into a temp folder.
func buildBinary(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newsdex")
	args := append([]string{"build"}, flags...)
	args = append(args, "-o", bin, ".")
	cmd := exec.Command("go", args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sampleRecords writes the first n records of a corpus file to a JSONL file
// and returns the records.
func sampleRecords(t *testing.T, src, dst string, n int) []map[string]any {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var recs []map[string]any
	for len(recs) < n && sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
		out.Write(sc.Bytes())
		out.Write([]byte{'\n'})
	}
	return recs
}

// A -trimpath binary copied to an empty folder, run with no Go environment,
// must still segment Chinese (its dictionaries are embedded) and find real
// articles by their exact titles.
func TestTrimpathBinaryFindsTitles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and imports 600 articles")
	}
	news := corpusDir(t, "news")
	bin := buildBinary(t, "-trimpath")
	work := t.TempDir()
	moved := filepath.Join(work, "newsdex")
	raw, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved, raw, 0o755); err != nil {
		t.Fatal(err)
	}
	zh := sampleRecords(t, filepath.Join(news, "zh-xwlb.jsonl.gz"), filepath.Join(work, "zh.jsonl"), 300)
	en := sampleRecords(t, filepath.Join(news, "en-reuters21578.jsonl.gz"), filepath.Join(work, "en.jsonl"), 300)
	env := []string{"PATH=/usr/bin:/bin", "HOME=" + work, "TMPDIR=" + work}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(moved, args...)
		cmd.Dir = work
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("newsdex %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return out
	}
	out := run("import", "--data", "data", "zh.jsonl", "en.jsonl")
	var sum importSummary
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Imported != 600 || sum.Errors != 0 {
		t.Fatalf("import summary %s (%v)", out, err)
	}
	for _, lang := range []struct {
		name string
		recs []map[string]any
	}{{"zh", zh}, {"en", en}} {
		titles := map[string]int{}
		for _, r := range lang.recs {
			titles[r["title"].(string)]++
		}
		found, tried := 0, 0
		for i := 0; i < len(lang.recs) && tried < 10; i += 23 {
			r := lang.recs[i]
			title := r["title"].(string)
			if titles[title] > 1 {
				continue // a recurring title (联播快讯) names no single article
			}
			tried++
			var res struct {
				Hits []struct{ ID string } `json:"hits"`
			}
			if err := json.Unmarshal(run("search", "--data", "data", "--json", "--size", "3", "--", title), &res); err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.ID == r["id"] {
					found++
					break
				}
			}
		}
		t.Logf("%s: %d of %d titles found in the top 3", lang.name, found, tried)
		if tried < 10 || found < 8 {
			t.Errorf("%s: %d of %d titles found in the top 3, want at least 8 of 10", lang.name, found, tried)
		}
	}
}
