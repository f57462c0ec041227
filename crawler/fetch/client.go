// Package fetch is the crawler's HTTP client: polite (robots.txt, one
// request at a time per host at a configured rate, Crawl-delay, Retry-After),
// incremental (conditional GET) and bounded (per-request timeout, body size
// limit, redirect limit and loop detection, text content only, no private
// addresses, no cookies).
package fetch

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Client; zero values take the defaults.
type Options struct {
	// UserAgent is sent with every request and matched against robots.txt
	// groups.
	UserAgent string
	// Timeout bounds one request, body included (default 30 s): a server
	// that trickles a page a byte a second is cut off.
	Timeout time.Duration
	// MaxBody is the most bytes read of a response (default 8 MiB); a larger
	// page fails with ReasonTooLarge.
	MaxBody int64
	// MaxRedirects is the most redirects followed (default 5).
	MaxRedirects int
	// Retries is how many times a 5xx, a 429 or a timeout is retried
	// (default 2; negative for none).
	Retries int
	// Backoff is the first wait before a retry, doubled each time
	// (default 2 s).
	Backoff time.Duration
	// MaxWait is the longest Retry-After honoured (default 2 min); a longer
	// one fails the page for this run instead of stalling the crawl.
	MaxWait time.Duration
	// Rate is the requests per second to a host not given one with SetRate
	// (default 1).
	Rate float64
	// AllowPrivate reports hosts that may resolve to loopback or private
	// addresses (sites configured on the local network); nil allows none.
	AllowPrivate func(host string) bool
	Log          *slog.Logger
}

