package fetch

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Robots is a host's robots.txt as it applies to this crawler.
type Robots struct {
	data      *robotstxt.RobotsData
	userAgent string
	// Err is set when robots.txt could not be fetched: the host is then
	// treated as disallowing everything for this run.
	Err error
}

// Allowed reports whether u may be fetched.
func (r *Robots) Allowed(u *url.URL) bool {
	if r == nil || r.data == nil {
		return r == nil
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, r.userAgent)
}

// CrawlDelay is the delay between requests robots.txt asks of us, 0 if none.
func (r *Robots) CrawlDelay() time.Duration {
	if r == nil || r.data == nil {
		return 0
	}
	return r.data.FindGroup(r.userAgent).CrawlDelay
}

// Sitemaps are the Sitemap lines of robots.txt.
func (r *Robots) Sitemaps() []string {
	if r == nil || r.data == nil {
		return nil
	}
	return r.data.Sitemaps
}

type robotsEntry struct {
	once   sync.Once
	robots *Robots
}

// maxRobots caps robots.txt: Google reads 500 KiB of it.
const maxRobots = 500 << 10

// Robots returns the robots.txt of u's host, fetching it once per Client
// (so once per crawl run). A 4xx means no restrictions; a 5xx or a failed
// fetch means the host is off limits for this run. Its Crawl-delay slows
// the host's gate when slower than the configured rate.
func (c *Client) Robots(ctx context.Context, u *url.URL) *Robots {
	key := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e, ok := c.robots[key]
	if !ok {
		e = &robotsEntry{}
		c.robots[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.robots = c.fetchRobots(ctx, u) })
	return e.robots
}

func (c *Client) fetchRobots(ctx context.Context, u *url.URL) *Robots {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	r := &Robots{userAgent: c.opts.UserAgent}
	res, err := c.get(ctx, Request{
		URL:     ru.String(),
		MaxBody: maxRobots,
		// robots.txt may move to the same host over https, or to www.
		Follow: func(to *url.URL) error { return SameSite(ru, to) },
	})
	var status int
	var body []byte
	switch {
	case err == nil:
		status, body = res.Status, res.Body
	default:
		var fe *Error
		if errors.As(err, &fe) && fe.Status >= 400 {
			status = fe.Status
		} else {
			r.Err = err
			r.data, _ = robotstxt.FromStatusAndBytes(503, nil) // disallow all
			return r
		}
	}
	if status >= 300 && status < 400 {
		status = 404 // redirected off-site: as if there were none
	}
	r.data, err = robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		// An unparseable file restricts nothing, as browsers and Google read it.
		r.data, _ = robotstxt.FromStatusAndBytes(404, nil)
	}
	if d := r.CrawlDelay(); d > 0 {
		c.hostGate(u.Host).slowTo(float64(time.Second) / float64(d))
	}
	return r
}
