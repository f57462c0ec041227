package crawler

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Page kinds as recorded in the pages table.
const (
	kindArticle = "article"
	kindList    = "list"
	kindFeed    = "feed"
	kindSitemap = "sitemap"
	kindOther   = "other" // fetched, but neither an article nor a list
)

// pageRow is the crawl state of one URL.
type pageRow struct {
	URL, Site, Kind          string
	ETag, LastModified, Hash string
	Status                   int
	ArticleID                string
	FetchedAt, NextFetchAt   int64 // unix seconds; 0 = never fetched
	Fails                    int
}

// maxFails is how many failures in a row retire a URL.
const maxFails = 5

// state is the crawl state in the store's pages table. Every page is
// recorded as soon as it is done, so a run killed at any moment resumes
// where it stopped: a URL discovered but not yet fetched is a row with
// fetched_at = 0.
type state struct {
	db *sql.DB
}

func (s *state) get(ctx context.Context, url string) (*pageRow, error) {
	r := &pageRow{URL: url}
	err := s.db.QueryRowContext(ctx, `SELECT site, kind, etag, last_modified, content_hash, status, article_id, fetched_at, next_fetch_at, fails
		FROM pages WHERE url = ?`, url).Scan(&r.Site, &r.Kind, &r.ETag, &r.LastModified, &r.Hash, &r.Status, &r.ArticleID, &r.FetchedAt, &r.NextFetchAt, &r.Fails)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("crawl state %s: %w", url, err)
	}
	return r, nil
}

// discovered records URLs found but not fetched yet, in one transaction;
// URLs already known are left as they are.
func (s *state) discovered(ctx context.Context, site string, rows []pageRow) error {
	if len(rows) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	defer tx.Rollback()
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pages (url, site, kind) VALUES (?, ?, ?)`, r.URL, site, r.Kind); err != nil {
			return fmt.Errorf("crawl state %s: %w", r.URL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	return nil
}

// fetched records a page fetched and dealt with.
func (s *state) fetched(ctx context.Context, r pageRow) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pages (url, site, kind, etag, last_modified, content_hash, status, error, article_id, fetched_at, next_fetch_at, fails)
		VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, 0)
		ON CONFLICT (url) DO UPDATE SET site = excluded.site, kind = excluded.kind, etag = excluded.etag, last_modified = excluded.last_modified,
			content_hash = excluded.content_hash, status = excluded.status, error = '',
			article_id = CASE WHEN excluded.article_id != '' THEN excluded.article_id ELSE pages.article_id END,
			fetched_at = excluded.fetched_at, next_fetch_at = excluded.next_fetch_at, fails = 0`,
		r.URL, r.Site, r.Kind, r.ETag, r.LastModified, r.Hash, r.Status, r.ArticleID, r.FetchedAt, r.NextFetchAt)
	if err != nil {
		return fmt.Errorf("crawl state %s: %w", r.URL, err)
	}
	return nil
}

// unchanged records a 304 or an identical body: only the times move.
func (s *state) unchanged(ctx context.Context, url string, status int, fetchedAt, next int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE pages SET status = ?, error = '', fetched_at = ?, next_fetch_at = ?, fails = 0 WHERE url = ?`, status, fetchedAt, next, url)
	if err != nil {
		return fmt.Errorf("crawl state %s: %w", url, err)
	}
	return nil
}

// failed records a failure; the URL is tried again after a back-off that
// doubles with each failure in a row.
func (s *state) failed(ctx context.Context, site, kind, url string, status int, reason string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO pages (url, site, kind, status, error, fails, next_fetch_at) VALUES (?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT (url) DO UPDATE SET status = excluded.status, error = excluded.error, fails = pages.fails + 1,
			next_fetch_at = ? + (3600 << min(pages.fails + 1, 7))`,
		url, site, kind, status, reason, now.Unix()+3600, now.Unix())
	if err != nil {
		return fmt.Errorf("crawl state %s: %w", url, err)
	}
	return nil
}

// due returns the URLs of a site left over from earlier runs: discovered
// but never fetched (a run was stopped or ran out of pages), or articles
// whose re-visit is due, oldest first.
func (s *state) due(ctx context.Context, site string, now time.Time, limit int) ([]pageRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url, kind, etag, last_modified, content_hash, article_id, fetched_at, next_fetch_at, fails FROM pages
		WHERE site = ? AND next_fetch_at <= ? AND fails < ? AND (fetched_at = 0 OR kind = 'article')
		ORDER BY fetched_at != 0, next_fetch_at, rowid LIMIT ?`, site, now.Unix(), maxFails, limit)
	if err != nil {
		return nil, fmt.Errorf("crawl state of %s: %w", site, err)
	}
	defer rows.Close()
	var out []pageRow
	for rows.Next() {
		r := pageRow{Site: site}
		if err := rows.Scan(&r.URL, &r.Kind, &r.ETag, &r.LastModified, &r.Hash, &r.ArticleID, &r.FetchedAt, &r.NextFetchAt, &r.Fails); err != nil {
			return nil, fmt.Errorf("crawl state of %s: %w", site, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// runStarted and runEnded keep the crawl_runs log for operators.
func (s *state) runStarted(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO crawl_runs (started_at) VALUES (?)`, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("crawl run: %w", err)
	}
	return res.LastInsertId()
}

func (s *state) runEnded(ctx context.Context, id int64, now time.Time, summary string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE crawl_runs SET ended_at = ?, summary = ? WHERE id = ?`, now.Unix(), summary, id); err != nil {
		return fmt.Errorf("crawl run: %w", err)
	}
	return nil
}
