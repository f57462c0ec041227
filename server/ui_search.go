package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
)

// searchPage is the data of the search page.
type searchPage struct {
	page
	Form   searchForm
	Error  string
	Result *index.Result
	// Browsing is an empty query without filters: the latest articles.
	Browsing    bool
	Hits        []hitView
	Facets      []facetGroup
	Active      []activeFilter
	ClearAll    string
	Pager       pager
	ExportCSV   string
	ExportJSONL string
}

type searchForm struct {
	Q, From, To string
	Sorts       []option
	Syntaxes    []option
	// Hidden carries the active filters through a new query.
	Hidden []hidden
	// Advanced opens the options when one of them is set.
	Advanced bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type hidden struct{ Name, Value string }

// hitView is one result as the page shows it.
type hitView struct {
	ID, Title, Page, URL string
	Snippet              string // HTML from the index
	Date, Datetime       string
	Source, SourceURL    string
	Lang, LangName       string
	Entities             []chip
	Duplicates           int
}

// chip is an entity link.
type chip struct {
	Type, TypeLabel, Label, URL string
}

type facetGroup struct {
	Key, Label string
	Values     []facetLink
}

type facetLink struct {
	Label  string
	Value  string
	Count  int
	URL    string
	Active bool
}

type activeFilter struct {
	Kind, Label, RemoveURL, RemoveTitle string
}

type pager struct {
	Prev, Next string
	Pages      []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// entityParams pair each entity type with its parameter and facet.
var entityParams = [...]struct {
	t            newsdex.EntityType
	param, facet string
}{
	{newsdex.Company, "company", "companies"},
	{newsdex.Org, "org", "orgs"},
	{newsdex.Person, "person", "people"},
	{newsdex.Place, "place", "places"},
}

// handleSearchPage is the home page: a search form, the results with
// snippets and entity chips, facets that filter on click, active filters to
// remove, sort, dates and pages. With no query it lists the latest news.
func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := searchPage{page: s.newPage(w, r, "")}
	l := newLinks("/", q)
	p.Form = s.searchForm(p.ui, q)
	p.Title = p.Form.Q
	status := http.StatusOK

	req, err := ParseSearch(q)
	var res *index.Result
	if err == nil {
		ctx, cancel := s.withTimeout(r)
		defer cancel()
		res, err = s.Index.Search(ctx, req)
	}
	if err != nil {
		code, msg := errorStatus(err)
		if code >= 500 || code == 499 {
			s.pageError(w, r, err)
			return
		}
		status, p.Error = code, p.Tf("badRequest", msg)
	}
	p.Active, p.ClearAll = s.activeFilters(p.ui, l)
	p.Browsing = strings.TrimSpace(req.Q) == "" && len(p.Active) == 0
	if res != nil {
		p.Result = res
		for _, h := range res.Hits {
			p.Hits = append(p.Hits, s.hitView(p.ui, l, h))
		}
		p.Facets = s.facetGroups(p.ui, l, res.Facets)
		p.Pager = newPager(l, req.Page, req.Size, res.Total)
	}
	exp := l.drop("size")
	p.ExportCSV = "/api/search?" + withFormat(exp.base, "csv")
	p.ExportJSONL = "/api/search?" + withFormat(exp.base, "jsonl")
	if err == nil {
		feed := newLinks("/feed.atom", q).drop("sort", "size")
		p.Feed = feed.href(feed.base)
	}
	s.render(w, r, status, "search", p)
}

func withFormat(q url.Values, f string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set("format", f)
	return c.Encode()
}

// searchForm fills the form from the query as typed.
func (s *Server) searchForm(u ui, q url.Values) searchForm {
	f := searchForm{Q: cleanText(q.Get("q")), From: formDate(q.Get("from"), false), To: formDate(q.Get("to"), true)}
	// Without a sort the select shows relevance, so a query typed on the
	// latest-news page is ranked by relevance (and an empty query ranked by
	// relevance is newest first anyway: every score is the same).
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = index.SortRelevance
	}
	for _, o := range []string{index.SortRelevance, index.SortNewest, index.SortOldest} {
		f.Sorts = append(f.Sorts, option{Value: o, Label: u.T("sort." + o), Selected: sortBy == o})
	}
	syntax := q.Get("syntax")
	for _, o := range []index.Syntax{index.SyntaxPlain, index.SyntaxQuery} {
		f.Syntaxes = append(f.Syntaxes, option{Value: string(o), Label: u.T("syntax." + string(o)), Selected: syntax == string(o)})
	}
	for _, k := range []string{"company", "org", "person", "place", "source", "lang", "duplicates"} {
		for _, v := range q[k] {
			if v = cleanText(v); strings.TrimSpace(v) != "" {
				f.Hidden = append(f.Hidden, hidden{k, v})
			}
		}
	}
	f.Advanced = syntax == string(index.SyntaxQuery) || f.From != "" || f.To != ""
	return f
}

// cleanText makes a parameter safe to show back: valid UTF-8 without
// control characters (html/template does the escaping).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// formDate writes a date parameter as a date input's value (YYYY-MM-DD):
// "to" is inclusive in the form and exclusive in the index.
func formDate(s string, end bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	t, err := index.ParseDate(s, end)
	if err != nil {
		return ""
	}
	if end {
		t = t.Add(-time.Nanosecond)
	}
	return t.Format("2006-01-02")
}