func (o *Options) defaults() {
	if o.UserAgent == "" {
		o.UserAgent = "newsdex/1"
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 8 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.Retries == 0 {
		o.Retries = 2
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = 2 * time.Second
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 2 * time.Minute
	}
	if o.Rate <= 0 {
		o.Rate = 1
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Client fetches pages politely. It is safe for concurrent use; requests to
// one host are serialised, requests to different hosts run in parallel.
type Client struct {
	opts Options
	http *http.Client

	mu     sync.Mutex
	gates  map[string]*gate
	robots map[string]*robotsEntry
}

// New makes a client.
func New(opts Options) *Client {
	opts.defaults()
	tr := &http.Transport{
		Proxy:                  nil, // the address guard must see the real destination
		DialContext:            guardedDialer(opts.AllowPrivate),
		TLSHandshakeTimeout:    15 * time.Second,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        60 * time.Second,
		MaxResponseHeaderBytes: 256 << 10,
	}
	return &Client{
		opts: opts,
		http: &http.Client{
			Transport: tr,
			// Redirects are followed by Get, hop by hop, so that each hop
			// is checked (same site, loops) and waits its host's turn.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			// No Jar: cookies are never stored, so never sent to any host.
		},
		gates:  map[string]*gate{},
		robots: map[string]*robotsEntry{},
	}
}

// UserAgent is the User-Agent the client sends.
func (c *Client) UserAgent() string { return c.opts.UserAgent }

// SetRate sets the requests per second to host (host[:port]); once set,
// a host only gets slower (two sites on one host, a Crawl-delay).
func (c *Client) SetRate(host string, perSecond float64) {
	if perSecond <= 0 {
		return
	}
	host = strings.ToLower(host)
	c.mu.Lock()
	g, ok := c.gates[host]
	if !ok {
		c.gates[host] = newGate(perSecond)
	}
	c.mu.Unlock()
	if ok {
		g.slowTo(perSecond)
	}
}

// Rate is the current requests per second to host.
func (c *Client) Rate(host string) float64 { return c.hostGate(host).rate() }

func (c *Client) hostGate(host string) *gate {
	host = strings.ToLower(host)
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.gates[host]
	if !ok {
		g = newGate(c.opts.Rate)
		c.gates[host] = g
	}
	return g
}

// Request is one page to fetch.
type Request struct {
	URL string
	// ETag and LastModified are the validators of the last fetch; they make
	// the request conditional.
	ETag, LastModified string
	// Follow decides whether a redirect to `to` may be followed; nil
	// follows redirects to the same site only (see SameSite).
	Follow func(to *url.URL) error
	// MaxBody overrides the client's limit when smaller.
	MaxBody int64
}

// Response is a fetched page.
type Response struct {
	// URL is where the page was finally fetched from, after redirects.
	URL         string
	Status      int
	Header      http.Header
	Body        []byte
	NotModified bool // 304: the validators still hold
	Attempts    int
}

// ContentType is the response's Content-Type header.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// Get fetches a page: each hop of a redirect chain checked and waiting its
// host's turn, retried on 5xx, 429 and timeouts. The error is an *Error;
// statuses other than 2xx and 304 are errors (reason "http_NNN").
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	return c.get(ctx, r)
}

func (c *Client) get(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{URL: r.URL, Reason: "bad_url", Err: err}
	}
	follow := r.Follow
	if follow == nil {
		start := u
		follow = func(to *url.URL) error { return SameSite(start, to) }
	}
	visited := map[string]bool{u.String(): true}
	conditional := true
	attempts := 0
	for hop := 0; ; hop++ {
		res, err := c.attempt(ctx, u, r, conditional, &attempts)
		if err != nil {
			return nil, err
		}
		if !isRedirect(res.Status) {
			res.URL, res.Attempts = u.String(), attempts
			if res.Status >= 200 && res.Status < 300 || res.NotModified {
				return res, nil
			}
			return nil, &Error{URL: r.URL, Reason: statusReason(res.Status), Status: res.Status}
		}
		loc := res.Header.Get("Location")
		next, err := u.Parse(strings.TrimSpace(loc))
		if loc == "" || err != nil {
			return nil, &Error{URL: r.URL, Reason: statusReason(res.Status), Status: res.Status, Err: errors.New("redirect without a usable Location")}
		}
		next.Fragment, next.RawFragment = "", ""
		switch {
		case visited[next.String()]:
			return nil, &Error{URL: r.URL, Reason: ReasonRedirectLoop, Status: res.Status, Err: errors.New("redirects back to " + next.String())}
		case hop+1 > c.opts.MaxRedirects:
			return nil, &Error{URL: r.URL, Reason: ReasonTooManyRedirects, Status: res.Status}
		}
		if err := follow(next); err != nil {
			var fe *Error
			if errors.As(err, &fe) {
				return nil, fe // the caller's own reason (robots.txt, say)
			}
			return nil, &Error{URL: r.URL, Reason: ReasonOffSite, Status: res.Status, Err: err}
		}
		visited[next.String()] = true
		u = next
		// Validators belong to the URL they were given for.
		conditional = false
	}
}

func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// attempt fetches one URL (no redirect following), retrying on 5xx, 429 and
// timeouts with exponential back-off, or the server's Retry-After.
func (c *Client) attempt(ctx context.Context, u *url.URL, r Request, conditional bool, attempts *int) (*Response, error) {
	g := c.hostGate(u.Host)
	for try := 0; ; try++ {
		release, err := g.acquire(ctx)
		if err != nil {
			return nil, classify(u.String(), err)
		}
		*attempts++
		res, err := c.do(ctx, u, r, conditional)
		release()
		var fe *Error
		var wait time.Duration
		switch {
		case err == nil && !retryStatus(res.Status):
			return res, nil
		case err == nil:
			fe = &Error{URL: u.String(), Reason: statusReason(res.Status), Status: res.Status}
			wait = c.backoff(try)
			if ra, ok := retryAfter(res.Header.Get("Retry-After"), time.Now()); ok {
				if ra > c.opts.MaxWait {
					return nil, &Error{URL: u.String(), Reason: ReasonRetryAfter, Status: res.Status, Err: errors.New("Retry-After " + ra.String())}
				}
				wait = ra
			}
		default:
			fe = classify(u.String(), err)
			if !retryable(fe) || ctx.Err() != nil {
				return nil, fe
			}
			wait = c.backoff(try)
		}
		if try >= c.opts.Retries {
			return nil, fe
		}
		c.opts.Log.Debug("retrying", "url", u.String(), "reason", fe.Reason, "wait", wait)
		// The whole host waits, not only this page: a 429 or a 503 is
		// about the server, not the URL.
		g.pause(wait)
	}
}

func retryStatus(s int) bool {
	return s == http.StatusTooManyRequests || s == 500 || s == 502 || s == 503 || s == 504
}

// backoff is Backoff·2^try with ±20 % jitter.
func (c *Client) backoff(try int) time.Duration {
	d := c.opts.Backoff << min(try, 10)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// do sends one request and reads the body within the timeout.
func (c *Client) do(ctx context.Context, u *url.URL, r Request, conditional bool) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{URL: u.String(), Reason: "bad_url", Err: err}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,application/atom+xml;q=0.9,text/plain;q=0.5")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	if conditional {
		if r.ETag != "" {
			req.Header.Set("If-None-Match", r.ETag)
		}
		if r.LastModified != "" {
			req.Header.Set("If-Modified-Since", r.LastModified)
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out := &Response{Status: res.StatusCode, Header: res.Header}
	switch {
	case res.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case res.StatusCode < 200 || res.StatusCode >= 300:
		// Error pages and redirects are not read (beyond what lets the
		// connection be reused).
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return out, nil
	case !TextLike(res.Header.Get("Content-Type")):
		return nil, &Error{URL: u.String(), Reason: ReasonUnsupportedType, Status: res.StatusCode, Err: errors.New("Content-Type " + res.Header.Get("Content-Type"))}
	}
	limit := c.opts.MaxBody
	if r.MaxBody > 0 && r.MaxBody < limit {
		limit = r.MaxBody
	}
	if res.ContentLength > limit {
		return nil, &Error{URL: u.String(), Reason: ReasonTooLarge, Status: res.StatusCode, Err: errors.New("Content-Length over the limit")}
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, &Error{URL: u.String(), Reason: ReasonTooLarge, Status: res.StatusCode, Err: errors.New("body over the limit")}
	}
	out.Body = body
	return out, nil
}

// SameSite allows a redirect that stays on the site: the same host, or the
// same host with or without "www.", over http or https.
func SameSite(from, to *url.URL) error {
	if to.Scheme != "http" && to.Scheme != "https" {
		return errors.New("redirect to a " + to.Scheme + " URL")
	}
	if SiteHost(from.Hostname()) != SiteHost(to.Hostname()) {
		return errors.New("redirect to another host: " + to.Host)
	}
	if from.Port() != to.Port() && !(from.Port() == "" || to.Port() == "") {
		return errors.New("redirect to another port: " + to.Host)
	}
	return nil
}

// SiteHost is a host name without "www." and in lower case.
func SiteHost(host string) string {
	return strings.TrimPrefix(strings.ToLower(host), "www.")
}
