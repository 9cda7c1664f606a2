package hardening

import "testing"

// Where a URL's host is decides plain-http and Loopback (host.Loopback):
// localhost, 127/8 in any spelling, ::1 and the unspecified 0.0.0.0 and
// [::], which as a destination never leave the machine, are loopback;
// private and public addresses are not.
func TestConfigTransportLoopback(t *testing.T) {
	for _, tt := range []struct {
		url      string
		loopback bool
	}{
		{"http://localhost:8080/mcp", true}, {"http://127.0.0.1:8080/mcp", true}, {"http://127.1:8080/mcp", true},
		{"http://[::1]:8080/mcp", true}, {"http://0.0.0.0:8080/mcp", true}, {"http://[::]:8080/mcp", true},
		{"http://10.0.0.5:8080/mcp", false}, {"http://mcp.example.com/mcp", false}, {"http://127.example.com/mcp", false},
	} {
		s := Server{Name: "x", URL: tt.url, Transport: HTTP, Headers: []Setting{{Key: "Authorization", Value: "Bearer ${T}"}}}
		facts := configTransport(Config{File: ".cursor/mcp.json"}, s)
		plain := false
		for _, f := range facts {
			plain = plain || f.Kind == "plain-http"
			if f.Loopback != tt.loopback {
				t.Errorf("%s: %s fact with Loopback %v", tt.url, f.Kind, f.Loopback)
			}
		}
		if plain == tt.loopback {
			t.Errorf("%s: plain-http %v, want %v", tt.url, plain, !tt.loopback)
		}
	}
}
