package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The index folder holds one bleve index per span of publication years (a
// shard, named by its first year: "2020", or "undated") and a small "meta"
// index that records the version and the span and takes the process lock.
// Searches go through a bleve IndexAlias over the shards. A shard stops
// growing when its span ends, so merges stay within it and old shards are
// never rewritten; a search bounded by dates opens only the shards it
// covers. The span is a trade: every shard a search opens adds a fixed cost
// (on two cores, five one-year shards of zh-xwlb answered p99 22.7 ms where
// one index answered 16.4 ms), so the default is a decade: ten million
// articles over twenty years are two shards, or twenty with --shard-years 1
// on a machine with the cores to search them side by side.

const (
	metaShard    = "meta"
	undatedShard = "undated"
)

// DefaultShardYears is the span of publication years of one shard.
const DefaultShardYears = 10

// key is the shard an article published at t belongs to.
func (s *shardSet) key(t time.Time) string {
	if t.IsZero() {
		return undatedShard
	}
	y := t.Year()
	return fmt.Sprintf("%04d", y-((y%s.years)+s.years)%s.years)
}

func isShardName(name string) bool {
	if name == undatedShard {
		return true
	}
	if len(name) != 4 {
		return false
	}
	_, err := strconv.Atoi(name)
	return err == nil
}

// shardSet is the open meta index and shards of one index folder.
type shardSet struct {
	dir    string
	config map[string]any
	meta   bleve.Index
	years  int // the span of one shard

	mu     sync.RWMutex
	shards map[string]bleve.Index
	alias  bleve.IndexAlias // over every shard
}

// openShards opens the index folder dir, creating it when absent with shards
// of `years` years (an existing index keeps the span it was built with).
func openShards(dir string, config map[string]any, years int) (*shardSet, error) {
	if isIndex(dir) {
		// One bleve index for everything: the layout before shards.
		return nil, fmt.Errorf("single-index layout: %w", ErrStale)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	meta, err := openOrCreateMeta(filepath.Join(dir, metaShard), config, map[string]string{
		internalVersion:    Version,
		internalShardYears: strconv.Itoa(years),
	})
	if err != nil {
		return nil, err
	}
	s := &shardSet{dir: dir, config: config, meta: meta, shards: map[string]bleve.Index{}, alias: bleve.NewIndexAlias()}
	if s.years, err = readLayout(meta); err != nil {
		meta.Close()
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		meta.Close()
		return nil, err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() && strings.HasSuffix(e.Name(), newSuffix) {
			// Left by a process killed while creating a shard: nothing
			// in it was ever searchable.
			os.RemoveAll(path)
			continue
		}
		if !e.IsDir() || !isShardName(e.Name()) {
			continue
		}
		if !isIndex(path) {
			// Made by an older version killed before bleve wrote anything.
			os.RemoveAll(path)
			continue
		}
		bi, err := openOrCreate(path, config)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("shard %s: %w", e.Name(), err)
		}
		s.add(e.Name(), bi)
	}
	return s, nil
}

// isIndex reports whether a bleve index was written at path.
func isIndex(path string) bool {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	return err == nil
}

// readLayout checks the version the meta index records and returns its shard
// span.
func readLayout(meta bleve.Index) (years int, err error) {
	v, err := meta.GetInternal([]byte(internalVersion))
	if err != nil {
		return 0, err
	}
	if string(v) != Version {
		return 0, fmt.Errorf("built as %q, now %q: %w", v, Version, ErrStale)
	}
	span, err := meta.GetInternal([]byte(internalShardYears))
	if err != nil {
		return 0, err
	}
	if years, err = strconv.Atoi(string(span)); err != nil || years < 1 {
		return 0, fmt.Errorf("shard span %q: %w", span, ErrStale)
	}
	return years, nil
}

// openOrCreateMeta opens the meta index, or creates it in place. Its bleve
// lock is the index's process lock, so it is created where it stays: two
// processes starting on a new folder then meet on that lock (one of them
// gets ErrLocked) instead of racing over a temporary folder. A kill while it
// is created leaves an index that cannot be opened, which the commands
// treat as damage (rebuilt from the store); shards, created by the lock's
// holder alone, are made whole before they get their names.
func openOrCreateMeta(path string, shared map[string]any, init map[string]string) (bleve.Index, error) {
	if isIndex(path) {
		return bleve.OpenUsing(path, configCopy(shared))
	}
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, configCopy(shared))
	if err != nil {
		return nil, err
	}
	// Wait for the disk (the mapping, written before, goes with it), while
	// the index keeps its config without a wait for every later write.
	b := bi.NewBatch()
	for k, v := range init {
		b.SetInternal([]byte(k), []byte(v))
	}
	if err := persist(context.Background(), bi, b); err != nil {
		bi.Close()
		return nil, err
	}
	return bi, nil
}

