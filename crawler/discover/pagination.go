package discover

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

// pageParams are query keys that number the pages of a list.
var pageParams = []string{"page", "p", "pg", "pn", "pageno", "pagenum", "page_no", "paged", "start", "offset", "cp"}

// nextTextRE matches the text of links to another page of the same list:
// 下一页, 下页, 后页, Next, Older, », 2, 第3页, 尾页.
var nextTextRE = regexp.MustCompile(`(?i)^(下一页|下一頁|下页|下頁|后一页|后页|後頁|更多|加载更多|next|next page|older|older posts|older entries|more|more news|load more|[»›>]+|\d{1,4}|第\s*\d{1,4}\s*[页頁]|尾页|尾頁|末页|末頁|last|上一页|上页|上一頁|prev|previous|首页|first)$`)

// pageSuffixRE strips a page number from a path: index_2.html, list-3.shtml,
// /page/4/.
var pageSuffixRE = regexp.MustCompile(`(?i)(?:[_-]\d{1,4}(\.[a-z]+)$|/page/\d{1,4}/?$|/p\d{1,4}/?$)`)

// IsPagination reports whether l, found on the list page at pageURL, leads
// to another page of the same list: a rel="next" link, a link whose text is
// 下一页, Next or a page number, or a link to the same path with only its
// page number changed.
func IsPagination(l Link, pageURL *url.URL) bool {
	if l.URL.Host != pageURL.Host || l.URL.String() == pageURL.String() {
		return false
	}
	if strings.Contains(" "+l.Rel+" ", " next ") || strings.Contains(" "+l.Rel+" ", " prev ") {
		return true
	}
	sameList := pageKey(l.URL) == pageKey(pageURL)
	if sameList {
		return true
	}
	// "Next »", "[2]", "【下一页】": the words without their decoration.
	text := strings.TrimSpace(strings.Trim(strings.TrimSpace(l.Text), "[]【】()（）<>«»‹›"))
	if !nextTextRE.MatchString(strings.TrimSpace(l.Text)) && !nextTextRE.MatchString(text) {
		return false
	}
	// Page-number text on a link elsewhere on the site (a "more" link to
	// another section) is not this list's pagination.
	return path.Dir(l.URL.Path) == path.Dir(pageURL.Path) || l.URL.Path == pageURL.Path
}

// pageKey is a URL with its page number taken out, so that the pages of
// one list share it.
func pageKey(u *url.URL) string {
	p := pageSuffixRE.ReplaceAllString(u.Path, "$1")
	if strings.HasSuffix(p, "/") {
		p += "index"
	}
	ext := path.Ext(p)
	p = strings.TrimSuffix(p, ext)
	p = strings.TrimSuffix(p, "/index")
	q := u.Query()
	for _, k := range pageParams {
		q.Del(k)
	}
	return u.Host + p + "?" + q.Encode()
}
