package server

import (
	"io/fs"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics live on their Server, in a registry of their own: two servers in
// one process (tests) never share counters, and nothing touches the global
// default registry.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdex_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newsdex_http_request_duration_seconds",
			Help: "Time to answer HTTP requests (exports: until the last byte), by route pattern.",
			// Searches take milliseconds; exports up to minutes.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120},
		}, []string{"route"}),
	}
	m.registry.MustRegister(
		m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsdex_index_size_bytes",
			Help: "Bytes on disk of the index folder (walked at scrape time).",
		}, func() float64 { return float64(dirSize(s.Index.Path())) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsdex_index_documents",
			Help: "Articles in the index.",
		}, func() float64 {
			n, err := s.Index.DocCount()
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsdex_index_revision",
			Help: "Store revision the index has reached.",
		}, func() float64 {
			rev, err := s.Index.Rev()
			if err != nil {
				return -1
			}
			return float64(rev)
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "newsdex_search_cache_hits_total",
			Help: "Searches answered from the result cache (repeats: facet clicks, pages, back buttons).",
		}, func() float64 { h, _ := s.Index.CacheStats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "newsdex_search_cache_misses_total",
			Help: "Searches computed because the result cache did not hold them.",
		}, func() float64 { _, m := s.Index.CacheStats(); return float64(m) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsdex_last_ingest_timestamp_seconds",
			Help: "When this process last indexed articles (unix seconds; 0 = not since it started).",
		}, func() float64 {
			t := s.Index.LastIngest()
			if t.IsZero() {
				return 0
			}
			return float64(t.UnixNano()) / 1e9
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newsdex_start_timestamp_seconds",
			Help: "When the server started (unix seconds).",
		}, func() float64 { return float64(s.Started.UnixNano()) / 1e9 }),
	)
	if s.Store != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(s.Store.DB(), "articles"))
	}
	return m
}

func (m *metrics) observe(route string, status int, elapsed time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(elapsed.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 2,
	})
}

// dirSize adds up the sizes of the files under dir; files vanishing during
// the walk (bleve merges segments all the time) are skipped.
func dirSize(dir string) int64 {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total
}
