package entities

import (
	"strings"

	newsdex "github.com/newsdex/newsdex"
)

// An article gives a name in full once and then shortens it: 山东宏和轻量化科技
// 有限公司 … 宏和; 滨州华盛铝业有限公司 … 华盛铝业; Henrik Solberg … Mr Solberg;
// Fjordal Aluminium … Fjordal. linkBack maps the short forms to the full
// name's key, in the title as well as the body.

// backRef is the entity a short form stands for.
type backRef struct {
	typ    newsdex.EntityType
	key    string
	parent string
}

func (x *Extractor) linkBack(scans []*textScan) {
	zhForms := map[string]backRef{}
	enForms := map[string]backRef{}
	for _, ts := range scans {
		for _, sp := range ts.chosen {
			if sp.id >= 0 || sp.nested {
				continue
			}
			ref := backRef{typ: sp.typ, key: sp.key, parent: sp.parent}
			switch {
			case sp.typ == newsdex.Company && sp.full && hasHan(sp.key):
				for _, f := range x.zhShortForms(sp.key) {
					if _, dup := zhForms[f]; !dup {
						zhForms[f] = ref
					}
				}
			case !hasHan(sp.key):
				if f := x.enShortForm(ts.ed, sp); f != "" {
					if _, dup := enForms[f]; !dup {
						enForms[f] = ref
					}
				}
			}
		}
	}
	if len(zhForms) == 0 && len(enForms) == 0 {
		return
	}
	for _, ts := range scans {
		// Spans a weaker rule found that are a short form: 华盛铝业 → the full name.
		for i, sp := range ts.chosen {
			if sp.id >= 0 || sp.nested {
				continue
			}
			forms := zhForms
			if !hasHan(sp.key) {
				forms = enForms
			}
			if ref, ok := forms[ts.s[sp.start:sp.end]]; ok && ref.key != sp.key {
				ts.chosen[i].typ, ts.chosen[i].key, ts.chosen[i].parent = ref.typ, ref.key, ref.parent
				ts.chosen[i].full = false
			}
		}
		var extra []span
		if ts.zd != nil && len(zhForms) > 0 {
			extra = ts.zd.findForms(zhForms, ts.chosen, extra)
		}
		if ts.ed != nil && len(enForms) > 0 {
			extra = ts.ed.findForms(enForms, ts.chosen, extra)
		}
		if len(extra) > 0 {
			ts.chosen = resolve(append(ts.chosen, extra...))
		}
	}
}

// legalForms and industryWords are stripped from the end of a Chinese
// company name to get its short forms.
const legalForms = "集团股份有限公司 股份有限公司 有限责任公司 集团有限公司 有限公司 股份公司 集团公司 公司 集团 控股 股份"
const industryWords = "铝业 金属 科技 实业 矿业 钢铁 化工 能源 电力 新材料 材料 铝材 重工 电子 电器 药业 制药 轻量化 " +
	"汽车部件 部件 技术 工业 产业 发展 国际 投资 物流 航空 汽车 新能源 装备 制造 精密 智能 环保 建材 " +
	"建设 贸易 商贸 铝箔 铝板带 型材 铝型材 合金 炭素 煤业 石化 电气 机械 塑业 纺织 食品 置业 地产"

// zhShortForms lists what a full company name may be shortened to: without
// its legal form, without its place, without its industry words.
func (x *Extractor) zhShortForms(name string) []string {
	var forms []string
	add := func(f string) {
		if f == name || runeCount(f) < 2 || x.isIndustryWord(f) {
			return
		}
		if refs, ok := x.tb.zh[f]; ok && len(refs) > 0 {
			return // another entity's name
		}
		for _, g := range forms {
			if g == f {
				return
			}
		}
		forms = append(forms, f)
	}
	base := x.trimLegal(name)
	add(base)
	brand := x.trimPlace(base)
	if brand != base && x.startsWithIndustryWord(brand) {
		return forms // 中国铝业集团 → 铝业集团 names nothing
	}
	if brand != base {
		add(brand)
		add(x.trimPlace(name))
	}
	for core := brand; ; {
		next := x.trimIndustry(core)
		if next == core {
			break
		}
		core = next
		add(core)
	}
	return forms
}

