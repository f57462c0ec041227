// Package importer reads articles from JSONL files (plain or gzip): one JSON
// object per line with url, title, published and body, and optionally id,
// lang, source, author, images and a wire dateline. A bad line is reported with its number and skipped; the
// rest of the file still imports.
package importer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	newsdex "github.com/newsdex/newsdex"
)

// MaxLine is the longest line read (a 20,000-character story is ~60 KB).
const MaxLine = 16 << 20

// Record is one line as it is written.
type Record struct {
	ID        string          `json:"id"`
	URL       *string         `json:"url"`
	Title     string          `json:"title"`
	Published *string         `json:"published"`
	Author    string          `json:"author"`
	Body      string          `json:"body"`
	Lang      string          `json:"lang"`
	Source    string          `json:"source"`
	Images    []newsdex.Image `json:"images"`
	// Dateline is a wire story's place-and-date line ("TOKYO, March 3"),
	// which some collections keep apart from the body (Reuters-21578 in
	// meta.dateline). It is put back in front of the body, where the wire
	// printed it: it is often the only place the story names its city.
	Dateline string `json:"dateline"`
	Meta     struct {
		Dateline string `json:"dateline"`
	} `json:"meta"`
}

// LineError is a line that could not be imported.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Reader reads articles from one file.
type Reader struct {
	name string
	sc   *bufio.Scanner
	line int
	// closers close the gzip stream and the file.
	closers []io.Closer
}

// Open opens a JSONL file; a .gz name, or gzip magic bytes, means gzip.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	r, err := NewReader(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closers = append(r.closers, f)
	return r, nil
}

// NewReader reads JSONL (plain or gzip) from r; name is used in errors.
func NewReader(name string, r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	rd := &Reader{name: name}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", name, err)
		}
		rd.closers = append(rd.closers, gz)
		rd.sc = bufio.NewScanner(gz)
	} else {
		rd.sc = bufio.NewScanner(br)
	}
	rd.sc.Buffer(make([]byte, 0, 1<<20), MaxLine)
	return rd, nil
}

// Close releases the file.
func (r *Reader) Close() error {
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Next returns the next article. A *LineError means that line is skipped and
// reading may go on; io.EOF ends the file; any other error ends it too (a
// truncated gzip stream, an unreadable file).
func (r *Reader) Next() (newsdex.Article, error) {
	for r.sc.Scan() {
		r.line++
		line := bytes.TrimSpace(r.sc.Bytes())
		if len(line) == 0 {
			continue
		}
		a, err := ParseLine(line)
		if err != nil {
			return a, &LineError{File: r.name, Line: r.line, Err: err}
		}
		return a, nil
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return newsdex.Article{}, fmt.Errorf("import %s: line %d is longer than %d bytes", r.name, r.line+1, MaxLine)
		}
		return newsdex.Article{}, fmt.Errorf("import %s: after line %d: %w", r.name, r.line, err)
	}
	return newsdex.Article{}, io.EOF
}

// ParseLine turns one JSON line into an article.
func ParseLine(line []byte) (newsdex.Article, error) {
	var rec Record
	if !utf8.Valid(line) {
		return newsdex.Article{}, errors.New("not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&rec); err != nil {
		return newsdex.Article{}, fmt.Errorf("bad JSON: %w", err)
	}
	if dec.More() {
		return newsdex.Article{}, errors.New("bad JSON: more than one value on the line")
	}
	a := newsdex.Article{
		ID:     strings.TrimSpace(rec.ID),
		Title:  strings.TrimSpace(rec.Title),
		Author: strings.TrimSpace(rec.Author),
		Body:   strings.TrimSpace(rec.Body),
		Lang:   strings.ToLower(strings.TrimSpace(rec.Lang)),
		Source: strings.TrimSpace(rec.Source),
		Images: rec.Images,
	}
	if a.Title == "" && a.Body == "" {
		return a, errors.New("no title and no body")
	}
	dateline := strings.TrimSpace(rec.Dateline)
	if dateline == "" {
		dateline = strings.TrimSpace(rec.Meta.Dateline)
	}
	if dateline != "" && a.Body != "" && !strings.HasPrefix(a.Body, dateline) {
		a.Body = dateline + " - " + a.Body
	}
	if a.Title == "" {
		a.Title = firstLine(a.Body)
	}
	if rec.URL != nil && strings.TrimSpace(*rec.URL) != "" {
		u, err := url.Parse(strings.TrimSpace(*rec.URL))
		if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return a, fmt.Errorf("bad url %q: want an absolute http(s) URL", *rec.URL)
		}
		u.Fragment = ""
		a.URL = u.String()
		if a.Source == "" {
			a.Source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	if rec.Published != nil && strings.TrimSpace(*rec.Published) != "" {
		t, err := ParseTime(*rec.Published)
		if err != nil {
			return a, err
		}
		a.Published = t
	}
	if len(a.ID) > 200 {
		return a, errors.New("id longer than 200 characters")
	}
	return a, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return s
}

// ParseTime reads RFC 3339 (the import format), also without seconds or
// offset, or a bare date; times without an offset are UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1800 || t.Year() > 2200 {
				return time.Time{}, fmt.Errorf("published %q is out of range", s)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad published %q: want RFC 3339 (2026-01-22T14:04:00+08:00)", s)
}
