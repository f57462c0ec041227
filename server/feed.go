package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// Feed sizes: entries per feed unless size says otherwise.
const defaultFeedSize = 30

// feedVersion changes when the feed's layout does, so readers refetch.
const feedVersion = "atom-1"

// Atom 1.0 (RFC 4287), written with encoding/xml: it escapes every crawled
// string and replaces characters XML cannot carry. (gorilla/feeds writes
// <category> as text and <source> as a string, which Atom does not allow.)
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator atomGen     `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Href     string `xml:"href,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomGen struct {
	URI  string `xml:"uri,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// handleFeed answers /feed.atom?<search filters>: the newest matching
// articles as Atom. ETag and Last-Modified let readers poll for a 304.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	// A feed is always newest first and one page: sort and page are
	// ignored, so a search page's address works as a feed address too.
	q.Del("sort")
	q.Del("page")
	canonical := canonicalQuery(q)
	if q.Get("size") == "" {
		q.Set("size", strconv.Itoa(defaultFeedSize))
	}
	req, err := ParseSearch(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Size == 0 {
		s.badRequest(w, r, "size", fmt.Sprintf("a feed has from 1 to %d entries", index.MaxSize))
		return
	}
	req.Sort, req.NoFacets, req.NoSnippets = index.SortNewest, true, true
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	res, err := s.Index.Search(ctx, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	arts, err := s.Store.GetMany(ctx, ids)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	entries := make([]store.Stored, 0, len(ids))
	for _, id := range ids {
		if a, ok := arts[id]; ok {
			entries = append(entries, a)
		}
	}

	base := baseURL(r)
	etag, modified := s.feedValidators(base, canonical, entries)
	h := w.Header()
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", "public, max-age=60")
	if notModified(r, etag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}

	feed := s.buildFeed(base, canonical, req, entries, modified)
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil && ctx.Err() == nil {
		s.Log.ErrorContext(ctx, "write feed", "err", err)
	}
}

// feedValidators derive the ETag from the query and the id and revision of
// every entry (any change to an entry, or a new newest article, changes
// it), and Last-Modified from the entries' store times.
func (s *Server) feedValidators(base, canonical string, entries []store.Stored) (etag string, modified time.Time) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%d\n", feedVersion, base, canonical, s.Started.UnixNano())
	for _, a := range entries {
		fmt.Fprintf(h, "%s\x00%d\n", a.ID, a.Rev)
		if a.UpdatedAt.After(modified) {
			modified = a.UpdatedAt
		}
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`, modified
}

// notModified applies RFC 9110 conditional GET: If-None-Match wins; only
// without it does If-Modified-Since count.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !modified.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

func (s *Server) buildFeed(base, canonical string, req index.Request, entries []store.Stored, modified time.Time) *atomFeed {
	self := base + "/feed.atom"
	page := base + "/"
	if canonical != "" {
		self += "?" + canonical
		page += "?" + canonical
	}
	if modified.IsZero() {
		modified = s.Started
	}
	feed := &atomFeed{
		ID:        self,
		Title:     atomText{Type: "text", Text: s.feedTitle(req)},
		Updated:   modified.UTC().Format(time.RFC3339),
		Links:     []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: page, Rel: "alternate", Type: "text/html"}},
		Author:    atomPerson{Name: "newsdex"},
		Generator: atomGen{Text: "newsdex"},
	}
	for _, a := range entries {
		feed.Entries = append(feed.Entries, s.feedEntry(base, a))
	}
	return feed
}

func (s *Server) feedEntry(base string, a store.Stored) atomEntry {
	updated := a.UpdatedAt
	if updated.IsZero() {
		updated = a.Published
	}
	e := atomEntry{
		ID:      "urn:newsdex:article:" + url.PathEscape(a.ID),
		Title:   atomText{Type: "text", Text: a.Title},
		Updated: updated.UTC().Format(time.RFC3339),
		Summary: atomText{Type: "text", Text: lead(a.Body, 300)},
	}
	if !a.Published.IsZero() {
		e.Published = a.Published.Format(time.RFC3339)
	}
	page := base + "/article/" + url.PathEscape(a.ID)
	if isWebURL(a.URL) {
		e.Links = append(e.Links, atomLink{Href: a.URL, Rel: "alternate", Type: "text/html", Hreflang: a.Lang})
		e.Links = append(e.Links, atomLink{Href: page, Rel: "related", Type: "text/html"})
	} else {
		e.Links = append(e.Links, atomLink{Href: page, Rel: "alternate", Type: "text/html", Hreflang: a.Lang})
	}
	if a.Author != "" {
		e.Author = &atomPerson{Name: a.Author}
	}
	for _, t := range newsdex.EntityTypes {
		for _, key := range a.Entities.Of(t) {
			e.Categories = append(e.Categories, atomCategory{
				Term:   key,
				Scheme: base + "/entity/" + string(t) + "/",
				Label:  s.displayName(t, key, ""),
			})
		}
	}
	if a.Source != "" {
		e.Categories = append(e.Categories, atomCategory{Term: a.Source, Scheme: base + "/?source="})
	}
	return e
}

// feedTitle names a feed after its query and filters.
func (s *Server) feedTitle(req index.Request) string {
	var parts []string
	if q := strings.TrimSpace(req.Q); q != "" {
		parts = append(parts, q)
	}
	for _, f := range []struct {
		t    newsdex.EntityType
		keys []string
	}{{newsdex.Company, req.Company}, {newsdex.Org, req.Org}, {newsdex.Person, req.Person}, {newsdex.Place, req.Place}} {
		for _, k := range f.keys {
			parts = append(parts, s.displayName(f.t, k, ""))
		}
	}
	parts = append(parts, req.Source...)
	if len(parts) == 0 {
		return "newsdex"
	}
	return "newsdex: " + strings.Join(parts, " · ")
}

// lead is the start of a text, cut at a word or sentence near n runes.
func lead(body string, n int) string {
	body = strings.Join(strings.Fields(body), " ")
	if utf8.RuneCountInString(body) <= n {
		return body
	}
	cut := 0
	for i := range body {
		if cut == n {
			body = body[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexAny(body, "。！？.!? "); i > len(body)/2 {
		body = body[:i+1]
	}
	return strings.TrimSpace(body) + "…"
}

// isWebURL reports whether s is an absolute http(s) URL, the only links a
// feed or a page passes on from a crawl.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// baseURL is the scheme and host the client used, for absolute links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" || strings.ContainsAny(host, "/\\ \"<>") {
		host = "localhost"
	}
	return scheme + "://" + host
}

// canonicalQuery is the request's parameters, sorted, without the ones that
// do not change the answer.
func canonicalQuery(q url.Values) string {
	c := url.Values{}
	for k, vs := range q {
		if k == "lang_ui" || k == "format" {
			continue
		}
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				c.Add(k, v)
			}
		}
	}
	return c.Encode()
}
