package index

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Syntax is how query text is read.
type Syntax string

const (
	// SyntaxPlain is forgiving: words, "quoted phrases", +must, -not and OR;
	// every word must match; stray quotes, brackets and colons are ignored.
	SyntaxPlain Syntax = "plain"
	// SyntaxQuery is the query-string syntax of bleve and Lucene: field:value,
	// "phrases", +must, -not, AND, OR, NOT, (groups), ^boost, prefix*,
	// published:>=2026-01-01, published:[2026-01-01 TO 2026-02-01]. Words
	// without an operator are optional (any may match, more rank higher).
	SyntaxQuery Syntax = "query"
)

// SyntaxError is a query-string syntax error at a 1-based character column.
type SyntaxError struct {
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query syntax error at column %d: %s", e.Column, e.Msg)
}

// Query tree.
type (
	qnode interface{ qnode() }
	// qterm is a word, a phrase or a prefix on a field ("" = title and body).
	qterm struct {
		field  string
		text   string
		phrase bool
		prefix bool
		boost  float64
	}
	// qrange is field:[from TO to] or field:>=from.
	qrange struct {
		field            string
		from, to         string
		fromIncl, toIncl bool
		boost            float64
	}
	// qbool combines clauses: all must, at least one should (when there is
	// no must), none of mustNot.
	qbool struct {
		must, should, mustNot []qnode
		boost                 float64
	}
)

func (qterm) qnode()  {}
func (qrange) qnode() {}
func (qbool) qnode()  {}

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tPlus
	tMinus
	tNot
	tAnd
	tOr
	tColon
	tBoost
	tRange // [a TO b] or {a TO b}
	tCompare
)

type token struct {
	kind tokKind
	text string
	col  int // 1-based rune column
	// range tokens
	from, to         string
	fromIncl, toIncl bool
	// word tokens followed directly by ':'
	field bool
	// phrase without a closing quote (plain mode tolerates it)
	open bool
}

const specials = `()"^:[]{}+-!&|~\/<>=`

type lexer struct {
	src   []rune
	pos   int
	plain bool
	toks  []token
}

func lexQuery(s string, plain bool) ([]token, error) {
	l := &lexer{src: []rune(s), plain: plain}
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		l.toks = append(l.toks, t)
		if t.kind == tEOF {
			return l.toks, nil
		}
	}
}

func (l *lexer) errorf(col int, format string, args ...any) error {
	return &SyntaxError{Column: col, Msg: fmt.Sprintf(format, args...)}
}

// atClauseStart reports whether a +, - or ! here is a modifier rather than
// part of a word: at the start, or after space or an opening bracket.
func (l *lexer) atClauseStart() bool {
	if l.pos == 0 {
		return true
	}
	p := l.src[l.pos-1]
	return unicode.IsSpace(p) || p == '(' || p == 0x3000
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && (unicode.IsSpace(l.src[l.pos]) || l.src[l.pos] == 0x3000) {
		l.pos++
	}
	col := l.pos + 1
	if l.pos >= len(l.src) {
		return token{kind: tEOF, col: col}, nil
	}
	c := l.src[l.pos]
	switch {
	case c == '"' || c == '“' || c == '”' || c == '「':
		return l.phrase(col)
	case (c == '+' || c == '-' || c == '!') && l.atClauseStart() && l.pos+1 < len(l.src) && !unicode.IsSpace(l.src[l.pos+1]):
		l.pos++
		switch c {
		case '+':
			return token{kind: tPlus, col: col}, nil
		case '-':
			return token{kind: tMinus, col: col}, nil
		}
		return token{kind: tNot, col: col}, nil
	case c == '&' && l.peek(1) == '&':
		l.pos += 2
		return token{kind: tAnd, col: col, text: "&&"}, nil
	case c == '|' && l.peek(1) == '|':
		l.pos += 2
		return token{kind: tOr, col: col, text: "||"}, nil
	}
	if l.plain {
		// Everything else that is not a word character separates words.
		if strings.ContainsRune(specials, c) {
			l.pos++
			return l.next()
		}
		return l.word(col)
	}
	switch c {
	case '(':
		l.pos++
		return token{kind: tLParen, col: col}, nil
	case ')':
		l.pos++
		return token{kind: tRParen, col: col}, nil
	case ':':
		l.pos++
		return token{kind: tColon, col: col}, nil
	case '^':
		l.pos++
		start := l.pos
		for l.pos < len(l.src) && (unicode.IsDigit(l.src[l.pos]) || l.src[l.pos] == '.') {
			l.pos++
		}
		if start == l.pos {
			return token{}, l.errorf(col, "'^' must be followed by a number (a boost)")
		}
		return token{kind: tBoost, col: col, text: string(l.src[start:l.pos])}, nil
	case '[', '{':
		return l.rangeTok(col)
	case '>', '<':
		start := l.pos
		l.pos++
		if l.peek(0) == '=' {
			l.pos++
		}
		return token{kind: tCompare, col: col, text: string(l.src[start:l.pos])}, nil
	case '~':
		return token{}, l.errorf(col, "fuzzy search (~) is not supported")
	case '/':
		return token{}, l.errorf(col, "regular expressions (/…/) are not supported")
	case ']', '}':
		return token{}, l.errorf(col, "unexpected %q without an opening bracket", string(c))
	case '!', '+', '-', '&', '|', '=':
		return token{}, l.errorf(col, "unexpected %q", string(c))
	}
	return l.word(col)
}

