package server

import (
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
)

// Entity page sizes.
const (
	entityRecent = 10
	coMentioned  = 12
	// maxTimelineGap bounds the months a timeline fills in between its
	// first and last (longer spans show only months with articles).
	maxTimelineGap = 240
)

// entityPage is the data of an entity's page.
type entityPage struct {
	page
	Type      newsdex.EntityType
	TypeLabel string
	Key       string
	Name      string
	OtherName string
	Total     uint64
	Months    []monthBar
	Co        []facetGroup
	Recent    []hitView
	SearchURL string
}

type monthBar struct {
	Label string
	Count int
	Pct   int
	URL   string
}

// handleEntityPage shows one entity: its names, articles by month,
// the entities mentioned with it, its latest articles and its feed. An alias
// redirects to the canonical key's page.
func (s *Server) handleEntityPage(w http.ResponseWriter, r *http.Request) {
	t, ok := parseEntityType(r.PathValue("type"))
	if !ok {
		s.renderError(w, r, http.StatusNotFound, s.uiFor(r).T("notFound"))
		return
	}
	name := r.PathValue("name")
	if err := checkText("name", []string{name}); err != nil || name == "" || utf8.RuneCountInString(name) > maxValueRunes {
		s.renderError(w, r, http.StatusBadRequest, s.uiFor(r).Tf("badRequest", "name"))
		return
	}
	key := name
	if s.Entities != nil {
		if k, ok := s.Entities.Resolve(t, name); ok && k != "" {
			key = k
		}
	}
	if key != name {
		target := entityURL(t, key)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	req := index.Request{Sort: index.SortNewest, Size: entityRecent, FacetSize: index.MaxFacetSize, NoSnippets: true}
	setEntityFilter(&req, t, []string{key})
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	res, err := s.Index.Search(ctx, req)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	n := s.names(t, key)
	p := entityPage{page: s.newPage(w, r, ""), Type: t, Key: key, Total: res.Total}
	p.Name = p.Name2(n, key)
	p.Title = p.Name
	p.TypeLabel = p.T("type." + string(t))
	if other := p.otherName(n); other != p.Name {
		p.OtherName = other
	}
	if res.Total == 0 {
		s.renderError(w, r, http.StatusNotFound, p.Tf("entityNotFound", p.Name))
		return
	}
	filter := url.Values{string(t): {key}}
	p.Feed = "/feed.atom?" + filter.Encode()
	p.SearchURL = "/?" + filter.Encode()
	l := newLinks("/", filter)
	p.Months = timeline(p.ui, l, res.Facets.Month)
	for _, ep := range entityParams {
		g := facetGroup{Key: ep.facet, Label: p.T("facet." + ep.facet)}
		for _, fv := range facetOf(&res.Facets, ep.t) {
			if ep.t == t && fv.Value == key {
				continue
			}
			g.Values = append(g.Values, facetLink{Label: p.ui.Name(fv.Name.ZH, fv.Name.EN, fv.Value), Value: fv.Value,
				Count: fv.Count, URL: entityURL(ep.t, fv.Value)})
			if len(g.Values) == coMentioned {
				break
			}
		}
		if len(g.Values) > 0 {
			p.Co = append(p.Co, g)
		}
	}
	for _, h := range res.Hits {
		p.Recent = append(p.Recent, s.hitView(p.ui, l, h))
	}
	s.render(w, r, http.StatusOK, "entity", p)
}

// Name2 is an entity's name in the interface language.
func (u ui) Name2(n newsdex.Names, key string) string { return u.Name(n.ZH, n.EN, key) }

// otherName is the name in the other language, if known.
func (u ui) otherName(n newsdex.Names) string {
	if u.Lang == langEN {
		return n.ZH
	}
	return n.EN
}

// timeline turns the month facet (newest first) into bars, oldest first,
// with the empty months in between, each linking to that month's articles.
func timeline(u ui, l links, months []index.FacetValue) []monthBar {
	if len(months) == 0 {
		return nil
	}
	counts := map[string]int{}
	most := 0
	first, last := months[0].Value, months[0].Value
	for _, m := range months {
		counts[m.Value] = m.Count
		most = max(most, m.Count)
		first, last = min(first, m.Value), max(last, m.Value)
	}
	var keys []string
	start, err1 := time.Parse("2006-01", first)
	end, err2 := time.Parse("2006-01", last)
	if err1 == nil && err2 == nil && monthsBetween(start, end) <= maxTimelineGap {
		for m := start; !m.After(end); m = m.AddDate(0, 1, 0) {
			keys = append(keys, m.Format("2006-01"))
		}
	} else {
		for i := len(months) - 1; i >= 0; i-- {
			keys = append(keys, months[i].Value)
		}
	}
	out := make([]monthBar, 0, len(keys))
	for _, k := range keys {
		c := counts[k]
		pct := 0
		if most > 0 {
			pct = c * 100 / most
		}
		if c > 0 && pct == 0 {
			pct = 1
		}
		out = append(out, monthBar{Label: u.Month(k), Count: c, Pct: pct, URL: l.with("from", k+"-01", "to", formDate(k, true))})
	}
	return out
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
