package entities

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The embedded tables: the alias table of companies, organisations and
// people, the gazetteer of countries and world cities, and the Chinese
// administrative divisions. README.md describes their format.
//
//go:embed data/*.yaml
var dataFS embed.FS

// file is one alias table as written in YAML. Users write `entities:` only;
// the embedded Chinese gazetteer uses the compact `provinces:` form.
type file struct {
	Entities  []entry    `yaml:"entities"`
	Provinces []province `yaml:"provinces"`
}

// entry is one entity of an alias table.
type entry struct {
	Type string `yaml:"type"` // company, org, person or place
	// Key is the canonical key; it defaults to the Chinese name, else the
	// English one, so that Chinese and English articles give the same key.
	Key     string   `yaml:"key"`
	ZH      string   `yaml:"zh"`
	EN      string   `yaml:"en"`
	Aliases []string `yaml:"aliases"`
	// Demonyms are adjectives of a place (Japanese, Swiss): they count as a
	// mention of the place but are not offered as its names.
	Demonyms []string `yaml:"demonyms"`
	// In names the place this one lies in (a city's country, a county's
	// prefecture), or the country a government body belongs to: a mention
	// also counts for it.
	In string `yaml:"in"`
	// Level ranks places: area (continent, sea), country, region (province,
	// state), city, county. It defaults from the entry's position.
	Level string `yaml:"level"`
	// Cities lists the cities of a place compactly: Chinese name → English
	// name, where "English|alias|alias" adds aliases.
	Cities map[string]string `yaml:"cities"`
	// Strict marks names that are also common words (Chad, 和平): they are
	// taken only where the context says they are names.
	Strict bool `yaml:"strict"`
}

// province is one province-level division of China in the compact form.
type province struct {
	ZH      string   `yaml:"zh"`
	EN      string   `yaml:"en"`
	Full    string   `yaml:"full"` // 山东省, 广西壮族自治区
	Aliases []string `yaml:"aliases"`
	// Prefectures maps "滨州 Binzhou|alias…" to its counties, written
	// "邹平 博兴 渑池/Mianchi …" (the English name comes from pinyin unless
	// given after a slash). A trailing ! on a Chinese name (白银!) marks it
	// strict.
	Prefectures map[string]string `yaml:"prefectures"`
	// Counties directly under the province (municipalities' districts,
	// Hainan's and Hubei's directly administered cities).
	Counties string `yaml:"counties"`
}

// loadFiles reads the embedded tables then the user's, in order: a later
// file may add aliases to an entity an earlier one defined (same type and
// key).
func loadFiles(userFiles []string) ([]entry, error) {
	var all []entry
	names, err := fs.Glob(dataFS, "data/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list embedded tables: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", name, err)
		}
		es, err := parseFile(b)
		if err != nil {
			return nil, fmt.Errorf("embedded %s: %w", name, err)
		}
		all = append(all, es...)
	}
	for _, path := range userFiles {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("alias file: %w", err)
		}
		es, err := parseFile(b)
		if err != nil {
			return nil, fmt.Errorf("alias file %s: %w", path, err)
		}
		all = append(all, es...)
	}
	return all, nil
}

func parseFile(b []byte) ([]entry, error) {
	var f file
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	out := f.Entities
	for _, p := range f.Provinces {
		es, err := p.entries()
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	for i, e := range out {
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("entry %d (%s%s): %w", i+1, e.ZH, e.EN, err)
		}
	}
	return expandCities(out), nil
}

func (e entry) check() error {
	switch e.Type {
	case "company", "org", "person", "place":
	default:
		return fmt.Errorf("type %q is not company, org, person or place", e.Type)
	}
	if e.Key == "" && e.ZH == "" && e.EN == "" {
		return fmt.Errorf("no key, zh or en name")
	}
	switch e.Level {
	case "", "area", "country", "region", "city", "county":
	default:
		return fmt.Errorf("level %q is not area, country, region, city or county", e.Level)
	}
	if e.Level == "county" && !hasHan(e.ZH) {
		return fmt.Errorf("county %q is not a Chinese name", e.ZH)
	}
	if len(e.Cities) > 0 && e.Type != "place" {
		return fmt.Errorf("cities on a %s", e.Type)
	}
	return nil
}

// key is the canonical key an entry gets.
func (e entry) key() string {
	switch {
	case e.Key != "":
		return e.Key
	case e.ZH != "":
		return e.ZH
	}
	return e.EN
}

// expandCities turns each place's compact city list into place entries.
func expandCities(es []entry) []entry {
	out := es
	for _, e := range es {
		if len(e.Cities) == 0 {
			continue
		}
		zhs := make([]string, 0, len(e.Cities))
		for zh := range e.Cities {
			zhs = append(zhs, zh)
		}
		sort.Strings(zhs)
		for _, zh := range zhs {
			en, aliases := splitAliases(e.Cities[zh])
			out = append(out, entry{Type: "place", ZH: zh, EN: en, Aliases: aliases, In: e.key(), Level: "city"})
		}
	}
	return out
}

// splitAliases splits "name|alias|alias".
func splitAliases(s string) (string, []string) {
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts[0], parts[1:]
}

// entries expands a province into its own entry, its prefectures' and
// their counties'.
func (p province) entries() ([]entry, error) {
	if p.ZH == "" || p.EN == "" {
		return nil, fmt.Errorf("province %q needs zh and en", p.ZH+p.EN)
	}
	aliases := append([]string{}, p.Aliases...)
	if p.Full != "" {
		aliases = append(aliases, p.Full)
	}
	out := []entry{{Type: "place", ZH: p.ZH, EN: p.EN, Aliases: aliases, In: "中国", Level: "region"}}
	heads := make([]string, 0, len(p.Prefectures))
	for h := range p.Prefectures {
		heads = append(heads, h)
	}
	sort.Strings(heads)
	for _, head := range heads {
		zh, rest, ok := strings.Cut(strings.TrimSpace(head), " ")
		if !ok {
			return nil, fmt.Errorf("prefecture %q: write \"中文 English\"", head)
		}
		en, extra := splitAliases(rest)
		zh, strict := strings.CutSuffix(zh, "!")
		out = append(out, entry{Type: "place", ZH: zh, EN: en, Aliases: extra, In: p.ZH, Level: "city", Strict: strict})
		out = append(out, counties(p.Prefectures[head], zh)...)
	}
	out = append(out, counties(p.Counties, p.ZH)...)
	return out, nil
}

// counties parses "邹平 博兴 长治/Changzhi" into county entries; the English
// name is filled in from pinyin later when not given.
func counties(list, in string) []entry {
	var out []entry
	for _, f := range strings.Fields(list) {
		zh, en, _ := strings.Cut(f, "/")
		zh, strict := strings.CutSuffix(zh, "!")
		out = append(out, entry{Type: "place", ZH: zh, EN: strings.ReplaceAll(en, "_", " "), In: in,
			Level: "county", Strict: strict})
	}
	return out
}
