package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// zhAuthorRE finds a Chinese byline label; the names follow it. The
	// label needs a separator after it, so prose such as "本报记者日前获悉"
	// is not read as a byline.
	zhAuthorRE = regexp.MustCompile(`(?:^|[\s(（【\[|丨/])(作者|撰文|撰稿|文图|图文|文/图|图/文|实习生|文)\s*(?:[:：/｜|]\s*|\s+)`)
	// zhReporterRE: 记者 follows the outlet's name ("光明日报记者 王建宏").
	zhReporterRE = regexp.MustCompile(`(?:记者|記者|通讯员|通訊員)\s*(?:[:：/｜|]\s*|\s+)`)
	// zhReporterFromRE: "本报记者罗科苏盈发自北京", "记者马俊峰报道".
	zhReporterFromRE = regexp.MustCompile(`(?:记者|記者|通讯员|通訊員)([\p{Han}·]{2,6}?)\s*(?:发自|报道|摄|/文|／文)`)
	// zhSlashRE: "马俊峰/文", "张明 / 摄".
	zhSlashRE = regexp.MustCompile(`(?:^|[\s(（【\[|丨])([\p{Han}·]{2,5})\s*[/／]\s*(?:文|摄|图)(?:$|[^\p{Han}])`)
	// zhBracketNameRE: "[ 黄宇 ]" in an info line.
	// zhReporterSlashRE: "記者林佳慧/台北報導".
	zhReporterSlashRE = regexp.MustCompile(`(?:记者|記者)([\p{Han}·]{2,4})\s*[/／∕]`)
	// zhReportedByRE: "2021年1月21日《滨州日报》报道" names the source paper.
	zhReportedByRE  = regexp.MustCompile(`《([^》]{2,20})》\s*(?:报道|報導|讯|訊|消息)`)
	zhBracketNameRE = regexp.MustCompile(`[\[【]\s*([\p{Han}]{2,4})\s*[\]】]`)
	zhEditorRE      = regexp.MustCompile(`(?:^|[\s(（【\[|丨])(责任编辑|責任編輯|责编|編輯|编辑)\s*[:：/]\s*`)
	zhSourceRE      = regexp.MustCompile(`(?:^|[\s(（【\[|丨])(?:来源|來源|稿源|出处|来自)\s*[:：]\s*`)
	// nameStopRE ends the text after a label: another label, a date, a
	// separator.
	nameStopRE = regexp.MustCompile(`(作者|来源|來源|報導|报道|稿源|发布|时间|日期|编辑|责编|责任|浏览|阅读|点击|字号|分享|评论|收藏|打印|记者|通讯员|摄影|摄|[0-9０-９]|[|丨【】()（）\[\]<>「」"“”,，。;；!！?？:：])`)
	// enBylineRE is an English byline: "By Li Wei", "By Anna Smith and Tom
	// Jones".
	enBylineRE = regexp.MustCompile(`(?:^|[\s|·•])(?i:by)[:\s]+((?:[A-Z][\p{L}'’.\-]*\.?)(?:\s+(?:[A-Z][\p{L}'’.\-]*|de|van|von|da|di|bin|al)){0,4}(?:\s*(?:,|and|&)\s*(?:[A-Z][\p{L}'’.\-]*)(?:\s+[A-Z][\p{L}'’.\-]*){0,4})*)`)
	enSourceRE = regexp.MustCompile(`(?:^|[\s|(])(?i:source)\s*:\s*([A-Z][\w&.'’ -]{1,40})`)
)

// zhAuthor finds the author named by a Chinese byline label in text.
func zhAuthor(text string) string {
	for _, re := range []*regexp.Regexp{zhAuthorRE, zhReporterRE} {
		for _, loc := range re.FindAllStringSubmatchIndex(text, -1) {
			if names := namesAfter(text[loc[1]:]); names != "" {
				return names
			}
		}
	}
	for _, re := range []*regexp.Regexp{zhReporterFromRE, zhReporterSlashRE, zhSlashRE} {
		if m := re.FindStringSubmatch(text); m != nil && nameLike(m[1]) {
			return m[1]
		}
	}
	return ""
}

// zhInfoLineAuthor finds a name an info line prints without a label: in
// brackets ("[ 黄宇 ]"), or alone on a line under the headline ("胡平",
// "赵延东、风笑天"). Only names starting with a common surname count, so
// that a short heading is not taken for a person.
func zhInfoLineAuthor(lines []string) string {
	for i, line := range lines {
		if i >= 4 {
			break
		}
		if m := zhBracketNameRE.FindStringSubmatch(line); m != nil && personName(m[1]) {
			return m[1]
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return isSpace(r) || r == '、' || r == '，' || r == ',' })
		if len(fields) == 0 || len(fields) > 6 {
			continue
		}
		all := true
		for _, f := range fields {
			if !personName(f) {
				all = false
				break
			}
		}
		if all {
			return strings.Join(fields, " ")
		}
	}
	return ""
}

// personName reports a 2–3 character Han name with a common surname (or a
// 4-character one with a compound surname).
func personName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	if n == 4 {
		for _, cs := range compoundSurnames {
			if strings.HasPrefix(s, cs) {
				return true
			}
		}
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(commonSurnames, first)
}

const commonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐", "夏侯"}

// zhEditor finds the editor named by 责任编辑/编辑, the byline of last
// resort: portals often sign their stories only with the editor.
func zhEditor(text string) string {
	for _, loc := range zhEditorRE.FindAllStringSubmatchIndex(text, -1) {
		if names := namesAfter(text[loc[1]:]); names != "" {
			return names
		}
	}
	return ""
}

// namesAfter reads the person names at the start of s: Han names of two to
// five characters or capitalised Latin names, separated by spaces, 、 or
// commas, up to the next label or separator.
func namesAfter(s string) string {
	if len(s) > 90 {
		s = s[:90]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if loc := nameStopRE.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return isSpace(r) || r == '、' || r == '，' || r == ',' || r == '/' || r == '／' || r == '∕' || r == '&'
	})
	var names []string
	for _, f := range fields {
		// After the first name, only what is surely a name: the text
		// after a byline often runs on without a separator.
		if !nameLike(f) || len(names) > 0 && !personName(f) && !latinName(f) {
			break
		}
		names = append(names, f)
		if len(names) == 6 {
			break
		}
	}
	return strings.Join(names, " ")
}

// nameLike reports a token that can be a person's name: 2–6 Han characters
// (minority and transliterated names run long), or a Latin word.
func nameLike(s string) bool {
	han, latin, other := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r == '·' || r == '•':
		case unicode.IsLetter(r) || r == '.' || r == '-' || r == '\'':
			latin++
		default:
			other++
		}
	}
	switch {
	case other > 0:
		return false
	case han > 0 && latin == 0:
		return han >= 2 && han <= 6
	case han == 0:
		return latin >= 2 && latin <= 20
	}
	return false
}

func latinName(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// zhSource finds the outlet named by 来源: or by a "《X》报道" line.
func zhSource(text string) string {
	if s := zhLabelledSource(text); s != "" {
		return s
	}
	if m := zhReportedByRE.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

func zhLabelledSource(text string) string {
	for _, loc := range zhSourceRE.FindAllStringSubmatchIndex(text, -1) {
		rest := text[loc[1]:]
		if len(rest) > 90 {
			rest = rest[:90]
			for !utf8.ValidString(rest) {
				rest = rest[:len(rest)-1]
			}
		}
		if stop := sourceStopRE.FindStringIndex(rest); stop != nil {
			rest = rest[:stop[0]]
		}
		if f := strings.FieldsFunc(rest, isSpace); len(f) > 0 && utf8.RuneCountInString(f[0]) <= 30 {
			return f[0]
		}
	}
	return ""
}

var sourceStopRE = regexp.MustCompile(`(作者|发布|时间|日期|编辑|责编|责任|浏览|阅读|点击|字号|分享|记者|[|丨【】「」"“”,，。;；!！?？]|\s{2,}|\s+[0-9]{4})`)

// enAuthor finds an English byline in text.
func enAuthor(text string) string {
	if m := enBylineRE.FindStringSubmatch(text); m != nil {
		name := trimBylineTail(m[1])
		if plausibleAuthor(name) && !strings.EqualFold(name, "the") {
			return name
		}
	}
	return ""
}

// bylineTailRE is where an English byline's names end: the date, "Updated",
// a job title.
var bylineTailRE = regexp.MustCompile(`\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?|Updated|Published|Posted|Filed|View|Last|Date|Staff|Senior|Reporter|Correspondent|Editor|Contributor|For|Even|Photograph|Comparison|A|The|On|In|At)\b.*$`)

func trimBylineTail(s string) string {
	s = bylineTailRE.ReplaceAllString(s, "")
	if i := strings.Index(s, "Staff"); i > 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,.&")
}

func enSource(text string) string {
	if m := enSourceRE.FindStringSubmatch(text); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// plausibleAuthor rejects values that are not a person's name: URLs,
// placeholders, long sentences.
func plausibleAuthor(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 80 {
		return false
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") || strings.Contains(lower, "@") && !strings.Contains(lower, " ") {
		return false
	}
	if orgWordRE.MatchString(s) {
		return false
	}
	switch lower {
	case "admin", "administrator", "no author", "by", "editor", "staff", "unknown", "anonymous", "佚名", "匿名", "未知", "管理员", "本站", "小编", "null", "none":
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// orgWordRE marks an organisation or software, not a person: meta author
// tags often name the publisher or the CMS.
var orgWordRE = regexp.MustCompile(`(?i)\bteam\b|\binc\b|\bltd\b|\bllc\b|\bcorp|publish|\bpress\b|\bmedia\b|\bnews\b|\.com|网|公司|出版|集团|报社|杂志|频道|新闻|日报|晚报|电视|广播|中心|编辑部`)

// cleanAuthor strips the labels bylines carry.
func cleanAuthor(s string) string {
	s = collapseSpace(s)
	for _, p := range []string{"By ", "by ", "BY ", "作者：", "作者:", "作者 ", "文/", "记者 "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSpace(s)
}
