package entities

import (
	"sort"
	"strings"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/segment"
)

// A place must be named in the title, in the opening sentence, or this many
// times (its own places counted with it) for the article to be about it.
const minPlaceMentions = 3

// field is where in the article a mention is.
type field uint8

const (
	fieldTitle field = iota
	fieldBody
	fieldMeta // the byline, photo credits
)

// mention is one chosen span, resolved to its key.
type mention struct {
	typ   newsdex.EntityType
	key   string
	id    int32 // table entity, or -1
	field field
	start int
	lead  bool // in the opening sentence of the body
	// nested: a place inside an organisation's name, or the country a
	// government body belongs to; it tells where the story is but is not a
	// mention of its own.
	nested bool
	parent string
}

// textScan is one analysed text and the spans chosen in it.
type textScan struct {
	field  field
	s      string
	zd     *zhDoc
	ed     *enDoc
	chosen []span
}

// scan finds the spans of one text.
func (x *Extractor) scan(f field, s string, words []segment.Word) *textScan {
	ts := &textScan{field: f, s: s}
	var cands []span
	if len(words) > 0 {
		zd := newZHDoc(x, s, words)
		zd.scanDict()
		cands = append(cands, zd.dict...)
		cands = zd.suffixRules(cands)
		cands = zd.govRule(cands)
		cands = zd.placeTailRule(cands)
		cands = zd.branchRule(cands)
		cands = zd.peopleRules(cands)
		cands = zd.tagSpans(cands)
		ts.zd = zd
	}
	ed := newENDoc(x, s)
	if len(ed.toks) > 0 {
		cands = ed.tableSpans(cands)
		cands = ed.ruleSpans(cands)
		ts.ed = ed
	}
	ts.chosen = resolve(cands)
	return ts
}

// mentions reads the whole article: title and body, then the names that
// refer back to a full name given elsewhere in it, the byline and the
// photo credits.
func (x *Extractor) mentions(a *newsdex.Article, title, body *analysis.Analysis) mentionList {
	var scans []*textScan
	if title != nil && title.Text.S != "" {
		scans = append(scans, x.scan(fieldTitle, title.Text.S, title.Words))
	}
	if body != nil && body.Text.S != "" {
		scans = append(scans, x.scan(fieldBody, body.Text.S, body.Words))
	}
	x.linkBack(scans)
	var out mentionList
	for _, ts := range scans {
		lead := 0
		if ts.field == fieldBody {
			lead = leadEnd(ts.s)
		}
		for _, sp := range ts.chosen {
			m := mention{typ: sp.typ, key: sp.key, id: sp.id, field: ts.field, start: sp.start,
				lead: sp.start < lead, nested: sp.nested, parent: sp.parent}
			if sp.id >= 0 {
				e := x.tb.ents[sp.id]
				m.key = e.key
				if e.typ != newsdex.Place && e.in >= 0 {
					// The Bundesbank speaks for Germany.
					pm := m
					pm.typ, pm.id, pm.key, pm.nested = newsdex.Place, e.in, x.tb.ents[e.in].key, true
					out = append(out, pm)
				}
			}
			if m.key == "" {
				continue
			}
			out = append(out, m)
		}
	}
	if a != nil {
		out = append(out, x.metaPeople(a)...)
	}
	return out
}

// leadEnd is the end of the opening sentence of a body (at most a few
// hundred bytes): a place named there is what the story is about.
func leadEnd(s string) int {
	const minLead, maxLead = 40, 400
	for i, r := range s {
		if i > maxLead {
			return i
		}
		switch r {
		case '。', '！', '？':
			if i >= minLead {
				return i
			}
		case '.', '!', '?':
			if i < minLead || i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\n' {
				continue
			}
			if r == '.' && endsWithAbbreviation(s[:i]) {
				continue
			}
			return i
		}
	}
	return len(s)
}

