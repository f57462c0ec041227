package store

// schema is applied at every open; each statement is idempotent. A later
// change adds a numbered migration instead of editing these.
const schema = `
CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('rev', '0');

-- The articles: the source of truth the index is rebuilt from.
CREATE TABLE IF NOT EXISTS articles (
	id           TEXT PRIMARY KEY,
	url          TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL,
	published    TEXT NOT NULL DEFAULT '',  -- RFC 3339 with the page's offset, '' when unknown
	published_ts INTEGER,                   -- unix seconds, for ordering
	author       TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL DEFAULT '',
	lang         TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	images       TEXT NOT NULL DEFAULT '[]', -- JSON [{src, caption}]
	entities     TEXT NOT NULL DEFAULT '{}', -- JSON {companies, orgs, people, places}
	minhash      BLOB,                      -- body fingerprint (neardup), NULL for short bodies
	cluster      TEXT NOT NULL DEFAULT '',  -- id of the first article of its near-duplicate group
	content_hash TEXT NOT NULL,             -- tells an update from an unchanged re-import
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	rev          INTEGER NOT NULL           -- bumped on every change; the server indexes rev > its mark
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles (url) WHERE url != '';
CREATE INDEX IF NOT EXISTS articles_rev ON articles (rev);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles (cluster) WHERE cluster != '';

-- The bands of each MinHash fingerprint: near-duplicates share one or more.
CREATE TABLE IF NOT EXISTS minhash_bands (
	band  INTEGER NOT NULL,
	value INTEGER NOT NULL,
	id    TEXT NOT NULL,
	PRIMARY KEY (band, value, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS minhash_bands_id ON minhash_bands (id);

-- Short codes for facet values ("company\x1f魏桥创业集团" → 42): the index
-- keeps the codes in its facet column, which every search with facets
-- reads for every hit, so the shorter the faster.
CREATE TABLE IF NOT EXISTS facet_codes (
	code INTEGER PRIMARY KEY,
	key  TEXT NOT NULL UNIQUE
);

-- Crawl state: one row per URL the crawler has fetched.
CREATE TABLE IF NOT EXISTS pages (
	url           TEXT PRIMARY KEY,
	site          TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL DEFAULT '',  -- article, list, feed, sitemap, other
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	content_hash  TEXT NOT NULL DEFAULT '',
	status        INTEGER NOT NULL DEFAULT 0,
	error         TEXT NOT NULL DEFAULT '',
	article_id    TEXT NOT NULL DEFAULT '',
	fetched_at    INTEGER NOT NULL DEFAULT 0,
	next_fetch_at INTEGER NOT NULL DEFAULT 0,
	fails         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS pages_site ON pages (site);

-- What each crawl run did, for operators.
CREATE TABLE IF NOT EXISTS crawl_runs (
	id         INTEGER PRIMARY KEY,
	started_at INTEGER NOT NULL,
	ended_at   INTEGER NOT NULL DEFAULT 0,
	summary    TEXT NOT NULL DEFAULT ''
);

-- Crawler: the pages of a site due to be fetched (appended by the crawler).
CREATE INDEX IF NOT EXISTS pages_due ON pages (site, next_fetch_at);
`
