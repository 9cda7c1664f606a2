package compliance

import "testing"

func TestPURL(t *testing.T) {
	for _, tc := range []struct {
		eco       Ecosystem
		name, ver string
		want      string
	}{
		{NPM, "express", "5.1.0", "pkg:npm/express@5.1.0"},
		{NPM, "@n8n/config", "2.7.1", "pkg:npm/%40n8n/config@2.7.1"},
		{PyPI, "Mcp_Server_Fetch", "2025.4.7", "pkg:pypi/mcp-server-fetch@2025.4.7"},
		{Golang, "github.com/hashicorp/go-version", "v1.7.0", "pkg:golang/github.com/hashicorp/go-version@v1.7.0"},
		{Container, "postgres", "16-alpine", "pkg:docker/postgres@16-alpine"},
		{Container, "qdrant/qdrant", "v1.13.2", "pkg:docker/qdrant/qdrant@v1.13.2"},
		{Container, "docker.n8n.io/n8nio/n8n", "2.8.4", "pkg:docker/n8nio/n8n@2.8.4?repository_url=docker.n8n.io"},
		{Container, "Not An Image!", "1", ""},
		{EngineExport, "n8n", "", ""},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := purl(tc.eco, tc.name, tc.ver); got != tc.want {
				t.Errorf("purl(%s %s) = %q, want %q", tc.eco, tc.name, got, tc.want)
			}
		})
	}
}
