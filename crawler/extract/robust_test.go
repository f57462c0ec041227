package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestHostilePages: pathological pages end in bounded time without a panic.
func TestHostilePages(t *testing.T) {
	para := "<p>铝价今日小幅上涨，市场成交活跃，下游企业按需采购，库存继续下降。Aluminium rose, traders said.</p>"
	tests := []struct {
		name string
		page string
	}{
		{"10000 nested divs", strings.Repeat("<div>", 10000) + para + strings.Repeat("</div>", 10000)},
		{"10000 unclosed spans", strings.Repeat("<span><b>", 10000) + para},
		{"100000 links", "<ul>" + strings.Repeat(`<li><a href="/x">link</a></li>`, 100000) + "</ul>" + para},
		{"20 MB page", "<html><body>" + strings.Repeat(para, 20<<20/len(para)) + "</body></html>"},
		{"invalid UTF-8", "<p>\xff\xfe\xc3(\xa0\xa1 铝 \xe2\x28\xa1</p>" + para},
		{"empty", ""},
		{"only text", "铝"},
		{"broken tags", "<html><p <a href=\"<<<>>>\"><title></title></title><script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Extract(tt.page, Options{URL: "https://example.com/a.html"})
			if err != nil && !errors.Is(err, ErrNotArticle) {
				t.Errorf("err = %v", err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestRules: a site's selectors win field by field; a bad selector is an
// error, not a panic.
func TestRules(t *testing.T) {
	page := `<html><body><h1>通用标题</h1><div class="x"><span class="when">2021-01-19 09:30</span><span class="who">王强</span><span class="src">铝业网</span></div>
<div class="body"><p>铝产业集群加快发展，重点项目建设稳步推进，全年营业收入同比增长百分之十，产业链条进一步完善，带动就业岗位超过一万个。园区还将建设检测中心和物流中心，进一步降低企业的综合成本。</p></div>
<div class="other"><p>这是另一段不应出现在正文中的文字，但它足够长，长到通用算法也许会把它当作正文，所以规则必须优先于通用提取的结果。</p></div></body></html>`
	a, err := Extract(page, Options{URL: "https://example.com/a.html", Now: fixtureNow,
		Rules: Rules{Title: ".x .who", Published: ".when", Author: ".who", Source: ".src", Body: ".body"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "王强" || a.Author != "王强" || a.Source != "铝业网" || a.Published.Format(time.RFC3339) != "2021-01-19T09:30:00+08:00" {
		t.Errorf("rules not applied: %+v", a)
	}
	if strings.Contains(a.Body, "另一段") || !strings.Contains(a.Body, "铝产业集群") {
		t.Errorf("body rule not applied: %q", a.Body)
	}
	if _, err := Extract(page, Options{Rules: Rules{Title: "[[["}}); err == nil {
		t.Error("bad selector: want an error")
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"<html><head><title>标题_网站</title></head><body><h1>标题</h1><p>发布时间：2021-01-19 09:30 来源：铝业网</p><p>正文，铝价上涨。</p></body></html>",
		`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":"Li"}],"datePublished":"2021"}</script><article><p>By Li Wei</p></article>`,
		"<figure><img src=a.jpg><figcaption>图</figcaption></figure><table><tr><td>作者：张明<br>3小时前",
		"<div><div><div><a name=x><p>正文",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		// Bounded time is part of the contract: an input that takes
		// seconds is a failure worth keeping in the corpus.
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = Extract(page, Options{URL: "https://example.com/", Now: fixtureNow})
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Extract took over 5s on a %d-byte page", len(page))
		}
	})
}
