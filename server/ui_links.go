package server

import (
	"net/url"
	"strings"
)

// links builds the addresses of a search page's controls from its query:
// every control keeps the rest of the search and goes back to page 1.
type links struct {
	path string
	base url.Values
}

// newLinks starts from a request's query without the parameters no link
// should carry on.
func newLinks(path string, q url.Values) links {
	base := url.Values{}
	for k, vs := range q {
		switch k {
		case "lang_ui", "format", "page":
			continue
		}
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				base[k] = append(base[k], v)
			}
		}
	}
	// Comma lists (lang=zh,en) become one value per parameter, so each
	// value can be removed alone.
	for _, k := range []string{"lang", "source"} {
		if vs, ok := base[k]; ok {
			vals, _ := multi(url.Values{k: vs}, k, true)
			base[k] = vals
		}
	}
	return links{path: path, base: base}
}

func (l links) clone() url.Values {
	c := make(url.Values, len(l.base))
	for k, vs := range l.base {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func (l links) href(q url.Values) string {
	if len(q) == 0 {
		return l.path
	}
	return l.path + "?" + q.Encode()
}

// has reports whether key=value is set.
func (l links) has(key, value string) bool {
	for _, v := range l.base[key] {
		if v == value {
			return true
		}
	}
	return false
}

// toggle adds key=value, or removes it when set.
func (l links) toggle(key, value string) string {
	if l.has(key, value) {
		return l.without(key, value)
	}
	q := l.clone()
	q.Add(key, value)
	return l.href(q)
}

// without removes key=value.
func (l links) without(key, value string) string {
	q := l.clone()
	var keep []string
	for _, v := range q[key] {
		if v != value {
			keep = append(keep, v)
		}
	}
	if len(keep) == 0 {
		q.Del(key)
	} else {
		q[key] = keep
	}
	return l.href(q)
}

// with sets keys to values (an empty value removes the key).
func (l links) with(kv ...string) string {
	q := l.clone()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	return l.href(q)
}

// page is the address of page n (page 1 has no parameter).
func (l links) page(n int) string {
	q := l.clone()
	if n > 1 {
		q.Set("page", itoa(n))
	}
	return l.href(q)
}

// drop removes keys (exports ignore size; feeds ignore sort and size).
func (l links) drop(keys ...string) links {
	q := l.clone()
	for _, k := range keys {
		q.Del(k)
	}
	return links{path: l.path, base: q}
}