func (l *lexer) peek(n int) rune {
	if l.pos+n < len(l.src) {
		return l.src[l.pos+n]
	}
	return 0
}

func (l *lexer) phrase(col int) (token, error) {
	l.pos++ // opening quote
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '\\' && l.pos+1 < len(l.src) {
			b.WriteRune(l.src[l.pos+1])
			l.pos += 2
			continue
		}
		if c == '"' || c == '”' || c == '“' || c == '」' {
			l.pos++
			return token{kind: tPhrase, col: col, text: b.String()}, nil
		}
		b.WriteRune(c)
		l.pos++
	}
	if l.plain {
		return token{kind: tPhrase, col: col, text: b.String(), open: true}, nil
	}
	return token{}, l.errorf(col, "phrase has no closing quote")
}

func (l *lexer) word(col int) (token, error) {
	start := l.pos
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if unicode.IsSpace(c) || c == 0x3000 {
			break
		}
		if c == '\\' && !l.plain && l.pos+1 < len(l.src) {
			b.WriteRune(l.src[l.pos+1])
			l.pos += 2
			continue
		}
		// Joiners inside a word (6063-T6, AT&T, a/b) belong to it.
		if (c == '-' || c == '&' || c == '/' || c == '+') && b.Len() > 0 && l.pos+1 < len(l.src) && !unicode.IsSpace(l.src[l.pos+1]) && !strings.ContainsRune(`()"`, l.src[l.pos+1]) {
			b.WriteRune(c)
			l.pos++
			continue
		}
		if strings.ContainsRune(specials, c) && c != '*' && c != '?' {
			break
		}
		b.WriteRune(c)
		l.pos++
	}
	w := b.String()
	if l.pos == start {
		// Nothing consumed: a lone escape at the end, or a special
		// character the caller did not expect here.
		if l.src[l.pos] == '\\' {
			return token{}, l.errorf(col, "'\\' at the end of the query escapes nothing")
		}
		return token{}, l.errorf(col, "unexpected %q", string(l.src[l.pos]))
	}
	t := token{kind: tWord, col: col, text: w}
	switch {
	case w == "OR":
		t.kind = tOr
	case w == "AND" && !l.plain:
		t.kind = tAnd
	case w == "NOT" && !l.plain:
		// In plain syntax NOT is a word (WILL NOT AFFECT in a wire headline);
		// -word excludes.
		t.kind = tNot
	}
	if !l.plain && t.kind == tWord && l.peek(0) == ':' {
		t.field = true
	}
	return t, nil
}

// rangeTok reads [from TO to] / {from TO to} (mixed brackets allowed).
func (l *lexer) rangeTok(col int) (token, error) {
	fromIncl := l.src[l.pos] == '['
	l.pos++
	end := -1
	for i := l.pos; i < len(l.src); i++ {
		if l.src[i] == ']' || l.src[i] == '}' {
			end = i
			break
		}
	}
	if end < 0 {
		return token{}, l.errorf(col, "range has no closing bracket")
	}
	inner := strings.Fields(string(l.src[l.pos:end]))
	if len(inner) != 3 || inner[1] != "TO" {
		return token{}, l.errorf(col, "a range reads [FROM TO TO], e.g. [2026-01-01 TO 2026-03-31]")
	}
	t := token{kind: tRange, col: col, from: inner[0], to: inner[2], fromIncl: fromIncl, toIncl: l.src[end] == ']'}
	if t.from == "*" {
		t.from = ""
	}
	if t.to == "*" {
		t.to = ""
	}
	l.pos = end + 1
	return t, nil
}

