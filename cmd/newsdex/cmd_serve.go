package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/server"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("serve", e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default; 0.0.0.0:8080 to serve the network)")
	poll := fs.Duration("poll", time.Second, "how often to look for articles a crawl or an import stored")
	cache := fs.Int("result-cache", index.DefaultResultCache, "search results kept for repeated searches (0: none)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cache < 0 {
		return usagef("--result-cache must be 0 or more")
	}
	opts := index.Options{LockTimeout: 2 * time.Second, ResultCache: *cache}
	if *cache == 0 {
		opts.ResultCache = -1
	}
	a, err := openApp(ctx, e, *data, true)
	if err != nil {
		return err
	}
	defer a.close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	return serve(ctx, e, a, ln, opts, *poll, nil)
}

// serve runs the server on ln until ctx ends: it holds the index, indexes
// what other processes store, and answers HTTP. ready, if set, is closed once
// the server answers.
func serve(ctx context.Context, e *env, a *app, ln net.Listener, opts index.Options, poll time.Duration, ready chan<- struct{}) error {
	ix, err := a.openIndex(ctx, opts)
	if errors.Is(err, index.ErrLocked) {
		ln.Close()
		return fmt.Errorf("another process holds the index in %s (another server, or an import indexing): %w", a.dataDir, err)
	}
	if err != nil {
		ln.Close()
		return err
	}
	defer ix.Close()

	srv, err := server.New(ix, a.store, a.entities, e.log)
	if err != nil {
		ln.Close()
		return err
	}
	httpSrv := &http.Server{
		Handler:           srv.NewMux(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // exports stream for a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	info, _ := json.Marshal(serverInfo{Addr: ln.Addr().String(), PID: os.Getpid(), Started: time.Now()})
	if err := os.WriteFile(a.serverFile(), info, 0o644); err != nil {
		e.log.Warn("cannot write server.json; 'newsdex search' will not find this server", "err", err)
	}
	defer os.Remove(a.serverFile())

	tailCtx, stopTail := context.WithCancel(ctx)
	tailDone := make(chan struct{})
	go func() {
		defer close(tailDone)
		tail(tailCtx, e, ix, poll)
	}()

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	e.log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "data", a.dataDir)
	if ready != nil {
		close(ready)
	}
	select {
	case err = <-serveErr:
	case <-ctx.Done():
		e.log.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = httpSrv.Shutdown(shutCtx)
		cancel()
	}
	stopTail()
	<-tailDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// tail indexes articles other processes store, within a poll interval.
// Once caught up after start, it checks that no stored article is missing
// from the index (a segment lost to a crash or a disk error) and indexes the
// missing ones again.
func tail(ctx context.Context, e *env, ix *index.Index, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	verified := false
	for {
		n, err := ix.CatchUp(ctx, nil)
		if err == nil && !verified {
			verified = true
			if lost, err := ix.Verify(ctx); err != nil && ctx.Err() == nil {
				e.log.Error("checking the index against the store", "err", err)
			} else if lost > 0 {
				e.log.Warn("indexed articles the index had lost", "articles", lost)
			}
		}
		switch {
		case err != nil && ctx.Err() == nil:
			e.log.Error("indexing new articles", "err", err)
		case n > 0:
			e.log.Info("indexed new articles", "articles", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
