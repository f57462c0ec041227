package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	p50, p90, p99, mx := percentiles(d)
	if p50 != 50 || p90 != 90 || p99 != 99 || mx != 100 {
		t.Errorf("got %v %v %v %v", p50, p90, p99, mx)
	}
}

func TestRunCountsEveryRequest(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Query().Get("q") == "bad" {
			http.Error(w, "no", http.StatusBadRequest)
			return
		}
		w.Write([]byte(`{"total":1}`))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), srv.URL, []string{"a", "b", "c"}, Config{Clients: 4, Repeat: 5, Warmup: 1, Params: url.Values{"syntax": {"query"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 15 || n.Load() != 18 || res.Failed != 0 {
		t.Errorf("requests %d (server saw %d), failed %d", res.Requests, n.Load(), res.Failed)
	}
	if _, err := Run(context.Background(), srv.URL, []string{"bad"}, Config{Repeat: 2}); err == nil {
		t.Error("a 400 must count as a failure")
	}
}

func TestReadQueries(t *testing.T) {
	p := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(p, []byte("# comment\n铝\n\n\"crude oil\"\n"), 0o644)
	q, err := ReadQueries(p)
	if err != nil || len(q) != 2 || q[1] != `"crude oil"` {
		t.Errorf("%q %v", q, err)
	}
}
