package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// fixtureNow is the "now" of the fixture pages, so that 3小时前 resolves the
// same on every run.
var fixtureNow = time.Date(2021, 9, 20, 18, 0, 0, 0, shanghai)

// fixtureResult is what a golden file records: the article, or the error
// for a page that is not one.
type fixtureResult struct {
	Article any    `json:"article,omitempty"`
	Error   string `json:"error,omitempty"`
}

func fixturePages(t testing.TB) []string {
	pages, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no fixture pages: %v", err)
	}
	return pages
}

func fixtureOptions(path string) Options {
	return Options{URL: "https://news.example.com/2021/" + filepath.Base(path), Now: fixtureNow}
}

// TestFixtures compares Extract on each page written for this project with
// its golden file; go test ./crawler/extract -update rewrites the goldens.
func TestFixtures(t *testing.T) {
	for _, page := range fixturePages(t) {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ExtractBytes(raw, "", fixtureOptions(page))
			var res fixtureResult
			if err != nil {
				res.Error = err.Error()
			} else {
				res.Article = a
			}
			got, _ := json.MarshalIndent(res, "", "  ")
			got = append(got, '\n')
			golden := strings.TrimSuffix(page, ".html") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./crawler/extract -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n%s", golden, got)
			}
		})
	}
}

// TestFixtureExpectations states what each page style must give, so a golden
// regenerated carelessly cannot bless a wrong answer.
func TestFixtureExpectations(t *testing.T) {
	tests := []struct {
		page                             string
		title, published, author, source string
		bodyHas, bodyLacks               []string
		images                           int
		caption                          string
		notArticle                       bool
	}{
		{page: "zh_portal.html", title: "再生铝企业加快布局 行业产能有望突破千万吨", published: "2021-01-19T09:30:00+08:00", author: "张明", source: "中国有色网",
			bodyHas: []string{"记者从多家铝加工企业了解到", "据测算"}, bodyLacks: []string{"热点新闻", "上一篇", "分享到", "版权所有", "浏览"}},
		{page: "zh_gbk_clutter.html", title: "【集群】铝产业园区：招商引资再提速 高端项目密集落地", published: "2021-01-22T14:04:00+08:00",
			bodyHas:   []string{"走进园区", "园区内一家企业的自动化挤压生产线。", "力争三年内产业规模再翻一番"},
			bodyLacks: []string{"声明", "全部评论", "联系方式", "朋友圈", "31258"}, images: 2, caption: "园区内一家企业的自动化挤压生产线。"},
		{page: "en_wire_jsonld.html", title: "Aluminium smelters in Yunnan cut output as power curbs bite", published: "2021-09-14T06:45:00Z", author: "Li Wei and Sarah Jones",
			bodyHas: []string{"SHANGHAI, Sept 14", "Inner Mongolia."}, bodyLacks: []string{"Related stories", "Guinea coup", "All rights reserved"}},
		{page: "zh_photos_captions.html", title: "图集：走进铝板带生产车间", published: "2021-03-05T10:20:00+08:00", author: "赵磊", source: "铝业周刊",
			bodyHas: []string{"热轧生产线上，通红的铝板坯正在轧制。", "质检人员在实验室检测铝板的力学性能。"}, images: 3, caption: "热轧生产线上，通红的铝板坯正在轧制。"},
		{page: "zh_list_page.html", notArticle: true},
		{page: "zh_relative_date.html", title: "邹平铝企技改项目集中开工", published: "2021-09-20T15:00:00+08:00", author: "刘静", source: "邹平融媒",
			bodyHas: []string{"今天上午", "早见效"}, bodyLacks: []string{"3小时前", "来源"}},
		{page: "zh_big5.html", title: "臺灣鋁業公司擴建鋁擠型廠 瞄準電動車市場", published: "2021-01-20T00:00:00+08:00", author: "陳志明",
			bodyHas: []string{"臺灣一家鋁擠型製造商昨日宣布", "持續成長"}, bodyLacks: []string{"版權所有", "首頁"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			path := filepath.Join("testdata", tt.page)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ExtractBytes(raw, "", fixtureOptions(path))
			if tt.notArticle {
				if !errors.Is(err, ErrNotArticle) {
					t.Fatalf("err = %v, want ErrNotArticle", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", a.Title, tt.title)
			check("published", a.Published.Format(time.RFC3339), tt.published)
			check("author", a.Author, tt.author)
			check("source", a.Source, tt.source)
			wantLang := "zh"
			if strings.HasPrefix(tt.page, "en_") {
				wantLang = "en"
			}
			check("lang", a.Lang, wantLang)
			for _, s := range tt.bodyHas {
				if !strings.Contains(a.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, a.Body)
				}
			}
			for _, s := range tt.bodyLacks {
				if strings.Contains(a.Body, s) {
					t.Errorf("body keeps %q:\n%s", s, a.Body)
				}
			}
			if tt.images > 0 {
				if len(a.Images) != tt.images {
					t.Errorf("images = %+v, want %d", a.Images, tt.images)
				} else if a.Images[0].Caption != tt.caption {
					t.Errorf("first caption = %q, want %q", a.Images[0].Caption, tt.caption)
				}
				for _, im := range a.Images {
					if !strings.HasPrefix(im.Src, "https://") {
						t.Errorf("image src %q is not absolute", im.Src)
					}
				}
			}
		})
	}
}
