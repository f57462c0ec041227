package crawler

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/newsdex/newsdex/crawler/fetch"
	"github.com/newsdex/newsdex/crawler/sites"
)

// privateSiteHosts decides, once at the start of a run, which configured
// hosts are sites on the local network: those whose start URL names a
// loopback or private address, or resolves only to such addresses now.
// Only they may be reached at private addresses during the run; a public
// site that later resolves to a private address (DNS rebinding) or
// redirects to one is refused by the fetch client's dialer.
func privateSiteHosts(ctx context.Context, selected []*sites.Site) func(host string) bool {
	allowed := map[string]bool{}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, s := range selected {
		for _, u := range s.Start {
			host := strings.ToLower(u.Hostname())
			if _, done := allowed[host]; done {
				continue
			}
			allowed[host] = resolvesPrivate(ctx, host)
		}
	}
	return func(host string) bool { return allowed[strings.ToLower(host)] }
}

func resolvesPrivate(ctx context.Context, host string) bool {
	if ip, err := netip.ParseAddr(host); err == nil {
		return !fetch.PublicAddr(ip)
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, a := range addrs {
		if fetch.PublicAddr(a) {
			return false
		}
	}
	return true
}
