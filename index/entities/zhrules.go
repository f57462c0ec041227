package entities

import (
	"strings"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
)

// Chinese organisation names end in a word that says what they are
// (有限公司, 集团, 铝业, 研究院, 协会) and start with a place or a brand:
// 山东|宏和|轻量化|科技|有限公司. The rules find such a suffix, then walk left
// over the words jieba gave while they can be part of a name.

// suffixKind says how much evidence a suffix needs before it.
type suffixKind uint8

const (
	// strongCompany: a legal form; a place plus one word will do
	// (中国铝业集团有限公司, 滨州金港新材料集团).
	strongCompany suffixKind = iota + 1
	// weakCompany: an industry word that is also a plain noun (铝业, 科技):
	// only after a brand (华盛铝业, not 滨州铝业 the industry).
	weakCompany
	// org: an institution; a place or a brand before it.
	org
	// placeOrg: an institution a place alone may name (中国政府, 北京大学, 辽宁队).
	placeOrg
	// factory: 厂 after a brand, or after a place and one word (玉溪卷烟厂).
	factory
)

// isNameBreak: nouns that often stand right before a name but are never its
// first word (基地内|山东宏和…, 旗下|…公司).
func isNameBreak(w string) bool {
	switch w {
	case "内", "外", "中", "下", "旗下", "下属", "所属", "属下", "子公司", "母公司", "企业", "工厂",
		"单位", "客户", "基地", "项目", "记者", "负责人", "董事长", "总经理", "专家", "人员",
		"包括", "如", "例如", "其中", "以及", "全国", "全市", "全省", "当地", "我国", "国内", "国外",
		"本报", "本报讯", "日讯", "日电", "电", "讯", "公司", "集团", "部门", "领导", "代表", "合作", "伙伴", "股东", "控股股东", "龙头":
		return true
	}
	return false
}

// isLegalWord: words of a legal form written apart from 有限公司
// (集团|有限公司, 股份|有限公司).
func isLegalWord(w string) bool {
	switch w {
	case "集团", "股份", "控股", "集团股份":
		return true
	}
	return false
}

// nameTag reports whether a word with this jieba tag may be part of a name,
// and whether it is a proper noun (a brand, a name jieba does not know).
func nameTag(tag string) (ok, proper bool) {
	switch tag {
	case "nr", "nrt", "nrfg", "nt", "nz", "x", "j", "eng", "nx", "ns":
		return true, true
	case "n", "vn", "an", "ng", "b", "a", "nl", "g":
		return true, false
	}
	return false, false
}

// unit is one step of the walk left: a table name or a jieba word.
type unit struct {
	first int // index of its first word
	start int // byte offset
	place level
	alias bool // a company, organisation or person of the tables
}

// suffixRules proposes company and organisation spans.
func (d *zhDoc) suffixRules(out []span) []span {
	for i, w := range d.words {
		suffix, kind := d.x.zhSuffix(w.Text)
		if kind == 0 {
			continue
		}
		if sp, ok := d.walkLeft(i, suffix, kind); ok {
			out = append(out, sp)
		}
	}
	return out
}

// nameWalk is what the walk left from a suffix learned about a name.
type nameWalk struct {
	start    int  // byte offset where the name starts
	units    int  // words or table names before the suffix
	nonLegal int  // of which not 集团 or 股份 (集团|有限公司)
	proper   bool // a brand among them: an unknown word, a proper noun, a table name
	adjacent bool // the unit right before the suffix is a brand (华盛|铝业)
	place    bool // the name starts with a place of the gazetteer
	// firstProper is where the leftmost brand starts; without a place the
	// name starts there (重点项目|宏和… → 宏和…).
	firstProper int
}

// take adds a unit starting at byte start.
func (nw *nameWalk) take(start int, proper, legal bool) {
	nw.start = start
	nw.units++
	if !legal {
		nw.nonLegal++
	}
	if proper {
		nw.adjacent = nw.adjacent || nw.units == 1
		nw.proper = true
		nw.firstProper = start
	}
}

