package server

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// exportColumns are the CSV columns, in order.
var exportColumns = []string{"id", "url", "title", "published", "author", "source", "lang",
	"companies", "orgs", "people", "places", "body"}

// Export headers: the totals are known before the first byte (a count query
// runs first), the number actually written only at the end (a trailer).
const (
	headerTotal     = "X-Newsdex-Total"
	headerLimit     = "X-Newsdex-Export-Limit"
	headerTruncated = "X-Newsdex-Truncated"
	trailerCount    = "X-Newsdex-Exported"
)

// flushEvery is how many articles are written between flushes: the client
// sees progress and the server holds little.
const flushEvery = 200

// export streams every article a search matches (up to limit) as CSV or
// JSONL. Page and size are ignored; the order is the request's, newest
// first unless sort is given.
func (s *Server) export(w http.ResponseWriter, r *http.Request, req index.Request, format string) {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", index.MaxExport, 1, index.MaxExport)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Get("sort") == "" {
		req.Sort = index.SortNewest
	}
	ctx := r.Context()
	// The count validates the whole request too: a bad query is a 400
	// here, before any byte of the file is sent.
	countReq := req
	countReq.Page, countReq.Size, countReq.NoFacets, countReq.NoSnippets = 1, 0, true, true
	count, err := s.Index.Search(ctx, countReq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set(headerTotal, strconv.FormatUint(count.Total, 10))
	h.Set(headerLimit, strconv.Itoa(limit))
	h.Set(headerTruncated, strconv.FormatBool(count.Total > uint64(limit)))
	h.Set("Trailer", trailerCount)
	h.Set("Content-Disposition", contentDisposition(exportName(req.Q, time.Now(), format)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")

	bw := bufio.NewWriterSize(w, 64<<10)
	// write adds one article; flush pushes what is buffered to the client.
	var write func(store.Stored) error
	flush := bw.Flush
	switch format {
	case "csv":
		h.Set("Content-Type", "text/csv; charset=utf-8")
		bw.WriteString("\ufeff") // a BOM, so Excel reads the Chinese as UTF-8
		cw := csv.NewWriter(bw)
		cw.Write(exportColumns)
		write = func(a store.Stored) error { return cw.Write(csvRow(a)) }
		flush = func() error {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return bw.Flush()
		}
	case "jsonl":
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(a store.Stored) error { return enc.Encode(apiArticle(a.Article)) }
	}
	w.WriteHeader(http.StatusOK)

	rc := http.NewResponseController(w)
	written := 0
	_, err = s.Index.Each(ctx, req, limit, func(a store.Stored) error {
		if err := write(a); err != nil {
			return err
		}
		written++
		if written%flushEvery == 0 {
			if err := flush(); err != nil {
				return err
			}
			if err := rc.Flush(); err != nil {
				return err
			}
			// Each only checks the context between pages of 500.
			return ctx.Err()
		}
		return nil
	})
	if err != nil {
		// The status is sent: the only honest signal left is to cut the
		// connection, so a truncated file is never taken for a whole one.
		if ctx.Err() == nil {
			s.Log.ErrorContext(ctx, "export failed", "query", r.URL.RawQuery, "written", written, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
	if err := flush(); err != nil {
		panic(http.ErrAbortHandler) // the client went away
	}
	h.Set(trailerCount, strconv.Itoa(written))
}

// csvRow is one article as the CSV columns.
func csvRow(a store.Stored) []string {
	published := ""
	if !a.Published.IsZero() {
		published = a.Published.Format(time.RFC3339)
	}
	join := func(keys []string) string { return strings.Join(keys, "; ") }
	return []string{
		a.ID, a.URL, cell(a.Title), published, cell(a.Author), cell(a.Source), a.Lang,
		cell(join(a.Entities.Companies)), cell(join(a.Entities.Orgs)),
		cell(join(a.Entities.People)), cell(join(a.Entities.Places)), cell(a.Body),
	}
}

// cell defuses spreadsheet formulas: crawled text starting with = + - @ (or
// a tab or carriage return) would run as a formula in Excel, so it gets a
// leading apostrophe, which spreadsheets show as text and hide.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// exportName is newsdex-<query>-<date>.<ext>, the query reduced to letters
// and digits (of any script) joined by dashes.
func exportName(q string, now time.Time, ext string) string {
	var b strings.Builder
	dash := false
	for _, r := range q {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if utf8.RuneCountInString(b.String()) >= 40 {
				break
			}
		} else {
			dash = true
		}
	}
	slug := b.String()
	if slug == "" {
		slug = "all"
	}
	return fmt.Sprintf("newsdex-%s-%s.%s", slug, now.Format("2006-01-02"), ext)
}

// contentDisposition makes an attachment header per RFC 6266: an ASCII
// filename for old clients and filename* (RFC 5987) with the UTF-8 name.
func contentDisposition(name string) string {
	ascii := make([]rune, 0, len(name))
	for _, r := range name {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.", r)):
			ascii = append(ascii, r)
		default:
			ascii = append(ascii, '_')
		}
	}
	v := fmt.Sprintf(`attachment; filename="%s"`, string(ascii))
	if string(ascii) != name {
		v += "; filename*=UTF-8''" + url.PathEscape(name)
	}
	return v
}
