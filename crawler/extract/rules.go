package extract

import (
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/crawler/dates"
)

// ruledFields are the text fields a site's selectors picked out, read from
// the page before any cleaning.
type ruledFields struct {
	title, published, author, source string
	err                              error
}

func applyTextRules(doc *goquery.Document, r Rules) ruledFields {
	var f ruledFields
	pick := func(sel string) string {
		if sel == "" {
			return ""
		}
		s, err := selectSafely(doc, sel)
		if err != nil {
			f.err = err
			return ""
		}
		if v, ok := s.Attr("datetime"); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		if v, ok := s.Attr("content"); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return collapseSpace(s.Text())
	}
	f.title = pick(r.Title)
	f.published = pick(r.Published)
	f.author = pick(r.Author)
	f.source = pick(r.Source)
	if r.Body != "" {
		if _, err := selectSafely(doc, r.Body); err != nil {
			f.err = err
		}
	}
	return f
}

// selectSafely runs a site's selector. goquery silently matches nothing for
// a selector that does not parse; a typo in the sites file must be an error
// instead.
func selectSafely(doc *goquery.Document, sel string) (*goquery.Selection, error) {
	if _, err := cascadia.ParseGroup(sel); err != nil {
		return nil, fmt.Errorf("site rule %q: %w", sel, err)
	}
	return doc.Find(sel).First(), nil
}

// apply overwrites a's fields with those the rules found. A rule that
// matched nothing leaves the generic result in place.
func (f ruledFields) apply(a *newsdex.Article, loc *time.Location, now time.Time) error {
	if f.err != nil {
		return f.err
	}
	if f.title != "" {
		a.Title = f.title
	}
	if f.published != "" {
		if t, ok := dates.Find(f.published, loc, now); ok {
			a.Published = t
		}
	}
	if f.author != "" {
		if name := zhAuthor(f.author); name != "" {
			a.Author = name
		} else {
			a.Author = cleanAuthor(f.author)
		}
	}
	if f.source != "" {
		if s := zhSource(f.source); s != "" {
			a.Source = s
		} else {
			a.Source = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(f.source, "来源："), "来源:"))
		}
	}
	return nil
}
