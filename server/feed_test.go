package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	newsdex "github.com/newsdex/newsdex"
)

func TestFeed(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("/feed.atom?q=" + url.QueryEscape("铝") + "&size=50&sort=relevance")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("%d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, body)
	}
	if feed.FeedType != "atom" || !strings.Contains(feed.Title, "铝") || len(feed.Items) == 0 {
		t.Fatalf("feed %s %q with %d items", feed.FeedType, feed.Title, len(feed.Items))
	}
	want := e.search(vals("q", "铝", "size", "0")).Total
	if uint64(len(feed.Items)) != min(want, 50) {
		t.Errorf("%d entries, %d matches", len(feed.Items), want)
	}
	var prev time.Time
	categories := 0
	for i, it := range feed.Items {
		if it.Title == "" || it.Link == "" || it.PublishedParsed == nil || it.Description == "" || it.GUID == "" {
			t.Errorf("entry %d incomplete: %+v", i, it)
			continue
		}
		// Newest first, whatever sort said.
		if i > 0 && it.PublishedParsed.After(prev) {
			t.Errorf("entry %d is newer than entry %d", i, i-1)
		}
		prev = *it.PublishedParsed
		categories += len(it.Categories)
	}
	if categories == 0 {
		t.Error("no entry has categories")
	}

	t.Run("escaping", func(t *testing.T) {
		_, body := e.get("/feed.atom?q=" + url.QueryEscape("脚本注入"))
		if strings.Contains(string(body), "<script>") {
			t.Fatalf("raw <script> in the feed:\n%s", body)
		}
		feed, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			t.Fatal(err)
		}
		if len(feed.Items) == 0 || !strings.Contains(feed.Items[0].Title, `"<script>alert(1)</script>" &`) {
			t.Errorf("title not kept as text: %+v", feed.Items)
		}
	})

	t.Run("entities are categories", func(t *testing.T) {
		all := e.search(vals("size", "0"))
		if len(all.Facets.Companies) == 0 {
			t.Skip("no company in the fixtures' index (entity extraction in progress?)")
		}
		key := all.Facets.Companies[0].Value
		_, body := e.get("/feed.atom?company=" + url.QueryEscape(key))
		feed, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			t.Fatal(err)
		}
		if len(feed.Items) != all.Facets.Companies[0].Count {
			t.Errorf("%d entries for %s, facet says %d", len(feed.Items), key, all.Facets.Companies[0].Count)
		}
		for _, it := range feed.Items {
			found := false
			for _, c := range it.Categories {
				found = found || c == key
			}
			if !found {
				t.Errorf("%q: categories %v lack %q", it.Title, it.Categories, key)
			}
		}
	})

	t.Run("conditional GET", func(t *testing.T) {
		path := "/feed.atom?lang=zh&size=5"
		res, _ := e.get(path)
		etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if etag == "" || modified == "" {
			t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
		}
		if res, body := e.get(path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match: %d", res.StatusCode)
		}
		if res, _ := e.get(path, "If-None-Match", `W/`+etag+`, "other"`); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match list: %d", res.StatusCode)
		}
		if res, _ := e.get(path, "If-Modified-Since", modified); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-Modified-Since: %d", res.StatusCode)
		}
		if res, _ := e.get(path, "If-None-Match", `"stale"`, "If-Modified-Since", modified); res.StatusCode != http.StatusOK {
			t.Errorf("a stale ETag wins over the date: %d", res.StatusCode)
		}
		if res, _ := e.get("/feed.atom?lang=en&size=5", "If-None-Match", etag); res.StatusCode != http.StatusOK {
			t.Errorf("another query has another ETag: %d", res.StatusCode)
		}
		// A new article changes the feed and its ETag.
		a := newsdex.Article{URL: "https://news.example.cn/new-feed-entry", Title: "新铝厂投产", Body: "一家新的铝厂今天投产。",
			Lang: "zh", Source: "铝闻网", Published: time.Now()}
		if _, _, err := e.ingester.Add(context.Background(), []newsdex.Article{a}); err != nil {
			t.Fatal(err)
		}
		res, body := e.get(path, "If-None-Match", etag)
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag {
			t.Fatalf("after a new article: %d, ETag %s", res.StatusCode, res.Header.Get("ETag"))
		}
		feed, _ := gofeed.NewParser().ParseString(string(body))
		if feed == nil || len(feed.Items) == 0 || feed.Items[0].Title != "新铝厂投产" {
			t.Errorf("the new article is not the first entry")
		}
	})
}
