package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// spec is the part of OpenAPI the test reads.
type spec struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		Parameters []struct {
			Name     string         `json:"name"`
			In       string         `json:"in"`
			Required bool           `json:"required"`
			Schema   map[string]any `json:"schema"`
		} `json:"parameters"`
		Responses map[string]struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

func loadSpec(t *testing.T, e *testEnv) *spec {
	t.Helper()
	res, body := e.get("/api/openapi.json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d", res.StatusCode)
	}
	var sp spec
	if err := json.Unmarshal(body, &sp); err != nil {
		t.Fatal(err)
	}
	if sp.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", sp.OpenAPI)
	}
	return &sp
}

// TestOpenAPIMatchesRoutes: every machine-facing route is described, and
// nothing described is missing from the mux.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newTestEnv(t)
	sp := loadSpec(t, e)
	var routed []string
	for _, rt := range e.srv.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if strings.HasPrefix(path, "/api/") || path == "/feed.atom" || path == "/healthz" || path == "/metrics" {
			if method != "GET" {
				t.Errorf("%s: only GET is described", rt.pattern)
			}
			routed = append(routed, path)
		}
	}
	var described []string
	for path, ops := range sp.Paths {
		described = append(described, path)
		for method := range ops {
			if method != "get" {
				t.Errorf("%s %s: the server only serves GET", method, path)
			}
		}
	}
	sort.Strings(routed)
	sort.Strings(described)
	if !slices.Equal(routed, described) {
		t.Errorf("routes %v\ndescribed %v", routed, described)
	}
	// /api/search documents exactly what ParseSearch and the export read.
	var params []string
	for _, p := range sp.Paths["/api/search"]["get"].Parameters {
		params = append(params, p.Name)
	}
	want := append(slices.Clone(searchParams), "format", "limit")
	sort.Strings(params)
	sort.Strings(want)
	if !slices.Equal(params, want) {
		t.Errorf("/api/search parameters %v, want %v", params, want)
	}
	// The documented bounds are the code's.
	for _, p := range sp.Paths["/api/search"]["get"].Parameters {
		switch p.Name {
		case "size":
			checkBounds(t, p.Name, p.Schema, 0, 100)
		case "page":
			checkBounds(t, p.Name, p.Schema, 1, 10000)
		case "facet_size":
			checkBounds(t, p.Name, p.Schema, 1, 1000)
		case "q":
			if p.Schema["maxLength"] != float64(1000) {
				t.Errorf("q maxLength %v", p.Schema["maxLength"])
			}
		}
	}
}

func checkBounds(t *testing.T, name string, schema map[string]any, lo, hi float64) {
	t.Helper()
	if schema["minimum"] != lo || schema["maximum"] != hi {
		t.Errorf("%s: documented %v–%v, enforced %v–%v", name, schema["minimum"], schema["maximum"], lo, hi)
	}
}

// TestOpenAPIMatchesAnswers validates real answers against the documented
// schemas (types, required and unknown properties, enums).
func TestOpenAPIMatchesAnswers(t *testing.T) {
	e := newTestEnv(t)
	sp := loadSpec(t, e)
	all := e.search(vals("size", "0"))
	entityPrefix := "a"
	if len(all.Facets.Companies) > 0 {
		entityPrefix = string([]rune(all.Facets.Companies[0].Value)[:1])
	}
	cases := []struct {
		path, specPath string
		status         int
	}{
		{"/api/search?q=%E9%93%9D&size=3", "/api/search", 200},
		{"/api/search?size=0", "/api/search", 200},
		{"/api/search?q=nothing-matches-this", "/api/search", 200},
		{"/api/search?size=-1", "/api/search", 400},
		{"/api/articles/fx-zh-016", "/api/articles/{id}", 200},
		{"/api/articles/fx-en-001", "/api/articles/{id}", 200},
		{"/api/articles/nope", "/api/articles/{id}", 404},
		{"/api/entities?type=company&prefix=" + entityPrefix, "/api/entities", 200},
		{"/api/entities?type=place", "/api/entities", 200},
		{"/api/entities?type=x", "/api/entities", 400},
		{"/healthz", "/healthz", 200},
	}
	for _, c := range cases {
		res, body := e.get(c.path)
		if res.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.path, res.StatusCode, c.status)
			continue
		}
		resp, ok := sp.Paths[c.specPath]["get"].Responses[fmt.Sprint(c.status)]
		if !ok {
			t.Errorf("%s: status %d not documented", c.specPath, c.status)
			continue
		}
		schema := resp.Content["application/json"].Schema
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		for _, problem := range validate(sp, schema, v, "$") {
			t.Errorf("%s: %s", c.path, problem)
		}
	}
}

// validate checks v against a JSON schema subset: $ref, type, properties,
// required, additionalProperties false, items, enum.
func validate(sp *spec, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, ok := sp.Components.Schemas[name]
		if !ok {
			return []string{at + ": unknown schema " + ref}
		}
		return validate(sp, s, v, at)
	}
	var out []string
	if typ, ok := schema["type"].(string); ok && !hasType(typ, v) {
		return []string{fmt.Sprintf("%s: %T, documented as %s", at, v, typ)}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		out = append(out, fmt.Sprintf("%s: %v not in %v", at, v, enum))
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := v[r]; !ok {
				out = append(out, fmt.Sprintf("%s: required %q missing", at, r))
			}
		}
		for k, val := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					out = append(out, fmt.Sprintf("%s: %q is not documented", at, k))
				}
				continue
			}
			out = append(out, validate(sp, ps, val, at+"."+k)...)
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, it := range v {
				out = append(out, validate(sp, items, it, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return out
}

func hasType(typ string, v any) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "boolean":
		_, ok := v.(bool)
		return ok
	}
	return false
}

func asStrings(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, s := range list {
			if s, ok := s.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
