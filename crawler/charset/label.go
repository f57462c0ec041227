package charset

import (
	"bytes"
	"mime"
	"regexp"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit bounds how far into the page a <meta> label is looked for:
// old portal pages put scripts and styles before it, far past the 1024
// bytes browsers scan.
const metaScanLimit = 16 << 10

var (
	metaCharsetRE = regexp.MustCompile(`(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:\-]+)`)
)

// bomEncoding recognises a byte-order mark and returns its encoding, name
// and length.
func bomEncoding(body []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	}
	return nil, "", 0
}

// headerLabel returns the charset parameter of an HTTP Content-Type.
func headerLabel(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return strings.TrimSpace(params["charset"])
	}
	// A malformed header can still name its charset plainly.
	// Lower-case ASCII byte by byte, so that offsets stay those of the
	// header (strings.ToLower would widen invalid bytes to U+FFFD).
	lowerBytes := []byte(contentType)
	for i, c := range lowerBytes {
		if c >= 'A' && c <= 'Z' {
			lowerBytes[i] = c + 'a' - 'A'
		}
	}
	lower := string(lowerBytes)
	if i := strings.Index(lower, "charset="); i >= 0 {
		if f := strings.Fields(contentType[i+len("charset="):]); len(f) > 0 {
			return strings.Trim(f[0], `"';`)
		}
	}
	return ""
}

// metaLabel returns the charset a <meta> tag near the top of the page names.
func metaLabel(body []byte) string {
	head := body
	if len(head) > metaScanLimit {
		head = head[:metaScanLimit]
	}
	if m := metaCharsetRE.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// lookup maps a label to a canonical name and encoding, following the WHATWG
// encoding standard except that every GB label decodes as GB18030, the
// superset: pages labelled gb2312 routinely contain GBK characters.
func lookup(label string) (string, encoding.Encoding) {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" {
		return "", nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return "", nil
	}
	switch name {
	case "gbk", "gb18030":
		return "gb18030", simplifiedchinese.GB18030
	case "utf-16le", "utf-16be":
		// WHATWG: a page that declares UTF-16 in ASCII bytes cannot be
		// UTF-16; treat the label as UTF-8.
		return "utf-8", unicode.UTF8
	}
	return name, enc
}

func isUTF16(name string) bool { return strings.HasPrefix(name, "utf-16") }
