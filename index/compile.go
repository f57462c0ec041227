package index

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
)

// Ranking tunes relevance. Scores are bleve's TF-IDF; these are multipliers.
type Ranking struct {
	// TitleBoost weighs a match in the title against one in the body.
	TitleBoost float64
	// CharWeight weighs a match found only through the character field (铝
	// inside 铝业) against a whole-word match; below 1 so words rank first.
	CharWeight float64
	// PhraseBoost rewards the words of a query appearing side by side.
	PhraseBoost float64
	// RecentDays and RecentBoost: articles published in the last RecentDays
	// get RecentBoost added to their score (0 turns it off).
	RecentDays  int
	RecentBoost float64
}

func (r *Ranking) defaults() {
	if r.TitleBoost == 0 {
		r.TitleBoost = 3
	}
	if r.CharWeight == 0 {
		r.CharWeight = 0.4
	}
	if r.PhraseBoost == 0 {
		r.PhraseBoost = 1.5
	}
	if r.RecentDays == 0 {
		r.RecentDays = 30
	}
	if r.RecentBoost == 0 {
		r.RecentBoost = 0.05
	}
}

// RequestError is a problem with what the caller asked (a 4xx, never a 5xx).
type RequestError struct {
	Param string
	Msg   string
}

func (e *RequestError) Error() string {
	if e.Param == "" {
		return e.Msg
	}
	return e.Param + ": " + e.Msg
}

// compiler turns a parsed query into bleve queries with newsdex's analyzer.
type compiler struct {
	ix  *Index
	now time.Time
	// scan lists the Han runs of the query, highlighted by finding them in
	// the text: the character fields keep no offsets.
	scan []string
	// near are the phrase boosts of the query's terms, for rescoring.
	near []query.Query
	// negated is set while compiling a must-not clause (no boosts there).
	negated bool
}

func (c *compiler) rank() Ranking { return c.ix.opts.Ranking }

func boosted(q query.Query, b float64) query.Query {
	if b != 0 && b != 1 {
		if bq, ok := q.(query.BoostableQuery); ok {
			bq.SetBoost(b)
		}
	}
	return q
}

func term(field, t string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	return boosted(q, boost)
}

func phrase(field string, terms []string, boost float64) query.Query {
	if len(terms) == 1 {
		return term(field, terms[0], boost)
	}
	q := query.NewPhraseQuery(terms, field)
	return boosted(q, boost)
}

