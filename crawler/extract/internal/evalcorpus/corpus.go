// Package evalcorpus loads the shared extraction corpus (real pages with
// ground truth) and scores an extractor's output against it. It is shared by
// the extractor's evaluation test and by the nested peer-comparison module, so
// that ours and the peers are measured by exactly the same rules.
package evalcorpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Case is one page of the corpus with its ground truth.
type Case struct {
	Source        string   `json:"-"`
	ID            string   `json:"-"`
	Dir           string   `json:"-"`
	URL           string   `json:"url"`
	Lang          string   `json:"lang"`
	Title         string   `json:"title"`
	Published     string   `json:"published"`
	Author        Text     `json:"author"`
	Body          string   `json:"body"`
	GTFields      []string `json:"gt_fields"`
	GTQuality     string   `json:"gt_quality"`
	AbsentFields  []string `json:"absent_fields"`
	BodyContains  []string `json:"body_contains"`
	BodyExcludes  []string `json:"body_excludes"`
	Images        []Image  `json:"images"`
	HeaderCharset string   `json:"header_charset"`
	// ActualEncoding is what the bytes really decode as.
	ActualEncoding string `json:"actual_encoding"`
}

// Text is a ground-truth string that some sources give as a list (several
// authors); a list is joined with ", ".
type Text string

// UnmarshalJSON accepts a string or a list of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*t = Text(strings.Join(list, ", "))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*t = Text(s)
	return nil
}

// Image is a labelled image of a case.
type Image struct {
	Src     string `json:"src"`
	Caption string `json:"caption"`
}

// Labels reports whether the case's ground truth covers field.
func (c Case) Labels(field string) bool { return slices.Contains(c.GTFields, field) }

// Absent reports whether the labeller marked field as not on the page.
func (c Case) Absent(field string) bool { return slices.Contains(c.AbsentFields, field) }

// ContentType is what an HTTP server would have said about the page: the
// crawl recorded a header charset for some old pages, and without it those
// pages cannot be decoded the way a crawler would have.
func (c Case) ContentType() string {
	if c.HeaderCharset == "" {
		return ""
	}
	return "text/html; charset=" + c.HeaderCharset
}

// Page returns the page's bytes, decompressed.
func (c Case) Page() ([]byte, error) {
	f, err := os.Open(filepath.Join(c.Dir, "page.html.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("page %s/%s: %w", c.Source, c.ID, err)
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// Load reads every case listed in dir/index.jsonl, in index order.
func Load(dir string) ([]Case, error) {
	idx, err := os.ReadFile(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		return nil, err
	}
	var cases []Case
	sc := bufio.NewScanner(bytes.NewReader(idx))
	for sc.Scan() {
		var entry struct{ Source, ID string }
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &entry); err != nil {
			return nil, fmt.Errorf("index.jsonl: %w", err)
		}
		caseDir := filepath.Join(dir, entry.Source, entry.ID)
		raw, err := os.ReadFile(filepath.Join(caseDir, "expected.json"))
		if err != nil {
			return nil, err
		}
		c := Case{Source: entry.Source, ID: entry.ID, Dir: caseDir}
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("%s/%s expected.json: %w", entry.Source, entry.ID, err)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}
