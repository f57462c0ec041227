package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

// The bench imports the fixture articles (or, with --scale, copies of them),
// then times real searches through the HTTP API, and reports both in its
// JSON line.
func TestBenchCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and serves the fixture articles")
	}
	queries := filepath.Join(t.TempDir(), "queries.txt")
	if err := os.WriteFile(queries, []byte("# fixture queries\n铝\nopec\n\"电解铝\"\nlang:en AND oil\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join("..", "..", "testdata", "articles.jsonl")
	for _, c := range []struct {
		name     string
		args     []string
		wantDocs int
	}{
		{"once", nil, 40},
		{"scaled", []string{"--scale", "100", "--seed", "3"}, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"bench", "--data", filepath.Join(t.TempDir(), "data"), "--queries", queries,
				"--clients", "1,2", "--repeat", "2"}, c.args...)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append(args, corpus), &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			var rep benchReport
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rep); err != nil {
				t.Fatalf("last line is not the JSON report: %v\n%s", err, stdout.String())
			}
			if rep.Docs != c.wantDocs || rep.DocsByLang["zh"]+rep.DocsByLang["en"] != c.wantDocs {
				t.Errorf("docs %d by language %v, want %d", rep.Docs, rep.DocsByLang, c.wantDocs)
			}
			if rep.DocsPerS <= 0 || rep.MBPerS <= 0 || rep.IndexMB <= 0 || rep.PeakRSSMB <= 0 || rep.FirstSearchable <= 0 || rep.FirstSearchable > rep.LoadS+rep.ImportS+1 {
				t.Errorf("implausible import numbers: %+v", rep)
			}
			if rep.Queries != 4 || len(rep.Latency) != 4 {
				t.Fatalf("queries %d, latency rows %d, want 4 and 4 (2 modes × 2 client counts)", rep.Queries, len(rep.Latency))
			}
			for _, l := range rep.Latency {
				if l.Requests != 4*2 || l.Failed != 0 || l.P50MS <= 0 || l.P99MS < l.P50MS {
					t.Errorf("%s, %d clients: %+v", l.Mode, l.Clients, l.Result)
				}
			}
			if rep.ServeFileMB <= 0 || rep.ServeFileMB >= rep.ServeRSSMB {
				t.Errorf("serving RSS %v MB, of which mapped files %v MB", rep.ServeRSSMB, rep.ServeFileMB)
			}
			if !strings.Contains(stdout.String(), "facets+snippets") {
				t.Errorf("no table before the JSON line:\n%s", stdout.String())
			}
		})
	}
}

func TestBenchCommandRefusesBadArguments(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bench"}, "give the JSONL corpora"},
		{[]string{"bench", "--scale", "-5", "x.jsonl"}, "--scale"},
		{[]string{"bench", "--runs", "0", "x.jsonl"}, "--runs"},
		{[]string{"bench", "--clients", "0", "x.jsonl"}, "--clients"},
		{[]string{"bench", "--data", full, "x.jsonl"}, "not empty"},
		{[]string{"bench", "--reuse"}, "--reuse needs --data"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), c.args, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr.String(), exitUsage, c.want)
		}
	}
}

