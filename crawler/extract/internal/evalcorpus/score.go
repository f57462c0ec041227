package evalcorpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Result is what an extractor produced for one case.
type Result struct {
	Title     string
	Published time.Time
	Author    string
	Body      string
	Images    []Image
	Err       error
}

// Score is how one Result measures against its case; a field the case does
// not label is left unscored (its Has… flag false).
type Score struct {
	Case Case
	Err  error

	HasTitle, TitleExact bool

	HasDate, DateSameDay bool

	HasAuthor, AuthorFound, AuthorExact bool
	// AuthorAbsent: the labeller said the page names no author.
	AuthorAbsent, AuthorAbsentKept bool

	HasBody                   bool
	Precision, Recall, BodyF1 float64

	HasSnippets  bool
	SnippetScore float64

	HasImages   bool
	ImageRecall float64
}

// BodyScore is the case's main body measure: snippet score where the case
// has snippets, F1 otherwise.
func (s Score) BodyScore() float64 {
	if s.HasSnippets {
		return s.SnippetScore
	}
	return s.BodyF1
}

// Measure scores r against c on the fields c labels.
func Measure(c Case, r Result) Score {
	s := Score{Case: c, Err: r.Err}
	if c.Labels("title") && c.Title != "" {
		s.HasTitle = true
		s.TitleExact = NormalizeSpace(r.Title) == NormalizeSpace(c.Title)
	}
	if c.Labels("published") && c.Published != "" {
		s.HasDate = true
		s.DateSameDay = SameDay(c.Published, r.Published)
	}
	if c.Labels("author") && c.Author != "" {
		s.HasAuthor = true
		s.AuthorFound = strings.TrimSpace(r.Author) != ""
		s.AuthorExact = authorKey(r.Author) == authorKey(string(c.Author))
	}
	if c.Absent("author") {
		s.AuthorAbsent = true
		s.AuthorAbsentKept = strings.TrimSpace(r.Author) == ""
	}
	if c.Labels("body") {
		s.HasBody = true
		s.Precision, s.Recall, s.BodyF1 = F1(r.Body, c.Body)
	}
	if c.Labels("body_contains") || c.Labels("body_excludes") {
		s.HasSnippets = true
		s.SnippetScore = snippetScore(r.Body, c.BodyContains, c.BodyExcludes)
	}
	if c.Labels("images") && len(c.Images) > 0 {
		s.HasImages = true
		s.ImageRecall = imageRecall(r.Images, c.Images)
	}
	return s
}

// authorKey drops separators and spacing so that "王建宏 张文攀",
// "王建宏、张文攀" and "王建宏,张文攀" compare equal.
func authorKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// snippetScore is trafilatura's evaluation: the fraction of must-have
// snippets present plus the fraction of must-not snippets absent, averaged.
func snippetScore(body string, contains, excludes []string) float64 {
	text := NormalizeSpace(body)
	var parts []float64
	if len(contains) > 0 {
		n := 0
		for _, s := range contains {
			if strings.Contains(text, NormalizeSpace(s)) {
				n++
			}
		}
		parts = append(parts, float64(n)/float64(len(contains)))
	}
	if len(excludes) > 0 {
		n := 0
		for _, s := range excludes {
			if !strings.Contains(text, NormalizeSpace(s)) {
				n++
			}
		}
		parts = append(parts, float64(n)/float64(len(excludes)))
	}
	if len(parts) == 0 {
		return 1
	}
	sum := 0.0
	for _, p := range parts {
		sum += p
	}
	return sum / float64(len(parts))
}

// imageRecall is the fraction of labelled images whose file name is among
// the returned images (the ground truth resolved relative URLs against a
// fake host, so whole URLs cannot be compared).
func imageRecall(got, want []Image) float64 {
	names := map[string]bool{}
	for _, g := range got {
		names[lastSegment(g.Src)] = true
	}
	n := 0
	for _, w := range want {
		if names[lastSegment(w.Src)] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

func lastSegment(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u[strings.LastIndex(u, "/")+1:]
}

var (
	gtDateRE = regexp.MustCompile(`(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?)?`)
	gtZoneRE = regexp.MustCompile(`T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$`)
)

// SameDay reports whether got falls on the day the ground truth names, at the
// precision it names it ("1998-3" matches any day of March 1998). The
// ground truth writes the day as the page did, so got is read in its own
// offset, unless the ground truth carries an offset of its own.
func SameDay(want string, got time.Time) bool {
	if got.IsZero() {
		return false
	}
	want = strings.TrimSpace(want)
	if m := gtZoneRE.FindStringSubmatch(want); m != nil {
		if t, err := time.Parse(time.RFC3339, want); err == nil {
			got = got.In(t.Location())
		}
	}
	m := gtDateRE.FindStringSubmatch(want)
	if m == nil {
		return false
	}
	year, _ := strconv.Atoi(m[1])
	if got.Year() != year {
		return false
	}
	if m[2] != "" {
		month, _ := strconv.Atoi(m[2])
		if int(got.Month()) != month {
			return false
		}
	}
	if m[3] != "" {
		day, _ := strconv.Atoi(m[3])
		if got.Day() != day {
			return false
		}
	}
	return true
}
