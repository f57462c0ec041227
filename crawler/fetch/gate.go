package fetch

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// gate is the politeness of one host: one request at a time, no faster than
// its rate, and nothing at all until a Retry-After or a back-off has passed.
type gate struct {
	busy    chan struct{} // holds one token while a request is in flight
	limiter *rate.Limiter

	mu        sync.Mutex
	perSecond float64
	notBefore time.Time
}

func newGate(perSecond float64) *gate {
	return &gate{
		busy:      make(chan struct{}, 1),
		limiter:   rate.NewLimiter(rate.Limit(perSecond), 1),
		perSecond: perSecond,
	}
}

// slowTo lowers the rate to perSecond if that is slower: two sites on one
// host, or a robots.txt Crawl-delay, never speed a host up.
func (g *gate) slowTo(perSecond float64) {
	if perSecond <= 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if perSecond < g.perSecond {
		g.perSecond = perSecond
		g.limiter.SetLimit(rate.Limit(perSecond))
	}
}

func (g *gate) rate() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.perSecond
}

// pause holds every request to the host until d has passed.
func (g *gate) pause(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t := time.Now().Add(d); t.After(g.notBefore) {
		g.notBefore = t
	}
}

// acquire waits for the host's turn; the returned func ends the turn.
func (g *gate) acquire(ctx context.Context) (func(), error) {
	select {
	case g.busy <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-g.busy }
	g.mu.Lock()
	wait := time.Until(g.notBefore)
	g.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			release()
			return nil, ctx.Err()
		}
	}
	if err := g.limiter.Wait(ctx); err != nil {
		release()
		return nil, err
	}
	return release, nil
}
