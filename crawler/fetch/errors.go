package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
)

// Reasons a fetch fails, as counted in the crawl summary.
const (
	ReasonTimeout          = "timeout"
	ReasonTooLarge         = "too_large"
	ReasonRedirectLoop     = "redirect_loop"
	ReasonTooManyRedirects = "too_many_redirects"
	ReasonOffSite          = "off_site_redirect"
	ReasonBlockedAddress   = "blocked_address"
	ReasonUnsupportedType  = "not_html"
	ReasonBinary           = "binary"
	ReasonRetryAfter       = "retry_after_too_long"
	ReasonNetwork          = "network"
	ReasonRobots           = "robots_disallowed"
)

// Error is a failed fetch, with a short reason for counting.
type Error struct {
	URL    string
	Reason string // one of the Reason constants, or "http_NNN"
	Status int    // the last HTTP status, 0 when none was received
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("fetch %s: %s: %v", e.URL, e.Reason, e.Err)
	}
	return fmt.Sprintf("fetch %s: %s", e.URL, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// Reason returns the reason of a fetch error ("error" for other errors).
func Reason(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Reason
	}
	var be *BlockedError
	if errors.As(err, &be) {
		return ReasonBlockedAddress
	}
	return "error"
}

// BlockedError is returned when a host resolves to an address the crawler
// must not reach (loopback, private, link-local ...).
type BlockedError struct {
	Host, IP string
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("%s resolves to %s, a non-public address", e.Host, e.IP)
}

func statusReason(code int) string { return fmt.Sprintf("http_%d", code) }

// classify turns a transport error into an *Error.
func classify(rawURL string, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	var be *BlockedError
	switch {
	case errors.As(err, &be):
		return &Error{URL: rawURL, Reason: ReasonBlockedAddress, Err: err}
	case isTimeout(err):
		return &Error{URL: rawURL, Reason: ReasonTimeout, Err: err}
	}
	return &Error{URL: rawURL, Reason: ReasonNetwork, Err: err}
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryable reports errors worth another attempt: timeouts and connections
// the server dropped or refused, never a blocked address or a size limit.
func retryable(err *Error) bool {
	switch err.Reason {
	case ReasonTimeout:
		return true
	case ReasonNetwork:
		return errors.Is(err.Err, syscall.ECONNRESET) || errors.Is(err.Err, syscall.ECONNREFUSED) ||
			errors.Is(err.Err, syscall.EPIPE) || errors.Is(err.Err, io.EOF) || errors.Is(err.Err, io.ErrUnexpectedEOF)
	}
	return false
}
