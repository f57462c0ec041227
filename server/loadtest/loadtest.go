// Package loadtest measures newsdex's query latency the way a user meets it:
// real HTTP requests to /api/search from concurrent clients, timed at the
// client, reported as percentiles.
package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// ReadQueries reads a query file: one query per line, blank lines and lines
// starting with # skipped.
func ReadQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("queries %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("queries %s: no queries", path)
	}
	return out, nil
}

// Config is one measurement.
type Config struct {
	Clients int
	// Repeat is how many timed passes over the queries; Warmup passes come
	// first and are not timed.
	Repeat, Warmup int
	// Params are added to every request (syntax, facets, snippets, size).
	Params url.Values
}

// Result is the latency distribution of one measurement.
type Result struct {
	Clients  int     `json:"clients"`
	Requests int     `json:"requests"`
	Failed   int     `json:"failed"`
	P50MS    float64 `json:"p50_ms"`
	P90MS    float64 `json:"p90_ms"`
	P99MS    float64 `json:"p99_ms"`
	MaxMS    float64 `json:"max_ms"`
	QPS      float64 `json:"qps"`
}

// Run sends every query Warmup+Repeat times to baseURL/api/search from
// Clients concurrent clients and times the timed passes.
func Run(ctx context.Context, baseURL string, queries []string, cfg Config) (Result, error) {
	if cfg.Clients < 1 {
		cfg.Clients = 1
	}
	client := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients, MaxConnsPerHost: cfg.Clients},
	}
	defer client.CloseIdleConnections()
	get := func(q string) (time.Duration, error) {
		v := url.Values{}
		for k, vals := range cfg.Params {
			v[k] = vals
		}
		v.Set("q", q)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/api/search?"+v.Encode(), nil)
		if err != nil {
			return 0, err
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return took, fmt.Errorf("%q: %s", q, resp.Status)
		}
		return took, nil
	}
	for i := 0; i < cfg.Warmup; i++ {
		for _, q := range queries {
			if _, err := get(q); err != nil && ctx.Err() != nil {
				return Result{}, ctx.Err()
			}
		}
	}
	var work []string
	for i := 0; i < cfg.Repeat; i++ {
		work = append(work, queries...)
	}
	jobs := make(chan string)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    int
		firstErr  error
		wg        sync.WaitGroup
	)
	start := time.Now()
	for c := 0; c < cfg.Clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range jobs {
				took, err := get(q)
				mu.Lock()
				if err != nil {
					failed++
					if firstErr == nil {
						firstErr = err
					}
				} else {
					latencies = append(latencies, took)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, q := range work {
		select {
		case jobs <- q:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		return Result{}, ctx.Err()
	}
	res := Result{Clients: cfg.Clients, Requests: len(latencies) + failed, Failed: failed, QPS: float64(len(latencies)) / elapsed.Seconds()}
	res.P50MS, res.P90MS, res.P99MS, res.MaxMS = percentiles(latencies)
	if failed > 0 {
		return res, fmt.Errorf("%d of %d requests failed, first: %w", failed, res.Requests, firstErr)
	}
	return res, nil
}

// percentiles returns p50, p90, p99 and the maximum, in milliseconds, by
// the nearest-rank method.
func percentiles(d []time.Duration) (p50, p90, p99, maxMS float64) {
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	rank := func(p float64) float64 {
		i := int(p*float64(len(d))+0.999999) - 1
		i = min(max(i, 0), len(d)-1)
		return float64(d[i].Microseconds()) / 1000
	}
	return rank(0.50), rank(0.90), rank(0.99), float64(d[len(d)-1].Microseconds()) / 1000
}
