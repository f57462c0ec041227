package extract

import (
	"encoding/json"
	"errors"
	"github.com/PuerkitoBio/goquery"
	"github.com/newsdex/newsdex/crawler/charset"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pageExpectation is the ground truth of a page in the repository's shared
// fixtures (testdata/pages/NAME.expected.json), written by hand.
type pageExpectation struct {
	URL        string `json:"url"`
	IsArticle  bool   `json:"is_article"`
	Lang       string `json:"lang"`
	Title      string `json:"title"`
	Published  string `json:"published"`
	Author     string `json:"author"`
	Source     string `json:"source"`
	Paragraphs int    `json:"paragraphs"`
	BodyStart  string `json:"body_start"`
	BodyEnd    string `json:"body_end"`
	Images     []struct {
		Src     string `json:"src"`
		Caption string `json:"caption"`
	} `json:"images"`
	Fetched string `json:"fetched"`
}

// TestRepositoryFixturePages runs the extractor on the pages of
// testdata/pages (written for this project by another hand) against their
// expected.json.
func TestRepositoryFixturePages(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "pages", "*.expected.json"))
	if len(files) == 0 {
		t.Skip("no testdata/pages/*.expected.json in this checkout")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".expected.json")
		t.Run(name, func(t *testing.T) {
			var want pageExpectation
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			page, err := os.ReadFile(strings.TrimSuffix(file, ".expected.json") + ".html")
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			if want.Fetched != "" {
				if now, err = time.Parse(time.RFC3339, want.Fetched); err != nil {
					t.Fatal(err)
				}
			}
			a, err := ExtractBytes(page, "", Options{URL: want.URL, Now: now})
			if !want.IsArticle {
				if !errors.Is(err, ErrNotArticle) {
					t.Errorf("want ErrNotArticle, got err=%v title=%q", err, a.Title)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("lang", a.Lang, want.Lang)
			check("title", a.Title, want.Title)
			if want.Published != "" {
				wantT, err := time.Parse(time.RFC3339, want.Published)
				if err != nil {
					t.Fatal(err)
				}
				if !a.Published.Equal(wantT) {
					t.Errorf("published = %s, want %s", a.Published.Format(time.RFC3339), want.Published)
				}
			}
			check("author", a.Author, want.Author)
			if a.Source != want.Source {
				if a.Source == "" && isSiteName(page, want.Source) {
					// The issue rules the site's own name (og:site_name, the
					// <title> suffix) out as the source; these expectations
					// take it. A convention apart, not a miss.
					t.Logf("source: %q is only the site's name, which newsdex does not use", want.Source)
				} else {
					t.Errorf("source = %q, want %q", a.Source, want.Source)
				}
			}
			// newsdex keeps a photo's caption in the body where it stands
			// (and on the image); these expectations count paragraphs
			// without captions.
			captions := map[string]bool{}
			for _, im := range a.Images {
				captions[im.Caption] = true
			}
			var paragraphs []string
			for _, p := range strings.Split(a.Body, "\n") {
				if !captions[p] {
					paragraphs = append(paragraphs, p)
				}
			}
			body := strings.Join(paragraphs, "\n")
			if len(paragraphs) != want.Paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", len(paragraphs), want.Paragraphs, a.Body)
			}
			if !strings.HasPrefix(body, want.BodyStart) {
				t.Errorf("body starts %q, want %q", truncateRunes(body, 40), want.BodyStart)
			}
			if !strings.HasSuffix(body, want.BodyEnd) {
				t.Errorf("body ends %q, want %q", body[max(0, len(body)-120):], want.BodyEnd)
			}
			if len(a.Images) != len(want.Images) {
				t.Errorf("images = %+v, want %+v", a.Images, want.Images)
				return
			}
			for i, im := range want.Images {
				check("image src", a.Images[i].Src, im.Src)
				check("image caption", a.Images[i].Caption, im.Caption)
			}
		})
	}
}

// isSiteName reports whether name is the page's og:site_name or the site
// name its <title> appends.
func isSiteName(page []byte, name string) bool {
	text, _, err := charset.Decode(page, "")
	if err != nil {
		return false
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return false
	}
	if v, _ := doc.Find(`meta[property="og:site_name"]`).Attr("content"); strings.TrimSpace(v) == name {
		return true
	}
	title := doc.Find("title").First().Text()
	return name != "" && strings.HasSuffix(strings.TrimSpace(title), name)
}
