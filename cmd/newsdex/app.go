package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/segment"
	"github.com/newsdex/newsdex/index/store"
)

// app holds what most commands open: the store, the analyzer and the entity
// extractor; the index is opened by the commands that need it.
type app struct {
	dataDir  string
	log      *slog.Logger
	store    *store.Store
	seg      *segment.Segmenter
	analyzer *analysis.Analyzer
	entities *entities.Extractor
}

func (a *app) storePath() string  { return filepath.Join(a.dataDir, store.FileName) }
func (a *app) indexPath() string  { return filepath.Join(a.dataDir, index.DirName) }
func (a *app) lockPath() string   { return filepath.Join(a.dataDir, "crawl.lock") }
func (a *app) serverFile() string { return filepath.Join(a.dataDir, "server.json") }

// openApp opens the data folder. The segmenter (about a second to load) is
// loaded only when withAnalyzer is set.
func openApp(ctx context.Context, e *env, dataDir string, withAnalyzer bool) (*app, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	a := &app{dataDir: dataDir, log: e.log}
	st, err := store.Open(ctx, a.storePath())
	if err != nil {
		return nil, err
	}
	a.store = st
	if withAnalyzer {
		if err := a.loadAnalyzer(); err != nil {
			st.Close()
			return nil, err
		}
	}
	return a, nil
}

func (a *app) loadAnalyzer() error {
	start := time.Now()
	seg, err := segment.Load(segment.Options{CacheDir: os.Getenv("NEWSDEX_CACHE")})
	if err != nil {
		return err
	}
	ents, err := entities.New(entities.Options{AliasFiles: aliasFiles()})
	if err != nil {
		seg.Close()
		return err
	}
	a.seg, a.analyzer, a.entities = seg, analysis.New(seg), ents
	a.log.Debug("segmenter loaded", "dict", seg.DictDir(), "ms", time.Since(start).Milliseconds())
	return nil
}

// aliasFiles are the user's alias tables: NEWSDEX_ALIASES, a list of files
// separated like PATH.
func aliasFiles() []string {
	v := os.Getenv("NEWSDEX_ALIASES")
	if v == "" {
		return nil
	}
	return filepath.SplitList(v)
}

func (a *app) deps() index.Deps {
	return index.Deps{Analyzer: a.analyzer, Entities: a.entities, Store: a.store, Log: a.log}
}

// openIndex opens the index, rebuilding it from the store when it was built
// by another version of newsdex or cannot be read (damaged files: the
// damaged folder is kept beside it for inspection).
func (a *app) openIndex(ctx context.Context, opts index.Options) (*index.Index, error) {
	ix, err := index.Open(ctx, a.indexPath(), a.deps(), opts)
	switch {
	case err == nil, errors.Is(err, index.ErrLocked), ctx.Err() != nil:
		return ix, err
	case errors.Is(err, index.ErrStale):
		a.log.Warn("index was built by another version; rebuilding it from the store", "path", a.indexPath())
	default:
		aside := fmt.Sprintf("%s.damaged-%s", a.indexPath(), time.Now().Format("20060102-150405"))
		a.log.Error("index cannot be read; rebuilding it from the store", "path", a.indexPath(), "err", err, "kept_as", aside)
		if err := os.Rename(a.indexPath(), aside); err != nil {
			return nil, fmt.Errorf("set the damaged index aside: %w", err)
		}
	}
	if err := rebuildIndex(ctx, a, opts); err != nil {
		return nil, err
	}
	return index.Open(ctx, a.indexPath(), a.deps(), opts)
}

func (a *app) close() {
	if a.store != nil {
		a.store.Close()
	}
	if a.seg != nil {
		a.seg.Close()
	}
}
