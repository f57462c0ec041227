package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index/neardup"
)

// Upsert writes articles in one transaction: an article whose id (or, failing
// that, URL) is already stored is updated in place, keeping its id; one whose
// content is unchanged is left alone. It returns each article's outcome and
// sets each article's ID to the id it is stored under.
func (s *Store) Upsert(ctx context.Context, articles []newsdex.Article) ([]Outcome, error) {
	outcomes := make([]Outcome, len(articles))
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("upsert: begin: %w", err)
	}
	defer tx.Rollback()
	u, err := prepareUpsert(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer u.close()
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'rev'`).Scan(&rev); err != nil {
		return nil, fmt.Errorf("upsert: read rev: %w", err)
	}
	startRev := rev
	now := time.Now().Unix()
	for i := range articles {
		a := &articles[i]
		IdentityOf(a)
		images, _ := json.Marshal(nonNilImages(a.Images))
		entities, _ := json.Marshal(a.Entities)
		hash := contentHash(a, images, entities)

		existingID, existingHash, err := u.find(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("upsert %s: %w", a.ID, err)
		}
		if existingID != "" {
			a.ID = existingID
			if existingHash == hash {
				outcomes[i] = Unchanged
				continue
			}
		}
		rev++
		sig, hasSig := neardup.Of(a.Body)
		// The cluster column names the representative of a near-duplicate
		// group, and stays empty for the representative itself (most
		// articles), which keeps its index small.
		cluster := ""
		if hasSig {
			if cluster, err = u.cluster(ctx, a.ID, sig); err != nil {
				return nil, err
			}
			if cluster == a.ID {
				cluster = ""
			}
		}
		var sigArg, tsArg any
		if hasSig {
			sigArg = sig.Bytes()
		}
		if !a.Published.IsZero() {
			tsArg = a.Published.Unix()
		}
		if existingID == "" {
			_, err = u.insert.ExecContext(ctx, a.ID, a.URL, a.Title, formatTime(a.Published), tsArg, a.Author, a.Source, a.Lang, a.Body,
				string(images), string(entities), sigArg, cluster, hash, now, now, rev)
			outcomes[i] = Inserted
		} else {
			_, err = u.update.ExecContext(ctx, a.URL, a.Title, formatTime(a.Published), tsArg, a.Author, a.Source, a.Lang, a.Body,
				string(images), string(entities), sigArg, cluster, hash, now, rev, a.ID)
			outcomes[i] = Updated
		}
		if err != nil {
			return nil, fmt.Errorf("upsert %s: %w", a.ID, err)
		}
		if err := u.writeBands(ctx, a.ID, existingID != "", sig, hasSig); err != nil {
			return nil, err
		}
	}
	if rev != startRev {
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'rev'`, strconv.FormatInt(rev, 10)); err != nil {
			return nil, fmt.Errorf("upsert: write rev: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("upsert: commit: %w", err)
	}
	return outcomes, nil
}

// Lookups an upsert makes for every article; TestLookupsUseIndexes checks
// their query plans, since one table scan per article makes a large import
// quadratic.
const (
	sqlByID = `SELECT id, content_hash FROM articles WHERE id = ?`
	// url != '' lets SQLite use the partial index on url.
	sqlByURL       = `SELECT id, content_hash FROM articles WHERE url = ? AND url != ''`
	sqlDeleteBands = `DELETE FROM minhash_bands WHERE id = ?`
)

// upserter holds the statements of one Upsert transaction, prepared once.
type upserter struct {
	byID, byURL, insert, update, bands, delBands, addBand *sql.Stmt
}