// openOrCreate opens the shard at path, or creates it with newsdex's mapping.
//
// A new shard is made whole in a folder beside its own and renamed into
// place: bleve writes index_meta.json before its mapping reaches the disk,
// so a process killed while creating a shard used to leave one that looked
// like an index but could not be opened ("error parsing mapping JSON"), and
// every later import failed on it.
func openOrCreate(path string, shared map[string]any) (bleve.Index, error) {
	if !isIndex(path) {
		if err := create(path, shared); err != nil {
			return nil, fmt.Errorf("create %s: %w", filepath.Base(path), err)
		}
	}
	bi, err := bleve.OpenUsing(path, configCopy(shared))
	if err != nil {
		// bleve returns a typed nil index with an error: nothing to close.
		return nil, err
	}
	return bi, nil
}

// create writes a new, empty index at path through a temporary folder.
func create(path string, shared map[string]any) error {
	tmp := path + newSuffix
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.RemoveAll(path); err != nil { // a folder bleve never wrote to
		return err
	}
	config := configCopy(shared)
	// Every write waits for the disk here: the mapping must be there before
	// the folder gets its name.
	delete(config, "unsafe_batch")
	bi, err := bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, config)
	if err != nil {
		return err
	}
	if err := bi.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// The rename itself survives a power cut only once the folder holding
	// it is on disk; a kill needs nothing more.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// newSuffix marks a shard being created; one left by a killed process is
// removed when the index folder is opened.
const newSuffix = ".new"

// configCopy gives each index its own copy of the bleve config: bleve writes
// into the map it is given and scorch reads it while searching, so one map
// shared by shards is a data race (found by TestShardsCreatedDuringSearches
// under -race).
func configCopy(shared map[string]any) map[string]any {
	config := make(map[string]any, len(shared)+1)
	for k, v := range shared {
		config[k] = v
	}
	return config
}

// add registers an open shard. Callers hold mu or own s alone.
func (s *shardSet) add(key string, bi bleve.Index) {
	// Hits carry their shard's name, which is how a batch finds the copy of
	// an article filed under another span of years.
	bi.SetName(key)
	s.shards[key] = bi
	s.alias.Add(bi)
}

// get returns the shard for key, creating it at first use.
func (s *shardSet) get(key string) (bleve.Index, error) {
	s.mu.RLock()
	bi := s.shards[key]
	s.mu.RUnlock()
	if bi != nil {
		return bi, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if bi := s.shards[key]; bi != nil {
		return bi, nil
	}
	bi, err := openOrCreate(filepath.Join(s.dir, key), s.config)
	if err != nil {
		return nil, fmt.Errorf("shard %s: %w", key, err)
	}
	s.add(key, bi)
	return bi, nil
}

// list is the open shards in key order.
func (s *shardSet) list() []bleve.Index {
	s.mu.RLock()
	defer s.mu.RUnlock()
	keys := make([]string, 0, len(s.shards))
	for k := range s.shards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]bleve.Index, len(keys))
	for i, k := range keys {
		out[i] = s.shards[k]
	}
	return out
}

// searcher is what a search runs on: the shards of the years from..to (To
// exclusive, zero = open), all of them when neither bound is given. An
// undated article never matches a date bound, so its shard is left out then.
// With no shard to search the empty meta index answers (same mapping, no
// documents); with one the alias is skipped.
func (s *shardSet) searcher(from, to time.Time) bleve.Index {
	s.mu.RLock()
	defer s.mu.RUnlock()
	picked := s.pickedLocked(from, to)
	switch len(picked) {
	case 0:
		return s.meta
	case 1:
		return picked[0]
	case len(s.shards):
		return s.alias
	}
	return bleve.NewIndexAlias(picked...)
}

