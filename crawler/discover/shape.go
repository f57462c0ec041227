package discover

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

var (
	// dateInPathRE finds a publication date written into a URL:
	// /2026/10/12/, /2026-10/, /20261012-1834.html, /202610/.
	dateInPathRE = regexp.MustCompile(`(?:^|[/_-])(?:19|20)\d\d(?:[/_-]?(?:0[1-9]|1[0-2]))(?:[/_-]?(?:0[1-9]|[12]\d|3[01]))?(?:[/_.-]|$)`)
	// longNumberRE finds an article id: five digits or more.
	longNumberRE = regexp.MustCompile(`\d{5,}`)
	// listNameRE names list pages: index_2, list, default, category ...
	listNameRE = regexp.MustCompile(`(?i)^(index|list|default|home|main|category|categories|tag|tags|topic|topics|column|channel|archive|archives|page|news|more|all|latest|node)([_-]?\d+)?$`)
	// listDirRE finds directories that hold list pages.
	listDirRE = regexp.MustCompile(`(?i)/(list|lists|category|categories|tag|tags|topic|topics|column|columns|channel|page|archive|archives|author|search)/`)
)

// assetExt are extensions of files that are never pages.
var assetExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true, ".ico": true, ".bmp": true, ".tif": true, ".tiff": true, ".avif": true,
	".css": true, ".js": true, ".mjs": true, ".json": true, ".map": true,
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true, ".wps": true, ".csv": true,
	".zip": true, ".rar": true, ".7z": true, ".tar": true, ".tgz": true, ".bz2": true, ".xz": true,
	".mp3": true, ".mp4": true, ".m4a": true, ".wav": true, ".avi": true, ".mov": true, ".wmv": true, ".flv": true, ".webm": true, ".mkv": true,
	".exe": true, ".apk": true, ".dmg": true, ".iso": true, ".msi": true, ".bin": true, ".deb": true, ".rpm": true,
	".woff": true, ".woff2": true, ".ttf": true, ".eot": true, ".otf": true, ".swf": true,
}

// IsAsset reports URLs of files that are not pages (images, scripts,
// documents, archives, media), judged by extension.
func IsAsset(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	if strings.HasSuffix(p, ".xml.gz") {
		return false // a compressed sitemap
	}
	return assetExt[path.Ext(p)]
}

// IsFeedURL reports URLs shaped like RSS or Atom feeds.
func IsFeedURL(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	base := path.Base(p)
	return strings.HasSuffix(p, ".rss") || strings.HasSuffix(p, ".atom") ||
		base == "feed" || base == "rss" || base == "atom" ||
		(strings.HasSuffix(p, ".xml") && (strings.Contains(base, "rss") || strings.Contains(base, "atom") || strings.Contains(base, "feed")))
}

// IsSitemapURL reports URLs shaped like sitemaps.
func IsSitemapURL(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	return strings.Contains(path.Base(p), "sitemap") && (strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".xml.gz") || strings.HasSuffix(p, ".txt"))
}

// LooksLikeArticleURL reports URLs shaped like an article's: a date in the
// path, a long numeric id, or a long slug (lme-aluminium-five-month-high).
func LooksLikeArticleURL(u *url.URL) bool {
	p := u.Path
	if p == "" || strings.HasSuffix(p, "/") && !dateInPathRE.MatchString(p) {
		return false
	}
	last := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if listNameRE.MatchString(last) || listDirRE.MatchString(p+"/") && !dateInPathRE.MatchString(p) {
		return false
	}
	if dateInPathRE.MatchString(p) && !strings.HasSuffix(p, "/") {
		return true
	}
	if longNumberRE.MatchString(last) {
		return true
	}
	words := strings.FieldsFunc(last, func(r rune) bool { return r == '-' || r == '_' })
	return len(words) >= 4 && len(last) >= 20
}

// LooksLikeListURL reports URLs shaped like a list page: an index, a
// category or tag directory, a page number.
func LooksLikeListURL(u *url.URL) bool {
	p := u.Path
	if p == "" || p == "/" || strings.HasSuffix(p, "/") && !dateInPathRE.MatchString(p) {
		return true
	}
	last := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if listNameRE.MatchString(last) || listDirRE.MatchString(p) {
		return true
	}
	q := u.Query()
	for _, k := range pageParams {
		if q.Has(k) {
			return true
		}
	}
	return false
}
