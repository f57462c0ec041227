package extract

import (
	"regexp"

	"golang.org/x/net/html"
)

// Class and id names say what a container is. These lists follow
// Readability's, extended with the pinyin and English names Chinese sites
// use (fenxiang = share, pinglun = comments, banquan = copyright, ...).
var (
	unlikelyRE = regexp.MustCompile(`(?i)-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|foot|gdpr|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|fenxiang|pinglun|banquan|copyright|shengming|statement|disclaimer|recommend|tuijian|xiangguan|crumb|daohang|login|denglu|qrcode|erweima|newsletter|subscribe|(?:^|[\s_-])(?:nav|hot|tags?|tool|tools|print|contact|links?|ad|ads|adv|gg|rank|paihang|top10)(?:$|[\s_-])`)
	maybeRE    = regexp.MustCompile(`(?i)and|article|body|column|content|main|shadow|zhengwen|neirong|wenzhang|detail|news_?txt|post|entry|story|text`)
	positiveRE = regexp.MustCompile(`(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|zhengwen|neirong|wenzhang|detail|news_?txt|con_?txt|art_?con|arti`)
	negativeRE = regexp.MustCompile(`(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|fenxiang|pinglun|banquan|copyright|shengming|statement|disclaimer|recommend|tuijian|xiangguan|(?:^|[\s_-])(?:hot|nav|rank|ad|ads|adv|gg|tool|tools|print|links?)(?:$|[\s_-])`)
	commentRE  = regexp.MustCompile(`(?i)comment|pinglun|replies|disqus|respond`)
	captionRE  = regexp.MustCompile(`(?i)caption|figcaption|pic_?info|pic_?txt|img_?desc|img_?txt|imgtxt|pictext|pic_?text|photo_?desc|wp-caption-text|image-credit|pic_?title|tuzhu|img-caption|pictitle`)
)

// classWeight is Readability's class score: +25 for a name that says
// content, -25 for one that says boilerplate.
func classWeight(n *html.Node) float64 {
	w := 0.0
	for _, name := range []string{attr(n, "class"), attr(n, "id")} {
		if name == "" {
			continue
		}
		if negativeRE.MatchString(name) {
			w -= 25
		}
		if positiveRE.MatchString(name) {
			w += 25
		}
	}
	return w
}

var bylineNameRE = regexp.MustCompile(`(?i)author|byline|writer|source|laiyuan|zuozhe|editor|reporter`)
