package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdex/newsdex/index"
)

// Limits on parameters beyond those index.Request.Normalize checks. They keep
// hostile input a 400 before it reaches the index.
const (
	// maxValueRunes bounds one filter value (an entity name, a source).
	maxValueRunes = 200
	// maxValues bounds how many values one repeatable filter may have.
	maxValues = 20
)

// Dates outside these years are refused: bleve keeps dates as int64
// nanoseconds (years 1677–2262), and no news is older than print.
const (
	minYear = 1800
	maxYear = 2199
)

// searchParams are the parameters ParseSearch reads; text values are checked
// for valid UTF-8 and control characters.
var searchParams = []string{"q", "syntax", "lang", "source", "company", "org", "person", "place",
	"from", "to", "sort", "page", "size", "facet_size", "duplicates", "facets", "snippets"}

// ParseSearch reads the search parameters shared by /api/search, the feeds,
// the exports and the web page. Errors are *index.RequestError naming the
// parameter.
func ParseSearch(v url.Values) (index.Request, error) {
	for _, key := range searchParams {
		if err := checkText(key, v[key]); err != nil {
			return index.Request{}, err
		}
	}
	req := index.Request{
		Q:      v.Get("q"),
		Syntax: index.Syntax(strings.TrimSpace(v.Get("syntax"))),
		Sort:   strings.TrimSpace(v.Get("sort")),
	}
	// Tabs and line breaks (a pasted query) are spaces to every syntax.
	req.Q = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, req.Q)
	var err error
	for _, f := range []struct {
		key   string
		comma bool
		dest  *[]string
	}{
		{"lang", true, &req.Lang}, {"source", true, &req.Source},
		// Entity names keep their commas ("Alcoa, Inc.").
		{"company", false, &req.Company}, {"org", false, &req.Org},
		{"person", false, &req.Person}, {"place", false, &req.Place},
	} {
		if *f.dest, err = multi(v, f.key, f.comma); err != nil {
			return req, err
		}
	}
	// page is bounded here, before index.Normalize multiplies it by size.
	if req.Page, err = intParam(v, "page", 1, 1, index.MaxDepth); err != nil {
		return req, err
	}
	if req.Size, err = intParam(v, "size", index.DefaultSize, 0, index.MaxSize); err != nil {
		return req, err
	}
	if req.FacetSize, err = intParam(v, "facet_size", index.DefaultFacets, 1, index.MaxFacetSize); err != nil {
		return req, err
	}
	if req.From, err = dateParam(v, "from", false); err != nil {
		return req, err
	}
	if req.To, err = dateParam(v, "to", true); err != nil {
		return req, err
	}
	for _, sw := range []struct {
		key string
		off *bool
	}{{"facets", &req.NoFacets}, {"snippets", &req.NoSnippets}} {
		switch strings.TrimSpace(v.Get(sw.key)) {
		case "", "on":
		case "off":
			*sw.off = true
		default:
			return req, &index.RequestError{Param: sw.key, Msg: fmt.Sprintf("must be on or off, not %q", v.Get(sw.key))}
		}
	}
	switch strings.TrimSpace(v.Get("duplicates")) {
	case "", "collapse":
	case "show":
		req.ShowDuplicates = true
	default:
		return req, &index.RequestError{Param: "duplicates", Msg: fmt.Sprintf("must be collapse or show, not %q", v.Get("duplicates"))}
	}
	return req, req.Normalize()
}

// checkText refuses what no form sends and the analyzer would mangle:
// invalid UTF-8 and control characters (a NUL silently cuts jieba's input).
func checkText(key string, values []string) error {
	for _, s := range values {
		if !utf8.ValidString(s) {
			return &index.RequestError{Param: key, Msg: "is not valid UTF-8"}
		}
		for _, r := range s {
			if r == '\t' || r == '\n' || r == '\r' {
				continue
			}
			if r == 0 {
				return &index.RequestError{Param: key, Msg: "contains a NUL byte"}
			}
			if unicode.IsControl(r) {
				return &index.RequestError{Param: key, Msg: fmt.Sprintf("contains the control character %U", r)}
			}
		}
	}
	return nil
}

// multi returns the non-empty values of a repeatable parameter; with comma
// set a value may also list several (lang=zh,en).
func multi(v url.Values, key string, comma bool) ([]string, error) {
	var out []string
	for _, s := range v[key] {
		parts := []string{s}
		if comma {
			parts = strings.Split(s, ",")
		}
		for _, part := range parts {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if utf8.RuneCountInString(part) > maxValueRunes {
				return nil, &index.RequestError{Param: key, Msg: fmt.Sprintf("a value is longer than %d characters", maxValueRunes)}
			}
			out = append(out, part)
		}
	}
	if len(out) > maxValues {
		return nil, &index.RequestError{Param: key, Msg: fmt.Sprintf("at most %d values", maxValues)}
	}
	return out, nil
}

// intParam reads a whole number in [lo, hi]; absent or empty gives def.
func intParam(v url.Values, key string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if len(s) > 20 {
			s = s[:20] + "…"
		}
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, &index.RequestError{Param: key, Msg: fmt.Sprintf("must be from %d to %d", lo, hi)}
		}
		return 0, &index.RequestError{Param: key, Msg: fmt.Sprintf("must be a whole number, not %q", s)}
	}
	if n < lo || n > hi {
		return 0, &index.RequestError{Param: key, Msg: fmt.Sprintf("must be from %d to %d, not %d", lo, hi, n)}
	}
	return n, nil
}

// dateParam reads a date (YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339); with end
// set a day, month or year means its end (the instant after it).
func dateParam(v url.Values, key string, end bool) (time.Time, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := index.ParseDate(s, end)
	if err != nil {
		return t, &index.RequestError{Param: key, Msg: err.Error()}
	}
	if y := t.Year(); y < minYear || y > maxYear+1 || (y == maxYear+1 && !end) {
		return t, &index.RequestError{Param: key, Msg: fmt.Sprintf("must be in the years %d to %d", minYear, maxYear)}
	}
	return t, nil
}
