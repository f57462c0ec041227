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
	zhAuthorRE = regexp.MustCompile(`(?:^|[\s(（【\[|丨/])(作者|撰文|撰稿|文图|图文|文/图|图/文|本报记者|本报通讯员|特约记者|首席记者|记者|通讯员|实习生|文)\s*(?:[:：/｜|]\s*|\s+)`)
	zhEditorRE = regexp.MustCompile(`(?:^|[\s(（【\[|丨])(责任编辑|责编|编辑)\s*[:：/]\s*`)
	zhSourceRE = regexp.MustCompile(`(?:^|[\s(（【\[|丨])(?:来源|稿源|出处|来自)\s*[:：]\s*`)
	// nameStopRE ends the text after a label: another label, a date, a
	// separator.
	nameStopRE = regexp.MustCompile(`(作者|来源|稿源|发布|时间|日期|编辑|责编|责任|浏览|阅读|点击|字号|分享|评论|收藏|打印|记者|通讯员|摄影|摄|[0-9０-９]|[|丨【】()（）\[\]<>「」"“”,，。;；!！?？:：])`)
	// enBylineRE is an English byline: "By Li Wei", "By Anna Smith and Tom
	// Jones".
	enBylineRE = regexp.MustCompile(`(?:^|[\s|·•])(?i:by)[:\s]+((?:[A-Z][\p{L}'’.\-]*\.?)(?:\s+(?:[A-Z][\p{L}'’.\-]*|de|van|von|da|di|bin|al)){0,4}(?:\s*(?:,|and|&)\s*(?:[A-Z][\p{L}'’.\-]*)(?:\s+[A-Z][\p{L}'’.\-]*){0,4})*)`)
	enSourceRE = regexp.MustCompile(`(?:^|[\s|(])(?i:source)\s*:\s*([A-Z][\w&.'’ -]{1,40})`)
)

// zhAuthor finds the author named by a Chinese byline label in text.
func zhAuthor(text string) string {
	for _, loc := range zhAuthorRE.FindAllStringSubmatchIndex(text, -1) {
		if names := namesAfter(text[loc[1]:]); names != "" {
			return names
		}
	}
	return ""
}

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
	if loc := nameStopRE.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return isSpace(r) || r == '、' || r == '，' || r == ',' || r == '/' || r == '&' })
	var names []string
	for _, f := range fields {
		if !nameLike(f) {
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

// zhSource finds the outlet named by 来源:.
func zhSource(text string) string {
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
		name := strings.TrimRight(m[1], " ,.&")
		if plausibleAuthor(name) && !strings.EqualFold(name, "the") {
			return name
		}
	}
	return ""
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
	switch lower {
	case "admin", "administrator", "editor", "staff", "unknown", "anonymous", "佚名", "匿名", "未知", "管理员", "本站", "小编", "null", "none":
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// cleanAuthor strips the labels bylines carry.
func cleanAuthor(s string) string {
	s = collapseSpace(s)
	for _, p := range []string{"By ", "by ", "BY ", "作者：", "作者:", "作者 ", "文/", "记者 "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.TrimSpace(s)
}