// parser turns tokens into a qnode tree.
type parser struct {
	toks  []token
	i     int
	plain bool
	depth int
}

const maxQueryDepth = 32

// parseQuery parses query text in the given syntax. An empty or all-noise
// query gives a nil tree (everything matches).
func parseQuery(s string, syntax Syntax) (qnode, error) {
	plain := syntax != SyntaxQuery
	toks, err := lexQuery(s, plain)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, plain: plain}
	if p.peek().kind == tEOF {
		return nil, nil
	}
	if plain {
		// Plain syntax reads what it can: whatever stops an expression is
		// skipped and reading goes on; the pieces must all match.
		var parts []qnode
		for p.peek().kind != tEOF {
			start := p.i
			n, err := p.orExpr()
			if err != nil {
				return nil, err
			}
			if n != nil {
				parts = append(parts, n)
			}
			if p.i == start {
				p.i++
			}
		}
		switch len(parts) {
		case 0:
			return nil, nil
		case 1:
			return parts[0], nil
		}
		return qbool{must: parts}, nil
	}
	n, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, &SyntaxError{Column: t.col, Msg: "')' without a matching '('"}
		}
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("unexpected %s", describe(t))}
	}
	return n, nil
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tAnd, tOr, tNot:
		return strconv.Quote(t.text)
	case tRParen:
		return "')'"
	case tLParen:
		return "'('"
	case tColon:
		return "':'"
	}
	return fmt.Sprintf("%q", t.text)
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) take() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) orExpr() (qnode, error) {
	first, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	alts := []qnode{first}
	for p.peek().kind == tOr {
		op := p.take()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			if p.plain {
				continue
			}
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%s must be followed by a term, found %s", op.text, describe(p.peek()))}
		}
		next, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		alts = append(alts, next)
	}
	alts = dropNil(alts)
	if len(alts) <= 1 {
		return first, nil
	}
	return qbool{should: alts}, nil
}

func (p *parser) andExpr() (qnode, error) {
	first, err := p.seq()
	if err != nil {
		return nil, err
	}
	all := []qnode{first}
	for p.peek().kind == tAnd {
		op := p.take()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			if p.plain {
				continue
			}
			return nil, &SyntaxError{Column: op.col, Msg: fmt.Sprintf("%s must be followed by a term, found %s", op.text, describe(p.peek()))}
		}
		next, err := p.seq()
		if err != nil {
			return nil, err
		}
		all = append(all, next)
	}
	all = dropNil(all)
	if len(all) <= 1 {
		return first, nil
	}
	return qbool{must: all}, nil
}

func dropNil(ns []qnode) []qnode {
	out := ns[:0]
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// seq is clauses side by side: +must, -not, and bare clauses that are
// required in plain syntax and optional in query syntax.
func (p *parser) seq() (qnode, error) {
	var b qbool
	n := 0
	for {
		t := p.peek()
		if t.kind == tEOF || t.kind == tRParen || t.kind == tOr || t.kind == tAnd {
			break
		}
		mod := tokKind(-1)
		if t.kind == tPlus || t.kind == tMinus || t.kind == tNot {
			mod = p.take().kind
			if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
				if p.plain {
					continue
				}
				return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("operator must be followed by a term, found %s", describe(p.peek()))}
			}
		}
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		n++
		switch {
		case mod == tPlus:
			b.must = append(b.must, c)
		case mod == tMinus || mod == tNot:
			b.mustNot = append(b.mustNot, c)
		case p.plain:
			b.must = append(b.must, c)
		default:
			b.should = append(b.should, c)
		}
	}
	if n == 0 {
		if p.plain {
			return nil, nil
		}
		return nil, &SyntaxError{Column: p.peek().col, Msg: fmt.Sprintf("expected a term, found %s", describe(p.peek()))}
	}
	if n == 1 && len(b.mustNot) == 0 {
		if len(b.must) == 1 {
			return b.must[0], nil
		}
		return b.should[0], nil
	}
	return b, nil
}

