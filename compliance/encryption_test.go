package compliance

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
	"github.com/mcp-comply/mcp-comply/residency"
)

// scanSettings is what residency states of a one-file project.
func scanSettings(t *testing.T, file, body string) []residency.Setting {
	t.Helper()
	idx := projecttest.Walk(t, fstest.MapFS{file: {Data: []byte(body)}})
	res, err := residency.Scan(context.Background(), idx, residency.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Settings
}

// judged are the severities of the findings of a rule over settings.
func judged(settings []residency.Setting, rule string, m Market) []Severity {
	var got []Severity
	for _, s := range settings {
		if s.Rule != rule {
			continue
		}
		if f, ok := observe(settingObservation(s), m); ok {
			got = append(got, f.Severity)
		}
	}
	return got
}

// TestPlainHTTPOneRule: plain HTTP is one rule whose severity follows where
// the host is, as the residency facts state it.
func TestPlainHTTPOneRule(t *testing.T) {
	cases := []struct {
		name string
		url  string
		want Severity // none: no finding
	}{
		{"loopback", "http://127.0.0.1:11434/v1", none},
		{"compose service name", "http://ollama:11434", Info},
		{"another compose service", "http://n8n:5678/webhook/x", Info},
		{"cluster service", "http://vllm.models.svc.cluster.local:8000/v1", Info},
		{"private name", "http://search.internal:9200", Medium},
		{"private address", "http://10.0.4.12:8080", Medium},
		{"public host", "http://billing.acme-support.example.com/api", High},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := judged(scanSettings(t, "docker-compose.yml", "services:\n  agent:\n    image: ghcr.io/acme/agent:1\n    environment:\n      SERVICE_URL: "+tc.url+"\n"), "http-non-loopback", EU)
			switch {
			case tc.want == none && len(got) != 0:
				t.Errorf("%s: findings %v, want none", tc.url, got)
			case tc.want != none && (len(got) != 1 || got[0] != tc.want):
				t.Errorf("%s: findings %v, want one %s", tc.url, got, tc.want)
			}
		})
	}
}
