package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// Class and id names say what a container is. These lists follow
// Readability's, extended with the pinyin and English names Chinese sites
// use (fenxiang = share, pinglun = comments, banquan = copyright, ...). A
// name matches a set when it contains one of its substrings, or has one of
// its words as a whole word (words are split at spaces, '_' and '-'): "hot"
// must not match "photo". Plain substring tests instead of regular
// expressions: pages carry thousands of distinct, long utility-class names.
var (
	unlikelyNames = keywordSet{
		substrings: []string{"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra", "foot", "gdpr", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "share", "fenxiang", "pinglun", "banquan", "copyright", "shengming", "statement", "disclaimer", "recommend", "tuijian", "xiangguan", "crumb", "daohang", "login", "denglu", "qrcode", "erweima", "newsletter", "subscribe"},
		words:      []string{"nav", "hot", "tag", "tags", "tool", "tools", "print", "contact", "link", "links", "ad", "ads", "adv", "gg", "rank", "paihang", "top10"},
	}
	maybeNames    = keywordSet{substrings: []string{"and", "article", "body", "column", "content", "main", "shadow", "zhengwen", "neirong", "wenzhang", "detail", "newstxt", "news_txt", "post", "entry", "story", "text"}}
	positiveNames = keywordSet{substrings: []string{"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text", "blog", "story", "zhengwen", "neirong", "wenzhang", "detail", "newstxt", "news_txt", "contxt", "con_txt", "artcon", "art_con", "arti"}}
	negativeNames = keywordSet{
		substrings: []string{"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "fenxiang", "pinglun", "banquan", "copyright", "shengming", "statement", "disclaimer", "recommend", "tuijian", "xiangguan"},
		words:      []string{"hid", "hot", "nav", "rank", "ad", "ads", "adv", "gg", "tool", "tools", "print", "link", "links"},
	}
	commentNames = keywordSet{substrings: []string{"comment", "pinglun", "replies", "disqus", "respond"}}
	captionNames = keywordSet{substrings: []string{"caption", "picinfo", "pic_info", "pictxt", "pic_txt", "imgdesc", "img_desc", "imgtxt", "img_txt", "pictext", "pic_text", "photodesc", "photo_desc", "image-credit", "pictitle", "pic_title", "tuzhu"}}
	titleNames   = keywordSet{
		substrings: []string{"article-title", "entry-title", "post-title", "news_title", "newstitle", "articletitle", "detail-title", "story-title"},
		words:      []string{"title", "headline", "heading", "biaoti", "tit"},
	}
	bylineNames = keywordSet{substrings: []string{"author", "byline", "writer", "source", "laiyuan", "zuozhe", "editor", "reporter"}}
	sourceNames = keywordSet{words: []string{"source", "laiyuan", "ly", "from"}}
	dateNames   = keywordSet{substrings: []string{"date", "time", "publish", "posted", "riqi", "shijian", "fabu"}}
)

// keywordSet is a family of class names.
type keywordSet struct {
	substrings, words []string
}

// match reports whether the lower-cased name, split into words, belongs to
// the set.
func (k keywordSet) match(name string, words []string) bool {
	for _, s := range k.substrings {
		if strings.Contains(name, s) {
			return true
		}
	}
	for _, w := range words {
		for _, kw := range k.words {
			if w == kw {
				return true
			}
		}
	}
	return false
}

func nameWords(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '\t' || r == '\n' })
}

// nameClass is what an element's class and id say about it.
type nameClass struct {
	weight                                                         float64
	unlikely, comment, maybe, caption, title, byline, source, date bool
}

// classNames memoises nameClass by class and id for one extraction: a page
// repeats a few names thousands of times, and matching every element
// against every pattern was half the extractor's time.
type classNames map[string]nameClass

func (cn classNames) of(n *html.Node) nameClass {
	class, id := attr(n, "class"), attr(n, "id")
	if class == "" && id == "" {
		return nameClass{}
	}
	key := class + "\x00" + id
	if nc, ok := cn[key]; ok {
		return nc
	}
	ci := strings.ToLower(class + " " + id)
	words := nameWords(ci)
	nc := nameClass{
		weight:   classWeight(class, id),
		unlikely: unlikelyNames.match(ci, words),
		comment:  commentNames.match(ci, words),
		maybe:    maybeNames.match(ci, words),
		caption:  captionNames.match(ci, words),
		title:    titleNames.match(ci, words),
		byline:   bylineNames.match(ci, words),
		source:   sourceNames.match(ci, words),
		date:     dateNames.match(ci, words),
	}
	cn[key] = nc
	return nc
}

// classWeight is Readability's class score: +25 for a name that says
// content, -25 for one that says boilerplate.
func classWeight(class, id string) float64 {
	w := 0.0
	for _, name := range []string{class, id} {
		if name == "" {
			continue
		}
		name = strings.ToLower(name)
		words := nameWords(name)
		if negativeNames.match(name, words) {
			w -= 25
		}
		if positiveNames.match(name, words) {
			w += 25
		}
	}
	return w
}
