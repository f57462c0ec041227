package entities

import (
	"fmt"
	"os"
	"sort"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

func TestZZPD(t *testing.T) {
	label := os.Getenv("PD_LABEL")
	if label == "" {
		t.Skip()
	}
	typ := map[string]newsdex.EntityType{"people": newsdex.Person, "places": newsdex.Place, "orgs": newsdex.Org}[label]
	docs := readCorpus(t, "zh-pd199801.jsonl.gz")
	x := testExtractor(t)
	an := testAnalyzer(t)
	fp, fn := map[string]int{}, map[string]int{}
	for _, d := range docs {
		a := newsdex.Article{Title: d.Title, Body: d.Body}
		if d.Body == d.Title {
			a.Body = ""
		}
		ms := x.mentions(&a, an.Analyze(a.Title), an.Analyze(a.Body))
		gold := map[string]bool{}
		for _, n := range d.Labels[label] {
			k, _ := x.Resolve(typ, n)
			gold[k] = true
		}
		pred := map[string]bool{}
		for _, m := range ms {
			if !m.nested && m.field != fieldMeta && (m.typ == typ || typ == newsdex.Org && m.typ == newsdex.Company) {
				pred[m.key] = true
			}
		}
		for k := range pred {
			if !gold[k] {
				fp[k]++
			}
		}
		for k := range gold {
			if !pred[k] {
				fn[k]++
			}
		}
	}
	show := func(name string, m map[string]int) {
		type kv struct {
			k string
			v int
		}
		var l []kv
		for k, v := range m {
			l = append(l, kv{k, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
		if len(l) > 120 {
			l = l[:120]
		}
		fmt.Println(name, l)
	}
	show("FP", fp)
	show("FN", fn)
}
