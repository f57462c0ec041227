// Package index keeps the bleve index newsdex searches: one bleve index per
// span of publication years behind an alias (see shards.go). The index is derived
// from the store: it records the store revision it has reached and catches up
// from there, so it can be rebuilt at any time (`newsdex reindex`) and a
// crash never leaves an article half-indexed. Documents are built from the
// analysis package's token streams directly, so every article is analysed
// once for its entities and its index terms.
package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	blevea "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/analysis"
	"github.com/newsdex/newsdex/index/entities"
	"github.com/newsdex/newsdex/index/store"
)

// DirName is the index folder inside the data folder.
const DirName = "index"

// Version names the analysis and field layout; an index built with another
// version must be rebuilt (Open reports ErrStale).
const Version = "newsdex-index-8"

// Field names.
const (
	FieldTitle = "title"
	FieldBody  = "body"
	// Character fields: distinct Han characters (no positions) and pairs of
	// adjacent characters (with positions, for exact phrases).
	FieldTitleUni  = "title_c1"
	FieldBodyUni   = "body_c1"
	FieldTitleBi   = "title_c2"
	FieldBodyBi    = "body_c2"
	FieldURL       = "url"
	FieldSource    = "source"
	FieldLang      = "lang"
	FieldMonth     = "month"
	FieldPublished = "published"
	FieldCluster   = "cluster"
	// FieldFacets holds every facet value of an article, as the short code
	// the store gives "company\x1f魏桥创业集团" or "month\x1f2026-10", in one
	// doc-value field: counting facets then reads one small column per hit
	// instead of seven.
	FieldFacets = "facets"
	FieldDupe   = "dupe"
)

// EntityField is the keyword field holding an entity type's canonical keys.
func EntityField(t newsdex.EntityType) string { return string(t) }

var (
	// ErrLocked means another process holds the index.
	ErrLocked = errors.New("index is locked by another process")
	// ErrStale means the index was built by another analyzer version.
	ErrStale = errors.New("index was built by another version of newsdex")
)

const (
	internalRev        = "newsdex:rev"
	internalVersion    = "newsdex:version"
	internalShardYears = "newsdex:shard-years"
)

// Deps are the parts an Index works with.
type Deps struct {
	Analyzer *analysis.Analyzer
	Entities *entities.Extractor
	Store    *store.Store
	Log      *slog.Logger
}

// Index is a bleve index plus what it needs to analyse, search and hydrate.
type Index struct {
	Deps
	set  *shardSet
	path string
	opts Options
	// lastIngest is when a batch was last indexed (unix nanoseconds).
	lastIngest atomic.Int64
	codes      *facetCodes
	// gen advances with every write to the index; results are cached per
	// generation.
	gen     atomic.Uint64
	results *resultCache
	// searching counts the searches in flight that count facets.
	searching atomic.Int32
	counters  facetCounters
}

// LastIngest is when articles were last indexed by this process.
func (ix *Index) LastIngest() time.Time {
	n := ix.lastIngest.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Options tune an index.
type Options struct {
	// LockTimeout bounds the wait for another process's lock (default 1s).
	LockTimeout time.Duration
	// BatchSize is the number of articles per bleve batch (default 1000:
	// fewer, bigger segments to merge).
	BatchSize int
	// Workers analyse articles in parallel (default GOMAXPROCS).
	Workers int
	// ShardYears is the span of publication years of one shard of a new
	// index (default DefaultShardYears); an existing index keeps its own.
	ShardYears int
	// ResultCache is how many search results to keep for repeated searches
	// (default DefaultResultCache; negative: none, as benchmarks want).
	ResultCache int
	// Ranking tunes relevance; zero values take the defaults.
	Ranking Ranking
}

func (o *Options) defaults() {
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.ResultCache == 0 {
		o.ResultCache = DefaultResultCache
	}
	if o.ShardYears <= 0 {
		o.ShardYears = DefaultShardYears
	}
	o.Ranking.defaults()
}

// Open opens the index folder at path, creating it when absent. ErrLocked
// means another process (normally the server) holds it.
func Open(ctx context.Context, path string, deps Deps, opts Options) (*Index, error) {
	opts.defaults()
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	config := map[string]any{
		"bolt_timeout": opts.LockTimeout.String(),
		// The store is the source of truth and each shard records the
		// revision mark after its documents, so a batch lost in a crash is
		// simply indexed again: no need to wait for each batch's fsync.
		"unsafe_batch": true,
	}
	set, err := openShards(path, config, opts.ShardYears)
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return &Index{Deps: deps, set: set, path: path, opts: opts, codes: newFacetCodes(), results: newResultCache(opts.ResultCache)}, nil
}

// Close writes what is not on disk yet (bleve's own Close does not) and
// closes the index.
func (ix *Index) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ferr := ix.Flush(ctx)
	if err := ix.set.close(); err != nil {
		return err
	}
	return ferr
}