// walkLeft builds the name that ends with word i.
func (d *zhDoc) walkLeft(i int, suffix string, kind suffixKind) (span, bool) {
	w := d.words[i]
	if j := d.dictEnd[i]; j >= 0 && d.x.tb.ents[d.dict[j].id].typ != newsdex.Place {
		return span{}, false // the table knows this name (中央人民广播电台); nothing to add on its left
	}
	nw := nameWalk{start: w.Start, firstProper: -1}
	head := w.Text[:len(w.Text)-len(suffix)]
	if head != "" {
		// 工业协会: 工业 is part of the name. jieba's tag of the whole word says
		// nothing about a brand: it tags 人民政府 and 党和政府 nt.
		nw.take(w.Start, false, false)
	}
	if suffix == "公司" && (isGenericCompanyHead(head) || head == "" && i > 0 && isGenericCompanyHead(d.words[i-1].Text)) {
		return span{}, false // 母公司, 子公司, 该公司
	}
	singles := 0 // consecutive one-character words: jieba splitting an unknown name
walk:
	for k := i - 1; k >= 0 && d.adjacent(k+1); {
		if runeCount(d.s[d.words[k].Start:w.End]) > 24 {
			break
		}
		u, ok := d.unitEndingAt(k)
		if !ok {
			break
		}
		wk := d.words[k]
		switch {
		case u.place > 0:
			nw.take(u.start, false, false)
			nw.place = true
			nw.firstProper = u.start
			if u.place >= levelCity {
				break walk // a name starts with its place
			}
			k = u.first - 1
			continue
		case u.alias:
			if _, sk := d.x.zhSuffix(d.s[u.start:wk.End]); sk != 0 && nw.nonLegal > 0 {
				break walk // another whole name: 魏桥创业集团|布局|汽车
			}
			nw.take(u.start, true, false)
			k = u.first - 1
			continue
		case wk.Text == "和" && nw.units > 0 && k > 0 && d.adjacent(k) && runeCount(d.words[k-1].Text) == 1:
			// 宏|和: jieba split an unknown name at 和.
			singles++
			nw.start = wk.Start
			k--
			continue
		case isNameBreak(wk.Text) && !(nw.units == 0 && isLegalWord(wk.Text)):
			break walk
		case runeCount(wk.Text) > 1 && isGlueChar(string([]rune(wk.Text)[0])) && wk.Tag != "ns" && wk.Tag != "nt":
			break walk // 已去信|西九龙裁判法院: a function word jieba glued to a name
		case isNameTag(wk.Tag) && runeCount(wk.Text) == 3 && d.x.isChineseName(wk.Text):
			break walk // a person's name before an organisation's: 记者刘建新|中央台
		}
		ok, p := nameTag(wk.Tag)
		if !ok {
			break
		}
		if wk.Tag == "nz" && runeCount(wk.Text) > 3 {
			p = false // jieba's nz also covers phrases (大力发展)
		}
		if runeCount(wk.Text) == 1 {
			if singles++; singles >= 2 {
				p = true
			}
		} else {
			singles = 0
		}
		nw.take(wk.Start, p, isLegalWord(wk.Text))
		k--
	}
	start := nw.start
	if !nw.place && nw.firstProper > start {
		start = nw.firstProper
	}
	if nw.units == 0 || !nw.enough(kind) {
		return span{}, false
	}
	end := w.End
	name := d.s[start:end]
	if n := runeCount(name); n < 3 || n > 24 {
		return span{}, false
	}
	typ := newsdex.Company
	if kind == org || kind == placeOrg {
		typ = newsdex.Org
	}
	sp := span{start: start, end: end, typ: typ, id: -1, key: name, src: srcRule, full: kind == strongCompany}
	return d.x.canonical(sp, name, suffix, kind), true
}

// enough reports whether the words before a suffix make a name of that
// kind.
func (nw nameWalk) enough(kind suffixKind) bool {
	switch kind {
	case strongCompany, org:
		return nw.proper || nw.place && nw.units >= 2
	case weakCompany:
		return nw.adjacent // 华盛|铝业, not 年产|新能源|汽车
	case factory:
		return nw.adjacent || nw.place && nw.units <= 2 // 玉溪|卷烟|厂
	case placeOrg:
		return nw.proper || nw.place
	}
	return false
}

