// Package host is the one classifier of where a host named in project text
// is: on this machine (Loopback), on a network the project runs itself
// (Local), or an address that binds every interface (AllInterfaces).
//
// Every function takes a host as it is written in a URL, a config value or
// a listen call: with or without a port, with or without the brackets of
// an IPv6 literal, in any letter case. IP addresses are read with
// net/netip, so every IPv6 spelling of an address (::1,
// 0:0:0:0:0:0:0:1, ::ffff:127.0.0.1) is the same address; IPv4 is also
// read in the short and numeric forms the C resolver accepts (127.1,
// 2130706433, 0x7f000001), because the clients that connect (curl, Node,
// Python) resolve them to the same address.
package host

import (
	"net/netip"
	"strconv"
	"strings"
)

// Loopback reports whether traffic to host stays on this machine:
// localhost and *.localhost (RFC 6761 reserves them for loopback),
// 127.0.0.0/8 and ::1 in any spelling, and the unspecified addresses
// 0.0.0.0 and ::.
//
// The unspecified address is a bind address, but as a destination it
// still never leaves the machine: Linux and macOS connect to a local
// listener, Windows refuses the connection. So a client configured with
// http://0.0.0.0:8080 sends nothing over the network and is loopback here.
func Loopback(host string) bool {
	h := hostname(host)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, ok := parseIP(h)
	return ok && (ip.IsLoopback() || ip.IsUnspecified())
}

// localSuffixes are names that only resolve inside a network the project
// runs: mDNS (.local, RFC 6762), home networks (.home.arpa, RFC 8375;
// .lan by convention), cloud and container internal names (.internal),
// and Kubernetes services (.svc, .cluster.local).
var localSuffixes = []string{".localhost", ".local", ".internal", ".svc", ".cluster.local", ".lan", ".home.arpa"}

// Local reports whether host is a service the project runs itself rather
// than a third party's: a loopback, private (10/8, 172.16/12, 192.168/16,
// fc00::/7), link-local or unspecified address, a container or compose
// service name (one label, no dot), host.docker.internal, or a name under
// one of localSuffixes. An empty host is not local: it names nothing.
func Local(host string) bool {
	h := hostname(host)
	if h == "" {
		return false
	}
	if ip, ok := parseIP(h); ok {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()
	}
	if h == "localhost" || h == "host.docker.internal" || !strings.Contains(h, ".") {
		return true
	}
	for _, suf := range localSuffixes {
		if strings.HasSuffix(h, suf) {
			return true
		}
	}
	return false
}

// Service reports whether host is a service name that only resolves inside
// a container network or a cluster the project runs: a compose or
// container service name (one label, not localhost), host.docker.internal
// (the machine the containers run on), or a Kubernetes service (.svc,
// .svc.cluster.local, .cluster.local). Traffic to such a name stays on
// that network; a private DNS name (.internal, .local, .lan) or a private
// address may cross a wider one. Every Service host is also Local.
func Service(host string) bool {
	h := hostname(host)
	if h == "" || h == "localhost" {
		return false
	}
	if _, ok := parseIP(h); ok {
		return false
	}
	return !strings.Contains(h, ".") || h == "host.docker.internal" ||
		strings.HasSuffix(h, ".svc") || strings.HasSuffix(h, ".cluster.local")
}

// AllInterfaces reports whether a listen address binds every interface:
// 0.0.0.0 or :: (in any spelling), "*", or no host at all (":8080", "").
func AllInterfaces(addr string) bool {
	h := hostname(addr)
	if h == "" || h == "*" {
		return true
	}
	ip, ok := parseIP(h)
	return ok && ip.IsUnspecified()
}

// hostname strips the port, the brackets of an IPv6 literal, surrounding
// space and a final root dot ("localhost."), and lower-cases the rest.
// A string with more than one colon and no brackets is an IPv6 address
// without a port.
func hostname(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i > 0 {
			s = s[1:i]
		} else {
			s = s[1:]
		}
	} else if i := strings.IndexByte(s, ':'); i >= 0 && strings.Count(s, ":") == 1 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSuffix(s, "."))
}

// parseIP reads an IP address, IPv4-mapped IPv6 addresses as their IPv4
// address, and IPv4 in the inet_aton forms as well.
func parseIP(h string) (netip.Addr, bool) {
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.Unmap(), true
	}
	return parseInetAton(h)
}

// parseInetAton reads the IPv4 forms of inet_aton(3) that netip refuses:
// one to four parts, each decimal, octal (leading 0) or hex (0x), the last
// part filling the remaining bytes (127.1 is 127.0.0.1, 2130706433 is
// 127.0.0.1).
func parseInetAton(h string) (netip.Addr, bool) {
	if h == "" || len(h) > 64 {
		return netip.Addr{}, false
	}
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var vals [4]uint64
	for i, p := range parts {
		base := 10
		switch {
		case len(p) > 2 && (p[:2] == "0x" || p[:2] == "0X"):
			base, p = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		if p == "" || p[0] == '+' || p[0] == '-' {
			return netip.Addr{}, false
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	n := len(parts)
	var b [4]byte
	for i := 0; i < n-1; i++ {
		if vals[i] > 255 {
			return netip.Addr{}, false
		}
		b[i] = byte(vals[i])
	}
	last, room := vals[n-1], uint(4-(n-1))
	if room < 4 && last >= 1<<(8*room) {
		return netip.Addr{}, false
	}
	for i := 3; i >= n-1; i-- {
		b[i] = byte(last)
		last >>= 8
	}
	return netip.AddrFrom4(b), true
}