// Path is the index folder.
func (ix *Index) Path() string { return ix.path }

// Shards names the index's shards: the first year of each span, and "undated".
func (ix *Index) Shards() []string {
	var out []string
	for _, bi := range ix.set.list() {
		out = append(out, bi.Name())
	}
	return out
}

// Rev is the store revision the index has reached: the lowest mark of its
// shards, since each records the mark after its own documents.
func (ix *Index) Rev() (int64, error) {
	rev := int64(math.MaxInt64)
	for _, bi := range append(ix.set.list(), ix.set.meta) {
		b, err := bi.GetInternal([]byte(internalRev))
		if err != nil {
			return 0, fmt.Errorf("index rev: %w", err)
		}
		if len(b) == 0 {
			// A shard created by a batch not yet followed by its mark: the
			// others' marks cover it.
			continue
		}
		r, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("index rev: %w", err)
		}
		rev = min(rev, r)
	}
	if rev == math.MaxInt64 {
		return 0, nil
	}
	return rev, nil
}

// setRev records that everything up to rev is indexed, in every shard.
func (ix *Index) setRev(ctx context.Context, rev int64, wait bool) error {
	for _, bi := range append(ix.set.list(), ix.set.meta) {
		b := bi.NewBatch()
		b.SetInternal([]byte(internalRev), []byte(strconv.FormatInt(rev, 10)))
		if err := ix.apply(ctx, bi, b, wait); err != nil {
			return fmt.Errorf("shard %s: %w", bi.Name(), err)
		}
	}
	return nil
}

// DocCount is the number of indexed articles.
func (ix *Index) DocCount() (uint64, error) {
	var n uint64
	for _, bi := range ix.set.list() {
		c, err := bi.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// TermsWithPrefix visits the values of a keyword field that start with
// prefix, with their counts summed over the shards (approximate: deleted
// documents linger until a merge), at most limit distinct values per shard.
func (ix *Index) TermsWithPrefix(ctx context.Context, field, prefix string, limit int, visit func(term string, count uint64)) error {
	for _, bi := range ix.set.list() {
		d, err := bi.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return fmt.Errorf("terms %s %q: %w", field, prefix, err)
		}
		for n := 0; n < limit; n++ {
			if n%256 == 0 && ctx.Err() != nil {
				d.Close()
				return ctx.Err()
			}
			e, err := d.Next()
			if err != nil {
				d.Close()
				return fmt.Errorf("terms %s %q: %w", field, prefix, err)
			}
			if e == nil {
				break
			}
			visit(e.Term, e.Count)
		}
		d.Close()
	}
	return nil
}

// newMapping declares the fields for the record and for bleve's query
// parser; documents themselves are built by buildDocument.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "keyword"
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	dm := bleve.NewDocumentStaticMapping()
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Store = false
		f.IncludeTermVectors = true
		f.DocValues = false
		f.IncludeInAll = false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	for _, name := range []string{FieldTitle, FieldBody, FieldTitleUni, FieldBodyUni, FieldTitleBi, FieldBodyBi} {
		dm.AddFieldMappingsAt(name, text())
	}
	for _, name := range []string{FieldURL, FieldSource, FieldLang, FieldMonth, FieldCluster, FieldDupe, FieldFacets,
		EntityField(newsdex.Company), EntityField(newsdex.Org), EntityField(newsdex.Person), EntityField(newsdex.Place)} {
		dm.AddFieldMappingsAt(name, keyword())
	}
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store = false
	pub.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldPublished, pub)
	m.DefaultMapping = dm
	return m
}

