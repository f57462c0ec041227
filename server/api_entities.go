package server

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
)

// Limits of /api/entities.
const (
	defaultSuggest   = 10
	maxSuggest       = 50
	maxPrefixRunes   = 100
	maxDictScan      = 5000 // index terms read per variant of a prefix
	suggestCandidate = 2    // candidates counted per suggestion returned
)

// suggestion is one entry of /api/entities.
type suggestion struct {
	Value string             `json:"value"`
	Count int                `json:"count"`
	Name  newsdex.Names      `json:"name"`
	Type  newsdex.EntityType `json:"type"`
}

type suggestions struct {
	Entities []suggestion `json:"entities"`
}

// parseEntityType reads company, org, person or place.
func parseEntityType(s string) (newsdex.EntityType, bool) {
	for _, t := range newsdex.EntityTypes {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// handleEntities answers /api/entities?type=company&prefix=魏[&limit=]:
// autocomplete over the alias table (both languages, pinyin) and the values
// the index holds, most mentioned first. Counts are what the filter on the
// value would find.
func (s *Server) handleEntities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkText("prefix", q["prefix"]); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, ok := parseEntityType(q.Get("type"))
	if !ok {
		s.badRequest(w, r, "type", fmt.Sprintf("must be company, org, person or place, not %q", q.Get("type")))
		return
	}
	prefix := strings.TrimSpace(q.Get("prefix"))
	if utf8.RuneCountInString(prefix) > maxPrefixRunes {
		s.badRequest(w, r, "prefix", fmt.Sprintf("is longer than %d characters", maxPrefixRunes))
		return
	}
	limit, err := intParam(q, "limit", defaultSuggest, 1, maxSuggest)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	var out []suggestion
	if prefix == "" {
		out, err = s.topEntities(ctx, t, limit)
	} else {
		out, err = s.suggestEntities(ctx, t, prefix, limit)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if out == nil {
		out = []suggestion{}
	}
	writeJSON(w, http.StatusOK, suggestions{out})
}

// topEntities are the most mentioned entities of a type: a facet over
// everything.
func (s *Server) topEntities(ctx context.Context, t newsdex.EntityType, limit int) ([]suggestion, error) {
	res, err := s.Index.Search(ctx, index.Request{Size: 0, FacetSize: limit, NoSnippets: true})
	if err != nil {
		return nil, err
	}
	var out []suggestion
	for _, fv := range facetOf(&res.Facets, t) {
		out = append(out, suggestion{Value: fv.Value, Count: fv.Count, Name: s.names(t, fv.Value), Type: t})
	}
	return out, nil
}

// suggestEntities gathers candidates from the alias table and the index's
// dictionary, ranks them by the dictionary's counts, and counts the best
// exactly, as a search filtered on each would.
func (s *Server) suggestEntities(ctx context.Context, t newsdex.EntityType, prefix string, limit int) ([]suggestion, error) {
	approx := map[string]uint64{}
	if s.Entities != nil {
		for _, e := range s.Entities.Suggest(t, prefix, limit*suggestCandidate) {
			if _, seen := approx[e.Key]; !seen && e.Key != "" {
				approx[e.Key] = 0 // known to the table; the index may not have it
			}
		}
	}
	field := index.EntityField(t)
	for _, p := range prefixVariants(prefix) {
		if err := s.scanDict(ctx, field, p, approx); err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, len(approx))
	for k := range approx {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if approx[keys[i]] != approx[keys[j]] {
			return approx[keys[i]] > approx[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > limit*suggestCandidate {
		keys = keys[:limit*suggestCandidate]
	}
	out := make([]suggestion, 0, len(keys))
	for _, k := range keys {
		req := index.Request{Size: 0, NoFacets: true, NoSnippets: true}
		setEntityFilter(&req, t, []string{k})
		res, err := s.Index.Search(ctx, req)
		if err != nil {
			return nil, err
		}
		out = append(out, suggestion{Value: k, Count: int(res.Total), Name: s.names(t, k), Type: t})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// scanDict adds the index's values of a keyword field that start with
// prefix, with their (approximate: deleted documents linger until a merge)
// counts.
func (s *Server) scanDict(ctx context.Context, field, prefix string, into map[string]uint64) error {
	err := s.Index.TermsWithPrefix(ctx, field, prefix, maxDictScan, func(term string, count uint64) {
		into[term] += count
	})
	if err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	return nil
}

// prefixVariants are the spellings of a prefix worth looking up in a
// case-sensitive dictionary: as typed, Capitalised, lower and UPPER.
func prefixVariants(p string) []string {
	out := []string{p}
	add := func(v string) {
		for _, o := range out {
			if o == v {
				return
			}
		}
		out = append(out, v)
	}
	r, size := utf8.DecodeRuneInString(p)
	add(string(unicode.ToUpper(r)) + p[size:])
	add(strings.ToLower(p))
	add(strings.ToUpper(p))
	return out
}

// facetOf returns the facet of an entity type.
func facetOf(f *index.Facets, t newsdex.EntityType) []index.FacetValue {
	switch t {
	case newsdex.Company:
		return f.Companies
	case newsdex.Org:
		return f.Orgs
	case newsdex.Person:
		return f.People
	case newsdex.Place:
		return f.Places
	}
	return nil
}

// setEntityFilter sets the filter of an entity type on a request.
func setEntityFilter(req *index.Request, t newsdex.EntityType, keys []string) {
	switch t {
	case newsdex.Company:
		req.Company = keys
	case newsdex.Org:
		req.Org = keys
	case newsdex.Person:
		req.Person = keys
	case newsdex.Place:
		req.Place = keys
	}
}

// names are an entity's display names, the key standing in for a language
// the table does not know.
func (s *Server) names(t newsdex.EntityType, key string) newsdex.Names {
	if s.Entities == nil {
		return newsdex.Names{}
	}
	return s.Entities.Names(t, key)
}

// displayName is an entity's name in lang ("" = Chinese, then English),
// falling back to the other language and then the key.
func (s *Server) displayName(t newsdex.EntityType, key, lang string) string {
	n := s.names(t, key)
	first, second := n.ZH, n.EN
	if lang == "en" {
		first, second = n.EN, n.ZH
	}
	switch {
	case first != "":
		return first
	case second != "":
		return second
	}
	return key
}
