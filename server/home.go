package server

import (
	"embed"
	"html/template"
	"net/http"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are parsed once per Server; html/template escapes everything an
// article brings (an article is data, never markup). Snippets are the one
// exception: the index escapes them and adds only <mark>.
func parsePages() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"snippet": func(s string) template.HTML { return template.HTML(s) },
	}).ParseFS(templateFS, "templates/*.html"))
}

type homePage struct {
	Q      string
	Result any
	Error  string
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	page := homePage{Q: r.URL.Query().Get("q")}
	status := http.StatusOK
	if r.URL.Query().Has("q") {
		req, err := ParseSearch(r.URL.Query())
		if err == nil {
			res, serr := s.Index.Search(r.Context(), req)
			if serr == nil {
				page.Result = res
			}
			err = serr
		}
		if err != nil {
			page.Error = err.Error()
			status = http.StatusBadRequest
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := parsePages().ExecuteTemplate(w, "home.html", page); err != nil {
		s.Log.Error("render home", "err", err)
	}
}
