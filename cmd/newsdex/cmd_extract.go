package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/discover"
	"github.com/newsdex/newsdex/crawler/extract"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/analysis"
)

// maxPageFile bounds a page read from a file, as the crawler bounds a
// fetched one.
const maxPageFile = 32 << 20

// articleJSON is the Article JSON of DESIGN.md: the article without its
// store id, lists never null.
type articleJSON struct {
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Published string           `json:"published"`
	Author    string           `json:"author"`
	Source    string           `json:"source"`
	Lang      string           `json:"lang"`
	Body      string           `json:"body"`
	Images    []newsdex.Image  `json:"images"`
	Entities  newsdex.Entities `json:"entities"`
}

func toJSON(a newsdex.Article) articleJSON {
	out := articleJSON{URL: a.URL, Title: a.Title, Author: a.Author, Source: a.Source, Lang: a.Lang, Body: a.Body, Images: a.Images, Entities: a.Entities}
	if !a.Published.IsZero() {
		out.Published = a.Published.Format(time.RFC3339)
	}
	if out.Images == nil {
		out.Images = []newsdex.Image{}
	}
	for _, t := range newsdex.EntityTypes {
		if out.Entities.Of(t) == nil {
			out.Entities.Set(t, []string{})
		}
	}
	return out
}

// extractor turns pages into Article JSON; the segmenter behind entity
// extraction is loaded once for all the pages.
type extractor struct {
	app    *app
	client *fetch.Client
	opts   extract.Options
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags("extract", e.stderr)
	pageURL := fs.String("url", "", "the URL a page FILE was fetched from (resolves its links; the article's url)")
	lang := fs.String("lang", "", "zh or en, when the page does not say (default: detected)")
	tz := fs.String("timezone", "", "time zone of dates written without an offset (default Asia/Shanghai for Chinese, UTC otherwise)")
	batch := fs.String("batch", "", "a JSONL file of {\"path\",\"url\"} lines: one Article JSON line per input line")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit for fetching a URL")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *lang != "" && *lang != "zh" && *lang != "en" {
		return usagef("--lang must be zh or en")
	}
	var opts extract.Options
	opts.Lang = *lang
	if *tz != "" {
		if opts.Location, err = time.LoadLocation(*tz); err != nil {
			return usagef("--timezone %q: %v", *tz, err)
		}
	}
	switch {
	case *batch != "" && len(rest) > 0:
		return usagef("give either --batch LIST.jsonl or one FILE|URL")
	case *batch == "" && len(rest) != 1:
		return usagef("give one FILE or URL (or --batch LIST.jsonl)")
	}
	a := &app{log: e.log}
	if err := a.loadAnalyzer(); err != nil {
		return err
	}
	defer a.close()
	x := &extractor{
		app: a,
		// A page the user names is fetched wherever it is, loopback included.
		client: fetch.New(fetch.Options{Timeout: *timeout, Retries: 1, AllowPrivate: func(string) bool { return true }, Log: e.log}),
		opts:   opts,
	}
	if *batch != "" {
		return x.batch(ctx, e, *batch)
	}
	art, err := x.page(ctx, rest[0], *pageURL)
	if errors.Is(err, extract.ErrNotArticle) {
		return exitError{code: exitFailed, err: fmt.Errorf("%s holds no article (a list page or an error page?): %w", rest[0], err)}
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(toJSON(art))
}

// page extracts one page: a URL is fetched, anything else is a file.
func (x *extractor) page(ctx context.Context, src, pageURL string) (newsdex.Article, error) {
	var body []byte
	var ctype string
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		res, err := x.client.Get(ctx, fetch.Request{URL: src})
		if err != nil {
			return newsdex.Article{}, err
		}
		body, ctype = res.Body, res.ContentType()
		if pageURL == "" {
			pageURL = res.URL
		}
	} else {
		f, err := os.Open(src)
		if err != nil {
			return newsdex.Article{}, err
		}
		body, err = io.ReadAll(io.LimitReader(f, maxPageFile))
		f.Close()
		if err != nil {
			return newsdex.Article{}, fmt.Errorf("read %s: %w", src, err)
		}
	}
	if fetch.LooksBinary(body) {
		return newsdex.Article{}, fmt.Errorf("%s is not a web page (binary content)", src)
	}
	opts := x.opts
	opts.URL = pageURL
	art, err := extract.ExtractBytes(body, ctype, opts)
	if err != nil {
		return art, err
	}
	if reason := listShaped(body, ctype, pageURL, art.Lang); reason != "" {
		return art, fmt.Errorf("%s: %w: %s", src, extract.ErrNotArticle, reason)
	}
	if art.Lang == "" {
		art.Lang = analysis.DetectLang(art.Title + "\n" + art.Body)
	}
	art.Entities = index.Prepare(x.app.analyzer, x.app.entities, art).Article.Entities
	return art, nil
}

// batch extracts the pages a JSONL list names, one output line per input
// line, in order; a page that fails gives {"error": "..."}.
func (x *extractor) batch(ctx context.Context, e *env, list string) error {
	f, err := os.Open(list)
	if err != nil {
		return usagef("--batch: %v", err)
	}
	defer f.Close()
	dir := filepath.Dir(list)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		var in struct {
			Path string `json:"path"`
			URL  string `json:"url"`
		}
		var res any
		switch err := json.Unmarshal(sc.Bytes(), &in); {
		case err != nil:
			res = map[string]string{"error": fmt.Sprintf("line %d: not a JSON object: %v", line, err)}
		case in.Path == "" && in.URL == "":
			res = map[string]string{"error": fmt.Sprintf("line %d: neither path nor url", line)}
		default:
			src := in.Path
			if src == "" {
				src = in.URL
			} else if !filepath.IsAbs(src) {
				if _, err := os.Stat(src); err != nil {
					src = filepath.Join(dir, src) // relative to the list file
				}
			}
			art, err := x.page(ctx, src, in.URL)
			if err != nil {
				res = map[string]string{"error": err.Error()}
			} else {
				res = toJSON(art)
			}
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("--batch %s: line %d: %w", list, line+1, err)
	}
	return nil
}

// listShaped is the crawler's second opinion on a page the extractor took
// for an article: a page without one main heading, full of headline links,
// at a list-shaped URL, reads as a list ("" when it reads as an article).
func listShaped(body []byte, ctype, pageURL, lang string) string {
	u, err := url.Parse(pageURL)
	if pageURL == "" || err != nil || u.Host == "" {
		u = &url.URL{Scheme: "http", Host: "localhost", Path: "/page.html"} // no URL evidence either way
	}
	text, _, err := charset.Decode(body, ctype)
	if err != nil {
		return ""
	}
	loc := time.UTC
	if lang == "zh" {
		loc = time.FixedZone("CST", 8*3600)
	}
	if discover.ArticleScore(u, discover.ParseHTML(text, u, 5000), loc, time.Now()) < 0 {
		return "it reads as a list page (headline links, no single main heading)"
	}
	return ""
}
