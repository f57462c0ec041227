package server

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	e := newTestEnv(t)
	e.get("/api/search?q=x")
	e.get("/api/search?size=-1")
	e.get("/nowhere")
	_, body := e.get("/metrics")
	text := string(body)
	for _, want := range []string{
		`newsdex_http_requests_total{code="200",route="GET /api/search"} 1`,
		`newsdex_http_requests_total{code="400",route="GET /api/search"} 1`,
		`newsdex_http_requests_total{code="404",route="/"} 1`,
		`newsdex_http_request_duration_seconds_bucket{route="GET /api/search",le="+Inf"} 2`,
		`newsdex_index_documents 40`,
		"go_goroutines", "process_cpu_seconds_total", "go_sql_open_connections",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	m := regexp.MustCompile(`(?m)^newsdex_index_size_bytes (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no index size")
	}
	if size, _ := strconv.ParseFloat(m[1], 64); size < 10_000 {
		t.Errorf("index size %v", size)
	}
	m = regexp.MustCompile(`(?m)^newsdex_last_ingest_timestamp_seconds (\S+)$`).FindStringSubmatch(text)
	if m == nil || m[1] == "0" {
		t.Errorf("last ingest %v", m)
	}
}

// TestMetricsPerServer: two servers in one process count separately.
func TestMetricsPerServer(t *testing.T) {
	a, b := newTestEnv(t), newTestEnv(t)
	a.get("/healthz")
	a.get("/healthz")
	_, body := b.get("/metrics")
	if strings.Contains(string(body), `route="GET /healthz"`) {
		t.Error("server b counted server a's requests")
	}
}
