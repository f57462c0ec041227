package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/newsdex/newsdex/crawler"
	"github.com/newsdex/newsdex/crawler/demosite"
	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/sites"
	"github.com/newsdex/newsdex/index"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags("demo", e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address the search page listens on")
	// --data is declared by newFlags with the usual default; the demo
	// keeps its data in a temporary folder unless --data is given.
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected arguments %q", rest)
	}
	dataDir := ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "data" {
			dataDir = f.Value.String()
		}
	})
	if dataDir == "" {
		tmp, err := os.MkdirTemp("", "newsdex-demo-")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}

	// The bundled site, on a loopback port of its own.
	siteLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	siteSrv := &http.Server{Handler: demosite.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go siteSrv.Serve(siteLn)
	defer siteSrv.Close()
	siteURL := "http://" + siteLn.Addr().String()

	sitesFile := filepath.Join(dataDir, "demo-sites.yaml")
	if err := os.WriteFile(sitesFile, demosite.SitesYAML(siteURL), 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	f, err := sites.Load(sitesFile)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	e.log.Info("demo: crawling the bundled site", "site", siteURL, "data", dataDir)
	sum, err := crawl(ctx, e, dataDir, f, crawler.Options{}, fetch.Options{Timeout: 10 * time.Second}, 0)
	if err != nil {
		ln.Close()
		return err
	}
	e.log.Info("demo: crawl done", "summary", sum.JSON())

	a, err := openApp(ctx, e, dataDir, true)
	if err != nil {
		ln.Close()
		return err
	}
	defer a.close()
	// Index before serving, so the first search already finds everything.
	ix, err := a.openIndex(ctx, index.Options{LockTimeout: 2 * time.Second})
	if err != nil {
		ln.Close()
		return err
	}
	n, err := ix.CatchUp(ctx, nil)
	ix.Close()
	if err != nil {
		ln.Close()
		return err
	}
	e.log.Info("demo: indexed", "articles", n)

	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
			fmt.Fprintf(e.stdout, "newsdex demo: open http://%s/ (search 铝, aluminium, 魏桥 …)\n", ln.Addr())
		case <-ctx.Done():
		}
	}()
	err = serve(ctx, e, a, ln, index.Options{LockTimeout: 2 * time.Second}, time.Second, ready)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
