package segment

import (
	"strings"
	"sync"
	"testing"
)

var loadOnce = sync.OnceValues(func() (*Segmenter, error) { return Load(Options{}) })

func segmenter(t testing.TB) *Segmenter {
	t.Helper()
	s, err := loadOnce()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTagCoversText(t *testing.T) {
	s := segmenter(t)
	for _, text := range []string{
		"滨州市高端铝产业集群被科技部授予国家创新型产业集群称号",
		"魏桥轻量化基地内山东宏和轻量化科技有限公司生产车间。",
		"LME铝价周三上涨2.5%, 6063-T6型材需求旺盛",
		"电解铝和氧化铝产能继续向云南转移",
	} {
		words := s.Tag(text)
		var b strings.Builder
		for i, w := range words {
			if text[w.Start:w.End] != w.Text {
				t.Fatalf("%q: word %d %q has offsets [%d,%d) = %q", text, i, w.Text, w.Start, w.End, text[w.Start:w.End])
			}
			b.WriteString(w.Text)
		}
		if b.String() != text {
			t.Errorf("words of %q join to %q", text, b.String())
		}
	}
}

func TestIndustryDictionary(t *testing.T) {
	s := segmenter(t)
	want := map[string]bool{"电解铝": true, "氧化铝": true, "铝型材": true, "轻量化": true}
	for _, w := range s.Tag("电解铝氧化铝铝型材轻量化") {
		delete(want, w.Text)
	}
	if len(want) > 0 {
		t.Errorf("industry words not segmented whole: %v", want)
	}
}

func TestSubWords(t *testing.T) {
	s := segmenter(t)
	var got []string
	s.SubWords("中华人民共和国", func(sub string, start, end int) {
		if "中华人民共和国"[start:end] != sub {
			t.Errorf("sub %q offsets wrong", sub)
		}
		got = append(got, sub)
	})
	joined := strings.Join(got, " ")
	for _, w := range []string{"中华", "人民", "共和国"} {
		if !strings.Contains(joined, w) {
			t.Errorf("sub-words %q lack %q", joined, w)
		}
	}
}
