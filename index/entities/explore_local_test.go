package entities

import (
	"fmt"
	"os"
	"strings"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

func TestZZExplore(t *testing.T) {
	if os.Getenv("EXPLORE_FILE") == "" {
		t.Skip("EXPLORE_FILE not set")
	}
	x := testExtractor(t)
	b, _ := os.ReadFile(os.Getenv("EXPLORE_FILE"))
	title, body, _ := strings.Cut(string(b), "\n")
	e := extract(t, x, newsdex.Article{Title: title, Body: body})
	fmt.Printf("companies %q\norgs %q\npeople %q\nplaces %q\n", e.Companies, e.Orgs, e.People, e.Places)
}
