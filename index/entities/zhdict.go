package entities

import (
	"strings"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/normalize"
	"github.com/newsdex/newsdex/index/segment"
)

// zhDoc is one Chinese text being read: the analyser's normalized text and
// jieba words, plus the table names found at each word.
type zhDoc struct {
	x     *Extractor
	s     string
	words []segment.Word
	// dictAt[i] is the table span starting at word i (-1: none), dictEnd[i]
	// the longest table span ending where word i ends.
	dictAt, dictEnd []int32
	dict            []span
}

func newZHDoc(x *Extractor, s string, words []segment.Word) *zhDoc {
	d := &zhDoc{x: x, s: s, words: words}
	d.dictAt = make([]int32, len(words))
	d.dictEnd = make([]int32, len(words))
	for i := range words {
		d.dictAt[i], d.dictEnd[i] = -1, -1
	}
	return d
}

// adjacent reports whether word i follows word i-1 with nothing between.
func (d *zhDoc) adjacent(i int) bool {
	return i > 0 && d.words[i-1].End == d.words[i].Start
}

// wordEndingAt returns the index of the word ending at byte off, from hint
// (a word index at or after it) downwards; -1 when no word ends there.
func (d *zhDoc) wordEndingAt(off, hint int) int {
	for k := min(hint, len(d.words)-1); k >= 0; k-- {
		if d.words[k].End == off {
			return k
		}
		if d.words[k].End < off {
			break
		}
	}
	return -1
}

// scanDict finds the table's Chinese names, each starting where a jieba word
// starts, longest first.
func (d *zhDoc) scanDict() {
	tb := d.x.tb
	for i, w := range d.words {
		rest := d.s[w.Start:]
		prefix := zhPrefix(rest)
		names := tb.zhByPrefix[prefix]
		for _, name := range names {
			if !strings.HasPrefix(rest, name) {
				continue
			}
			end := w.Start + len(name)
			r, ok := tb.best(tb.zh[name], "")
			if !ok {
				continue
			}
			last := d.lastWordIn(i, end)
			if !d.acceptName(i, last, end, tb.ents[r.id]) {
				continue
			}
			sp := span{start: w.Start, end: end, typ: tb.ents[r.id].typ, id: r.id, src: srcTable}
			d.dictAt[i] = int32(len(d.dict))
			if d.words[last].End == end && (d.dictEnd[last] < 0 || d.dict[d.dictEnd[last]].start > sp.start) {
				d.dictEnd[last] = int32(len(d.dict))
			}
			d.dict = append(d.dict, sp)
			break
		}
	}
}

// lastWordIn returns the index of the word holding byte end-1.
func (d *zhDoc) lastWordIn(first, end int) int {
	k := first
	for k+1 < len(d.words) && d.words[k+1].Start < end {
		k++
	}
	return k
}

// acceptName decides whether a table name found at word first, ending at
// byte end inside or at the end of word last, is really that name: it must
// end where jieba ends a word, or be followed by a suffix or a function
// character jieba glued to it (工业和信息化部|将, 日本|人); a county or a
// name that is also a common word must be written as a name.
func (d *zhDoc) acceptName(first, last, end int, e entity) bool {
	w := d.words[last]
	n := utf8.RuneCountInString(d.s[d.words[first].Start:end])
	if w.End < end {
		// Words cover only the Han text: the name runs on past its last word
		// through characters jieba never sees (刚果(金), 欧佩克+); the text
		// matched it exactly.
		return true
	}
	if w.End != end {
		rest := d.s[end:w.End]
		if w.Start >= end || runeCount(rest) > 2 {
			return false
		}
		switch {
		case e.typ == newsdex.Place && isPlaceTail(rest):
		case runeCount(rest) == 1 && isGlueChar(rest) && (n >= 3 || e.level >= levelCity):
		default:
			return false
		}
		return !e.strictZH() || isPlaceTail(rest) && rest != "人"
	}
	if first == last && (e.strictZH() || e.level == levelCounty) && n == 2 {
		// One jieba word equal to a small or ambiguous name: trust jieba
		// when it calls the word a name or does not know it.
		switch w.Tag {
		case "ns", "nr", "nrt", "nrfg", "nz", "nt", "x", "j":
		default:
			return d.followedByPlaceSuffix(last)
		}
		if e.strictZH() && w.Tag != "ns" {
			return d.followedByPlaceSuffix(last)
		}
	}
	return true
}

// followedByPlaceSuffix reports whether the words around word i say it is
// a place: a place suffix written apart (滨州 市), a kind of area after it
// (平果|工业园区), a verb of place before it (走进|平果, 位于|邹平).
func (d *zhDoc) followedByPlaceSuffix(i int) bool {
	if i+1 < len(d.words) && d.adjacent(i+1) {
		next := d.words[i+1].Text
		if isPlaceTail(next) {
			return true
		}
		for _, p := range [...]string{"工业园", "园区", "开发区", "新区", "高新区", "经开区", "县城", "城区", "市区", "境内", "港区", "矿区"} {
			if strings.HasPrefix(next, p) {
				return true
			}
		}
	}
	if i > 0 && d.adjacent(i) {
		switch d.words[i-1].Text {
		case "在", "到", "走进", "来到", "位于", "地处", "赴", "抵达", "前往", "落户", "落地", "扎根", "深入":
			return true
		}
	}
	return false
}

// isPlaceTail: what may follow a place name inside one jieba word.
func isPlaceTail(s string) bool {
	switch s {
	case "市", "省", "县", "区", "州", "镇", "乡", "村", "旗", "盟", "人", "籍", "方", "岛", "湾",
		"港", "地区", "境内", "全境", "一带", "沿海", "北部", "南部", "东部", "西部", "中部", "西北", "东北", "西南", "东南":
		return true
	}
	return false
}

// isGlueChar: a one-character function word jieba may glue to the end of
// a name (部将, 分行为).
func isGlueChar(s string) bool {
	switch s {
	case "将", "为", "在", "和", "与", "的", "是", "对", "以", "把", "被", "也", "已", "及", "等",
		"于", "向", "从", "到", "就", "还", "都", "又", "再", "并", "所", "因", "同", "跟", "让",
		"称", "说", "要", "会", "曾", "由", "给", "近", "正", "共", "均", "则", "却", "即", "内":
		return true
	}
	return false
}

// isHanString reports whether s is all Chinese characters.
func isHanString(s string) bool {
	for _, r := range s {
		if !normalize.IsHan(r) {
			return false
		}
	}
	return s != ""
}
