package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findBrowser returns the path of a Chromium or Chrome, or "".
func findBrowser() string {
	for _, name := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"} {
		if _, err := os.Stat(name); err == nil {
			return name
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the real headless Chromium through the web UI: search,
// click a company facet, see the filtered results and the active filter,
// open an article, and see a crawled <script> title as text. Screenshots go
// to the test's temp dir, or to $NEWSDEX_SCREENSHOTS when set.
func TestBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		t.Skip("no Chromium found (/usr/bin/chromium, chromium-browser, google-chrome): apt-get install -y chromium to run this test")
	}
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	e := newTestEnv(t)
	shots := os.Getenv("NEWSDEX_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The machine's network is closed: background connections (updates,
	// sync, safe browsing) are refused, so Chromium must not try them.
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
	)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelTab()

	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	load := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		res, err := chromedp.RunResponse(ctx, actions...)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if res.Status != 200 {
			t.Fatalf("%s: HTTP %d", step, res.Status)
		}
	}

	// Search from the home page.
	load("home", chromedp.Navigate(e.http.URL+"/"))
	shot("1-home")
	load("search",
		chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "铝"),
		chromedp.Click(chromedp.CSS(`.searchbar button`)))
	if n := count(`ol.hits li.hit`); n != 10 {
		t.Errorf("%d hits on the first page, want 10", n)
	}
	if count(`.snippet mark`) == 0 {
		t.Error("no highlighted match in the snippets")
	}
	shot("2-results")

	// Click the first company facet.
	facet := `section[data-facet=companies] li:first-child a`
	if count(facet) == 0 {
		t.Fatal("no company facet over the results for 铝")
	}
	company, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("`+facet+`").dataset.value`))
	if err != nil {
		t.Fatal(err)
	}
	label := text(facet + ` .name`)
	facetCount, _ := strconv.Atoi(strings.ReplaceAll(text(facet+` .count`), ",", ""))
	load("facet", chromedp.Click(chromedp.CSS(facet)))
	if !strings.Contains(text(`.active-filters .chip.active .value`), label) {
		t.Errorf("the active filter does not show %q", label)
	}
	if count(`section[data-facet=companies] a.on`) != 1 {
		t.Error("the company facet is not marked active")
	}
	if n := count(`ol.hits li.hit`); n != min(facetCount, 10) {
		t.Errorf("%d hits after filtering on %s, the facet said %d", n, company, facetCount)
	}
	want := e.search(vals("q", "铝", "company", company, "size", "0")).Total
	if int(want) != facetCount {
		t.Errorf("facet count %d, the API finds %d", facetCount, want)
	}
	shot("3-filtered")
	filtered, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	// Open the first article.
	title := text(`ol.hits li.hit h2 a`)
	load("article", chromedp.Click(chromedp.CSS(`ol.hits li.hit h2 a`)))
	if got := text(`article.article h1`); got != title {
		t.Errorf("article page title %q, clicked %q", got, title)
	}
	if count(`article.article .body p`) == 0 {
		t.Error("the article page has no paragraphs")
	}
	shot("4-article")

	// Remove the filter again from the results.
	load("filtered again", chromedp.Navigate(filtered))
	load("remove filter", chromedp.Click(chromedp.CSS(`.active-filters .chip.active`)))
	if count(`.active-filters`) != 0 {
		t.Error("the filter is still active after its × was clicked")
	}

	// A crawled title with <script> is text, in the results and the article.
	load("xss search", chromedp.Navigate(e.http.URL+"/?q="+"%E8%84%9A%E6%9C%AC%E6%B3%A8%E5%85%A5"))
	if got := text(`ol.hits li.hit h2 a`); !strings.Contains(got, `"<script>alert(1)</script>" &`) {
		t.Errorf("the title is not shown as text: %q", got)
	}
	if n := count(`main script`); n != 0 {
		t.Errorf("%d script elements in the results", n)
	}
	shot("5-script-title")
	load("xss article", chromedp.Click(chromedp.CSS(`ol.hits li.hit h2 a`)))
	if got := text(`article.article h1`); !strings.Contains(got, "<script>alert(1)</script>") {
		t.Errorf("the article title is not shown as text: %q", got)
	}
	if n := count(`main script`); n != 0 {
		t.Errorf("%d script elements in the article", n)
	}

	// The interface switches language, and a phone gets one column.
	load("switch", chromedp.Navigate(e.http.URL+"/?q=aluminium&lang_ui=en"))
	if got := text(`.searchbar button`); got != "Search" {
		t.Errorf("English button says %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	shot("6-mobile-en")
}
