package discover

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
)

// Kind of a fetched document.
type Kind string

const (
	KindHTML    Kind = "html"
	KindFeed    Kind = "feed"
	KindSitemap Kind = "sitemap"
)

// Sniff tells feeds and sitemaps from web pages by their first element,
// whatever the URL or the Content-Type say.
func Sniff(body []byte) Kind {
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		return KindSitemap // gzip: only sitemaps are served compressed as files
	}
	head := body[:min(len(body), 2048)]
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return KindHTML
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	for i := 0; i < 20; i++ {
		tok, err := d.Token()
		if err != nil {
			return KindHTML
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(se.Name.Local) {
			case "rss", "feed", "rdf":
				return KindFeed
			case "urlset", "sitemapindex":
				return KindSitemap
			}
			return KindHTML
		}
	}
	return KindHTML
}

// Entry is a page a feed or a sitemap lists.
type Entry struct {
	URL *url.URL
	// Sitemap is set for the entries of a sitemap index: they are sitemaps.
	Sitemap bool
}

// maxSitemapBytes bounds a decompressed sitemap (the protocol's own limit
// is 50 MB).
const maxSitemapBytes = 50 << 20

// ParseFeed returns the item links of an RSS, Atom or JSON feed, with
// gofeed, in feed order.
func ParseFeed(body []byte, base *url.URL) ([]Entry, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	var out []Entry
	for _, it := range f.Items {
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		if u, err := Canonicalize(link, base); err == nil {
			out = append(out, Entry{URL: u})
		}
	}
	return out, nil
}

// ParseSitemap returns the URLs of a sitemap, or the sitemaps of a sitemap
// index (Entry.Sitemap set), gzip-compressed or not.
func ParseSitemap(body []byte, base *url.URL) ([]Entry, error) {
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("sitemap: %w", err)
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxSitemapBytes+1))
		if err != nil {
			return nil, fmt.Errorf("sitemap: %w", err)
		}
		if len(body) > maxSitemapBytes {
			return nil, errors.New("sitemap: over 50 MB decompressed")
		}
	}
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("sitemap: %w", err)
	}
	var out []Entry
	for _, s := range doc.Sitemaps {
		if u, err := Canonicalize(s.Loc, base); err == nil {
			out = append(out, Entry{URL: u, Sitemap: true})
		}
	}
	for _, e := range doc.URLs {
		if u, err := Canonicalize(e.Loc, base); err == nil {
			out = append(out, Entry{URL: u})
		}
	}
	return out, nil
}
