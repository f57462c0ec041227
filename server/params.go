package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsdex/newsdex/index"
)

// ParseSearch reads the search parameters shared by /api/search, the feeds,
// the exports and the web page. Errors name the parameter.
func ParseSearch(v url.Values) (index.Request, error) {
	req := index.Request{
		Q:       v.Get("q"),
		Syntax:  index.Syntax(v.Get("syntax")),
		Lang:    multi(v, "lang", true),
		Source:  multi(v, "source", true),
		Company: multi(v, "company", false),
		Org:     multi(v, "org", false),
		Person:  multi(v, "person", false),
		Place:   multi(v, "place", false),
		Sort:    v.Get("sort"),
		Size:    index.DefaultSize,
	}
	var err error
	if req.Page, err = intParam(v, "page", 1); err != nil {
		return req, err
	}
	if req.Size, err = intParam(v, "size", index.DefaultSize); err != nil {
		return req, err
	}
	if req.FacetSize, err = intParam(v, "facet_size", index.DefaultFacets); err != nil {
		return req, err
	}
	if s := strings.TrimSpace(v.Get("from")); s != "" {
		if req.From, err = index.ParseDate(s, false); err != nil {
			return req, &index.RequestError{Param: "from", Msg: err.Error()}
		}
	}
	if s := strings.TrimSpace(v.Get("to")); s != "" {
		if req.To, err = index.ParseDate(s, true); err != nil {
			return req, &index.RequestError{Param: "to", Msg: err.Error()}
		}
	}
	switch v.Get("duplicates") {
	case "", "collapse":
	case "show":
		req.ShowDuplicates = true
	default:
		return req, &index.RequestError{Param: "duplicates", Msg: "must be collapse or show"}
	}
	return req, req.Normalize()
}

// multi returns the non-empty values of a repeatable parameter; with comma
// set a value may also list several (lang=zh,en). Entity names keep their
// commas ("Alcoa, Inc.").
func multi(v url.Values, key string, comma bool) []string {
	var out []string
	for _, s := range v[key] {
		parts := []string{s}
		if comma {
			parts = strings.Split(s, ",")
		}
		for _, part := range parts {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func intParam(v url.Values, key string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &index.RequestError{Param: key, Msg: fmt.Sprintf("must be a whole number, not %q", s)}
	}
	return n, nil
}
