package entities

import (
	"strings"

	newsdex "github.com/newsdex/newsdex"
)

// tagSpans takes jieba's own judgement where no table or rule spoke: a word
// tagged ns is a place, nt an organisation (a company when its name says
// so). They rank last when spans overlap.
func (d *zhDoc) tagSpans(out []span) []span {
	for _, w := range d.words {
		if runeCount(w.Text) < 2 {
			continue
		}
		switch w.Tag {
		case "ns":
			if !d.x.looksLikePlace(w.Text) {
				continue
			}
			out = append(out, span{start: w.Start, end: w.End, typ: newsdex.Place, id: -1, key: w.Text, src: srcTag})
		case "nt":
			if _, kind := d.x.zhSuffix(w.Text); kind == 0 || !d.x.startsWithPlace(w.Text) {
				continue // jieba's nt covers 人民政府, 党政机关, 商业银行, 美国市场 too
			}
			typ := newsdex.Org
			for _, s := range [...]string{"公司", "集团", "银行"} {
				if strings.HasSuffix(w.Text, s) {
					typ = newsdex.Company
				}
			}
			sp := span{start: w.Start, end: w.End, typ: typ, id: -1, key: w.Text, src: srcTag}
			out = append(out, d.x.canonical(sp, w.Text, "", org))
		}
	}
	return out
}

// startsWithPlace reports whether w is a place of the gazetteer and more
// (北京大学, 上海证券交易所).
func (x *Extractor) startsWithPlace(w string) bool {
	rs := []rune(w)
	for n := min(len(rs)-1, 6); n >= 2; n-- {
		if _, ok := x.tb.best(x.tb.zh[string(rs[:n])], newsdex.Place); ok {
			return true
		}
	}
	return false
}

// looksLikePlace filters jieba's ns tag, which its dictionary also puts on
// plenty of common words (城市, 两国, 新春, 山区): a place the gazetteer does
// not know is taken only when it is written like one — three characters or
// more ending in a geographic word (约旦河, 塔里木盆地, 尚义县), or a foreign
// name written by sound (撒哈拉, 马斯特里赫特).
func (x *Extractor) looksLikePlace(w string) bool {
	n := runeCount(w)
	if n >= 3 && x.isForeignName(w) {
		return true
	}
	if n < 3 {
		return false
	}
	for _, s := range [...]string{"省", "市", "县", "区", "州", "镇", "乡", "村", "旗", "盟", "河", "江", "湖",
		"山", "岛", "港", "湾", "峡", "岭", "盆地", "半岛", "群岛", "高原", "沙漠", "海峡"} {
		if strings.HasSuffix(w, s) {
			switch []rune(w)[0] {
			case '大', '小', '新', '老', '古', '山', '城', '全', '本', '各', '该', '两', '三', '四', '自':
				return false // 大城市, 新村, 山村, 全市, 自治州: a kind of place, not a place
			}
			for _, g := range [...]string{"文明", "百强", "沿海", "偏远", "边远", "边境", "贫困", "重点",
				"先进", "示范", "试点", "开发", "经济", "中心", "北方", "南方", "东部", "西部", "中部",
				"东北", "西北", "西南", "东南", "少数", "民族", "历史", "卫生", "园林"} {
				if strings.HasPrefix(w, g) {
					return false // 文明城市, 沿海地区, 北方地区
				}
			}
			return true
		}
	}
	return false
}
