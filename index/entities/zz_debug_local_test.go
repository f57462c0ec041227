package entities

import (
	"fmt"
	"os"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

func TestZZWhy(t *testing.T) {
	key := os.Getenv("WHY_KEY")
	if key == "" {
		t.Skip()
	}
	docs := readCorpus(t, "en-reuters21578.jsonl.gz")
	x := testExtractor(t)
	an := testAnalyzer(t)
	counts := map[string]int{}
	shown := 0
	for _, d := range docs {
		a := reutersArticle(d, true)
		ta, ba := an.Analyze(a.Title), an.Analyze(a.Body)
		ms := x.mentions(&a, ta, ba)
		e := ms.entities(x)
		if !setOf(e.Places)[key] {
			continue
		}
		if lbl := os.Getenv("WHY_LABEL"); lbl != "" && (setOf(d.Labels["places"])[lbl] || len(d.Labels["places"]) == 0) {
			continue
		}
		for _, m := range ms {
			if m.typ != newsdex.Place {
				continue
			}
			hit := m.key == key
			if m.id >= 0 {
				x.tb.ancestors(m.id, func(id int32) {
					if x.tb.ents[id].key == key {
						hit = true
					}
				})
			}
			if hit {
				s := ba.Text.S
				if m.field == fieldTitle {
					s = ta.Text.S
				}
				end := m.start + 30
				if end > len(s) {
					end = len(s)
				}
				counts[m.key]++
				if shown < 60 {
					fmt.Printf("%s %v %s nested=%v lead=%v f=%d: %q\n", d.ID, d.Labels["places"], m.key, m.nested, m.lead, m.field, s[m.start:end])
					shown++
				}
			}
		}
	}
	fmt.Println(counts)
}