// tokens is an analyzer that hands bleve a stream computed beforehand.
type tokens blevea.TokenStream

func (t tokens) Analyze([]byte) blevea.TokenStream { return blevea.TokenStream(t) }

const (
	textOptions = bindex.IndexField | bindex.IncludeTermVectors
	// Unigrams only answer "does the article have this character": no
	// positions to store, which keeps indexing fast.
	unigramOptions = bindex.IndexField
	keywordOptions = bindex.IndexField
	facetOptions   = bindex.IndexField | bindex.DocValues
)

// facetSep separates a facet's name from its value in FieldFacets.
const facetSep = "\x1f"

// buildDocument turns an analysed, stored article into a bleve document.
// Its facet codes must have been ensured (facetCodes.ensure).
func (ix *Index) buildDocument(st *store.Stored, titleAn, bodyAn *analysis.Analysis) *document.Document {
	an := ix.Analyzer
	title, body := an.Tokens(titleAn), an.Tokens(bodyAn)
	doc := document.NewDocument(st.ID)
	addText := func(name string, value string, ts blevea.TokenStream, opts bindex.FieldIndexingOptions) {
		if len(ts) > 0 {
			doc.AddField(document.NewTextFieldCustom(name, nil, []byte(value), opts, tokens(ts)))
		}
	}
	addText(FieldTitle, st.Title, title.WordTokens, textOptions)
	addText(FieldTitleUni, st.Title, title.Unigrams, unigramOptions)
	addText(FieldTitleBi, st.Title, title.Bigrams, textOptions)
	addText(FieldBody, st.Body, body.WordTokens, textOptions)
	addText(FieldBodyUni, st.Body, body.Unigrams, unigramOptions)
	addText(FieldBodyBi, st.Body, body.Bigrams, textOptions)
	keyword := func(name, value string, pos int) {
		if value == "" {
			return
		}
		var ap []uint64
		if pos > 0 {
			ap = []uint64{uint64(pos)}
		}
		doc.AddField(document.NewTextFieldCustom(name, ap, []byte(value), keywordOptions, nil))
	}
	facets := 0
	facet := func(name, value string) {
		if value == "" {
			return
		}
		code, ok := ix.codes.code(facetKey(name, value))
		if !ok {
			return // not ensured: the facet misses the value, the filter still finds it
		}
		var ap []uint64
		if facets > 0 {
			ap = []uint64{uint64(facets)}
		}
		facets++
		doc.AddField(document.NewTextFieldCustom(FieldFacets, ap, []byte(code), facetOptions, nil))
	}
	keyword(FieldURL, st.URL, 0)
	keyword(FieldSource, st.Source, 0)
	facet("source", st.Source)
	keyword(FieldLang, st.Lang, 0)
	facet("lang", st.Lang)
	keyword(FieldCluster, st.Cluster, 0)
	if st.Cluster != st.ID {
		keyword(FieldDupe, "1", 0)
	}
	if !st.Published.IsZero() {
		keyword(FieldMonth, st.Published.Format("2006-01"), 0)
		facet("month", st.Published.Format("2006-01"))
		if f, err := document.NewDateTimeFieldWithIndexingOptions(FieldPublished, nil, st.Published, time.RFC3339,
			bindex.IndexField|bindex.DocValues); err == nil {
			doc.AddField(f)
		}
	}
	for _, t := range newsdex.EntityTypes {
		for i, key := range st.Entities.Of(t) {
			keyword(EntityField(t), key, i)
			facet(string(t), key)
		}
	}
	return doc
}