// picked returns the shards that may hold articles published from..to.
func (s *shardSet) picked(from, to time.Time) []bleve.Index {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.pickedLocked(from, to)
}

func (s *shardSet) pickedLocked(from, to time.Time) []bleve.Index {
	picked := make([]bleve.Index, 0, len(s.shards))
	for key, bi := range s.shards {
		if s.covers(key, from, to) {
			picked = append(picked, bi)
		}
	}
	return picked
}

// covers reports whether the shard named key may hold articles published
// from..to (To exclusive; zero bounds are open).
func (s *shardSet) covers(key string, from, to time.Time) bool {
	if from.IsZero() && to.IsZero() {
		return true
	}
	if key == undatedShard {
		return false
	}
	first, _ := strconv.Atoi(key)
	return (from.IsZero() || first+s.years-1 >= from.Year()) &&
		(to.IsZero() || first <= to.Add(-time.Nanosecond).Year())
}

func (s *shardSet) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for key, bi := range s.shards {
		if err := bi.Close(); err != nil {
			errs = append(errs, fmt.Errorf("shard %s: %w", key, err))
		}
	}
	if err := s.meta.Close(); err != nil {
		errs = append(errs, fmt.Errorf("meta: %w", err))
	}
	return errors.Join(errs...)
}

// shardBatch gathers documents for several shards; applyBatch writes it.
type shardBatch struct {
	set    *shardSet
	byKey  map[string]*bleve.Batch
	target map[string]string // article id → the shard it is written to
}

func (s *shardSet) newBatch() *shardBatch {
	return &shardBatch{set: s, byKey: map[string]*bleve.Batch{}, target: map[string]string{}}
}

// index adds the document of an article published at t to the batch of its
// shard.
func (b *shardBatch) index(doc *document.Document, t time.Time) error {
	key := b.set.key(t)
	bb := b.byKey[key]
	if bb == nil {
		bi, err := b.set.get(key)
		if err != nil {
			return err
		}
		bb = bi.NewBatch()
		b.byKey[key] = bb
	}
	b.target[doc.ID()] = key
	return bb.IndexAdvanced(doc)
}

// applyBatch writes a shard batch. An article whose corrected date moved it to
// another shard is deleted from its old shard once its new copy is in, so a search in
// between may see it twice but never miss it.
func (ix *Index) applyBatch(ctx context.Context, b *shardBatch, wait bool) error {
	moved, err := ix.findMoved(ctx, b)
	if err != nil {
		return err
	}
	for key, bb := range b.byKey {
		bi, err := b.set.get(key)
		if err != nil {
			return err
		}
		if err := ix.apply(ctx, bi, bb, wait); err != nil {
			return fmt.Errorf("shard %s: %w", key, err)
		}
	}
	for key, ids := range moved {
		bi, err := b.set.get(key)
		if err != nil {
			return err
		}
		del := bi.NewBatch()
		for _, id := range ids {
			del.Delete(id)
		}
		if err := ix.apply(ctx, bi, del, wait); err != nil {
			return fmt.Errorf("shard %s: %w", key, err)
		}
	}
	return nil
}

// findMoved lists, by shard, the batch's articles that are indexed in a
// shard other than the one the batch writes them to.
func (ix *Index) findMoved(ctx context.Context, b *shardBatch) (map[string][]string, error) {
	b.set.mu.RLock()
	n := len(b.set.shards)
	b.set.mu.RUnlock()
	// The batch's shards exist by now: with one shard nothing can move.
	if n <= 1 || len(b.target) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(b.target))
	for id := range b.target {
		ids = append(ids, id)
	}
	sr := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	res, err := b.set.alias.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("find moved articles: %w", err)
	}
	var moved map[string][]string
	for _, h := range res.Hits {
		if h.Index != b.target[h.ID] {
			if moved == nil {
				moved = map[string][]string{}
			}
			moved[h.Index] = append(moved[h.Index], h.ID)
		}
	}
	return moved, nil
}

// readShard runs fn on a reader of one shard's current snapshot, for what
// bleve's search API does not offer (document frequencies, our own facet
// counting).
func readShard(bi bleve.Index, fn func(r bindex.IndexReader) error) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

// everything searches every shard.
func (s *shardSet) everything() bleve.Index { return s.searcher(time.Time{}, time.Time{}) }
