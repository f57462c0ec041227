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
			if isNotPlace(w.Text) {
				continue
			}
			out = append(out, span{start: w.Start, end: w.End, typ: newsdex.Place, id: -1, key: w.Text, src: srcTag})
		case "nt":
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

// isNotPlace: words jieba's dictionary tags ns that name no place.
func isNotPlace(w string) bool {
	switch w {
	case "全国", "国内", "国外", "海外", "境内", "境外", "各地", "当地", "本地", "外地", "异地", "内地",
		"全省", "全市", "全县", "全区", "我国", "我省", "我市", "我县", "中外", "中西", "东西", "南北":
		return true
	}
	return false
}
