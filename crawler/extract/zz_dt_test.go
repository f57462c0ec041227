package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/newsdex/newsdex/crawler/charset"
	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
)

func TestZZDate(t *testing.T) {
	id := os.Getenv("DBG_DT")
	if id == "" {
		t.Skip()
	}
	cases, _ := evalcorpus.Load(corpusDir())
	for _, c := range cases {
		if !strings.HasPrefix(c.ID, id) {
			continue
		}
		raw, _ := c.Page()
		text, _, _ := charset.Decode(raw, c.ContentType())
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(text))
		m := readMeta(doc)
		title, node := chooseTitle(doc.Get(0), m)
		fmt.Printf("== %s want %s\nmeta=%q\ntitle=%q\ntimes=%q\nheader=%q\n", c.ID, c.Published, m.published, title, timeElements(node), headerZone(doc.Get(0), node))
	}
}
