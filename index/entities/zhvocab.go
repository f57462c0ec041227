package entities

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// The word lists of the Chinese rules, as text the Extractor turns into
// lookup tables in New (they are read-only afterwards).

// zhSuffixSpec lists organisation suffixes with their kind: s strong
// company, w weak company (an industry word), f factory, o organisation,
// p organisation a place alone may name, - no name at all (子公司).
const zhSuffixSpec = `
有限公司:s 有限责任公司:s 股份公司:s 集团公司:s 公司:s 集团:s 银行:s 控股:s 分公司:- 子公司:- 母公司:-
厂:f
铝业:w 金属:w 科技:w 实业:w 矿业:w 钢铁:w 化工:w 能源:w 电力:w 新材料:w 铝材:w 重工:w 电子:w
电器:w 药业:w 制药:w 证券:w 保险:w 煤业:w 石化:w 汽车:w 航空:w 物流:w 炭素:w
研究院:o 研究所:o 设计院:o 科学院:o 工程院:o 研究会:o 协会:o 学会:o 商会:o 联合会:o 委员会:o
基金会:o 促进会:o 常委会:o 管委会:o 总工会:o 联盟:o 党委:o 市委:o 省委:o 县委:o 区委:o 通讯社:o
报社:o 出版社:o 杂志社:o 电视台:o 电台:o 气象台:o 事务所:o 代表团:o 大使馆:o 领事馆:o 办事处:o
军区:o 部队:o
医院:p 法院:p 检察院:p 学院:p 中学:p 小学:p 大学:p 政府:p 海关:p 队:p
`

// govSuffixList ends a government body's name (see govRule).
const govSuffixList = "委员会 办公室 厅 局 委 部 办 署"

// placeTailList follows a place to name its government, party committee,
// team or delegation: 北京市委, 山西省委(书记), 日本政府, 中国队 (longer
// first).
const placeTailList = "人大常委会 人民政府 省政府 市政府 县政府 区政府 州政府 省委 市委 县委 区委 州委 " +
	"政府 人大 政协 军区 代表团 议会 海关 男排 女排 男篮 女篮 男足 女足 队"

// zhSuffixEntry is one suffix of zhSuffixSpec.
type zhSuffixEntry struct {
	s    string
	kind suffixKind
}

// buildZHSuffixes indexes zhSuffixSpec by the suffix's last character,
// longest first.
func buildZHSuffixes() map[rune][]zhSuffixEntry {
	kinds := map[string]suffixKind{"s": strongCompany, "w": weakCompany, "f": factory, "o": org, "p": placeOrg, "-": 0}
	out := map[rune][]zhSuffixEntry{}
	for _, f := range strings.Fields(zhSuffixSpec) {
		s, k, _ := strings.Cut(f, ":")
		last, _ := utf8.DecodeLastRuneInString(s)
		out[last] = append(out[last], zhSuffixEntry{s, kinds[k]})
	}
	for _, list := range out {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].s) > len(list[j].s) })
	}
	return out
}

// zhSuffix classifies the end of a word as an organisation suffix; kind 0
// means none (or one that makes no name, 子公司).
func (x *Extractor) zhSuffix(word string) (suffix string, kind suffixKind) {
	last, _ := utf8.DecodeLastRuneInString(word)
	for _, c := range x.zhSuffixes[last] {
		if strings.HasSuffix(word, c.s) {
			return c.s, c.kind
		}
	}
	return "", 0
}
