package entities

import (
	"fmt"
	"sort"
	"strings"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/normalize"
)

// level ranks places: when two places share a name the bigger one wins, and
// small places must be written more clearly to be taken (see zhdict.go).
type level uint8

const (
	levelNone level = iota
	levelCounty
	levelCity
	levelRegion
	levelCountry
	levelArea
)

func parseLevel(s string) level {
	switch s {
	case "county":
		return levelCounty
	case "city":
		return levelCity
	case "region":
		return levelRegion
	case "country":
		return levelCountry
	case "area":
		return levelArea
	}
	return levelNone
}

// entity is one canonical entity of the tables.
type entity struct {
	typ   newsdex.EntityType
	key   string
	names newsdex.Names
	level level
	// in is the entity this one lies in or belongs to (-1: none); a mention
	// also counts for it and its own enclosing entities.
	in     int32
	inKey  string
	strict bool
}

// strictZH: strict applies to the Chinese name of a Chinese city or county
// (白银 is silver), to the English name of anything else (Chad, Turkey).
func (e entity) strictZH() bool {
	return e.strict && e.level <= levelCity && e.level > levelNone
}

// ref is one way of naming an entity.
type ref struct {
	id int32
	// demonym: an adjective (Japanese) that counts as a mention but is not
	// offered as a name.
	demonym bool
	// generated: a form derived by rule (滨州市 from 滨州), ranked after the
	// names the tables spell out.
	generated bool
}

// table holds the entities and the indexes that find them by name. It is
// built once in New and only read afterwards.
type table struct {
	ents  []entity
	byKey map[string]int32 // type + "\x00" + key
	zh    map[string][]ref // foldZH(name) → entities, best first
	en    map[string][]ref // foldEN(name) → entities, best first
	// zhByPrefix indexes Chinese names by their first two characters, for
	// the scan at each word of an article.
	zhByPrefix map[string][]string
	// enFirst gives, for the first folded token of an English name, the
	// most tokens a name starting with it has.
	enFirst map[string]int
	pinyin  map[string][]int32 // lettersOnly(pinyin) → places and other entities
}

func typeKey(t newsdex.EntityType, key string) string { return string(t) + "\x00" + key }

// buildTable turns the loaded entries into the table.
func buildTable(entries []entry, norm *normalize.Normalizer, py *pinyinMaker) (*table, error) {
	tb := &table{
		byKey:      make(map[string]int32, len(entries)),
		zh:         make(map[string][]ref, len(entries)*3),
		en:         make(map[string][]ref, len(entries)*2),
		zhByPrefix: make(map[string][]string, len(entries)*2),
		enFirst:    make(map[string]int, len(entries)),
		pinyin:     make(map[string][]int32, len(entries)*2),
	}
	// Pass 1: one entity per type and key; later entries add to earlier ones.
	type named struct {
		id int32
		e  entry
	}
	var all []named
	for _, e := range entries {
		t := newsdex.EntityType(e.Type)
		key := e.key()
		if hasHan(key) {
			key = foldZH(norm, key)
		}
		id, ok := tb.byKey[typeKey(t, key)]
		if !ok {
			id = int32(len(tb.ents))
			tb.byKey[typeKey(t, key)] = id
			tb.ents = append(tb.ents, entity{typ: t, key: key, in: -1})
		}
		ent := &tb.ents[id]
		if ent.names.ZH == "" && e.ZH != "" {
			ent.names.ZH = foldZH(norm, e.ZH)
		}
		if ent.names.EN == "" && e.EN != "" {
			ent.names.EN = e.EN
		}
		if l := parseLevel(e.Level); l > ent.level {
			ent.level = l
		}
		if t == newsdex.Place && ent.level == levelNone {
			ent.level = levelCountry
		}
		if e.In != "" {
			ent.inKey = e.In
		}
		ent.strict = ent.strict || e.Strict
		all = append(all, named{id, e})
	}
	// Pass 2: the enclosing places, now that every key is known.
	for i := range tb.ents {
		ent := &tb.ents[i]
		if ent.inKey == "" {
			continue
		}
		in, ok := tb.byKey[typeKey(newsdex.Place, foldZHIfHan(norm, ent.inKey))]
		if !ok {
			return nil, fmt.Errorf("%s %s: in: %q is not a place of the tables", ent.typ, ent.key, ent.inKey)
		}
		ent.in = in
	}
	if err := tb.checkCycles(); err != nil {
		return nil, err
	}
	// Pass 3: names. Counties get an English name from pinyin when the
	// table gives none.
	for _, n := range all {
		ent := &tb.ents[n.id]
		if ent.typ == newsdex.Place && ent.names.EN == "" && ent.names.ZH != "" {
			ent.names.EN = py.romanize(ent.names.ZH)
		}
		tb.addName(norm, n.id, ent.key, false, false)
		tb.addName(norm, n.id, n.e.ZH, false, false)
		tb.addName(norm, n.id, n.e.EN, false, false)
		tb.addName(norm, n.id, ent.names.EN, false, true)
		for _, a := range n.e.Aliases {
			tb.addName(norm, n.id, a, false, false)
		}
		for _, d := range n.e.Demonyms {
			tb.addName(norm, n.id, d, true, false)
		}
		for _, g := range generatedNames(*ent) {
			tb.addName(norm, n.id, g, false, true)
		}
	}
	tb.rank()
	tb.buildPinyin(py)
	return tb, nil
}

