package analysis

import (
	"reflect"

	blevea "github.com/blevesearch/bleve/v2/analysis"
	"strings"
	"sync"
	"testing"

	"github.com/newsdex/newsdex/index/segment"
)

var loadOnce = sync.OnceValues(func() (*Analyzer, error) {
	seg, err := segment.Load(segment.Options{})
	if err != nil {
		return nil, err
	}
	return New(seg), nil
})

func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := loadOnce()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func terms(a *Tokens, chars bool) []string {
	stream := a.WordTokens
	if chars {
		stream = append(append(blevea.TokenStream{}, a.Unigrams...), a.Bigrams...)
	}
	var out []string
	for _, t := range stream {
		out = append(out, string(t.Term))
	}
	return out
}

func has(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func TestAnalyzeTerms(t *testing.T) {
	a := analyzer(t)
	cases := []struct {
		name     string
		in       string
		words    []string // must be among the word terms
		notWords []string
		chars    []string // must be among the character terms
	}{
		{"english stems and stop words", "The acquisitions of Alcoa's smelters", []string{"acquisit", "alcoa", "smelter"}, []string{"the", "of", "alcoa's"}, nil},
		{"codes kept whole", "6063-T6 profiles for 5G and 3C", []string{"6063-t6", "6063", "t6", "5g", "3c", "profil"}, nil, nil},
		{"acronym", "U.S. aluminium premiums", []string{"us", "aluminium", "premium"}, nil, nil},
		{"full width", "ＯＰＥＣ减产", []string{"opec", "减产"}, nil, []string{"减", "减产", "产"}},
		{"traditional", "鋁業銀行", []string{"铝业", "银行"}, nil, []string{"铝", "铝业", "银", "银行"}},
		{"search-mode sub-words", "中华人民共和国", []string{"中华人民共和国", "人民", "共和国"}, nil, []string{"人民"}},
		{"mixed", "LME铝价上涨", []string{"lme", "铝价", "上涨"}, nil, []string{"铝", "铝价"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			an := a.Tokens(a.Analyze(c.in))
			w, ch := terms(an, false), terms(an, true)
			for _, x := range c.words {
				if !has(w, x) {
					t.Errorf("word terms %q lack %q", w, x)
				}
			}
			for _, x := range c.notWords {
				if has(w, x) {
					t.Errorf("word terms %q have %q", w, x)
				}
			}
			for _, x := range c.chars {
				if !has(ch, x) {
					t.Errorf("char terms %q lack %q", ch, x)
				}
			}
		})
	}
}

// Offsets must point into the original text, whatever normalization did.
func TestOffsetsPointIntoOriginal(t *testing.T) {
	a := analyzer(t)
	in := "ＯＰＥＣ會議：鋁業、銀行，6063-T6"
	an := a.Tokens(a.Analyze(in))
	want := map[string]string{"opec": "ＯＰＥＣ", "铝业": "鋁業", "银行": "銀行", "6063-t6": "6063-T6", "会议": "會議"}
	for _, tok := range an.WordTokens {
		if orig, ok := want[string(tok.Term)]; ok {
			if got := in[tok.Start:tok.End]; got != orig {
				t.Errorf("%s: offsets give %q, want %q", tok.Term, got, orig)
			}
			delete(want, string(tok.Term))
		}
	}
	if len(want) > 0 {
		t.Errorf("terms not found: %v", want)
	}
}

// Character positions must run consecutively inside a Han run and break
// between runs, so that a character phrase never spans punctuation.
func TestCharPositions(t *testing.T) {
	a := analyzer(t)
	an := a.Tokens(a.Analyze("铝业，新能源汽车"))
	pos := map[string]int{}
	for _, tok := range an.Bigrams {
		pos[string(tok.Term)] = tok.Position
	}
	if pos["能源"] != pos["新能"]+1 || pos["汽车"] != pos["源汽"]+1 {
		t.Errorf("positions inside a run not consecutive: %v", pos)
	}
	if pos["新能"] == pos["铝业"]+1 {
		t.Errorf("character phrase could span the comma: %v", pos)
	}
	if _, ok := pos["业新"]; ok {
		t.Errorf("pair across punctuation: %v", pos)
	}
}

func TestAnalyzeQuery(t *testing.T) {
	a := analyzer(t)
	q := a.AnalyzeQuery("铝合金车身")
	if got := q.PhraseTerms(); !reflect.DeepEqual(got, []string{"铝合金", "车身"}) {
		t.Errorf("phrase terms = %q", got)
	}
	want := []QueryPart{{Han: true, Run: "铝合金车身", Words: []string{"铝合金", "车身"}}}
	if !reflect.DeepEqual(q.Parts, want) {
		t.Errorf("parts = %+v", q.Parts)
	}
	q = a.AnalyzeQuery("state of the art 6063-T6")
	if got := strings.Join(q.PhraseTerms(), "|"); got != "state|||art|6063-t6" {
		t.Errorf("phrase with stop-word gaps = %q", got)
	}
	q = a.AnalyzeQuery("鋁業，ＬＭＥ铝价")
	want = []QueryPart{
		{Han: true, Run: "铝业", Words: []string{"铝业"}},
		{Words: []string{"lme"}},
		{Han: true, Run: "铝价", Words: []string{"铝价"}},
	}
	if !reflect.DeepEqual(q.Parts, want) {
		t.Errorf("parts = %+v", q.Parts)
	}
	if got := strings.Join(q.PhraseTerms(), "|"); got != "铝业||lme|铝价" {
		t.Errorf("phrase across punctuation = %q", got)
	}
	q = a.AnalyzeQuery("经济\n增长 steel\nprices")
	if got := strings.Join(q.PhraseTerms(), "|"); got != "经济||增长|steel||price" {
		t.Errorf("phrase across a line break = %q", got)
	}
}

func TestCharPhrase(t *testing.T) {
	cases := map[string][]string{
		"铝":     {"铝"},
		"铝业":    {"铝业"},
		"人民共":   {"人民", "民共"},
		"人民共和":  {"人民", "", "共和"},
		"人民共和国": {"人民", "", "共和", "和国"},
	}
	for in, want := range cases {
		if got := CharPhrase(in); !reflect.DeepEqual(got, want) {
			t.Errorf("CharPhrase(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkAnalyzeChinese(b *testing.B) {
	a := analyzer(b)
	text := strings.Repeat("滨州市高端铝产业集群预计实现营业收入3950亿元，同比增长10%，铝原料就地转化为中高端铝制品的比例达到50.1%。", 12)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Tokens(a.Analyze(text))
	}
}

func BenchmarkAnalyzeEnglish(b *testing.B) {
	a := analyzer(b)
	text := strings.Repeat("Aluminium premiums in Japan rose for a third quarter as buyers accepted offers of $185 a tonne, traders said on Tuesday. ", 12)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Tokens(a.Analyze(text))
	}
}
