// Package entities finds the companies, organisations, people and places an
// article names, in Chinese and in English, and maps every alias of an
// entity to one canonical key, so that facets count 魏桥创业集团 once whether
// an article says 魏桥集团, 魏桥 or Weiqiao Pioneering Group.
//
// Three sources feed it:
//   - tables (data/*.yaml, embedded, plus the user's alias files): the alias
//     table of companies, organisations and people, the gazetteer of
//     countries, world cities and demonyms, and China's provinces,
//     prefectures and counties, with the pinyin of their Chinese names;
//   - Chinese rules over the jieba words the analyser already made: name
//     suffixes (…有限公司, …集团, …铝业, …研究院), government departments
//     (山东省工业和信息化厅), bank branches, person-name patterns, jieba's
//     nr/ns/nt tags, and the short forms of a full name later in the article
//     (山东宏和轻量化科技有限公司 … 宏和);
//   - English rules over capitalised runs: legal forms and industry words
//     (Inc, Corp, Aluminium), institutions (Ministry, University), titles and
//     given names (Mr Henrik Solberg), bylines.
//
// Places are kept when the article is about them (named in the title or the
// opening sentence, or more than once), and add the places they lie in: a
// story datelined Tokyo counts for 日本 as well.
package entities

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/normalize"
)

// Options configure New.
type Options struct {
	// AliasFiles are extra alias tables (YAML, the format of data/*.yaml and
	// README.md) a user adds to the embedded ones.
	AliasFiles []string
}

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// Extractor is immutable after New and safe for concurrent use.
type Extractor struct {
	tb   *table
	norm *normalize.Normalizer
	// Word lists of the rules (lexicon/*.txt and the bleve English stop
	// words), read-only after New.
	stopWords  map[string]bool
	givenNames map[string]bool
	surnames   map[string]bool
	translit   map[rune]bool
	notGiven   map[rune]bool
	notLast    map[rune]bool
	givenChars map[rune]bool
	notNames   map[string]bool
	govStems   []string
	// The Chinese rules' suffixes (zhvocab.go).
	zhSuffixes  map[rune][]zhSuffixEntry
	govSuffixes []string
	placeTails  []string
	suggest     []suggestName
}

// New loads the embedded tables and the user's alias files.
func New(opts Options) (*Extractor, error) {
	entries, err := loadFiles(opts.AliasFiles)
	if err != nil {
		return nil, err
	}
	x := &Extractor{norm: normalize.New()}
	x.tb, err = buildTable(entries, x.norm, newPinyinMaker())
	if err != nil {
		return nil, fmt.Errorf("entity tables: %w", err)
	}
	if err := x.loadLexicon(); err != nil {
		return nil, err
	}
	x.suggest = x.buildSuggest()
	return x, nil
}

func (x *Extractor) loadLexicon() error {
	read := func(name string) ([]string, error) {
		b, err := lexiconFS.ReadFile("lexicon/" + name)
		if err != nil {
			return nil, fmt.Errorf("embedded lexicon: %w", err)
		}
		var out []string
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			out = append(out, strings.Fields(line)...)
		}
		return out, nil
	}
	runes := func(words []string) map[rune]bool {
		m := map[rune]bool{}
		for _, w := range words {
			for _, r := range w {
				m[r] = true
			}
		}
		return m
	}
	set := func(words []string) map[string]bool {
		m := make(map[string]bool, len(words))
		for _, w := range words {
			m[w] = true
		}
		return m
	}
	lists := map[string][]string{}
	for _, name := range []string{"surnames.txt", "translit.txt", "not_given.txt", "not_last.txt", "given_names.txt", "given_chars.txt", "not_names.txt"} {
		words, err := read(name)
		if err != nil {
			return err
		}
		lists[name] = words
	}
	x.surnames = set(lists["surnames.txt"])
	x.translit = runes(lists["translit.txt"])
	x.notGiven = runes(lists["not_given.txt"])
	x.notLast = runes(lists["not_last.txt"])
	x.givenChars = runes(lists["given_chars.txt"])
	x.notNames = set(lists["not_names.txt"])
	x.givenNames = set(lists["given_names.txt"])
	x.stopWords = map[string]bool{}
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		if w := strings.TrimSpace(line); w != "" {
			x.stopWords[w] = true
		}
	}
	x.govStems = strings.Fields(govStems)
	x.zhSuffixes = buildZHSuffixes()
	x.govSuffixes = strings.Fields(govSuffixList)
	x.placeTails = strings.Fields(placeTailList)
	sort.SliceStable(x.govStems, func(i, j int) bool { return len(x.govStems[i]) > len(x.govStems[j]) })
	return nil
}

