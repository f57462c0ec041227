package entities

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// Pinyin lets an English “Binzhou” or “Zouping” meet 滨州 / 邹平 without a
// hand-written row. It is limited to the Chinese names of the tables, never
// to words of an article, in two ways:
//   - a county the gazetteer gives no English name gets its pinyin
//     (邹平 → Zouping), which English articles are then matched against like
//     any other name: only capitalised, only the most common reading;
//   - Resolve and Suggest also accept every reading of every Chinese name of
//     the tables (chongqing and zhongqing for 重庆, weiqiao for 魏桥), where
//     a user types a name and a rare reading cannot create a false match in
//     an article.

// pinyinMaker converts Chinese names to pinyin.
type pinyinMaker struct {
	plain, all pinyin.Args
}

func newPinyinMaker() *pinyinMaker {
	plain := pinyin.NewArgs()
	all := pinyin.NewArgs()
	all.Heteronym = true
	return &pinyinMaker{plain: plain, all: all}
}

// romanize writes a place name the way maps print it: Zouping, Xi'an,
// Ma'anshan (most common reading of each character).
func (p *pinyinMaker) romanize(zh string) string {
	syllables := pinyin.LazyPinyin(zh, p.plain)
	if len(syllables) != utf8.RuneCountInString(zh) {
		return "" // a character without pinyin: better no name than a wrong one
	}
	var b strings.Builder
	for i, s := range syllables {
		s = strings.ReplaceAll(s, "v", "ü")
		if i > 0 && strings.ContainsRune("aoe", rune(s[0])) {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	r := []rune(b.String())
	if len(r) == 0 {
		return ""
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// keys returns every reading of zh as letters only, up to a limit, so that
// 重庆 gives both zhongqing and chongqing.
func (p *pinyinMaker) keys(zh string) []string {
	readings := pinyin.Pinyin(zh, p.all)
	if len(readings) != utf8.RuneCountInString(zh) {
		return nil
	}
	out := []string{""}
	for _, rs := range readings {
		if len(rs) == 0 {
			return nil
		}
		if len(rs) > 3 {
			rs = rs[:3]
		}
		next := make([]string, 0, len(out)*len(rs))
		for _, prefix := range out {
			for _, r := range rs {
				next = append(next, prefix+lettersOnly(r))
			}
		}
		out = next
		if len(out) > 32 {
			out = out[:32]
		}
	}
	return out
}

// buildPinyin indexes the pinyin of every Chinese name the tables spell out.
func (tb *table) buildPinyin(p *pinyinMaker) {
	names := make([]string, 0, len(tb.zh))
	for name := range tb.zh {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, r := range tb.zh[name] {
			if r.generated || r.demonym {
				continue
			}
			for _, k := range p.keys(name) {
				if !containsID(tb.pinyin[k], r.id) {
					tb.pinyin[k] = append(tb.pinyin[k], r.id)
				}
			}
		}
	}
	for k, ids := range tb.pinyin {
		sort.SliceStable(ids, func(i, j int) bool {
			a, b := tb.ents[ids[i]], tb.ents[ids[j]]
			if a.level != b.level {
				return a.level > b.level
			}
			return ids[i] < ids[j]
		})
		tb.pinyin[k] = ids
	}
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
