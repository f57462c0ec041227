package server

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
)

// The web UI's files are embedded: the binary serves them from anywhere,
// and nothing outside them can be reached through /static/.
//
//go:embed templates/*.html static/*
var embedded embed.FS

// assets are the static files with a version for cache busting.
type assets struct {
	files fs.FS
	// version is a hash of every static file: URLs carry it, so browsers
	// may cache the files for long and still see a new build's files.
	version string
}

func loadAssets() (*assets, error) {
	files, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	h := sha256.New()
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return &assets{files: files, version: hex.EncodeToString(h.Sum(nil)[:6])}, nil
}

// url is the address of a static file.
func (a *assets) url(name string) string {
	return "/static/" + path.Clean(name) + "?v=" + a.version
}

func (a *assets) handler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(a.files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Directory listings are not for the public.
		if p := r.URL.Path; p == "/static/" || p[len(p)-1] == '/' {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