// isGenericCompanyHead: words before 公司 that make it no name.
func isGenericCompanyHead(w string) bool {
	switch w {
	case "母", "子", "分", "总", "该", "本", "此", "其", "这家", "该家", "一家", "两家", "多家", "各家":
		return true
	}
	return false
}

// unitEndingAt returns the table name or the word that ends where word k
// ends.
func (d *zhDoc) unitEndingAt(k int) (unit, bool) {
	if j := d.dictEnd[k]; j >= 0 {
		sp := d.dict[j]
		e := d.x.tb.ents[sp.id]
		u := unit{start: sp.start, first: d.wordStartingAt(sp.start, k)}
		if u.first < 0 {
			return unit{}, false
		}
		if e.typ == newsdex.Place {
			u.place = max(e.level, levelCounty)
		} else {
			u.alias = true
		}
		return u, true
	}
	return unit{first: k, start: d.words[k].Start}, true
}

func (d *zhDoc) wordStartingAt(off, hint int) int {
	for k := hint; k >= 0; k-- {
		if d.words[k].Start == off {
			return k
		}
		if d.words[k].Start < off {
			break
		}
	}
	return -1
}

// canonical maps a rule-found name to a table entity when the table knows it
// (中国铝业集团有限公司), or when it is a known brand plus an industry word
// (比亚迪汽车 → 比亚迪).
func (x *Extractor) canonical(sp span, name, suffix string, kind suffixKind) span {
	if refs, ok := x.tb.zh[name]; ok {
		if r, ok := x.tb.best(refs, ""); ok {
			sp.id, sp.typ, sp.key = r.id, x.tb.ents[r.id].typ, ""
			return sp
		}
	}
	base := x.trimLegal(name) // 南南铝业股份有限公司 → 南南铝业
	if kind == weakCompany {
		base = strings.TrimSuffix(name, suffix)
	}
	if base != name {
		if r, ok := x.tb.best(x.tb.zh[base], newsdex.Company); ok {
			sp.id, sp.typ, sp.key = r.id, newsdex.Company, ""
		}
	}
	return sp
}

// govStems are the departments of Chinese governments at every level: a
// place, one of these and 厅 / 局 / 委 name a government body
// (山东省工业和信息化厅, 滨州市发改委), which jieba seldom keeps together.
const govStems = "工业和信息化 经济和信息化 发展和改革 发展改革 发改 工信 经信 商务 财政 科学技术 科技 教育 公安 " +
	"民政 司法 人力资源和社会保障 人力资源社会保障 人社 自然资源 国土资源 生态环境 环境保护 环保 " +
	"住房和城乡建设 住房城乡建设 住建 交通运输 交通 水利 农业农村 农业 文化和旅游 文化旅游 文旅 " +
	"卫生健康 卫生 卫健 退役军人事务 应急管理 审计 外事 国有资产监督管理 国资 市场监督管理 市场监管 " +
	"统计 税务 能源 林业 粮食和物资储备 医疗保障 医保 地方金融监督管理 金融 工商行政管理 工商 " +
	"质量技术监督 质监 规划 城乡规划 外汇管理 海事 气象 地震 体育 广播电视 新闻出版 知识产权 " +
	"海洋与渔业 安全生产监督管理 安监 物价 招商 投资促进 大数据 行政审批服务 政务服务管理 信访 口岸 " +
	"国防科技工业 机关事务管理 人民防空 民族宗教事务 侨务 档案 保密 机要"