func (s *Server) hitView(u ui, l links, h index.Hit) hitView {
	v := hitView{
		ID: h.ID, Title: h.Title, Page: "/article/" + url.PathEscape(h.ID), Snippet: h.Snippet,
		Source: h.Source, SourceURL: l.toggle("source", h.Source), Lang: h.Lang,
		LangName: u.Name(langName(h.Lang).ZH, langName(h.Lang).EN, h.Lang), Duplicates: h.Duplicates,
	}
	if isWebURL(h.URL) {
		v.URL = h.URL
	}
	if t := parseTime(h.Published); !t.IsZero() {
		v.Date, v.Datetime = u.Date(t), t.Format(time.RFC3339)
	}
	for _, ep := range entityParams {
		var keys []string
		switch ep.t {
		case newsdex.Company:
			keys = h.Companies
		case newsdex.Org:
			keys = h.Orgs
		case newsdex.Person:
			keys = h.People
		case newsdex.Place:
			keys = h.Places
		}
		for i, k := range keys {
			if i == 6 {
				break // a few per type; the article page lists them all
			}
			v.Entities = append(v.Entities, s.chip(u, ep.t, k))
		}
	}
	return v
}

// chip links an entity to its page.
func (s *Server) chip(u ui, t newsdex.EntityType, key string) chip {
	n := s.names(t, key)
	return chip{Type: string(t), TypeLabel: u.T("type." + string(t)), Label: u.Name(n.ZH, n.EN, key), URL: entityURL(t, key)}
}

func entityURL(t newsdex.EntityType, key string) string {
	return "/entity/" + string(t) + "/" + url.PathEscape(key)
}

func langName(code string) newsdex.Names {
	switch code {
	case "zh":
		return newsdex.Names{ZH: "中文", EN: "Chinese"}
	case "en":
		return newsdex.Names{ZH: "英文", EN: "English"}
	}
	return newsdex.Names{}
}

// facetGroups turn the result's facets into links that add (or, when
// active, remove) a filter.
func (s *Server) facetGroups(u ui, l links, f index.Facets) []facetGroup {
	var out []facetGroup
	add := func(key, param string, values []index.FacetValue, label func(index.FacetValue) string) {
		g := facetGroup{Key: key, Label: u.T("facet." + key)}
		for _, fv := range values {
			g.Values = append(g.Values, facetLink{Label: label(fv), Value: fv.Value, Count: fv.Count,
				URL: l.toggle(param, fv.Value), Active: l.has(param, fv.Value)})
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	name := func(fv index.FacetValue) string { return u.Name(fv.Name.ZH, fv.Name.EN, fv.Value) }
	for _, ep := range entityParams {
		add(ep.facet, ep.param, facetOf(&f, ep.t), name)
	}
	add("source", "source", f.Source, func(fv index.FacetValue) string { return fv.Value })
	add("lang", "lang", f.Lang, func(fv index.FacetValue) string {
		n := langName(fv.Value)
		return u.Name(n.ZH, n.EN, fv.Value)
	})
	// A month sets the date range to that month; clicking it again clears it.
	g := facetGroup{Key: "month", Label: u.T("facet.month")}
	for _, fv := range f.Month {
		from := fv.Value + "-01"
		to := formDate(fv.Value, true)
		active := l.has("from", from) && l.has("to", to)
		link := l.with("from", from, "to", to)
		if active {
			link = l.with("from", "", "to", "")
		}
		g.Values = append(g.Values, facetLink{Label: u.Month(fv.Value), Value: fv.Value, Count: fv.Count, URL: link, Active: active})
	}
	if len(g.Values) > 0 {
		out = append(out, g)
	}
	return out
}

// activeFilters lists the filters in force, each with a link removing it.
func (s *Server) activeFilters(u ui, l links) ([]activeFilter, string) {
	var out []activeFilter
	add := func(kind, label, remove string) {
		out = append(out, activeFilter{Kind: kind, Label: label, RemoveURL: remove, RemoveTitle: u.Tf("remove", label)})
	}
	for _, ep := range entityParams {
		for _, v := range l.base[ep.param] {
			n := s.names(ep.t, v)
			add(u.T("type."+string(ep.t)), cleanText(u.Name(n.ZH, n.EN, v)), l.without(ep.param, v))
		}
	}
	for _, v := range l.base["source"] {
		add(u.T("facet.source"), cleanText(v), l.without("source", v))
	}
	for _, v := range l.base["lang"] {
		n := langName(v)
		add(u.T("facet.lang"), cleanText(u.Name(n.ZH, n.EN, v)), l.without("lang", v))
	}
	if from := formDate(l.base.Get("from"), false); from != "" {
		add(u.T("from"), from, l.with("from", ""))
	}
	if to := formDate(l.base.Get("to"), true); to != "" {
		add(u.T("to"), to, l.with("to", ""))
	}
	if len(out) == 0 {
		return nil, ""
	}
	clear := url.Values{}
	for _, k := range []string{"q", "sort", "syntax"} {
		if v := l.base.Get(k); v != "" {
			clear.Set(k, v)
		}
	}
	return out, l.href(clear)
}

// newPager links the pages around the current one, the first and the last.
func newPager(l links, cur, size int, total uint64) pager {
	if size <= 0 || total <= uint64(size) {
		return pager{}
	}
	last := int((total + uint64(size) - 1) / uint64(size))
	last = min(last, index.MaxDepth/size)
	var p pager
	if cur > 1 {
		p.Prev = l.page(cur - 1)
	}
	if cur < last {
		p.Next = l.page(cur + 1)
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < cur-2 || n > cur+2) {
			continue
		}
		if prev != 0 && n > prev+1 {
			p.Pages = append(p.Pages, pageLink{Gap: true})
		}
		p.Pages = append(p.Pages, pageLink{N: n, URL: l.page(n), Current: n == cur})
		prev = n
	}
	return p
}

func itoa(n int) string { return strconv.Itoa(n) }
