package index

import (
	"context"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestParseFacetCode(t *testing.T) {
	for _, n := range []int{0, 1, 35, 36, 1295, 46655, maxFacetCode - 1, maxFacetCode, 60466176, math.MaxInt32} {
		code := strconv.FormatInt(int64(n), 36)
		if got, ok := parseFacetCode([]byte(code)); !ok || got != n {
			t.Errorf("parseFacetCode(%q) = %d, %v, want %d", code, got, ok, n)
		}
	}
	for _, bad := range []string{"", "A", "-1", "2k ", "zzzzzz", "1000000", "铝"} {
		if _, ok := parseFacetCode([]byte(bad)); ok {
			t.Errorf("parseFacetCode(%q) accepted", bad)
		}
	}
}

// Codes past the dense slots are counted too, and a reset counter starts
// from zero.
func TestFacetCounterCountsEveryCode(t *testing.T) {
	var c facetCounter
	big := strconv.FormatInt(maxFacetCode+5, 36)
	for _, code := range []string{"2k", big, "2k", big, big, "0"} {
		c.UpdateVisitor([]byte(code))
	}
	got := map[int32]int{}
	for _, n := range c.touched {
		got[n] = c.count(n)
	}
	if want := map[int32]int{2*36 + 20: 2, maxFacetCode + 5: 3, 0: 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	c.reset()
	if len(c.touched) != 0 || c.count(2*36+20) != 0 || c.count(maxFacetCode+5) != 0 {
		t.Errorf("after reset: touched %v, counts %d %d", c.touched, c.count(2*36+20), c.count(maxFacetCode+5))
	}
}

// Every facet value's count is the number of hits its filter leaves, whether
// the facets were counted beside the search (a core idle) or before it (the
// process busy).
func TestFacetCountsMatchFilters(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	for _, q := range []string{"", "铝", "oil", "铝 OR 钢铁"} {
		base := Request{Q: q, Size: 10, FacetSize: MaxFacetSize}
		idle, err := f.ix.Search(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		f.ix.searching.Add(1000)
		busy, err := f.ix.Search(ctx, Request{Q: q, Size: 10, FacetSize: MaxFacetSize, Page: 1, Sort: SortRelevance})
		f.ix.searching.Add(-1000)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(idle.Facets, busy.Facets) {
			t.Errorf("%q: facets differ between the idle and the busy path:\n%+v\n%+v", q, idle.Facets, busy.Facets)
		}
		counted := 0
		check := func(facet string, fv FacetValue, narrow func(*Request)) {
			t.Helper()
			req := base
			req.Size = 0
			narrow(&req)
			res, err := f.ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if int(res.Total) != fv.Count {
				t.Errorf("%q: %s %s counted %d, its filter leaves %d", q, facet, fv.Value, fv.Count, res.Total)
			}
			counted++
		}
		for _, fv := range idle.Facets.Companies {
			check("company", fv, func(r *Request) { r.Company = []string{fv.Value} })
		}
		for _, fv := range idle.Facets.Places {
			check("place", fv, func(r *Request) { r.Place = []string{fv.Value} })
		}
		for _, fv := range idle.Facets.Lang {
			check("lang", fv, func(r *Request) { r.Lang = []string{fv.Value} })
		}
		for _, fv := range idle.Facets.Source {
			check("source", fv, func(r *Request) { r.Source = []string{fv.Value} })
		}
		for _, fv := range idle.Facets.Month {
			check("month", fv, func(r *Request) {
				m, err := time.Parse("2006-01", fv.Value)
				if err != nil {
					t.Fatal(err)
				}
				r.From, r.To = m, m.AddDate(0, 1, 0)
			})
		}
		if idle.Total > 0 && counted < 3 {
			t.Errorf("%q: %d hits but only %d facet values", q, idle.Total, counted)
		}
	}
}
