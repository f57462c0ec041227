package extract

import (
	"regexp"
	"strings"

	"github.com/newsdex/newsdex"
)

// minBodyUnits is the least body an article has: about sixty Han
// characters or thirty English words.
const minBodyUnits = 150

// contentDensity summarises the rendered content for the list-page test.
type contentDensity struct {
	units, linkUnits float64
	// headlineLinks counts links with headline-length text: a list page
	// is a column of them.
	headlineLinks int
}

var errorPageRE = regexp.MustCompile(`(?i)\b404\b|not found|页面不存在|页面未找到|找不到|已删除|error`)

// notArticle returns why a page is not an article, "" when it is one.
func notArticle(a newsdex.Article, d contentDensity) string {
	units := measure(a.Body).units
	if units < minBodyUnits {
		if errorPageRE.MatchString(a.Title) {
			return "error page"
		}
		return "no article text"
	}
	if d.units > 0 && d.linkUnits > 0.45*d.units {
		return "list page: the main block is mostly links"
	}
	// A roundup article links a lot too ("10 things in tech today"); a
	// list page is links and dates with little prose between them.
	if d.headlineLinks >= 8 && d.linkUnits > 0.4*d.units {
		return "list page: a column of headline links"
	}
	if strings.TrimSpace(a.Title) == "" && units < 2*minBodyUnits {
		return "no headline and little text"
	}
	return ""
}
