// Package store is newsdex's source of truth: articles and crawl state in
// SQLite (WAL mode, so a crawl or an import can write while the server
// reads). Every change to an article bumps a store-wide revision number; the
// index records the revision it has reached and catches up from there.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"

	newsdex "github.com/newsdex/newsdex"
)

// FileName is the store's file inside the data folder.
const FileName = "articles.db"

// Store is safe for concurrent use by many goroutines and processes.
type Store struct {
	db *sql.DB
	// w is a pool of one connection for this process's article writes.
	// SQLite drops a connection's page cache whenever another connection
	// has written since its last transaction; with writes spread over the
	// read pool, every import batch began by freeing and refilling a cold
	// 32 MB cache (5 % of import CPU, on the serial store stage: English
	// imports ran at half speed). One writer keeps its cache warm.
	w    *sql.DB
	path string
}

// ErrNotFound is returned for an unknown article id.
var ErrNotFound = errors.New("article not found")

// Open opens (creating if needed) the store at path.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	q := url.Values{}
	// 32 MB of page cache per connection (at most 8): the near-duplicate
	// bands and recent article rows stay in memory during an import, and
	// concurrent searches read without waiting for each other.
	for _, p := range []string{"busy_timeout(15000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)", "cache_size(-32768)"} {
		q.Add("_pragma", p)
	}
	// Writers take the write lock when they begin, not on their first write,
	// so two processes never deadlock upgrading read locks.
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: schema: %w", path, err)
	}
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(time.Minute)
	return &Store{db: db, w: w, path: path}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.w.Close(), s.db.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DB exposes the database for the crawl-state queries of other packages.
func (s *Store) DB() *sql.DB { return s.db }

// Stored is an article with its store bookkeeping.
type Stored struct {
	newsdex.Article
	Rev int64
	// Cluster is the id of the representative of the article's
	// near-duplicate group: its own id when it has no earlier copy.
	Cluster   string
	UpdatedAt time.Time
}

// Outcome says what an upsert did.
type Outcome int

const (
	Unchanged Outcome = iota
	Inserted
	Updated
)

func (o Outcome) String() string {
	return [...]string{"unchanged", "new", "updated"}[o]
}

// ArticleID derives an article's id from its canonical URL.
func ArticleID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}

// IdentityOf fills in a missing id: from the URL, else from title and date
// (so re-importing a URL-less article without an id still updates it).
func IdentityOf(a *newsdex.Article) {
	if a.ID != "" {
		return
	}
	if a.URL != "" {
		a.ID = ArticleID(a.URL)
		return
	}
	a.ID = ArticleID("title:" + a.Title + "\x00" + a.Published.Format(time.RFC3339))
}

func contentHash(a *newsdex.Article, images, entities []byte) string {
	h := sha256.New()
	for _, s := range []string{a.URL, a.Title, formatTime(a.Published), a.Author, a.Source, a.Lang, a.Body, string(images), string(entities)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

const articleColumns = `id, url, title, published, author, source, lang, body, images, entities, cluster, updated_at, rev`

func scanArticle(sc interface{ Scan(...any) error }) (Stored, error) {
	var (
		st               Stored
		published        string
		images, entities string
		updatedAt        int64
	)
	err := sc.Scan(&st.ID, &st.URL, &st.Title, &published, &st.Author, &st.Source, &st.Lang, &st.Body, &images, &entities, &st.Cluster, &updatedAt, &st.Rev)
	if err != nil {
		return st, err
	}
	if published != "" {
		st.Published, _ = time.Parse(time.RFC3339, published)
	}
	if st.Cluster == "" {
		st.Cluster = st.ID
	}
	if err := json.Unmarshal([]byte(images), &st.Images); err != nil {
		return st, fmt.Errorf("article %s images: %w", st.ID, err)
	}
	if err := json.Unmarshal([]byte(entities), &st.Entities); err != nil {
		return st, fmt.Errorf("article %s entities: %w", st.ID, err)
	}
	st.UpdatedAt = time.Unix(updatedAt, 0)
	return st, nil
}

// Get returns one article.
func (s *Store) Get(ctx context.Context, id string) (Stored, error) {
	st, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("get %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("get %q: %w", id, err)
	}
	return st, nil
}

// GetMany returns the articles with the given ids, keyed by id; unknown ids
// are missing from the map.
func (s *Store) GetMany(ctx context.Context, ids []string) (map[string]Stored, error) {
	out := make(map[string]Stored, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("get articles: %w", err)
		}
		for rows.Next() {
			st, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("get articles: %w", err)
			}
			out[st.ID] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("get articles: %w", err)
		}
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Since returns up to limit articles changed after rev, in revision order.
func (s *Store) Since(ctx context.Context, rev int64, limit int) ([]Stored, error) {
	return s.Between(ctx, rev, math.MaxInt64, limit)
}

const sqlBetween = `SELECT ` + articleColumns + ` FROM articles WHERE rev > ? AND rev <= ? ORDER BY rev LIMIT ?`

// Between returns up to limit articles whose revision is after rev and at
// most upTo, in revision order.
func (s *Store) Between(ctx context.Context, rev, upTo int64, limit int) ([]Stored, error) {
	rows, err := s.db.QueryContext(ctx, sqlBetween, rev, upTo, limit)
	if err != nil {
		return nil, fmt.Errorf("articles since %d: %w", rev, err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		st, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("articles since %d: %w", rev, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// IDsAfter returns up to limit article ids greater than after, in order.
func (s *Store) IDsAfter(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("article ids: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("article ids: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Rev is the store's latest revision.
func (s *Store) Rev(ctx context.Context) (int64, error) {
	var rev int64
	err := s.db.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'rev'`).Scan(&rev)
	if err != nil {
		return 0, fmt.Errorf("store rev: %w", err)
	}
	return rev, nil
}

// Count is the number of articles.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// cluster != ” lets SQLite use the partial index on cluster.
const sqlClusterSizes = `SELECT cluster, count(*) FROM articles WHERE cluster IN (%s) AND cluster != '' GROUP BY cluster`

// ClusterSizes returns how many articles each of the given near-duplicate
// groups (named by their representative's id) holds, for groups of two or
// more.
func (s *Store) ClusterSizes(ctx context.Context, clusters []string) (map[string]int, error) {
	out := map[string]int{}
	if len(clusters) == 0 {
		return out, nil
	}
	args := make([]any, len(clusters))
	for i, c := range clusters {
		args[i] = c
	}
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(sqlClusterSizes, placeholders(len(clusters))), args...)
	if err != nil {
		return nil, fmt.Errorf("cluster sizes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("cluster sizes: %w", err)
		}
		out[c] = n + 1 // the copies, and the representative
	}
	return out, rows.Err()
}

// Checkpoint copies the write-ahead log into the database file and truncates
// it. SQLite checkpoints on its own, but a bulk import with a reader always
// at work (the indexer) can leave the log many times the database's size.
func (s *Store) Checkpoint(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
