package entities

import (
	"strings"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
)

// Chinese person names: jieba tags the names its dictionary knows (nr) and
// leaves most others as unknown words (x), or splits them (陈|陆军). A name
// is a surname and one or two characters, or a transliteration (克林顿);
// short or split names also need a context that says "person": a title
// before (记者, 董事长), a verb of saying or an honorific after (表示, 同志),
// a photographer's credit (（王健 摄影）).

// peopleRules proposes person spans.
func (d *zhDoc) peopleRules(out []span) []span {
	counts := map[string]int{}
	for _, w := range d.words {
		if isNameTag(w.Tag) {
			counts[w.Text]++
		}
	}
	for i := 0; i < len(d.words); i++ {
		w := d.words[i]
		name, last := w.Text, i
		if !isNameTag(w.Tag) && w.Tag != "n" && w.Tag != "m" && !d.x.isSurname(w.Text) && !d.titleBefore(i) {
			continue
		}
		if j, ok := d.dottedName(i); ok {
			// 司马义·艾买提: the parts of a name written with a middle dot.
			out = append(out, span{start: w.Start, end: d.words[j].End, typ: newsdex.Person, id: -1,
				key: d.s[w.Start:d.words[j].End], src: srcPerson})
			i = j
			continue
		}
		// A surname jieba left alone, with the given name after it (陈|陆军,
		// 田|聪明, 王|小|明).
		if d.x.isSurname(w.Text) && i+1 < len(d.words) && d.adjacent(i+1) {
			given := d.words[i+1].Text
			j := i + 1
			if utf8.RuneCountInString(given) == 1 && j+1 < len(d.words) && d.adjacent(j+1) &&
				utf8.RuneCountInString(d.words[j+1].Text) == 1 && !isGlueChar(d.words[j+1].Text) {
				given += d.words[j+1].Text
				j++
			}
			if n := utf8.RuneCountInString(given); n >= 1 && n <= 2 && d.x.isGivenName(given) &&
				d.personContext(i, j) {
				out = append(out, span{start: w.Start, end: d.words[j].End, typ: newsdex.Person, id: -1,
					key: w.Text + given, src: srcPerson})
				i = j
				continue
			}
		}
		n := utf8.RuneCountInString(name)
		if d.x.notNames[name] || strings.HasSuffix(name, "先生") || strings.HasSuffix(name, "女士") {
			continue
		}
		context := d.personContext(i, last)
		switch {
		case !isNameTag(w.Tag):
			// Any word after a title: 国务委员|罗干 (jieba says ns), 记者|朱梦魁
			// (n): jieba's dictionary holds many names under odd tags.
			if n < 2 || n > 3 || !d.x.isChineseName(name) || isTitleBefore(name) ||
				(w.Tag == "n" || w.Tag == "m") && !d.x.isUsualGivenName(name) {
				continue
			}
			if !d.titleBefore(i) && !(w.Tag == "ns" && context) {
				continue
			}
		case d.x.isForeignName(name) && isNameTag(w.Tag):
			if n < 3 && !context {
				continue
			}
		case d.x.isChineseName(name):
			// jieba's dictionary tags some common words nr (高素质, 荣获) and
			// some names n or m (许立群): without a context, the given name
			// must look like one, and a two-character name must recur.
			if context && !isTitleBefore(name) &&
				(d.titleBefore(i) || d.x.isUsualGivenName(name) || n == 3 && w.Tag != "x") {
				break // 记者陈陆军; 顾问表示 is no name
			}
			if !d.x.isUsualGivenName(name) || n == 2 && (!isNameTag(w.Tag) || counts[name] < 2) {
				continue
			}
		default:
			continue
		}
		out = append(out, span{start: w.Start, end: w.End, typ: newsdex.Person, id: -1, key: name, src: srcPerson})
	}
	return d.creditRule(out)
}

func isNameTag(tag string) bool {
	return tag == "nr" || tag == "nrfg" || tag == "nrt" || tag == "x"
}

// dottedName reports whether word i starts a name written in parts joined
// by a middle dot (司马义·艾买提, 于贝尔·韦德里纳), and returns its last word.
func (d *zhDoc) dottedName(i int) (int, bool) {
	j := i
	for j+1 < len(d.words) {
		gap := d.s[d.words[j].End:d.words[j+1].Start]
		if gap != "·" && gap != "•" && gap != "・" && gap != "‧" {
			break
		}
		j++
	}
	if j == i {
		return 0, false
	}
	for k := i; k <= j; k++ {
		w := d.words[k]
		if !isNameTag(w.Tag) && w.Tag != "ns" && w.Tag != "nz" && !d.x.isForeignName(w.Text) {
			return 0, false
		}
	}
	return j, true
}

// titleBefore reports whether a title stands right before word first
// (国务委员罗干, 记者 王健).
func (d *zhDoc) titleBefore(first int) bool {
	if first == 0 {
		return false
	}
	prev := d.words[first-1].Text
	if !d.adjacent(first) && strings.TrimSpace(d.s[d.words[first-1].End:d.words[first].Start]) != "" {
		return false
	}
	if isTitleBefore(prev) {
		return true
	}
	if utf8.RuneCountInString(prev) < 2 {
		return false
	}
	// 副市长, 国务委员, 本报记者, 新华社记者
	for _, t := range [...]string{"长", "委员", "主任", "书记", "主席", "记者", "通讯员", "总理", "经理", "教授", "代表"} {
		if strings.HasSuffix(prev, t) {
			return true
		}
	}
	return false
}