func TestScaledSourceCopiesAndShuffles(t *testing.T) {
	corpus := []newsdex.Article{
		{ID: "a", URL: "https://example.com/a", Title: "A"},
		{URL: "https://example.com/b", Title: "B"},
		{Title: "C"},
	}
	collect := func(n int, seed uint64) []newsdex.Article {
		out := make(chan []newsdex.Article)
		var got []newsdex.Article
		done := make(chan struct{})
		go func() {
			defer close(done)
			for b := range out {
				if len(b) > 4 {
					t.Errorf("batch of %d, want at most 4", len(b))
				}
				got = append(got, b...)
			}
		}()
		if err := scaledSource(corpus, n, seed, 4)(context.Background(), out, nil); err != nil {
			t.Fatal(err)
		}
		close(out)
		<-done
		return got
	}
	// Fewer than the corpus: a sample of originals, no copies.
	few := collect(2, 1)
	if len(few) != 2 || few[0].Title == few[1].Title || strings.Contains(few[0].ID+few[1].ID, "copy") {
		t.Errorf("2 of 3: %+v", few)
	}
	got := collect(8, 1)
	if len(got) != 8 {
		t.Fatalf("%d articles, want 8", len(got))
	}
	ids := map[string]bool{}
	titles := map[string]int{}
	for _, a := range got {
		key := a.ID + "|" + a.URL
		if ids[key] {
			t.Errorf("identity %q twice", key)
		}
		ids[key] = true
		titles[a.Title]++
	}
	for title, n := range titles {
		if n > 3 {
			t.Errorf("%s %d times: 8 of 3 articles take 3 copies", title, n)
		}
	}
	for key := range ids {
		id, u, _ := strings.Cut(key, "|")
		switch {
		case id == "a" && u == "https://example.com/a", id == "" && u == "https://example.com/b", id == "" && u == "":
		case strings.HasPrefix(id, "a-copy") && u == "https://example.com/a#"+id[2:],
			id == "" && strings.HasPrefix(u, "https://example.com/b#copy"),
			strings.HasPrefix(id, "scale-2-copy") && u == "":
		default:
			t.Errorf("unexpected identity %q", key)
		}
	}
	if !reflect.DeepEqual(got, collect(8, 1)) {
		t.Error("the same seed gave another order")
	}
	if reflect.DeepEqual(got, collect(8, 2)) {
		t.Error("another seed gave the same order")
	}
}

// --runs 3 runs the bench three times, each in a process of its own and into
// a folder of its own, and reports the medians beside the three reports.
func TestBenchRunsReportsMedians(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports the fixture articles three times")
	}
	bin := crawlBinary(t)
	queries := filepath.Join(t.TempDir(), "queries.txt")
	if err := os.WriteFile(queries, []byte("铝\nopec\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(bin, "bench", "--runs", "3", "--data", data, "--queries", queries, "--clients", "1", "--repeat", "2",
		filepath.Join("..", "..", "testdata", "articles.jsonl"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s%s", err, stdout.String(), stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var rep struct {
		benchReport
		Runs []benchReport `json:"runs"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rep); err != nil {
		t.Fatalf("last line is not the JSON report: %v\n%s", err, stdout.String())
	}
	if len(rep.Runs) != 3 || rep.Docs != 40 {
		t.Fatalf("%d runs, %d docs; want 3 and 40", len(rep.Runs), rep.Docs)
	}
	median := func(get func(*benchReport) float64) float64 {
		vs := []float64{get(&rep.Runs[0]), get(&rep.Runs[1]), get(&rep.Runs[2])}
		sort.Float64s(vs)
		return vs[1]
	}
	if want := median(func(r *benchReport) float64 { return r.ImportS }); rep.ImportS != want {
		t.Errorf("import_s %v, want the median %v of the runs", rep.ImportS, want)
	}
	for i, l := range rep.Latency {
		if want := median(func(r *benchReport) float64 { return r.Latency[i].P99MS }); l.P99MS != want || l.Failed != 0 {
			t.Errorf("%s: p99 %v failed %d, want the median %v and 0", l.Mode, l.P99MS, l.Failed, want)
		}
	}
	for k := 1; k <= 3; k++ {
		if _, err := os.Stat(filepath.Join(data, fmt.Sprintf("run-%d", k), "articles.db")); err != nil {
			t.Errorf("run %d did not import into a folder of its own: %v", k, err)
		}
	}
	if !strings.Contains(stdout.String(), "medians of 3 runs") || strings.Count(stderr.String(), "run ") < 3 {
		t.Errorf("no medians table or no per-run lines:\n%s\n%s", stdout.String(), stderr.String())
	}
}