func (p *parser) clause() (qnode, error) {
	t := p.take()
	var (
		n   qnode
		err error
	)
	switch t.kind {
	case tLParen:
		if p.depth++; p.depth > maxQueryDepth {
			return nil, &SyntaxError{Column: t.col, Msg: "brackets nested too deep"}
		}
		if p.peek().kind == tRParen {
			return nil, &SyntaxError{Column: t.col, Msg: "empty brackets"}
		}
		n, err = p.orExpr()
		if err != nil {
			return nil, err
		}
		p.depth--
		if c := p.peek(); c.kind != tRParen {
			return nil, &SyntaxError{Column: c.col, Msg: fmt.Sprintf("expected ')' to close the '(' at column %d, found %s", t.col, describe(c))}
		}
		p.take()
	case tPhrase:
		if strings.TrimSpace(t.text) == "" {
			return nil, nil
		}
		n = qterm{text: t.text, phrase: true}
	case tWord:
		if t.field {
			return p.fieldClause(t)
		}
		n = wordTerm("", t.text)
	default:
		if p.plain {
			return nil, nil // plain syntax skips what it cannot read
		}
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("expected a term, found %s", describe(t))}
	}
	return p.boost(n)
}

func wordTerm(field, text string) qnode {
	if strings.HasSuffix(text, "*") && strings.Count(text, "*") == 1 && !strings.Contains(text, "?") && len(text) > 1 {
		return qterm{field: field, text: strings.TrimSuffix(text, "*"), prefix: true}
	}
	return qterm{field: field, text: strings.Trim(text, "*?")}
}

func (p *parser) fieldClause(f token) (qnode, error) {
	p.take() // ':'
	field := strings.ToLower(f.text)
	if !knownField(field) {
		return nil, &SyntaxError{Column: f.col, Msg: fmt.Sprintf("unknown field %q (fields: %s)", f.text, strings.Join(queryFields, ", "))}
	}
	t := p.take()
	var n qnode
	switch t.kind {
	case tWord:
		n = wordTerm(field, t.text)
	case tPhrase:
		n = qterm{field: field, text: t.text, phrase: true}
	case tRange:
		n = qrange{field: field, from: t.from, to: t.to, fromIncl: t.fromIncl, toIncl: t.toIncl}
	case tCompare:
		v := p.take()
		if v.kind != tWord {
			return nil, &SyntaxError{Column: v.col, Msg: fmt.Sprintf("expected a value after %s", t.text)}
		}
		r := qrange{field: field}
		switch t.text {
		case ">":
			r.from = v.text
		case ">=":
			r.from, r.fromIncl = v.text, true
		case "<":
			r.to = v.text
		case "<=":
			r.to, r.toIncl = v.text, true
		}
		n = r
	case tLParen:
		// field:(a b) applies the field to every term inside.
		p.i--
		inner, err := p.clause()
		if err != nil {
			return nil, err
		}
		return withField(inner, field), nil
	default:
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("expected a value after %s:, found %s", f.text, describe(t))}
	}
	return p.boost(n)
}

func withField(n qnode, field string) qnode {
	switch v := n.(type) {
	case qterm:
		if v.field == "" {
			v.field = field
		}
		return v
	case qbool:
		for _, list := range []*[]qnode{&v.must, &v.should, &v.mustNot} {
			out := make([]qnode, len(*list))
			for i, c := range *list {
				out[i] = withField(c, field)
			}
			*list = out
		}
		return v
	}
	return n
}

func (p *parser) boost(n qnode) (qnode, error) {
	if p.peek().kind != tBoost {
		return n, nil
	}
	t := p.take()
	b, err := strconv.ParseFloat(t.text, 64)
	if err != nil || b < 0 || b > 1000 {
		return nil, &SyntaxError{Column: t.col, Msg: fmt.Sprintf("boost %q must be a number from 0 to 1000", t.text)}
	}
	switch v := n.(type) {
	case qterm:
		v.boost = b
		return v, nil
	case qrange:
		v.boost = b
		return v, nil
	case qbool:
		v.boost = b
		return v, nil
	}
	return n, nil
}

// queryFields are the fields query syntax accepts.
var queryFields = []string{"title", "body", "source", "lang", "url", "month", "published", "company", "org", "person", "place"}

func knownField(f string) bool {
	for _, q := range queryFields {
		if q == f {
			return true
		}
	}
	return false
}

// runeCount is used by callers that limit query length in characters.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
