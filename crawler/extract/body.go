package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdex/newsdex"
)

var (
	// boilerplateLineRE matches whole lines that are page furniture, not
	// article text: copyright statements, share and comment prompts,
	// prev/next links, view counters.
	boilerplateLineRE = regexp.MustCompile(`(?i)^(?:声明|免责声明|版权声明|郑重声明|特别声明|版权所有|copyright|©|\(c\)|all rights reserved|本文版权|凡本网|凡注明|未经授权|未经许可|转载请注明|本网站?所刊|欢迎转载|分享到|分享|一键分享|收藏|点赞|打印|关闭窗口|返回顶部|返回首页|上一篇|下一篇|上一条|下一条|相关阅读|相关新闻|相关文章|相关链接|延伸阅读|推荐阅读|热点新闻|热门新闻|热门文章|猜你喜欢|更多精彩|全部评论|我要评论|发表评论|网友评论|参与评论|暂无评论|登录|注册|请登录|扫一扫|微信扫一扫|扫描二维码|关注我们|关注公众号|长按识别|字号|【字号|【打印|【关闭|share this|share on|related articles|related stories|read more|more stories|sign up|subscribe|advertisement|follow us|click here|comments?$|loading)`)
	// ctaLineRE matches the calls to action English sites print at the end
	// of a story: app downloads, newsletter and subscription prompts,
	// letters-to-the-editor forms.
	ctaLineRE = regexp.MustCompile(`(?i)^(?:for the latest (?:news|stories|updates).*download|download (?:the|our) .{0,40}apps?\b|submit (?:your|a) letter|we want to hear what you think|to view the full (?:story|article)|if you.re (?:seeing this message|already a subscriber)|first-time subscribers|already a subscriber\?|do you want to be informed|you can keep up with me|sign up (?:for|to) (?:our|the) .{0,30}newsletter|subscribe to (?:our|the) .{0,30}newsletter|get the latest .{0,40} in your inbox|related coverage$|recommended stories$|more from .{1,40}$|\(?(?:photo|image|picture|video) credits?:.{0,80}$|credits?:.{0,80}$)`)
	// stopLineRE is a heading that starts the "related stories" block
	// after an article: nothing after it is the article's.
	stopLineRE    = regexp.MustCompile(`(?i)^(?:you (?:may|might) (?:also )?(?:like|enjoy)|related (?:posts|articles|stories|reading|content)|read (?:more|next|also)|more (?:stories|articles)|recommended(?: for you| reading| stories)?|also read|see also|what to read next|você pode gostar|você também pode gostar|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|延伸阅读|猜你喜欢|热点新闻|热门推荐|热门文章)\W*$`)
	viewCountRE   = regexp.MustCompile(`^[\d,，.万]+\s*(?:浏览|阅读|次浏览|次阅读|人阅读|views?|reads?)$|^(?:浏览|阅读|点击)(?:量|次数)?\s*[:：]?\s*[\d,]+次?$`)
	metaLineLabel = regexp.MustCompile(`(发布时间|发表时间|发布日期|时间|日期|来源|作者|记者|编辑|浏览|阅读|点击|字号|published|updated|posted|by\s)`)
)

// cleanBody turns rendered blocks into body paragraphs and images: it drops
// boilerplate lines, the headline repeated at the top, the info line of
// date, source and author, and repeats; and it attaches to each photo the
// caption printed with it, which also stays in the body where it stands.
func cleanBody(blocks []block, title string) ([]string, []newsdex.Image) {
	var kept []block
	keptUnits := 0.0
	for i, b := range blocks {
		if b.image == nil && keptUnits >= minBodyUnits && stopLineRE.MatchString(b.text) {
			break
		}
		if b.image != nil {
			kept = append(kept, b)
			continue
		}
		if isBoilerplateLine(b.text) {
			continue
		}
		if len(kept) == 0 && title != "" && normTitle(b.text) == normTitle(title) {
			continue
		}
		if (i < 4 || i >= len(blocks)-2) && isInfoLine(b.text) {
			continue
		}
		if n := len(kept); n > 0 && kept[n-1].image == nil && kept[n-1].text == b.text {
			continue
		}
		kept = append(kept, b)
		keptUnits += measure(b.text).units
	}

	var paragraphs []string
	var images []newsdex.Image
	seen := map[string]bool{}
	for i, b := range kept {
		if b.image == nil {
			paragraphs = append(paragraphs, b.text)
			continue
		}
		if seen[b.image.src] {
			continue
		}
		seen[b.image.src] = true
		images = append(images, newsdex.Image{Src: b.image.src, Caption: captionFor(kept, i)})
	}
	return paragraphs, images
}

// captionFor finds the caption of the photo at kept[i]: the text right after
// it when that is marked as a caption (figcaption, a caption class), or
// centered, or short enough to be one; else the text right before it when
// marked as a caption.
func captionFor(kept []block, i int) string {
	if i+1 < len(kept) {
		next := kept[i+1]
		if next.image == nil {
			n := utf8.RuneCountInString(next.text)
			if next.caption || (next.centered && n <= 150) || n <= 60 {
				return next.text
			}
		}
	}
	if i > 0 && kept[i-1].image == nil && kept[i-1].caption {
		return kept[i-1].text
	}
	return ""
}

func isBoilerplateLine(s string) bool {
	s = strings.TrimLeft(s, " 【[（(")
	if boilerplateLineRE.MatchString(s) && utf8.RuneCountInString(s) < 400 {
		return true
	}
	if ctaLineRE.MatchString(s) && utf8.RuneCountInString(s) < 300 {
		return true
	}
	if homoglyphWords(s) >= 3 {
		return true
	}
	return viewCountRE.MatchString(s)
}

// isInfoLine reports the line under a headline that carries its date,
// source, author or view count: short, labelled, and not prose.
func isInfoLine(s string) bool {
	n := utf8.RuneCountInString(s)
	// "2026年1月21日《滨州日报》报道", "责任编辑：王芳": a credit line, not prose.
	if n <= 40 && (zhReportedByRE.MatchString(s) || zhEditorLineRE.MatchString(s)) {
		return true
	}
	if n > 90 {
		return false
	}
	labels := metaLineLabel.FindAllStringIndex(strings.ToLower(s), -1)
	if len(labels) == 0 {
		return false
	}
	hasDate := dateLikeRE.MatchString(s)
	return len(labels) >= 2 || hasDate || strings.Count(s, "|") >= 2
}

// zhEditorLineRE is a line that only credits the editor.
var zhEditorLineRE = regexp.MustCompile(`^[（(\[【]?\s*(?:责任编辑|責任編輯|责编|编辑|編輯)\s*[:：]?\s*[\p{Han}·]{2,6}(?:\s+[A-Za-z0-9]+)?\s*[）)\]】]?$`)

var dateLikeRE = regexp.MustCompile(`\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|\d+\s*(?:小时|分钟|天)前`)

// homoglyphWords counts words that mix Latin and Cyrillic letters
// ("Yоur соntеnt"): no language writes so, but ads written to slip past
// filters do.
func homoglyphWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		latin, cyrillic := false, false
		for _, r := range w {
			switch {
			case r < 0x80 && unicode.IsLetter(r):
				latin = true
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic = true
			}
		}
		if latin && cyrillic {
			n++
		}
	}
	return n
}
