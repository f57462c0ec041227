package entities

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/segment"
)

func TestZZExplore(t *testing.T) {
	seg, err := segment.Load(segment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	an := analysis.New(seg)
	b, _ := os.ReadFile(os.Getenv("EXPLORE_FILE"))
	for _, line := range strings.Split(string(b), "\n") {
		a := an.Analyze(line)
		var sb strings.Builder
		for _, w := range a.Words {
			fmt.Fprintf(&sb, "%s/%s ", w.Text, w.Tag)
		}
		fmt.Println(sb.String())
	}
}
