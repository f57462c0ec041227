package server

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	newsdex "github.com/newsdex/newsdex"
)

// fetch is a GET that keeps the response (trailers are read after the body).
func (e *testEnv) fetch(path string) (*http.Response, []byte) {
	e.t.Helper()
	res, err := http.Get(e.http.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, body
}

func TestExportCSV(t *testing.T) {
	e := newTestEnv(t)
	want := e.search(vals("q", "铝业", "size", "0")).Total
	res, body := e.fetch("/api/search?format=csv&q=" + url.QueryEscape("铝业") + "&size=3&page=2")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	cd := res.Header.Get("Content-Disposition")
	today := time.Now().Format("2006-01-02")
	if !strings.HasPrefix(cd, `attachment; filename="newsdex-__-`+today+`.csv"`) ||
		!strings.Contains(cd, "filename*=UTF-8''newsdex-"+url.PathEscape("铝业")+"-"+today+".csv") {
		t.Errorf("Content-Disposition: %s", cd)
	}
	if !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Fatal("no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], exportColumns) {
		t.Errorf("header %v", rows[0])
	}
	// Every match, not a page: page and size are ignored.
	if uint64(len(rows)-1) != want {
		t.Errorf("%d rows, %d matches", len(rows)-1, want)
	}
	if res.Header.Get(headerTotal) != strconv.FormatUint(want, 10) || res.Header.Get(headerTruncated) != "false" {
		t.Errorf("headers: %v", res.Header)
	}
	if res.Trailer.Get(trailerCount) != strconv.FormatUint(want, 10) {
		t.Errorf("trailer %s = %q", trailerCount, res.Trailer.Get(trailerCount))
	}
	var prev time.Time
	for i, row := range rows[1:] {
		if len(row) != len(exportColumns) || row[0] == "" || row[11] == "" {
			t.Fatalf("row %v", row)
		}
		// Newest first without a sort.
		published, err := time.Parse(time.RFC3339, row[3])
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && published.After(prev) {
			t.Errorf("not newest first: %s after %s", row[3], prev)
		}
		prev = published
	}
}

func TestExportJSONL(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.fetch("/api/search?format=jsonl&limit=7")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/x-ndjson; charset=utf-8" {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="newsdex-all-`) || strings.Contains(cd, "filename*") {
		t.Errorf("Content-Disposition: %s", cd)
	}
	if res.Header.Get(headerTruncated) != "true" || res.Header.Get(headerLimit) != "7" {
		t.Errorf("truncation not said: %v", res.Header)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var a newsdex.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if a.ID == "" || a.Body == "" || a.Entities.Companies == nil {
			t.Errorf("line %d: %+v", n+1, a)
		}
		n++
	}
	if n != 7 || res.Trailer.Get(trailerCount) != "7" {
		t.Errorf("%d lines, trailer %q", n, res.Trailer.Get(trailerCount))
	}
}

func TestExportEscapesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "@SUM": "'@SUM", "铝": "铝", "": ""} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExportName(t *testing.T) {
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ q, want, header string }{
		{"", "newsdex-all-2026-03-05.csv", `attachment; filename="newsdex-all-2026-03-05.csv"`},
		{"aluminium premiums", "newsdex-aluminium-premiums-2026-03-05.csv", `attachment; filename="newsdex-aluminium-premiums-2026-03-05.csv"`},
		{`"新能源汽车" -钢`, "newsdex-新能源汽车-钢-2026-03-05.csv",
			`attachment; filename="newsdex-_____-_-2026-03-05.csv"; filename*=UTF-8''newsdex-` + url.PathEscape("新能源汽车") + "-" + url.PathEscape("钢") + "-2026-03-05.csv"},
		{`../../etc/passwd"; x=`, "newsdex-etc-passwd-x-2026-03-05.csv", `attachment; filename="newsdex-etc-passwd-x-2026-03-05.csv"`},
	} {
		name := exportName(c.q, day, "csv")
		if name != c.want {
			t.Errorf("exportName(%q) = %q, want %q", c.q, name, c.want)
		}
		if h := contentDisposition(name); h != c.header {
			t.Errorf("contentDisposition(%q) = %s, want %s", name, h, c.header)
		}
	}
}
