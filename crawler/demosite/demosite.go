// Package demosite is the bundled sample news site that `newsdex demo` serves
// on loopback, crawls, indexes and searches. It imitates a pair of industry
// news sites sharing one host: a Chinese aluminium portal (/, /news/...) and
// an English wire service (/en/...), with the clutter, legacy charsets
// (one GBK page labelled gb2312, one Big5 page), robots.txt, sitemap and RSS
// feed that real sites have. site/manifest.json is the ground truth of every
// article page, so tests can check what the crawler and extractor produced.
package demosite

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed site
var site embed.FS

// placeholderOrigin is written wherever a page must carry an absolute URL
// (sitemap <loc>, RSS <link>, the robots.txt Sitemap line); the handler
// replaces it with the origin of the request, so the files work on whatever
// loopback port the demo picked.
const placeholderOrigin = "http://demo.newsdex.invalid"

// modTime is the Last-Modified of every file: embed.FS has no modification
// times, and a fixed date keeps conditional GETs stable across restarts.
func modTime() time.Time { return time.Date(2026, time.November, 5, 0, 0, 0, 0, time.UTC) }

// hidden reports files that belong to the package, not to the site.
func hidden(name string) bool { return name == "manifest.json" || name == "404.html" }

// Files returns the site's files, rooted at the site directory
// ("index.html", "news/index.html", "manifest.json", ...).
func Files() fs.FS {
	sub, err := fs.Sub(site, "site")
	if err != nil {
		panic(err) // the directory is embedded: this cannot fail
	}
	return sub
}

// Handler serves the embedded site with the Content-Type each file needs
// (the .gbk.html and .big5.html pages are declared gb2312 and big5, as the
// legacy sites they imitate do), Last-Modified and ETag so that conditional
// GETs get 304, and 404 for anything that is not a page of the site.
func Handler() http.Handler {
	return handler{files: Files()}
}

type handler struct{ files fs.FS }

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if hidden(name) {
		h.notFound(w)
		return
	}
	if st, err := fs.Stat(h.files, name); err == nil && st.IsDir() {
		if _, err := fs.Stat(h.files, path.Join(name, "index.html")); err == nil {
			http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
			return
		}
		h.notFound(w)
		return
	}
	ctype := contentType(name)
	if ctype == "" {
		h.notFound(w)
		return
	}
	data, err := fs.ReadFile(h.files, name)
	if err != nil {
		h.notFound(w)
		return
	}
	// Legacy-charset pages are served byte for byte: GBK and Big5 trail bytes
	// overlap ASCII, so a byte-level rewrite could corrupt them (they carry
	// no absolute URLs anyway).
	if !strings.Contains(ctype, "charset=gb2312") && !strings.Contains(ctype, "charset=big5") {
		data = bytes.ReplaceAll(data, []byte(placeholderOrigin), []byte(origin(r)))
	}
	sum := sha256.Sum256(data)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, modTime(), bytes.NewReader(data))
}

func (h handler) notFound(w http.ResponseWriter) {
	body, err := fs.ReadFile(h.files, "404.html")
	if err != nil {
		body = []byte("404 page not found\n")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusNotFound)
	w.Write(body)
}

func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// contentType returns "" for a file the site does not serve.
func contentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".gbk.html"):
		return "text/html; charset=gb2312"
	case strings.HasSuffix(name, ".big5.html"):
		return "text/html; charset=big5"
	case strings.HasSuffix(name, ".html"):
		return "text/html; charset=utf-8"
	case name == "rss.xml":
		return "application/rss+xml; charset=utf-8"
	case strings.HasSuffix(name, ".xml"):
		return "application/xml; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(name, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".txt"):
		return "text/plain; charset=utf-8"
	}
	return ""
}

// SitesYAML returns a sites file (the format of DESIGN.md) that crawls the
// demo site at baseURL: alu-cn from the Chinese list pages and the RSS feed,
// alu-en from the English list pages and the sitemap. The rate is high
// because the site is on loopback and the demo should finish in seconds.
func SitesYAML(baseURL string) []byte {
	base := strings.TrimRight(baseURL, "/")
	q := func(p string) string { return strconv.Quote(base + p) }
	var b strings.Builder
	b.WriteString("# Sites file for the bundled demo site (generated by demosite.SitesYAML).\n")
	b.WriteString("user_agent: \"newsdex-demo (+https://github.com/newsdex/newsdex)\"\n")
	b.WriteString("sites:\n")
	fmt.Fprintf(&b, "  - name: alu-cn\n    start: [%s, %s]\n", q("/news/index.html"), q("/rss.xml"))
	b.WriteString("    rate: 50\n    max_pages: 200\n    lang: zh\n    timezone: Asia/Shanghai\n")
	b.WriteString("    article: '/news/\\d{4}/'\n")
	fmt.Fprintf(&b, "  - name: alu-en\n    start: [%s, %s]\n", q("/en/index.html"), q("/sitemap.xml"))
	b.WriteString("    rate: 50\n    max_pages: 200\n    lang: en\n    timezone: UTC\n")
	b.WriteString("    article: '/en/news/\\d{4}/'\n")
	return []byte(b.String())
}

// ExpectedArticle is the ground truth of one article page of the demo site.
//
// The body is the article's text paragraphs in reading order; photo captions
// are not part of it (they are listed in Captions) and neither is any of the
// clutter (copyright notice, comments, contact box, share buttons, related
// links). Entities are the names as the text writes them, each entity once,
// in the fullest form the article uses.
type ExpectedArticle struct {
	Path      string `json:"path"` // URL path on the demo site, e.g. /news/2026/10/20261012-1834.html
	Title     string `json:"title"`
	Published string `json:"published"` // RFC 3339 with offset
	Author    string `json:"author"`
	Source    string `json:"source"`
	Lang      string `json:"lang"` // zh (simplified or traditional) or en
	// Paragraphs counts the text paragraphs of the body, captions excluded.
	Paragraphs int `json:"paragraphs"`
	// BodyStart and BodyEnd are the first and last 20 characters (runes) of
	// the body.
	BodyStart string   `json:"body_start"`
	BodyEnd   string   `json:"body_end"`
	Captions  []string `json:"captions"`
	Companies []string `json:"companies"`
	Orgs      []string `json:"orgs"`
	People    []string `json:"people"`
	Places    []string `json:"places"`
}

// Expected returns the ground truth of every article page, newest Chinese
// first, then newest English first, as recorded in site/manifest.json.
func Expected() []ExpectedArticle {
	data, err := fs.ReadFile(Files(), "manifest.json")
	if err != nil {
		panic("demosite: " + err.Error())
	}
	var out []ExpectedArticle
	if err := json.Unmarshal(data, &out); err != nil {
		panic("demosite: manifest.json: " + err.Error())
	}
	return out
}