func foldZHIfHan(norm *normalize.Normalizer, s string) string {
	if hasHan(s) {
		return foldZH(norm, s)
	}
	return s
}

func (tb *table) checkCycles() error {
	for i := range tb.ents {
		seen := 0
		for j := tb.ents[i].in; j >= 0; j = tb.ents[j].in {
			if seen++; seen > 8 {
				return fmt.Errorf("place %s: in: loops", tb.ents[i].key)
			}
		}
	}
	return nil
}

// addName registers one name of entity id.
func (tb *table) addName(norm *normalize.Normalizer, id int32, name string, demonym, generated bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	r := ref{id: id, demonym: demonym, generated: generated}
	if hasHan(name) {
		f := foldZH(norm, name)
		if runeCount(f) < 2 {
			return // one character names everything and nothing
		}
		if appendRef(tb.zh, f, r) {
			p := zhPrefix(f)
			tb.zhByPrefix[p] = append(tb.zhByPrefix[p], f)
		}
		return
	}
	f := foldEN(name)
	if f == "" {
		return
	}
	appendRef(tb.en, f, r)
	first, _, _ := strings.Cut(f, " ")
	tb.enFirst[first] = max(tb.enFirst[first], strings.Count(f, " ")+1)
}

// appendRef adds r under name unless it is there; it reports whether the
// name is new.
func appendRef(m map[string][]ref, name string, r ref) bool {
	refs, had := m[name]
	for i, old := range refs {
		if old.id == r.id {
			// The plainest form wins: a spelled-out name over a generated one,
			// a name over a demonym.
			refs[i].generated = old.generated && r.generated
			refs[i].demonym = old.demonym && r.demonym
			return false
		}
	}
	m[name] = append(refs, r)
	return !had
}

// zhPrefix is the first two characters of a folded Chinese name.
func zhPrefix(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}

// generatedNames are the forms Chinese writes a division with its level:
// 滨州 → 滨州市, 邹平 → 邹平县 / 邹平市 / 邹平区.
func generatedNames(e entity) []string {
	zh := e.names.ZH
	if e.typ != newsdex.Place || zh == "" || !hasHan(zh) {
		return nil
	}
	for _, s := range [...]string{"市", "县", "区", "旗", "镇", "乡", "盟", "地区", "新区", "自治州"} {
		if strings.HasSuffix(zh, s) {
			return nil // already written with its level
		}
	}
	var suffixes []string
	switch e.level {
	case levelCity:
		suffixes = []string{"市", "地区"}
	case levelCounty:
		suffixes = []string{"县", "市", "区", "旗"}
	default:
		return nil
	}
	out := make([]string, 0, len(suffixes))
	for _, s := range suffixes {
		out = append(out, zh+s)
	}
	return out
}

// rank orders the entities of each name best first: spelled-out names
// before generated ones, bigger places before smaller, earlier entries
// before later ones; and the prefix lists longest first.
func (tb *table) rank() {
	less := func(refs []ref) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := refs[i], refs[j]
			if a.generated != b.generated {
				return !a.generated
			}
			if a.demonym != b.demonym {
				return !a.demonym
			}
			la, lb := tb.ents[a.id].level, tb.ents[b.id].level
			if la != lb {
				return la > lb
			}
			return a.id < b.id
		}
	}
	for _, m := range []map[string][]ref{tb.zh, tb.en} {
		for _, refs := range m {
			sort.SliceStable(refs, less(refs))
		}
	}
	for p, names := range tb.zhByPrefix {
		sort.Slice(names, func(i, j int) bool {
			if len(names[i]) != len(names[j]) {
				return len(names[i]) > len(names[j])
			}
			return names[i] < names[j]
		})
		tb.zhByPrefix[p] = names
	}
}

// inChina reports whether place id is 中国 or lies in it.
func (tb *table) inChina(id int32) bool {
	if tb.ents[id].key == "中国" {
		return true
	}
	found := false
	tb.ancestors(id, func(a int32) { found = found || tb.ents[a].key == "中国" })
	return found
}

// ancestors calls fn for each entity id encloses, nearest first.
func (tb *table) ancestors(id int32, fn func(int32)) {
	for j := tb.ents[id].in; j >= 0; j = tb.ents[j].in {
		fn(j)
	}
}

// best returns the first of refs with type t, or the first of any type when
// t is empty.
func (tb *table) best(refs []ref, t newsdex.EntityType) (ref, bool) {
	for _, r := range refs {
		if t == "" || tb.ents[r.id].typ == t {
			return r, true
		}
	}
	return ref{}, false
}
