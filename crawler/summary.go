package crawler

import (
	"encoding/json"
	"math"
	"sync"
	"time"
)

// Summary is what a run did; it marshals to the JSON line the crawl command
// prints last (the first eight keys are the contract of DESIGN.md).
type Summary struct {
	// Sites crawled.
	Sites int `json:"sites"`
	// Fetched counts the page requests made (robots.txt not included),
	// whatever came back.
	Fetched int `json:"fetched"`
	// New, Updated and Unchanged count article pages: stored for the first
	// time, stored again because they changed, or found unchanged (a 304,
	// the same bytes, or the same article).
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Failed counts pages that could not be fetched or read; Failures
	// breaks it down by reason.
	Failed int `json:"failed"`
	// SkippedRobots counts URLs never requested because robots.txt
	// disallows them.
	SkippedRobots int     `json:"skipped_robots"`
	DurationS     float64 `json:"duration_s"`

	// NotModified counts 304 answers to conditional requests.
	NotModified int `json:"not_modified"`
	// Lists counts list pages, feeds and sitemaps fetched.
	Lists int `json:"lists"`
	// NotArticles counts pages the site's article pattern (or a feed)
	// promised but that hold no article.
	NotArticles int `json:"not_articles"`
	// SkippedTraps counts URLs refused by the crawler-trap guard.
	SkippedTraps int            `json:"skipped_traps"`
	Failures     map[string]int `json:"failures"`
	// Interrupted is set when the run was stopped before it finished.
	Interrupted bool `json:"interrupted,omitempty"`
}

// JSON is the summary line.
func (s Summary) JSON() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// NothingFetched reports a run in which no page could be fetched at all
// (exit code 1 of the crawl command).
func (s Summary) NothingFetched() bool {
	return s.Fetched-s.Failed <= 0
}

// tally collects the counts of concurrent site runs.
type tally struct {
	mu  sync.Mutex
	sum Summary
}

func (t *tally) add(f func(s *Summary)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.sum)
}

func (t *tally) fail(reason string) {
	t.add(func(s *Summary) {
		s.Failed++
		if s.Failures == nil {
			s.Failures = map[string]int{}
		}
		s.Failures[reason]++
	})
}

func (t *tally) snapshot(elapsed time.Duration) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.sum
	if s.Failures == nil {
		s.Failures = map[string]int{}
	} else {
		m := make(map[string]int, len(s.Failures))
		for k, v := range s.Failures {
			m[k] = v
		}
		s.Failures = m
	}
	s.DurationS = math.Round(elapsed.Seconds()*1000) / 1000
	return s
}
