package main

import (
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"github.com/newsdex/newsdex/crawler/extract"
	"github.com/newsdex/newsdex/crawler/extract/internal/evalcorpus"
	"golang.org/x/net/html"
)

func peers() []peer {
	return []peer{
		{"newsdex", runNewsdex},
		{"go-trafilatura", func(h string, u *url.URL) evalcorpus.Result { return runTrafilatura(h, u, false) }},
		{"go-trafilatura+fallback", func(h string, u *url.URL) evalcorpus.Result { return runTrafilatura(h, u, true) }},
		{"go-readability", runReadability},
	}
}

func runNewsdex(page string, u *url.URL) evalcorpus.Result {
	a, err := extract.Extract(page, extract.Options{URL: u.String()})
	r := evalcorpus.Result{Title: a.Title, Published: a.Published, Author: a.Author, Body: a.Body, Err: err}
	for _, im := range a.Images {
		r.Images = append(r.Images, evalcorpus.Image{Src: im.Src, Caption: im.Caption})
	}
	return r
}

func runTrafilatura(page string, u *url.URL, fallback bool) evalcorpus.Result {
	res, err := trafilatura.Extract(strings.NewReader(page), trafilatura.Options{
		OriginalURL:    u,
		EnableFallback: fallback,
	})
	if err != nil {
		return evalcorpus.Result{Err: err}
	}
	return evalcorpus.Result{
		Title:     res.Metadata.Title,
		Published: res.Metadata.Date,
		Author:    res.Metadata.Author,
		Body:      trimLines(res.ContentText),
	}
}

func runReadability(page string, u *url.URL) evalcorpus.Result {
	p := readability.NewParser()
	art, err := p.Parse(strings.NewReader(page), u)
	if err != nil {
		return evalcorpus.Result{Err: err}
	}
	var body strings.Builder
	if art.Node != nil {
		_ = art.RenderText(&body)
	}
	published, _ := art.PublishedTime()
	r := evalcorpus.Result{
		Title:     art.Title(),
		Published: published,
		Author:    art.Byline(),
		Body:      trimLines(body.String()),
	}
	if art.Node != nil {
		for n := range art.Node.Descendants() {
			if n.Type == html.ElementNode && n.Data == "img" {
				for _, a := range n.Attr {
					if a.Key == "src" {
						r.Images = append(r.Images, evalcorpus.Image{Src: a.Val})
					}
				}
			}
		}
	}
	return r
}
