package host

import "testing"

// checkPredicate checks a classifier on each input: true or false.
func checkPredicate(t *testing.T, name string, f func(string) bool, cases map[string]bool) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %v, want %v", name, in, got, want)
		}
	}
}

func TestLoopback(t *testing.T) {
	checkPredicate(t, "Loopback", Loopback, map[string]bool{
		// hardening/checks.go loopback and residency/urls.go isLoopback agreed on these.
		"localhost": true, "LOCALHOST": true, "app.localhost": true, "127.0.0.1": true, "127.1.2.3": true,
		"::1": true, "[::1]": true, "0:0:0:0:0:0:0:1": true,
		// Ports and brackets.
		"localhost:3000": true, "127.0.0.1:8080": true, "[::1]:8080": true, "localhost.": true,
		// IPv6 and inet_aton spellings of 127.0.0.1.
		"::ffff:127.0.0.1": true, "[::ffff:7f00:1]:80": true, "0000:0000:0000:0000:0000:0000:0000:0001": true,
		"127.1": true, "2130706433": true, "0x7f000001": true, "0177.0.0.1": true,
		// The unspecified address as a destination (residency said yes, hardening no).
		"0.0.0.0": true, "::": true, "[::]:8080": true, "0.0.0.0:11434": true,
		// Negatives.
		"10.0.0.12": false, "192.168.1.10": false, "api.openai.com": false, "8.8.8.8": false, "": false,
		"localhost.example.com": false, "mylocalhost": false, "127.evil.example": false, "128.0.0.1": false,
		"::2": false, "fe80::1": false, "host.docker.internal": false, "ollama": false,
	})
}

func TestLocal(t *testing.T) {
	checkPredicate(t, "Local", Local, map[string]bool{
		// residency/lex_test.go TestParseEndpoint cases.
		"localhost": true, "127.0.0.1": true, "10.2.3.4": true, "ollama": true, "host.docker.internal": true,
		"vllm.default.svc.cluster.local": true, "api.openai.com": false, "8.8.8.8": false,
		// Private, link-local, unspecified, IPv6 unique-local.
		"172.16.0.1": true, "172.31.255.255": true, "192.168.0.10:5432": true, "169.254.169.254": true,
		"fe80::1": true, "fe80::1%eth0": true, "fd12:3456::1": true, "[fd00::1]:8080": true, "0.0.0.0": true, "::": true,
		// Names.
		"printer.local": true, "db.internal": true, "qdrant.svc": true, "nas.lan": true, "router.home.arpa": true,
		"ollama:11434": true, "Redis": true, "gateway.docker.internal": true,
		// Negatives.
		"172.32.0.1": false, "11.0.0.1": false, "100.64.0.1": false, "2001:4860:4860::8888": false,
		"api.anthropic.com": false, "local.example.com": false, "internal.example.org": false, "": false,
	})
}

func TestService(t *testing.T) {
	checkPredicate(t, "Service", Service, map[string]bool{
		"ollama": true, "n8n:5678": true, "OLLAMA": true, "host.docker.internal": true, "vllm.default.svc": true,
		"vllm.default.svc.cluster.local:8000": true, "api.ai.cluster.local": true,
		// Private names and addresses, loopback and public hosts are not service names.
		"localhost": false, "127.0.0.1": false, "10.0.0.5": false, "2130706433": false, "[::1]": false,
		"ollama.internal": false, "gpu-box.lan": false, "printer.local": false, "api.openai.com": false,
		"svc.example.com": false, "": false,
	})
	for _, h := range []string{"ollama", "host.docker.internal", "vllm.default.svc", "x.cluster.local"} {
		if !Local(h) {
			t.Errorf("Service(%q) but not Local", h)
		}
	}
}

func TestAllInterfaces(t *testing.T) {
	checkPredicate(t, "AllInterfaces", AllInterfaces, map[string]bool{
		// hardening/source.go hostAllInterfaces cases (hardening/source_test.go listens on 0.0.0.0).
		"0.0.0.0": true, "::": true, "*": true, "": true, ":8080": true, "0.0.0.0:8000": true, "*:3000": true,
		// hostAllInterfaces missed these: the port split needs brackets.
		"[::]:8080": true, "[::]": true, "0:0:0:0:0:0:0:0": true, "::ffff:0.0.0.0": true, "0": true,
		// Negatives.
		"127.0.0.1": false, "localhost:8080": false, "::1": false, "[::1]:8080": false, "10.0.0.5:80": false,
		"example.com": false, "192.168.1.2": false,
	})
}

func TestParseInetAton(t *testing.T) {
	for in, want := range map[string]string{
		"127.1": "127.0.0.1", "127.0.1": "127.0.0.1", "10.1.2.3": "10.1.2.3", "0x7f.1": "127.0.0.1",
		"2130706433": "127.0.0.1", "0": "0.0.0.0", "192.168.257": "192.168.1.1",
		"256.1.1.1": "", "1.2.3.4.5": "", "127.": "", "-1": "", "0x": "", "1.256.1.1": "", "4294967296": "", "1.2.65536": "",
	} {
		ip, ok := parseInetAton(in)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != want {
			t.Errorf("parseInetAton(%q) = %q, want %q", in, got, want)
		}
	}
}