func or(qs ...query.Query) query.Query {
	qs = compact(qs)
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func and(qs ...query.Query) query.Query {
	qs = compact(qs)
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

func compact(qs []query.Query) []query.Query {
	out := qs[:0]
	for _, q := range qs {
		if q != nil {
			out = append(out, q)
		}
	}
	return out
}

// textField names the word and character fields of a text (title or body)
// and its boost.
type textField struct {
	words, uni, bi string
	boost          float64
}

// chars matches a Han run exactly through the character fields: one
// character by the unigram field, two by the bigram field, more as a phrase
// of bigrams.
func (f textField) chars(run string, boost float64) query.Query {
	terms := analysis.CharPhrase(run)
	switch {
	case len(terms) == 0:
		return nil
	case len([]rune(run)) == 1:
		return term(f.uni, terms[0], boost)
	}
	return phrase(f.bi, terms, boost)
}

// charsLoose matches a Han run through the character fields as every pair
// of its characters, in any order: a superset of the exact phrase, for the
// recall of an unquoted query (whose words need not stand together either),
// at the cost of term lookups instead of position checks.
func (f textField) charsLoose(run string, boost float64) query.Query {
	runes := []rune(run)
	if len(runes) <= 2 {
		return f.chars(run, boost)
	}
	seen := map[string]bool{}
	var qs []query.Query
	for i := 0; i+1 < len(runes); i++ {
		bi := string(runes[i : i+2])
		if !seen[bi] {
			seen[bi] = true
			qs = append(qs, term(f.bi, bi, boost))
		}
	}
	return and(qs...)
}

func (c *compiler) textFields(field string) []textField {
	title := textField{FieldTitle, FieldTitleUni, FieldTitleBi, c.rank().TitleBoost}
	body := textField{FieldBody, FieldBodyUni, FieldBodyBi, 1}
	switch field {
	case FieldTitle:
		return []textField{title}
	case FieldBody:
		return []textField{body}
	}
	return []textField{title, body}
}

// compile returns the query for a node, or nil when it matches everything
// (a query of stop words only).
func (c *compiler) compile(n qnode) (query.Query, error) {
	switch v := n.(type) {
	case nil:
		return nil, nil
	case qterm:
		q, err := c.term(v)
		if err != nil || q == nil {
			return q, err
		}
		return boosted(q, v.boost), nil
	case qrange:
		q, err := c.rangeQuery(v)
		if err != nil {
			return nil, err
		}
		return boosted(q, v.boost), nil
	case qbool:
		var must, should, mustNot []query.Query
		for _, list := range []struct {
			in  []qnode
			out *[]query.Query
		}{{v.must, &must}, {v.should, &should}, {v.mustNot, &mustNot}} {
			for _, child := range list.in {
				was := c.negated
				c.negated = was || list.out == &mustNot
				q, err := c.compile(child)
				c.negated = was
				if err != nil {
					return nil, err
				}
				if q != nil {
					*list.out = append(*list.out, q)
				}
			}
		}
		if len(must) == 0 && len(should) == 0 {
			if len(mustNot) == 0 {
				return nil, nil
			}
			must = append(must, query.NewMatchAllQuery())
		}
		if len(mustNot) == 0 {
			switch {
			case len(must) == 0 && len(should) == 1:
				return boosted(should[0], v.boost), nil
			case len(should) == 0:
				return boosted(and(must...), v.boost), nil
			}
		}
		b := query.NewBooleanQuery(nil, nil, nil)
		if len(must) > 0 {
			b.AddMust(must...)
		}
		if len(should) > 0 {
			b.AddShould(should...)
			if len(must) == 0 {
				b.SetMinShould(1)
			}
		}
		if len(mustNot) > 0 {
			b.AddMustNot(mustNot...)
		}
		return boosted(b, v.boost), nil
	}
	return nil, fmt.Errorf("compile: unknown node %T", n)
}

func (c *compiler) term(t qterm) (query.Query, error) {
	switch t.field {
	case "", FieldTitle, FieldBody:
	case FieldSource, FieldURL, FieldMonth:
		return term(t.field, strings.TrimSpace(t.text), 1), nil
	case FieldLang:
		return term(t.field, strings.ToLower(strings.TrimSpace(t.text)), 1), nil
	case "company", "org", "person", "place":
		return c.entityTerm(newsdex.EntityType(t.field), t.text), nil
	case FieldPublished:
		return c.rangeQuery(qrange{field: t.field, from: t.text, to: t.text, fromIncl: true, toIncl: true})
	default:
		return nil, &RequestError{Param: "q", Msg: fmt.Sprintf("unknown field %q", t.field)}
	}
	fields := c.textFields(t.field)
	if t.prefix {
		p := strings.ToLower(c.ix.Analyzer.Normalizer().String(t.text))
		if p == "" {
			return nil, nil
		}
		var qs []query.Query
		for _, f := range fields {
			pq := query.NewPrefixQuery(p)
			pq.SetField(f.words)
			qs = append(qs, boosted(pq, f.boost))
		}
		return or(qs...), nil
	}
	aq := c.ix.Analyzer.AnalyzeQuery(t.text)
	if len(aq.Parts) == 0 {
		return nil, nil
	}
	if t.phrase {
		return c.phraseQuery(aq, fields), nil
	}
	// Every part must match; each Han part through its words or, exactly,
	// through the characters.
	var parts []query.Query
	for _, part := range aq.Parts {
		if !part.Han {
			var alts []query.Query
			for _, f := range fields {
				alts = append(alts, term(f.words, part.Words[0], f.boost))
			}
			parts = append(parts, or(alts...))
			continue
		}
		var words []query.Query
		for _, w := range part.Words {
			var alts []query.Query
			for _, f := range fields {
				alts = append(alts, term(f.words, w, f.boost))
			}
			words = append(words, or(alts...))
		}
		if !c.negated {
			c.scan = append(c.scan, part.Run)
		}
		var chars []query.Query
		for _, f := range fields {
			chars = append(chars, f.charsLoose(part.Run, f.boost*c.rank().CharWeight))
		}
		parts = append(parts, or(and(words...), or(chars...)))
	}
	match := and(parts...)
	if len(aq.Words) >= 2 && !c.negated {
		// Words side by side rank higher: scored for the best hits only
		// (see rescore), since checking positions for every match of
		// common words is what makes broad queries slow.
		for _, f := range fields {
			c.near = append(c.near, phrase(f.words, aq.PhraseTerms(), f.boost*c.rank().PhraseBoost))
		}
	}
	return match, nil
}

// phraseQuery matches the words side by side. A phrase of Chinese characters
// only is matched exactly through the character field: it finds the string
// wherever it stands, whatever jieba made of it.
func (c *compiler) phraseQuery(aq analysis.Query, fields []textField) query.Query {
	var qs []query.Query
	if len(aq.Parts) == 1 && aq.Parts[0].Han {
		if !c.negated {
			c.scan = append(c.scan, aq.Parts[0].Run)
		}
		for _, f := range fields {
			qs = append(qs, f.chars(aq.Parts[0].Run, f.boost))
		}
		return or(qs...)
	}
	for _, f := range fields {
		qs = append(qs, phrase(f.words, aq.PhraseTerms(), f.boost))
	}
	return or(qs...)
}

// entityTerm matches an entity by any of its names.
func (c *compiler) entityTerm(t newsdex.EntityType, name string) query.Query {
	key := strings.TrimSpace(name)
	if c.ix.Entities != nil {
		if k, ok := c.ix.Entities.Resolve(t, key); ok {
			key = k
		}
	}
	return term(EntityField(t), key, 1)
}

func (c *compiler) rangeQuery(r qrange) (query.Query, error) {
	switch r.field {
	case FieldPublished:
		var from, to time.Time
		var err error
		if r.from != "" {
			if from, err = ParseDate(r.from, false); err != nil {
				return nil, &RequestError{Param: "q", Msg: err.Error()}
			}
		}
		if r.to != "" {
			// An inclusive end day includes all of that day: the range runs
			// to the first instant after it.
			_, exactErr := time.Parse(time.RFC3339, r.to)
			dayEnd := r.toIncl && exactErr != nil
			if to, err = ParseDate(r.to, dayEnd); err != nil {
				return nil, &RequestError{Param: "q", Msg: err.Error()}
			}
			if dayEnd {
				r.toIncl = false
			}
		}
		fi, ti := r.fromIncl, r.toIncl
		q := bleve.NewDateRangeInclusiveQuery(from, to, &fi, &ti)
		q.SetField(FieldPublished)
		return q, nil
	case FieldMonth:
		fi, ti := r.fromIncl, r.toIncl
		q := query.NewTermRangeInclusiveQuery(r.from, r.to, &fi, &ti)
		q.SetField(FieldMonth)
		return q, nil
	}
	return nil, &RequestError{Param: "q", Msg: fmt.Sprintf("ranges work on published and month, not %q", r.field)}
}

// ParseDate reads YYYY-MM-DD (or YYYY-MM, YYYY, or RFC 3339). With end set it
// returns the first instant after the day (month, year) named, so a range
// "to 2026-01-31" includes all of the 31st. Dates without an offset are UTC.
func ParseDate(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(l.layout, s); err == nil {
			if end {
				return l.next(t), nil
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q: use YYYY-MM-DD", s)
}
