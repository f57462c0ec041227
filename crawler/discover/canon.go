// Package discover finds what to crawl next: the links of a page, its
// pagination, its canonical URL and advertised feeds, the entries of
// sitemaps and RSS/Atom feeds; it tells article pages from list pages and
// guards against crawler traps. It fetches nothing itself.
package discover

import (
	"errors"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// trackingParams are query keys that change nothing about the page: the
// same article shared from a newsletter and from a feed must be one URL.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "igshid": true, "ref_src": true,
	"spm": true, "scm": true, "vd_source": true, "wt.mc_id": true, "share_token": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_enc_id": true, "oly_anon_id": true,
}

// sessionParams are query keys that carry a session id: following them
// makes every visit a new set of URLs (a classic crawler trap).
var sessionParams = map[string]bool{
	"jsessionid": true, "phpsessid": true, "sid": true, "sessionid": true, "session_id": true,
	"session": true, "sess": true, "cfid": true, "cftoken": true, "aspsessionid": true,
	"zenid": true, "osCsid": true, "oscsid": true, "s_id": true,
}

// pathSessionRE matches session ids written into the path
// (/page.jsp;jsessionid=ABC123).
var pathSessionRE = regexp.MustCompile(`(?i);(jsessionid|phpsessid|sid|sessionid)=[^/?]*`)

// ErrNotHTTP is returned for links that are not http(s) pages.
var ErrNotHTTP = errors.New("not an http(s) URL")

// Canonicalize resolves ref against base (nil for an absolute ref) and
// returns the one spelling of the URL the crawl state is keyed on: lower-case
// scheme and host, no default port, no user info, no fragment, dot segments
// resolved, tracking and session parameters removed, the rest of the query
// sorted.
func Canonicalize(ref string, base *url.URL) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, ErrNotHTTP
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, ErrNotHTTP
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.Opaque = ""
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if port == "80" && u.Scheme == "http" || port == "443" && u.Scheme == "https" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	if port != "" {
		u.Host += ":" + port
	}
	u.Path = cleanPath(pathSessionRE.ReplaceAllString(u.Path, ""))
	u.RawPath = ""
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u, nil
}

func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	trailing := strings.HasSuffix(p, "/")
	p = path.Clean("/" + p)
	if trailing && p != "/" {
		p += "/"
	}
	return p
}

// cleanQuery drops tracking and session parameters and sorts the rest (by
// key, keeping the order of repeated keys).
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var kept []kv
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			dk = k
		}
		lk := strings.ToLower(dk)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] || sessionParams[lk] || strings.HasPrefix(lk, "aspsessionid") {
			continue
		}
		kept = append(kept, kv{k, v})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].k < kept[j].k })
	parts := make([]string, len(kept))
	for i, p := range kept {
		if p.v == "" && !strings.Contains(raw, p.k+"=") {
			parts[i] = p.k
		} else {
			parts[i] = p.k + "=" + p.v
		}
	}
	return strings.Join(parts, "&")
}

// SameHost reports whether two URLs are on the same host, ignoring "www."
// and the scheme.
func SameHost(a, b *url.URL) bool {
	return strings.TrimPrefix(a.Hostname(), "www.") == strings.TrimPrefix(b.Hostname(), "www.") && a.Port() == b.Port()
}
