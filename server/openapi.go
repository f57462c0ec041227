package server

import (
	_ "embed"
	"net/http"

	newsdex "github.com/newsdex/newsdex"
)

// openAPI describes the JSON API, the feed and the operations endpoints.
// openapi_test.go checks it against the routes, the parameters ParseSearch
// reads and real answers, so it stays true.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Access-Control-Allow-Origin", "*")
	w.Write(openAPI)
}

// apiArticle is an article as the API and exports give it: lists are never
// null.
func apiArticle(a newsdex.Article) newsdex.Article {
	for _, t := range newsdex.EntityTypes {
		if a.Entities.Of(t) == nil {
			a.Entities.Set(t, []string{})
		}
	}
	if a.Images == nil {
		a.Images = []newsdex.Image{}
	}
	return a
}