// personContext reports whether the words around words first..last say
// they name a person.
func (d *zhDoc) personContext(first, last int) bool {
	if d.titleBefore(first) {
		return true
	}
	if last+1 < len(d.words) {
		next := d.words[last+1]
		gap := d.s[d.words[last].End:next.Start]
		if strings.TrimSpace(gap) == "" && isWordAfterName(next.Text) {
			return true
		}
		if (gap == "、" || gap == "和") && d.looksLikeName(last+1) {
			return true // a list of names: 李铁映、孙家正
		}
	}
	return false
}

// looksLikeName reports whether word i is itself a plausible full name.
func (d *zhDoc) looksLikeName(i int) bool {
	w := d.words[i]
	if w.Tag != "nr" && w.Tag != "nrfg" && w.Tag != "x" {
		return false
	}
	return utf8.RuneCountInString(w.Text) == 3 && d.x.isChineseName(w.Text)
}

// creditRule finds photo and reporter credits the segmenter may not tag:
// （王健 摄影）, (王健 摄).
func (d *zhDoc) creditRule(out []span) []span {
	s := d.s
	for _, mark := range [...]string{" 摄影)", " 摄)", "摄影)", "摄)"} {
		for off := 0; ; {
			j := strings.Index(s[off:], mark)
			if j < 0 {
				break
			}
			end := off + j
			off = end + len(mark)
			start := strings.LastIndexAny(s[:end], "(（ ")
			if start < 0 {
				continue
			}
			start++
			name := strings.TrimSpace(s[start:end])
			if (d.x.isChineseName(name) || d.x.isForeignName(name)) && isHanString(name) {
				out = append(out, span{start: start, end: start + len(name), typ: newsdex.Person, id: -1,
					key: name, src: srcRule})
			}
		}
	}
	return out
}

// isChineseName: a surname then one or two given-name characters.
func (x *Extractor) isChineseName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 {
		return false
	}
	for _, sl := range [...]int{6, 3} { // compound surnames first
		if len(s) > sl && x.isSurname(s[:sl]) {
			given := s[sl:]
			if g := utf8.RuneCountInString(given); g >= 1 && g <= 2 && x.isGivenName(given) {
				return true
			}
		}
	}
	return false
}

func (x *Extractor) isSurname(s string) bool { return x.surnames[s] }

// isGivenName rejects given names made of characters names avoid at the
// end (高端化, 余人, 展望未来).
func (x *Extractor) isGivenName(s string) bool {
	for _, r := range s {
		if x.notGiven[r] {
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !x.notLast[last]
}

// isUsualGivenName reports whether the given name of a Chinese name is
// made of characters common in given names.
func (x *Extractor) isUsualGivenName(s string) bool {
	for _, sl := range [...]int{6, 3} {
		if len(s) > sl && x.isSurname(s[:sl]) {
			ok := true
			for _, r := range s[sl:] {
				ok = ok && x.givenChars[r]
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// isForeignName: a transliteration, all in the characters Chinese uses for
// foreign sounds (克林顿, 内塔尼亚胡, 奥马尔·哈桑).
func (x *Extractor) isForeignName(s string) bool {
	n := 0
	for _, r := range s {
		if r == '·' || r == '-' {
			continue
		}
		if !x.translit[r] {
			return false
		}
		n++
	}
	return n >= 2 && n <= 12
}

// isTitleBefore: a word that stands right before a person's name.
func isTitleBefore(w string) bool {
	switch w {
	case "记者", "通讯员", "摄影", "主席", "副主席", "总理", "副总理", "总书记", "书记", "副书记",
		"部长", "副部长", "主任", "副主任", "局长", "省长", "副省长", "市长", "副市长", "县长", "厅长",
		"院长", "校长", "司令员", "政委", "委员", "常委", "董事长", "总经理", "副总经理", "总裁",
		"副总裁", "经理", "厂长", "教授", "研究员", "工程师", "专家", "代表", "大使", "总统", "副总统",
		"首相", "外长", "国务卿", "秘书长", "主持人", "会长", "理事长", "行长", "总监", "总工程师",
		"博士", "顾问", "队长", "教练", "运动员", "选手", "演员", "导演", "作家", "画家", "老师", "同志",
		"女士", "先生", "夫人", "总编辑", "编辑", "作者", "撰稿", "首席执行官", "创始人", "董事",
		"监事", "党委书记", "党组书记", "委员长", "议长", "国王", "女王", "王子", "亲王", "法官",
		"检察官", "律师", "医生", "村民", "农民", "工人", "职工", "学生", "战士", "烈士", "将军",
		"上将", "中将", "少将", "大校", "上校", "师长", "团长", "营长", "连长", "排长", "班长", "指导员":
		return true
	}
	return false
}

// isWordAfterName: a word that follows a person's name.
func isWordAfterName(w string) bool {
	switch w {
	case "同志", "先生", "女士", "小姐", "夫人", "表示", "说", "指出", "强调", "认为", "介绍", "称",
		"告诉", "透露", "主持", "会见", "出席", "一行", "摄", "摄影", "报道", "教授", "书记",
		"主席", "总理", "总统", "部长", "市长", "省长", "等人", "夫妇", "同学", "老人", "师傅",
		"会长", "董事长", "总经理", "院士", "博士", "说道", "笑", "答", "问", "回忆", "坦言",
		"宣布", "谈到", "提出", "发表", "讲话", "致辞", "题词", "签署", "接受", "访问",
		"担任", "当选", "出任", "率领", "等同志", "逝世", "去世", "出生":
		return true
	}
	return false
}
