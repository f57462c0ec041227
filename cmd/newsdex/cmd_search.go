package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/server"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("search", e.stderr)
	asJSON := fs.Bool("json", false, "print exactly what /api/search returns")
	syntax := fs.String("syntax", "plain", "plain (forgiving) or query (field:value, AND/OR/NOT, …)")
	var lang, company, org, person, place, source stringList
	fs.Var(&lang, "lang", "only articles in this language: zh or en (repeatable)")
	fs.Var(&company, "company", "only articles naming this company, by any of its names (repeatable)")
	fs.Var(&org, "org", "only articles naming this organisation (repeatable)")
	fs.Var(&person, "person", "only articles naming this person (repeatable)")
	fs.Var(&place, "place", "only articles naming this place (repeatable)")
	fs.Var(&source, "source", "only articles from this source (repeatable)")
	from := fs.String("from", "", "published on or after this day (YYYY-MM-DD)")
	to := fs.String("to", "", "published on or before this day (YYYY-MM-DD)")
	sortBy := fs.String("sort", "", "relevance or newest (default relevance; newest for an empty query)")
	size := fs.Int("size", 10, "hits per page (0–100)")
	page := fs.Int("page", 1, "page of hits")
	local := fs.Bool("local", false, "open the index here even when a server is running")
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("q", strings.Join(words, " "))
	v.Set("syntax", *syntax)
	v.Set("size", strconv.Itoa(*size))
	v.Set("page", strconv.Itoa(*page))
	set := func(key string, vals []string) {
		for _, s := range vals {
			v.Add(key, s)
		}
	}
	set("lang", lang)
	set("company", company)
	set("org", org)
	set("person", person)
	set("place", place)
	set("source", source)
	if *from != "" {
		v.Set("from", *from)
	}
	if *to != "" {
		v.Set("to", *to)
	}
	if *sortBy != "" {
		v.Set("sort", *sortBy)
	}
	// Check the parameters here, so a bad date is a usage error whoever answers.
	if _, err := server.ParseSearch(v); err != nil {
		return usagef("%v", err)
	}
	var body []byte
	if !*local {
		body, err = askServer(ctx, *data, v)
		if err != nil {
			var re *index.RequestError
			if errors.As(err, &re) {
				return usagef("%v", re)
			}
			e.log.Debug("no server answered; opening the index here", "err", err)
		}
	}
	if body == nil {
		body, err = searchLocally(ctx, e, *data, v)
		if err != nil {
			return err
		}
	}
	if *asJSON {
		_, err := e.stdout.Write(body)
		return err
	}
	var res index.Result
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("search: reading the answer: %w", err)
	}
	printResult(e.stdout, &res, isTerminal(e.stdout))
	return nil
}

// serverInfo is what `serve` writes to <data>/server.json.
type serverInfo struct {
	Addr    string    `json:"addr"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
}

// askServer sends the search to the server that holds this data folder's
// index, if one is running.
func askServer(ctx context.Context, dataDir string, v url.Values) ([]byte, error) {
	raw, err := os.ReadFile(dataDir + "/server.json")
	if err != nil {
		return nil, err
	}
	var info serverInfo
	if err := json.Unmarshal(raw, &info); err != nil || info.Addr == "" {
		return nil, fmt.Errorf("bad server.json: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+info.Addr+"/api/search?"+v.Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return body, nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		var eb struct{ Error string }
		_ = json.Unmarshal(body, &eb)
		return nil, &index.RequestError{Msg: eb.Error}
	}
	return nil, fmt.Errorf("server %s answered %s", info.Addr, resp.Status)
}

func searchLocally(ctx context.Context, e *env, dataDir string, v url.Values) ([]byte, error) {
	a, err := openApp(ctx, e, dataDir, true)
	if err != nil {
		return nil, err
	}
	defer a.close()
	ix, err := a.openIndex(ctx, index.Options{LockTimeout: 5 * time.Second})
	if errors.Is(err, index.ErrLocked) {
		return nil, fmt.Errorf("another process holds the index (an import or a crawl indexing its articles) and no server answers; try again when it ends")
	}
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	// Whatever a crawl or an import stored while no one held the index.
	if n, err := ix.CatchUp(ctx, nil); err != nil {
		return nil, err
	} else if n > 0 {
		e.log.Info("indexed articles stored since the last run", "articles", n)
	}
	req, err := server.ParseSearch(v)
	if err != nil {
		return nil, usagef("%v", err)
	}
	res, err := ix.Search(ctx, req)
	if err != nil {
		var re *index.RequestError
		if errors.As(err, &re) {
			return nil, usagef("%v", re)
		}
		return nil, err
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

var markTag = regexp.MustCompile(`</?mark>`)

func printResult(w io.Writer, res *index.Result, tty bool) {
	fmt.Fprintf(w, "%d results (%.1f ms)\n", res.Total, res.TookMS)
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, h.Title)
		meta := []string{}
		if h.Published != "" {
			meta = append(meta, h.Published[:10])
		}
		if h.Source != "" {
			meta = append(meta, h.Source)
		}
		if h.Duplicates > 0 {
			meta = append(meta, fmt.Sprintf("+%d copies", h.Duplicates))
		}
		fmt.Fprintf(w, "   %s  %s\n", strings.Join(meta, " · "), h.URL)
		snippet := markTag.ReplaceAllStringFunc(h.Snippet, func(tag string) string {
			if !tty {
				return ""
			}
			if tag == "<mark>" {
				return "\x1b[1m"
			}
			return "\x1b[0m"
		})
		fmt.Fprintf(w, "   %s\n", html.UnescapeString(snippet))
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
