package index

import (
	"errors"
	"testing"
)

func TestParseQueryColumns(t *testing.T) {
	cases := []struct {
		q   string
		col int
	}{
		{`(((铝 AND`, 6},
		{`铝 AND`, 3},
		{`"unclosed`, 1},
		{`a)`, 2},
		{`title:`, 7},
		{`foo:bar`, 1},
		{`铝^x`, 2},
		{`(a OR b`, 8},
	}
	for _, c := range cases {
		_, err := parseQuery(c.q, SyntaxQuery)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %v, want a SyntaxError", c.q, err)
			continue
		}
		if se.Column != c.col {
			t.Errorf("%q: column %d (%s), want %d", c.q, se.Column, se.Msg, c.col)
		}
	}
}

// The parser must never panic, and plain syntax must never fail, whatever
// the input.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`(((铝 AND`, `+铝 -钢 "新能源汽车"`, `title:铝^2 OR body:(a b)`, `published:[2026-01-01 TO *]`,
		`a:>=5`, `\"`, `"a\`, `((((((((((((((((((((((((((((((((((x`, "\x00", `OR OR AND NOT`, `alumin*`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := parseQuery(q, SyntaxPlain); err != nil {
			t.Fatalf("plain %q: %v", q, err)
		}
		_, err := parseQuery(q, SyntaxQuery)
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("query %q: %v is not a SyntaxError", q, err)
		}
	})
}
