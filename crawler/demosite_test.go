package crawler

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsdex/newsdex/crawler/demosite"
)

// TestDemoSite crawls the bundled demo site (two sites on one host: a
// Chinese portal with paginated lists, an RSS feed, a GB2312-labelled GBK
// page and a Big5 page; an English wire with a sitemap; robots.txt
// disallowing /admin/ and /search) three times: the first run stores
// exactly the manifest's articles; the second sends conditional requests,
// gets 304s and stores nothing new; the third, four days later, re-visits
// the articles conditionally.
func TestDemoSite(t *testing.T) {
	srv, rec := serve(t, demosite.Handler())
	st := openStore(t)
	f := parseSites(t, demosite.SitesYAML(srv.URL))
	c := newCrawler(t, st)

	sum := run(t, c, f)
	reqs := rec.take()
	var want []string
	for _, e := range demosite.Expected() {
		want = append(want, e.Title)
	}
	sort.Strings(want)
	got, _ := storedTitles(t, st)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stored articles:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sum.New != len(want) || sum.Failed != 0 || sum.Sites != 2 {
		t.Errorf("first run: %s", sum.JSON())
	}
	paths := map[string]int{}
	for _, r := range reqs {
		paths[r.Path+"?"+r.Query]++
		if strings.HasPrefix(r.Path, "/admin") || strings.HasPrefix(r.Path, "/search") {
			t.Errorf("requested %s, which robots.txt disallows", r.Path)
		}
		if r.UserAgent != f.UserAgent {
			t.Errorf("User-Agent %q", r.UserAgent)
		}
	}
	for p, n := range paths {
		if n > 1 && p != "/robots.txt?" {
			t.Errorf("%s requested %d times in one run", p, n)
		}
	}
	if paths["/robots.txt?"] != 1 {
		t.Errorf("robots.txt requested %d times", paths["/robots.txt?"])
	}
	if m := rec.maxIn.Load(); m != 1 {
		t.Errorf("%d requests in flight at once on one host", m)
	}
	if sum.SkippedRobots == 0 {
		t.Error("no URL counted as skipped by robots.txt")
	}
	t.Logf("first run: %d requests", len(reqs))

	// Second run: list pages, feed and sitemap revisited conditionally.
	sum2 := run(t, c, f)
	reqs = rec.take()
	if sum2.New != 0 || sum2.Updated != 0 || sum2.Failed != 0 {
		t.Errorf("second run: %s", sum2.JSON())
	}
	notModified := 0
	for _, r := range reqs {
		if r.Path == "/robots.txt" {
			continue
		}
		if r.IfNoneMatch == "" && r.IfModSince == "" {
			t.Errorf("second run: unconditional request for %s", r.Path)
		}
		if r.Status == 304 {
			notModified++
		}
	}
	if notModified == 0 || notModified != sum2.NotModified || sum2.Fetched != notModified {
		t.Errorf("second run: %d 304s seen by the server, summary %s", notModified, sum2.JSON())
	}
	t.Logf("second run: %d requests, %d 304s", len(reqs), notModified)

	// Four days later the articles are due: re-fetched conditionally, 304.
	c.Now = func() time.Time { return time.Now().Add(4 * 24 * time.Hour) }
	sum3 := run(t, c, f)
	rec.take()
	if sum3.New != 0 || sum3.Unchanged != len(want) || sum3.Failed != 0 {
		t.Errorf("third run: %s", sum3.JSON())
	}
	if got2, _ := storedTitles(t, st); len(got2) != len(want) {
		t.Errorf("%d articles after three runs, want %d", len(got2), len(want))
	}
}