// Extract returns the canonical entities named in an article whose title and
// body were analysed by the bilingual analyzer: each type's keys by
// salience, without repeats.
func (x *Extractor) Extract(a *newsdex.Article, title, body *analysis.Analysis) newsdex.Entities {
	ms := x.mentions(a, title, body)
	return ms.entities(x)
}

// Resolve maps a name in any language or spelling, or its pinyin, to its
// canonical key; a name the tables do not know is folded the way extraction
// folds it (traditional → simplified, legal forms dropped from English
// company names), so a filter still meets the key extraction stored. ok is
// false only for an empty name.
func (x *Extractor) Resolve(t newsdex.EntityType, name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	if id, ok := x.lookup(t, name); ok {
		return x.tb.ents[id].key, true
	}
	if hasHan(name) {
		return foldZH(x.norm, name), true
	}
	return x.foldUnknownEN(t, name), true
}

// Names returns an entity's display names; for a key the tables do not know,
// the key itself in its language.
func (x *Extractor) Names(t newsdex.EntityType, key string) newsdex.Names {
	if id, ok := x.tb.byKey[typeKey(t, key)]; ok {
		return x.tb.ents[id].names
	}
	if id, ok := x.lookup(t, key); ok {
		return x.tb.ents[id].names
	}
	if hasHan(key) {
		return newsdex.Names{ZH: key}
	}
	return newsdex.Names{EN: key}
}

// lookup finds the entity a name denotes, preferring type t.
func (x *Extractor) lookup(t newsdex.EntityType, name string) (int32, bool) {
	if id, ok := x.tb.byKey[typeKey(t, foldZHIfHan(x.norm, name))]; ok {
		return id, true
	}
	var refs []ref
	if hasHan(name) {
		f := foldZH(x.norm, name)
		refs = x.tb.zh[f]
		if len(refs) == 0 && (t == newsdex.Company || t == "") {
			refs = x.tb.zh[x.trimLegal(f)] // 南南铝业股份有限公司 → 南南铝业
		}
	} else {
		refs = x.tb.en[foldEN(name)]
		if len(refs) == 0 {
			refs = x.tb.en[foldEN(stripLegalForms(name))]
		}
	}
	if r, ok := x.tb.best(refs, t); ok {
		return r.id, true
	}
	if !hasHan(name) {
		for _, id := range x.tb.pinyin[lettersOnly(name)] {
			if t == "" || x.tb.ents[id].typ == t {
				return id, true
			}
		}
	}
	if r, ok := x.tb.best(refs, ""); ok {
		return r.id, true
	}
	return 0, false
}

// foldUnknownEN writes an English name the way extraction writes keys:
// tokens joined by one space, legal forms dropped from a company's name.
// A name typed all in lower case gets capitals, as names are stored
// (henrik solberg → Henrik Solberg).
func (x *Extractor) foldUnknownEN(t newsdex.EntityType, name string) string {
	if t == newsdex.Company || t == newsdex.Org {
		name = stripLegalForms(name)
	}
	lower := strings.ToLower(name) == name
	var toks []string
	forEachToken(name, func(s, e int) {
		tok := name[s:e]
		if lower && !(len(toks) > 0 && isConnector(tok)) {
			r, size := utf8.DecodeRuneInString(tok)
			tok = string(unicode.ToUpper(r)) + tok[size:]
		}
		toks = append(toks, tok)
	})
	if len(toks) == 0 {
		return name
	}
	return strings.Join(toks, " ")
}

// stripLegalForms drops trailing Inc, Corp, Ltd … from a company name.
func stripLegalForms(name string) string {
	var toks []string
	forEachToken(name, func(s, e int) { toks = append(toks, name[s:e]) })
	n := len(toks)
	for n > 1 && classifyHead(toks[n-1]) == headLegal {
		n--
	}
	if n == len(toks) {
		return name
	}
	return strings.Join(toks[:n], " ")
}
