package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/store"
)

// similarCount is how many articles "more like this" shows.
const similarCount = 5

// articlePage is the data of an article's page.
type articlePage struct {
	page
	A          store.Stored
	Date       string
	Datetime   string
	Original   string
	SourceURL  string
	LangName   string
	Paragraphs []string
	Images     []newsdex.Image
	Entities   []entityGroup
	Similar    []hitView
}

type entityGroup struct {
	Label string
	Chips []chip
}

// handleArticlePage shows one article as clean text: its paragraphs, its
// photos with captions, a link to the original, its entities and more like
// it. Everything in it is escaped by the template.
func (s *Server) handleArticlePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := checkID(id); err != nil {
		s.pageError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	a, err := s.Store.Get(ctx, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := articlePage{page: s.newPage(w, r, a.Title), A: a}
	if isWebURL(a.URL) {
		p.Original = a.URL
	}
	if !a.Published.IsZero() {
		p.Date, p.Datetime = p.ui.Date(a.Published), a.Published.Format(time.RFC3339)
	}
	if a.Source != "" {
		p.SourceURL = newLinks("/", nil).with("source", a.Source)
	}
	n := langName(a.Lang)
	p.LangName = p.Name(n.ZH, n.EN, a.Lang)
	for _, para := range strings.Split(a.Body, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			p.Paragraphs = append(p.Paragraphs, para)
		}
	}
	for _, im := range a.Images {
		if isWebURL(im.Src) {
			p.Images = append(p.Images, im)
		}
	}
	for _, ep := range entityParams {
		g := entityGroup{Label: p.T("type." + string(ep.t))}
		for _, k := range a.Entities.Of(ep.t) {
			g.Chips = append(g.Chips, s.chip(p.ui, ep.t, k))
		}
		if len(g.Chips) > 0 {
			p.Entities = append(p.Entities, g)
		}
	}
	similar, err := s.Index.Similar(ctx, id, similarCount)
	switch {
	case errors.Is(err, context.Canceled):
		return
	case err != nil:
		// The article itself is worth showing without its neighbours.
		s.Log.WarnContext(ctx, "more like this", "id", id, "err", err)
	}
	l := newLinks("/", nil)
	for _, h := range similar {
		p.Similar = append(p.Similar, s.hitView(p.ui, l, h))
	}
	s.render(w, r, http.StatusOK, "article", p)
}