// govRule proposes government bodies: [place] stem suffix.
func (d *zhDoc) govRule(out []span) []span {
	for i, w := range d.words {
		for _, suf := range d.x.govSuffixes {
			// The suffix starts inside or at the start of this word, glued or
			// not (信息化|部将, 信息化|厅).
			off := strings.Index(w.Text, suf)
			if off < 0 {
				continue
			}
			sufStart := w.Start + off
			sufEnd := sufStart + len(suf)
			if rest := d.s[sufEnd:w.End]; rest != "" && !isGlueChar(rest) && off == 0 {
				continue
			}
			if off > 0 && sufEnd != w.End {
				continue
			}
			stemStart := -1
			for _, stem := range d.x.govStems {
				if strings.HasSuffix(d.s[:sufStart], stem) {
					stemStart = sufStart - len(stem)
					break
				}
			}
			if stemStart < 0 {
				continue
			}
			start := stemStart
			if k := d.wordEndingAt(stemStart, i); k >= 0 {
				if j := d.dictEnd[k]; j >= 0 && d.x.tb.ents[d.dict[j].id].typ == newsdex.Place {
					start = d.dict[j].start
				} else if t := d.words[k].Text; t == "国家" || t == "中央" || t == "国务院" {
					start = d.words[k].Start
				}
			}
			if start == stemStart {
				continue // 科技部 comes from the table; a bare 公安局 names no one body
			}
			sp := span{start: start, end: sufEnd, typ: newsdex.Org, id: -1, key: d.s[start:sufEnd], src: srcRule}
			out = append(out, d.x.canonical(sp, sp.key, "", org))
			break
		}
	}
	return out
}

// branchWords are what may end a branch after its parent's name and place:
// 分行, 支行, 分公司, or one word then 公司 (国家电网百色|供电公司).
func (d *zhDoc) branchWords(at int) []string {
	out := []string{"中心支行", "分行", "支行", "分公司", "营业部"}
	k := d.wordStartingAt(at, len(d.words)-1)
	if k >= 0 && strings.HasSuffix(d.words[k].Text, "公司") && runeCount(d.words[k].Text) <= 5 {
		out = append(out, d.words[k].Text)
	} else if k >= 0 && k+1 < len(d.words) && d.adjacent(k+1) && d.words[k+1].Text == "公司" && runeCount(d.words[k].Text) <= 3 {
		out = append(out, d.words[k].Text+"公司")
	}
	return out
}

// branchRule extends a bank or a company to its branch: 中国农业银行|滨州|分行.
func (d *zhDoc) branchRule(cands []span) []span {
	n := len(cands)
	for i := 0; i < n; i++ {
		c := cands[i]
		if c.typ != newsdex.Company {
			continue
		}
		at := c.end
		// An optional place between (滨州, 山东省).
		for _, p := range d.dict {
			if p.start == at && d.x.tb.ents[p.id].typ == newsdex.Place {
				at = p.end
				break
			}
		}
		for _, b := range d.branchWords(at) {
			if strings.HasPrefix(d.s[at:], b) {
				parent := c.key
				if c.id >= 0 {
					parent = d.x.tb.ents[c.id].key
				}
				end := at + len(b)
				cands = append(cands, span{start: c.start, end: end, typ: newsdex.Company, id: -1,
					key: d.s[c.start:end], src: srcRule, parent: parent})
				break
			}
		}
	}
	return cands
}

// placeTailRule proposes [place][tail] organisations; the place inside
// still tells where the story is.
func (d *zhDoc) placeTailRule(out []span) []span {
	for _, p := range d.dict {
		if d.x.tb.ents[p.id].typ != newsdex.Place {
			continue
		}
		rest := d.s[p.end:]
		tail := ""
		for _, t := range d.x.placeTails {
			if strings.HasPrefix(rest, t) {
				tail = t
				break
			}
		}
		if tail == "" && strings.HasPrefix(rest, "委") && !strings.HasPrefix(rest, "委员") && !strings.HasPrefix(rest, "委托") {
			// 北京市|委: the committee of a place written with its level
			if r, _ := utf8.DecodeLastRuneInString(d.s[:p.end]); strings.ContainsRune("省市县区州", r) {
				tail = "委"
			}
		}
		if tail == "" {
			continue
		}
		end := p.end + len(tail)
		sp := span{start: p.start, end: end, typ: newsdex.Org, id: -1, key: d.s[p.start:end], src: srcRule}
		out = append(out, d.x.canonical(sp, sp.key, "", org))
	}
	return out
}
