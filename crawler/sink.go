package crawler

import (
	"context"
	"log/slog"
	"sync"
	"time"

	newsdex "github.com/newsdex/newsdex"
	"github.com/newsdex/newsdex/index"
	"github.com/newsdex/newsdex/index/store"
)

// extracted is an article waiting to be stored, with the crawl state to
// record once it is: the page is recorded only after its article is in the
// store, so a run killed in between fetches the page again next time
// instead of losing the article.
type extracted struct {
	article newsdex.Article
	pages   []pageRow // the fetched URL, and its canonical URL when different
}

// sink hands articles to Ingest in small batches, from every site run, one
// batch at a time (one writer keeps SQLite's write lock uncontended).
type sink struct {
	ingest func(context.Context, []newsdex.Article) (index.Counts, error)
	st     *state
	tally  *tally
	log    *slog.Logger
	batch  int

	mu      sync.Mutex // guards pending and serialises flushes
	pending []extracted
}

func (s *sink) add(ctx context.Context, e extracted) {
	s.mu.Lock()
	s.pending = append(s.pending, e)
	full := len(s.pending) >= s.batch
	s.mu.Unlock()
	if full {
		s.flush(ctx)
	}
}

// flush stores what is pending. A batch the store refuses is counted as
// failed pages; their pages stay unrecorded and are fetched next run.
func (s *sink) flush(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return
	}
	batch := s.pending
	s.pending = nil
	articles := make([]newsdex.Article, len(batch))
	for i, e := range batch {
		articles[i] = e.article
	}
	counts, err := s.ingest(ctx, articles)
	if err != nil {
		s.log.Error("storing articles", "articles", len(batch), "err", err)
		for range batch {
			s.tally.fail("store")
		}
		return
	}
	s.tally.add(func(sum *Summary) {
		sum.New += counts.New
		sum.Updated += counts.Updated
		sum.Unchanged += counts.Unchanged
	})
	for i, e := range batch {
		a := articles[i]
		store.IdentityOf(&a) // Ingest sets the id as stored; derive it if it did not say
		for _, p := range e.pages {
			p.ArticleID = a.ID
			if err := s.st.fetched(ctx, p); err != nil {
				s.log.Error("recording page", "url", p.URL, "err", err)
			}
		}
		s.log.Debug("stored", "url", a.URL, "title", a.Title)
	}
	if counts.New+counts.Updated > 0 {
		s.log.Info("stored articles", "new", counts.New, "updated", counts.Updated, "unchanged", counts.Unchanged)
	}
}

// flushEvery flushes on a timer until ctx ends, so that a slow site's
// articles reach the store (and the server's index) within seconds.
func (s *sink) flushEvery(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.flush(ctx)
		}
	}
}
