package importer

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseLine(t *testing.T) {
	cases := []struct {
		name, line string
		wantErr    string // substring; "" = must succeed
		check      func(t *testing.T, got string)
	}{
		{name: "full", line: `{"id":"x1","url":"https://news.example.cn/a.html#top","title":" 铝价 ","published":"2026-01-22T14:04:00+08:00","body":"正文","lang":"ZH","source":"alu"}`},
		{name: "null url and date", line: `{"url":null,"title":"t","published":null,"body":"b"}`},
		{name: "date only", line: `{"title":"t","body":"b","published":"2026-01-22"}`},
		{name: "extra fields ignored", line: `{"title":"t","body":"b","labels":{"topics":["crude"]},"meta":{"x":1}}`},
		{name: "no title takes the body's first line", line: `{"body":"第一行\n第二行"}`},
		{name: "broken JSON", line: `{"title":"t",`, wantErr: "bad JSON"},
		{name: "two values", line: `{"title":"a"} {"title":"b"}`, wantErr: "more than one"},
		{name: "empty article", line: `{"title":"  ","body":""}`, wantErr: "no title and no body"},
		{name: "relative url", line: `{"title":"t","url":"/a.html"}`, wantErr: "bad url"},
		{name: "javascript url", line: `{"title":"t","url":"javascript:alert(1)"}`, wantErr: "bad url"},
		{name: "bad date", line: `{"title":"t","published":"yesterday"}`, wantErr: "bad published"},
		{name: "date out of range", line: `{"title":"t","published":"0001-01-01T00:00:00Z"}`, wantErr: "out of range"},
		{name: "invalid UTF-8", line: "{\"title\":\"\xff\xfe\"}", wantErr: "UTF-8"},
		{name: "wrong type", line: `{"title":5}`, wantErr: "bad JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseLine([]byte(c.line))
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if a.Title == "" {
					t.Errorf("no title: %+v", a)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, c.wantErr)
			}
		})
	}
	d, _ := ParseLine([]byte(`{"title":"JAPAN RAISES RATES","body":"The Bank of Japan said...","meta":{"dateline":"TOKYO, March 3"}}`))
	if d.Body != "TOKYO, March 3 - The Bank of Japan said..." {
		t.Errorf("dateline not put back: %q", d.Body)
	}
	a, _ := ParseLine([]byte(`{"url":"https://www.example.cn/a.html#top","title":"t","published":"2026-01-22T14:04:00+08:00","lang":"ZH"}`))
	if a.URL != "https://www.example.cn/a.html" || a.Source != "example.cn" || a.Lang != "zh" {
		t.Errorf("normalised fields: %+v", a)
	}
	if _, off := a.Published.Zone(); off != 8*3600 || !a.Published.Equal(time.Date(2026, 1, 22, 6, 4, 0, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
}

// A bad line is reported with its number and skipped; the rest imports,
// from plain and gzip files alike.
func TestReaderSkipsBadLines(t *testing.T) {
	data := "{\"title\":\"one\"}\n\n{broken\n{\"title\":\"three\"}\n"
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(data))
	w.Close()
	for _, in := range []struct {
		name string
		r    io.Reader
	}{{"plain", strings.NewReader(data)}, {"gzip", &gz}} {
		r, err := NewReader(in.name, in.r)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		var lineErrs []int
		for {
			a, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var le *LineError
			if errors.As(err, &le) {
				lineErrs = append(lineErrs, le.Line)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			titles = append(titles, a.Title)
		}
		if strings.Join(titles, ",") != "one,three" || len(lineErrs) != 1 || lineErrs[0] != 3 {
			t.Errorf("%s: titles %v, bad lines %v; want one,three and line 3", in.name, titles, lineErrs)
		}
	}
}

func TestTruncatedGzip(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	for i := 0; i < 1000; i++ {
		w.Write([]byte("{\"title\":\"a fairly long title to fill the stream\",\"body\":\"body text\"}\n"))
	}
	w.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	r, err := NewReader("cut.gz", bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			t.Fatal("a truncated gzip stream must end in an error, not EOF")
		}
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				continue
			}
			break
		}
		n++
	}
	if n == 0 {
		t.Error("the lines before the cut must still be read")
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"x","url":"https://a.example/1","title":"铝","published":"2026-01-22T14:04:00+08:00","body":"b"}`,
		`{"title":null}`, `[]`, `"x"`, `{"url":"http://[::1]:namedport"}`, "{\"title\":\"\x00\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		a, err := ParseLine(line)
		if err != nil {
			return
		}
		if a.Title == "" {
			t.Fatalf("accepted an article without a title: %q", line)
		}
	})
}
