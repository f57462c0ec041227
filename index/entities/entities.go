// Package entities finds the companies, organisations, people and places an
// article names and maps every alias to one canonical key.
//
// This first version only reads jieba's part-of-speech tags; the alias table,
// suffix rules, gazetteer and English rules come with the entities issue.
package entities

import (
	"sort"
	"strings"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
)

// Options configure New.
type Options struct {
	// AliasFiles are extra alias tables (YAML) a user adds to the embedded one.
	AliasFiles []string
}

// Extractor is immutable after New and safe for concurrent use.
type Extractor struct{}

// New loads the alias tables.
func New(opts Options) (*Extractor, error) { return &Extractor{}, nil }

// Extract returns the canonical entities named in an article whose title and
// body were analysed by the bilingual analyzer.
func (x *Extractor) Extract(a *newsdex.Article, title, body *analysis.Analysis) newsdex.Entities {
	found := map[newsdex.EntityType]map[string]bool{}
	add := func(t newsdex.EntityType, name string) {
		if found[t] == nil {
			found[t] = map[string]bool{}
		}
		found[t][name] = true
	}
	for _, an := range []*analysis.Analysis{title, body} {
		if an == nil {
			continue
		}
		for _, w := range an.Words {
			switch {
			case w.Tag == "nt":
				add(newsdex.Org, w.Text)
			case w.Tag == "ns":
				add(newsdex.Place, w.Text)
			case w.Tag == "nr" && len([]rune(w.Text)) >= 2:
				add(newsdex.Person, w.Text)
			case strings.HasSuffix(w.Text, "公司") || strings.HasSuffix(w.Text, "集团"):
				add(newsdex.Company, w.Text)
			}
		}
	}
	var e newsdex.Entities
	for _, t := range newsdex.EntityTypes {
		var keys []string
		for k := range found[t] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		e.Set(t, keys)
	}
	return e
}

// Resolve maps a name in any language to its canonical key.
func (x *Extractor) Resolve(t newsdex.EntityType, name string) (string, bool) {
	name = strings.TrimSpace(name)
	return name, name != ""
}

// Names returns an entity's display names.
func (x *Extractor) Names(t newsdex.EntityType, key string) newsdex.Names {
	for _, r := range key {
		if r >= 0x3400 {
			return newsdex.Names{ZH: key}
		}
	}
	return newsdex.Names{EN: key}
}

// Suggest returns entities of the alias table whose names start with prefix.
func (x *Extractor) Suggest(t newsdex.EntityType, prefix string, limit int) []newsdex.Entity {
	return nil
}