func prepareUpsert(ctx context.Context, tx *sql.Tx) (*upserter, error) {
	var values []string
	for range neardup.Bands {
		values = append(values, "(?, ?)")
	}
	u := &upserter{}
	for _, st := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&u.byID, sqlByID},
		{&u.byURL, sqlByURL},
		{&u.insert, `INSERT INTO articles
			(id, url, title, published, published_ts, author, source, lang, body, images, entities, minhash, cluster, content_hash, created_at, updated_at, rev)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&u.update, `UPDATE articles SET url = ?, title = ?, published = ?, published_ts = ?, author = ?, source = ?, lang = ?, body = ?,
			images = ?, entities = ?, minhash = ?, cluster = ?, content_hash = ?, updated_at = ?, rev = ? WHERE id = ?`},
		// Every band in one statement (the row-value IN uses the primary
		// key); the articles sharing the most bands are the likeliest
		// copies, and only they are compared in full.
		{&u.bands, `SELECT a.id, a.minhash, CASE a.cluster WHEN '' THEN a.id ELSE a.cluster END
			FROM (SELECT b.id, count(*) AS shared FROM minhash_bands b
			      WHERE (b.band, b.value) IN (VALUES ` + strings.Join(values, ", ") + `) AND b.id != ?
			      GROUP BY b.id ORDER BY shared DESC LIMIT 20) c
			JOIN articles a ON a.id = c.id`},
		{&u.delBands, sqlDeleteBands},
		{&u.addBand, `INSERT OR IGNORE INTO minhash_bands (band, value, id) VALUES ` + strings.Repeat("(?, ?, ?), ", neardup.Bands-1) + `(?, ?, ?)`},
	} {
		stmt, err := tx.PrepareContext(ctx, st.sql)
		if err != nil {
			u.close()
			return nil, fmt.Errorf("upsert: prepare: %w", err)
		}
		*st.dst = stmt
	}
	return u, nil
}

func (u *upserter) close() {
	for _, st := range []*sql.Stmt{u.byID, u.byURL, u.insert, u.update, u.bands, u.delBands, u.addBand} {
		if st != nil {
			st.Close()
		}
	}
}

// find looks an article up by id, then by URL.
func (u *upserter) find(ctx context.Context, a *newsdex.Article) (id, hash string, err error) {
	err = u.byID.QueryRowContext(ctx, a.ID).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) && a.URL != "" {
		err = u.byURL.QueryRowContext(ctx, a.URL).Scan(&id, &hash)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return id, hash, err
}

// cluster finds the near-duplicate group an article joins: the group of the
// most similar stored article at or above neardup.Threshold, else its own.
func (u *upserter) cluster(ctx context.Context, id string, sig neardup.Signature) (string, error) {
	args := make([]any, 0, 2*neardup.Bands+1)
	for band, key := range sig.BandKeys() {
		args = append(args, band, key)
	}
	args = append(args, id)
	rows, err := u.bands.QueryContext(ctx, args...)
	if err != nil {
		return "", fmt.Errorf("cluster %s: %w", id, err)
	}
	defer rows.Close()
	best, bestSim := "", 0.0
	for rows.Next() {
		var otherID, cluster string
		var raw []byte
		if err := rows.Scan(&otherID, &raw, &cluster); err != nil {
			return "", fmt.Errorf("cluster %s: %w", id, err)
		}
		other, err := neardup.Parse(raw)
		if err != nil {
			continue
		}
		sim := neardup.Similarity(sig, other)
		if sim >= neardup.Threshold && (sim > bestSim || sim == bestSim && cluster < best) {
			best, bestSim = cluster, sim
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("cluster %s: %w", id, err)
	}
	if best == "" {
		return id, nil
	}
	return best, nil
}

func (u *upserter) writeBands(ctx context.Context, id string, existed bool, sig neardup.Signature, ok bool) error {
	if existed {
		if _, err := u.delBands.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("bands %s: %w", id, err)
		}
	}
	if !ok {
		return nil
	}
	args := make([]any, 0, 3*neardup.Bands)
	for band, key := range sig.BandKeys() {
		args = append(args, band, key, id)
	}
	if _, err := u.addBand.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("bands %s: %w", id, err)
	}
	return nil
}

func nonNilImages(im []newsdex.Image) []newsdex.Image {
	if im == nil {
		return []newsdex.Image{}
	}
	return im
}
