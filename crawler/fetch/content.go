package fetch

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
)

// TextLike reports whether a Content-Type may hold a page, a feed, a
// sitemap or robots.txt: HTML, XML and plain text, or no type at all. Images,
// archives, PDFs and octet streams are never downloaded.
func TextLike(contentType string) bool {
	if strings.TrimSpace(contentType) == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed header: judge by its first word.
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case strings.Contains(mt, "html"), strings.Contains(mt, "xml"):
		return true
	case mt == "application/x-gzip", mt == "application/gzip":
		// compressed sitemaps
		return true
	}
	return false
}

// HTMLLike reports a Content-Type the crawler parses as a web page.
func HTMLLike(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "" || strings.Contains(mt, "html") || mt == "text/plain"
}

// LooksBinary reports bodies that are not text whatever their label says:
// an image or an archive served as .html. Legacy Chinese encodings are text
// here (their bytes are all above 0x80); only control bytes and the magic
// numbers http.DetectContentType knows make a body binary.
func LooksBinary(body []byte) bool {
	if len(body) >= 2 && (bytes.HasPrefix(body, []byte{0xFF, 0xFE}) || bytes.HasPrefix(body, []byte{0xFE, 0xFF})) {
		return false // UTF-16 with a byte-order mark
	}
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		return false // gzip: a compressed sitemap, checked by its reader
	}
	ct := http.DetectContentType(body)
	return !(strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "html"))
}
