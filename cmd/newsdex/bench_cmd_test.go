package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
