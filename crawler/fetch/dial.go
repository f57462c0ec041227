package fetch

import (
	"context"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// nonPublic are the ranges a crawler must not be steered into by a link or
// a redirect: this machine, the local network, cloud metadata endpoints.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("224.0.0.0/3"), // multicast and reserved
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 can reach private IPv4
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("ff00::/8"),
}

// PublicAddr reports whether ip is a public unicast address.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// guardedDialer dials only public addresses, unless allowPrivate(host) says
// the host may be private (a site configured on the local network). The
// check runs in the dialer's Control hook, on the address actually being
// connected to after DNS resolution, so a name that resolves to a public
// address when checked and a private one when used (DNS rebinding) is still
// caught.
func guardedDialer(allowPrivate func(host string) bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	base := net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		d := base
		if allowPrivate == nil || !allowPrivate(host) {
			d.Control = func(_, address string, _ syscall.RawConn) error {
				ap, err := netip.ParseAddrPort(address)
				if err != nil {
					return &BlockedError{Host: host, IP: address}
				}
				if !PublicAddr(ap.Addr()) {
					return &BlockedError{Host: host, IP: ap.Addr().String()}
				}
				return nil
			}
		}
		return d.DialContext(ctx, network, addr)
	}
}