func (x *Extractor) trimLegal(s string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range strings.Fields(legalForms) {
			if strings.HasSuffix(s, f) && runeCount(s) > runeCount(f)+1 {
				s = strings.TrimSuffix(s, f)
				changed = true
			}
		}
	}
	return s
}

func (x *Extractor) trimIndustry(s string) string {
	for _, f := range strings.Fields(industryWords) {
		if strings.HasSuffix(s, f) && runeCount(s) > runeCount(f)+1 {
			return strings.TrimSuffix(s, f)
		}
	}
	return s
}

func (x *Extractor) isIndustryWord(s string) bool {
	for _, f := range strings.Fields(industryWords + " " + legalForms) {
		if s == f {
			return true
		}
	}
	return false
}

func (x *Extractor) startsWithIndustryWord(s string) bool {
	for _, f := range strings.Fields(industryWords + " " + legalForms) {
		if strings.HasPrefix(s, f) {
			return true
		}
	}
	return false
}

// trimPlace drops the place a name starts with (山东宏和… → 宏和…).
func (x *Extractor) trimPlace(s string) string {
	rs := []rune(s)
	for n := min(len(rs)-2, 6); n >= 2; n-- {
		prefix := string(rs[:n])
		if r, ok := x.tb.best(x.tb.zh[prefix], newsdex.Place); ok && r.id >= 0 {
			return string(rs[n:])
		}
	}
	return s
}

// findForms adds the short forms written where jieba starts and ends words,
// outside the spans already chosen. A form that is one common word to
// jieba (创新, 发展) is not taken.
func (d *zhDoc) findForms(forms map[string]backRef, chosen []span, out []span) []span {
	for form, ref := range forms {
		for off := 0; ; {
			j := strings.Index(d.s[off:], form)
			if j < 0 {
				break
			}
			start := off + j
			end := start + len(form)
			off = end
			first := d.wordStartingAt(start, len(d.words)-1)
			if first < 0 {
				continue
			}
			last := d.lastWordIn(first, end)
			w := d.words[last]
			if w.End != end && !(w.Start < end && isGlueChar(d.s[end:w.End])) {
				continue
			}
			if first == last {
				if _, proper := nameTag(w.Tag); !proper {
					continue
				}
			}
			if overlapsLonger(chosen, start, end) {
				continue
			}
			out = append(out, span{start: start, end: end, typ: ref.typ, id: -1, key: ref.key, parent: ref.parent, src: srcRule})
		}
	}
	return out
}

// overlapsLonger reports whether a chosen span overlaps [start, end) other
// than by lying inside it: a short form 上汽通用五菱 may replace the 上汽 the
// table found inside it, not cut a longer name.
func overlapsLonger(spans []span, start, end int) bool {
	for _, s := range spans {
		if start < s.end && s.start < end && !s.nested && !(s.start >= start && s.end <= end && s.end-s.start < end-start) {
			return true
		}
	}
	return false
}

func overlapsAny(spans []span, start, end int) bool {
	for _, s := range spans {
		if start < s.end && s.start < end && !s.nested {
			return true
		}
	}
	return false
}

// enShortForm is the word an English name is later written as: a person's
// surname, a company's first word.
func (x *Extractor) enShortForm(ed *enDoc, sp span) string {
	fields := strings.Fields(sp.key)
	if len(fields) < 2 {
		return ""
	}
	switch sp.typ {
	case newsdex.Person:
		return fields[len(fields)-1]
	case newsdex.Company:
		w := fields[0]
		if len(w) < 4 || x.tb.en[strings.ToLower(w)] != nil || x.givenNames[w] || ed != nil && ed.isLowerWord(w) {
			return ""
		}
		return w
	}
	return ""
}

// findForms adds the capitalised words equal to a short form.
func (d *enDoc) findForms(forms map[string]backRef, chosen []span, out []span) []span {
	for i, t := range d.toks {
		if !t.plain || t.shape != shapeTitle {
			continue
		}
		ref, ok := forms[d.text(i)]
		if !ok || i+1 < len(d.toks) && d.joined(i+1) && d.toks[i+1].capitalised() {
			continue
		}
		if overlapsAny(chosen, t.start, t.end) {
			continue
		}
		out = append(out, span{start: t.start, end: t.end, typ: ref.typ, id: -1, key: ref.key, src: srcRule})
	}
	return out
}
