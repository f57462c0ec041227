package server

import (
	"fmt"
	"time"
)

// The interface languages; Chinese is the default.
const (
	langZH = "zh"
	langEN = "en"
)

// messages are the interface strings by key, each with its Chinese and
// English text (the English may be a fmt format when the Chinese is).
func messages() map[string][2]string {
	return map[string][2]string{
		"tagline":           {"中英文行业新闻搜索", "Industry news search in Chinese and English"},
		"placeholder":       {"搜索新闻：铝、再生铝、aluminium premiums…", "Search the news: aluminium premiums, 再生铝…"},
		"search":            {"搜索", "Search"},
		"results":           {"%s 条结果", "%s results"},
		"result1":           {"1 条结果", "1 result"},
		"took":              {"用时 %.1f 毫秒", "in %.1f ms"},
		"latest":            {"最新文章", "Latest articles"},
		"noResults":         {"没有找到匹配的文章。", "No articles match."},
		"noResultsHint":     {"试试更少的词，或去掉一些筛选条件。", "Try fewer words, or remove a filter."},
		"facet.companies":   {"公司", "Companies"},
		"facet.orgs":        {"机构", "Organisations"},
		"facet.people":      {"人物", "People"},
		"facet.places":      {"地点", "Places"},
		"facet.source":      {"来源", "Sources"},
		"facet.lang":        {"语言", "Languages"},
		"facet.month":       {"月份", "Months"},
		"facets":            {"筛选", "Refine"},
		"activeFilters":     {"当前筛选", "Active filters"},
		"remove":            {"移除筛选：%s", "Remove filter: %s"},
		"clearAll":          {"全部清除", "Clear all"},
		"from":              {"起始日期", "From"},
		"to":                {"截止日期", "To"},
		"sort":              {"排序", "Sort"},
		"sort.relevance":    {"按相关度", "Most relevant"},
		"sort.newest":       {"最新优先", "Newest first"},
		"sort.oldest":       {"最早优先", "Oldest first"},
		"syntax":            {"查询语法", "Query syntax"},
		"syntax.plain":      {"普通", "Plain"},
		"syntax.query":      {"高级（字段、AND/OR）", "Advanced (fields, AND/OR)"},
		"apply":             {"应用", "Apply"},
		"prev":              {"上一页", "Previous"},
		"next":              {"下一页", "Next"},
		"pages":             {"分页", "Pages"},
		"duplicates":        {"另有 %d 篇相同报道", "%d more copies of this story"},
		"original":          {"原文", "Original"},
		"readOriginal":      {"阅读原文", "Read the original"},
		"author":            {"作者", "Author"},
		"source":            {"来源", "Source"},
		"mentions":          {"提及", "Mentions"},
		"moreLikeThis":      {"相似文章", "More like this"},
		"backToSearch":      {"返回搜索", "Back to search"},
		"timeline":          {"每月报道", "Articles by month"},
		"coMentioned":       {"共同提及", "Mentioned together"},
		"recent":            {"最新报道", "Latest articles"},
		"allArticles":       {"查看全部 %s 篇文章", "All %s articles"},
		"feed":              {"Atom 订阅", "Atom feed"},
		"feedTitle":         {"订阅这些结果", "Subscribe to these results"},
		"export":            {"导出全部结果", "Export all results"},
		"switchLang":        {"English", "中文"},
		"switchLangTitle":   {"Switch the interface to English", "切换到中文界面"},
		"notFound":          {"页面不存在。", "Page not found."},
		"articleNotFound":   {"文章不存在。", "No such article."},
		"entityNotFound":    {"没有文章提及“%s”。", "No article mentions “%s”."},
		"errorTitle":        {"出错了", "Something went wrong"},
		"badRequest":        {"请求有误：%s", "Bad request: %s"},
		"internalError":     {"服务器内部错误，请稍后再试。", "Internal error; please try again later."},
		"type.company":      {"公司", "Company"},
		"type.org":          {"机构", "Organisation"},
		"type.person":       {"人物", "Person"},
		"type.place":        {"地点", "Place"},
		"lang.zh":           {"中文", "Chinese"},
		"lang.en":           {"英文", "English"},
		"images":            {"图片", "Images"},
		"home":              {"首页", "Home"},
		"articlesMentioned": {"%s 篇文章提及", "mentioned in %s articles"},
		"total":             {"共 %s 篇", "%s in all"},
		"skip":              {"跳到结果", "Skip to results"},
		"dateFilter":        {"日期", "Date"},
	}
}

// ui is the interface language of one request.
type ui struct {
	Lang string // "zh" or "en"
	i    int
	msgs map[string][2]string
}

func (s *Server) newUI(lang string) ui {
	if lang == langEN {
		return ui{Lang: langEN, i: 1, msgs: s.pages.messages}
	}
	return ui{Lang: langZH, i: 0, msgs: s.pages.messages}
}

// T is the message for key; a missing key shows itself, so it is noticed.
func (u ui) T(key string) string {
	m, ok := u.msgs[key]
	if !ok {
		return key
	}
	return m[u.i]
}

// Tf formats the message for key with args.
func (u ui) Tf(key string, args ...any) string { return fmt.Sprintf(u.T(key), args...) }

// N writes a count with thousands separators.
func (u ui) N(n any) string {
	s := fmt.Sprint(n)
	if len(s) <= 3 {
		return s
	}
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Date writes a day the way each language does (in the article's own zone).
func (u ui) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if u.Lang == langZH {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	}
	return t.Format("2 Jan 2006")
}

// Month writes a YYYY-MM facet value as a month.
func (u ui) Month(v string) string {
	t, err := time.Parse("2006-01", v)
	if err != nil {
		return v
	}
	if u.Lang == langZH {
		return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
	}
	return t.Format("Jan 2006")
}

// Name picks an entity's or language's display name.
func (u ui) Name(zh, en, fallback string) string {
	first, second := zh, en
	if u.Lang == langEN {
		first, second = en, zh
	}
	switch {
	case first != "":
		return first
	case second != "":
		return second
	}
	return fallback
}
