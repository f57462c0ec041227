package entities

import (
	"sort"
	"strings"
	"unicode"

	newsdex "github.com/newsdex/newsdex"
)

// suggestName is one name under which Suggest offers an entity: a Chinese
// name, an English one in lower case, or pinyin.
type suggestName struct {
	name string
	id   int32
}

// buildSuggest lists every spelled-out name of the tables, sorted.
func (x *Extractor) buildSuggest() []suggestName {
	var out []suggestName
	for name, refs := range x.tb.zh {
		for _, r := range refs {
			if !r.generated {
				out = append(out, suggestName{name, r.id})
			}
		}
	}
	for name, refs := range x.tb.en {
		for _, r := range refs {
			if !r.demonym {
				out = append(out, suggestName{name, r.id})
			}
		}
	}
	for name, ids := range x.tb.pinyin {
		for _, id := range ids {
			out = append(out, suggestName{name, id})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].name != out[j].name {
			return out[i].name < out[j].name
		}
		return out[i].id < out[j].id
	})
	return out
}

// Suggest returns up to limit entities of type t (all types when t is
// empty) with a name, in either language or in pinyin, starting with
// prefix: exact names first, then bigger places and shorter names.
func (x *Extractor) Suggest(t newsdex.EntityType, prefix string, limit int) []newsdex.Entity {
	prefix = strings.TrimSpace(prefix)
	if prefix == "" || limit <= 0 {
		return nil
	}
	var keys []string
	if hasHan(prefix) {
		keys = []string{foldZH(x.norm, prefix)}
	} else {
		keys = []string{strings.Map(unicode.ToLower, prefix)}
		if p := lettersOnly(prefix); p != "" && p != keys[0] {
			keys = append(keys, p)
		}
	}
	type hit struct {
		id    int32
		exact bool
		size  int
	}
	best := map[int32]hit{}
	for _, k := range keys {
		i := sort.Search(len(x.suggest), func(i int) bool { return x.suggest[i].name >= k })
		for ; i < len(x.suggest) && strings.HasPrefix(x.suggest[i].name, k); i++ {
			sn := x.suggest[i]
			if t != "" && x.tb.ents[sn.id].typ != t {
				continue
			}
			h := hit{id: sn.id, exact: sn.name == k, size: len(sn.name)}
			if old, ok := best[sn.id]; !ok || h.exact && !old.exact || h.exact == old.exact && h.size < old.size {
				best[sn.id] = h
			}
		}
	}
	hits := make([]hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.exact != b.exact {
			return a.exact
		}
		if la, lb := x.tb.ents[a.id].level, x.tb.ents[b.id].level; la != lb {
			return la > lb
		}
		if a.size != b.size {
			return a.size < b.size
		}
		return a.id < b.id
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]newsdex.Entity, len(hits))
	for i, h := range hits {
		e := x.tb.ents[h.id]
		out[i] = newsdex.Entity{Type: e.typ, Key: e.key, Name: e.names}
	}
	return out
}
