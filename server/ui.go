package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// pages are the web UI's templates, parsed once per Server. Every page is the
// layout plus its own "content"; html/template escapes everything an article
// brings (an article is data, never markup). Snippets are the one exception:
// the index escapes their text and adds only <mark>.
type pages struct {
	byName   map[string]*template.Template
	messages map[string][2]string
}

// pageNames are the templates besides the layout.
var pageNames = [...]string{"search", "article", "entity", "error"}

func parsePages(a *assets) (*pages, error) {
	funcs := template.FuncMap{
		// snippet trusts the index's snippet HTML (escaped text + <mark>).
		"snippet":    func(s string) template.HTML { return template.HTML(s) },
		"static":     a.url,
		"pathEscape": url.PathEscape,
		"add":        func(a, b int) int { return a + b },
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(embedded, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	p := &pages{byName: map[string]*template.Template{}, messages: messages()}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(embedded, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse %s page: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// page is what every template gets besides its own data.
type page struct {
	ui
	// Title is the document title (without the site name).
	Title string
	// Q is the query text shown in the header's search box.
	Q string
	// LangSwitch is this page's address in the other interface language.
	LangSwitch string
	// Feed, when set, is an Atom feed for this page.
	Feed string
	// Status is the HTTP status (error pages show it).
	Status int
}

// langCookie remembers the interface language the switch chose.
const langCookie = "newsdex_lang"

// uiFor picks the interface language: the ?lang_ui= switch (remembered in a
// cookie), then the cookie, then Accept-Language, then Chinese.
func (s *Server) uiFor(r *http.Request) ui {
	if v := r.URL.Query().Get("lang_ui"); v == langZH || v == langEN {
		return s.newUI(v)
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == langZH || c.Value == langEN) {
		return s.newUI(c.Value)
	}
	return s.newUI(acceptLanguage(r.Header.Get("Accept-Language")))
}

// rememberLang keeps the switch's choice in a cookie.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("lang_ui"); v == langZH || v == langEN {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: v, Path: "/", MaxAge: 365 * 24 * 3600,
			SameSite: http.SameSiteLaxMode, HttpOnly: true})
	}
}

// acceptLanguage returns zh or en, whichever the header prefers ("" when it
// names neither).
func acceptLanguage(h string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if (primary == langZH || primary == langEN) && q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}

// newPage fills the parts every page has.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title string) page {
	u := s.uiFor(r)
	rememberLang(w, r)
	other := langEN
	if u.Lang == langEN {
		other = langZH
	}
	q := r.URL.Query()
	q.Set("lang_ui", other)
	// The page depends on the cookie and the header: caches must know.
	w.Header().Add("Vary", "Accept-Language, Cookie")
	return page{ui: u, Title: title, LangSwitch: r.URL.Path + "?" + q.Encode(), Status: http.StatusOK}
}

// render executes a page into a buffer first, so a template error is a clean
// 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		if r.Context().Err() == nil {
			s.Log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Only our own files run or style the page; crawled images may come
	// from anywhere but never carry a referrer back.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "+
		"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	page
	Message string
}

// renderError shows an error page in the interface language.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := s.newPage(w, r, "")
	p.Title, p.Status = p.T("errorTitle"), status
	s.render(w, r, status, "error", errorPage{page: p, Message: msg})
}

// pageError shows err the way the UI does: 4xx with the reason, else a
// logged 5xx with a generic message.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	u := s.uiFor(r)
	switch {
	case status == http.StatusNotFound:
		msg = u.T("articleNotFound")
	case status >= 500:
		s.Log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		msg = u.T("internalError")
	case status == 499:
		return
	default:
		msg = u.Tf("badRequest", msg)
	}
	s.renderError(w, r, status, msg)
}

// parseTime reads an RFC 3339 time from a hit ("" gives zero).
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