// endsWithAbbreviation reports whether the word before a dot is an
// abbreviation or an initial (U.S., Mr., J.).
func endsWithAbbreviation(s string) bool {
	j := strings.LastIndexAny(s, " \n(")
	w := s[j+1:]
	if len(w) <= 1 || strings.Contains(w, ".") {
		return true
	}
	return isAbbreviation(strings.ToLower(w))
}

// metaPeople are the byline author and the photographers credited in
// captions.
func (x *Extractor) metaPeople(a *newsdex.Article) []mention {
	var out []mention
	if name := x.personName(a.Author); name != "" {
		out = append(out, mention{typ: newsdex.Person, key: name, id: -1, field: fieldMeta})
	}
	for _, img := range a.Images {
		for _, name := range x.creditNames(img.Caption) {
			out = append(out, mention{typ: newsdex.Person, key: name, id: -1, field: fieldMeta})
		}
	}
	return out
}

// personName returns an author field's person name, or "" when it names a
// desk or an outlet.
func (x *Extractor) personName(author string) string {
	author = strings.TrimSpace(x.norm.String(author))
	if author == "" {
		return ""
	}
	if hasHan(author) {
		if x.isChineseName(author) || x.isForeignName(author) {
			return author
		}
		return ""
	}
	var toks []string
	ok := true
	forEachToken(author, func(s, e int) {
		w := author[s:e]
		if shapeOf(w) != shapeTitle || classifyHead(w) != headNone {
			ok = false
		}
		toks = append(toks, w)
	})
	if !ok || len(toks) < 2 || len(toks) > 4 {
		return ""
	}
	return strings.Join(toks, " ")
}

// creditNames finds （王健 摄影） credits in a caption.
func (x *Extractor) creditNames(caption string) []string {
	if !strings.Contains(caption, "摄") {
		return nil
	}
	s := x.norm.String(caption)
	d := &zhDoc{x: x, s: s}
	var names []string
	for _, sp := range d.creditRule(nil) {
		names = append(names, sp.key)
	}
	return names
}

// agg is what the article says about one entity.
type agg struct {
	typ         newsdex.EntityType
	key         string
	count       int
	title, lead bool
	first       int // order of the first mention
}

func (g *agg) score() int {
	s := g.count
	if g.title {
		s += 4
	}
	if g.lead {
		s += 2
	}
	return s
}

// entities turns the mentions into each type's keys, by salience.
func (ms mentionList) entities(x *Extractor) newsdex.Entities {
	byKey := map[string]*agg{}
	var order []*agg
	get := func(t newsdex.EntityType, key string, pos int) *agg {
		k := typeKey(t, key)
		g := byKey[k]
		if g == nil {
			g = &agg{typ: t, key: key, first: pos}
			byKey[k] = g
			order = append(order, g)
		}
		return g
	}
	for i, m := range ms {
		add := func(t newsdex.EntityType, key string) {
			g := get(t, key, i)
			g.count++
			g.title = g.title || m.field == fieldTitle
			g.lead = g.lead || m.lead
		}
		add(m.typ, m.key)
		if m.parent != "" {
			add(m.typ, m.parent)
		}
		if m.typ == newsdex.Place && m.id >= 0 {
			x.tb.ancestors(m.id, func(a int32) { add(newsdex.Place, x.tb.ents[a].key) })
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		si, sj := order[i].score(), order[j].score()
		if si != sj {
			return si > sj
		}
		return order[i].first < order[j].first
	})
	var e newsdex.Entities
	for _, t := range newsdex.EntityTypes {
		keys := []string{}
		for _, g := range order {
			if g.typ != t {
				continue
			}
			if t == newsdex.Place && !g.title && !g.lead && g.count < minPlaceMentions {
				continue
			}
			keys = append(keys, g.key)
		}
		e.Set(t, keys)
	}
	return e
}

// mentionList is the mentions of one article.
type mentionList []mention
