package license

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

var containerFS = os.DirFS("testdata/container")

const testDigest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func TestExpandVars(t *testing.T) {
	env := map[string]string{"TAG": "1.64.0", "EMPTY": ""}
	lookup := func(name string) (string, bool) { v, ok := env[name]; return v, ok }
	for _, tc := range []struct {
		in, want string
		missing  []string
	}{
		{in: "n8nio/n8n:$TAG", want: "n8nio/n8n:1.64.0"},
		{in: "n8nio/n8n:${TAG}", want: "n8nio/n8n:1.64.0"},
		{in: "ollama/ollama:${OLLAMA_VERSION:-latest}", want: "ollama/ollama:latest"},
		{in: "x:${EMPTY:-default}", want: "x:default"},
		{in: "x:${EMPTY-default}", want: "x:"},
		{in: "x${TAG:+-set}", want: "x-set"},
		{in: "x${UNSET:+-set}", want: "x"},
		{in: "${REGISTRY:-${MIRROR:-docker.io}}/n8nio/n8n", want: "docker.io/n8nio/n8n"},
		{in: "x:${UNSET}", want: "x:", missing: []string{"UNSET"}},
		{in: "x:${UNSET:?set it}", want: "x:", missing: []string{"UNSET"}},
		{in: "x:$UNSET", want: "x:", missing: []string{"UNSET"}},
		{in: "price-$$5", want: "price-$5"},
		{in: "x:${unterminated", want: "x:${unterminated"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, missing := expandVars(tc.in, lookup, true)
			if got != tc.want || !slices.Equal(missing, tc.missing) {
				t.Errorf("expandVars(%q) = %q, missing %v; want %q, %v", tc.in, got, missing, tc.want, tc.missing)
			}
		})
	}
}

func TestImageRepoPart(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres:16", "postgres"},
		{"localhost:5000/app:1.0", "localhost:5000/app"},
		{"localhost:5000/app", "localhost:5000/app"},
		{"n8nio/n8n:${TAG:?required}", "n8nio/n8n"},
		{"${REGISTRY:-ghcr.io}/org/app:${TAG}", "${REGISTRY:-ghcr.io}/org/app"},
		{"redis@" + testDigest, "redis"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := imageRepoPart(tc.in); got != tc.want {
				t.Errorf("imageRepoPart(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestImageReferences(t *testing.T) {
	// Every way of writing an image reference, through a one-line Compose file.
	for _, tc := range []struct {
		ref, name, version string
	}{
		{"postgres", "postgres", ""},
		{"postgres:16-alpine", "postgres", "16-alpine"},
		{"docker.io/library/postgres:16", "postgres", "16"},
		{"index.docker.io/library/postgres:16", "postgres", "16"},
		{"docker.io/postgres:16", "postgres", "16"},
		{"ollama/ollama:latest", "ollama/ollama", "latest"},
		{"docker.io/n8nio/n8n:1.64.0", "n8nio/n8n", "1.64.0"},
		{"docker.n8n.io/n8nio/n8n:1.64.0", "docker.n8n.io/n8nio/n8n", "1.64.0"},
		{"ghcr.io/astral-sh/uv:0.5.11", "ghcr.io/astral-sh/uv", "0.5.11"},
		{"localhost:5000/weather-mcp", "localhost:5000/weather-mcp", ""},
		{"redis@" + testDigest, "redis", testDigest},
		{"redis:7.4@" + testDigest, "redis", "7.4"},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			fsys := fstest.MapFS{"compose.yml": {Data: []byte("services:\n  s:\n    image: " + tc.ref + "\n")}}
			got := checkRead(t, fsys, readCompose, "compose.yml", []invRow{{tc.name, tc.version, false, 3}}, nil)
			if len(got) == 1 && (got[0].Ecosystem != vocab.Container || got[0].Role != vocab.RoleImage) {
				t.Errorf("got %s/%s, want container/image", got[0].Ecosystem, got[0].Role)
			}
		})
	}
}

func TestReadDockerfile(t *testing.T) {
	checkReader(t, containerFS, readDockerfile, []readerCase{
		{file: "Dockerfile", want: []invRow{
			{"busybox", "1.37.0-musl", false, 28}, // COPY --from=<image> on a continuation line
			{"gcr.io/distroless/python3-debian12", "nonroot", false, 25},
			{"ghcr.io/astral-sh/uv", "0.5.11", false, 7}, // FROM ${UV_IMAGE}, an ARG default
			{"python", "3.12-slim", false, 9},            // --platform dropped, ${PYTHON_VERSION}
			// FROM builder (a stage), COPY --from=uv|builder|0 (stages) and
			// the FROM inside the RUN heredoc are not images of this file.
		}},
		{file: "Dockerfile.broken",
			want: []invRow{
				{"alpine", "3.20", false, 6},
				{"node", "", false, 2}, // ARG TAG has no default: version unknown
				{"postgres", "16", false, 7},
				{"redis", testDigest, false, 8},
			},
			ws: []wantWarning{
				{"Dockerfile.broken", 2, 0, "depends on TAG"},
				{"Dockerfile.broken", 3, 0, "image depends on BASE_IMAGE"},
				{"Dockerfile.broken", 4, 0, "FROM without an image"},
				{"Dockerfile.broken", 5, 0, "must be lowercase"},
				{"Dockerfile.broken", 6, 0, "unexpected FROM arguments"},
			}},
	})
	t.Run("escape directive", func(t *testing.T) {
		fsys := fstest.MapFS{"Dockerfile": {Data: []byte("# escape=`\nFROM `\n  mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\\n")}}
		checkRead(t, fsys, readDockerfile, "Dockerfile", []invRow{{"mcr.microsoft.com/windows/servercore", "ltsc2022", false, 2}}, nil)
	})
	t.Run("ARG defaults refer to earlier ARGs", func(t *testing.T) {
		fsys := fstest.MapFS{"Dockerfile": {Data: []byte("ARG PY=3.12\nARG BASE=python:${PY}-slim\nFROM $BASE\n")}}
		checkRead(t, fsys, readDockerfile, "Dockerfile", []invRow{{"python", "3.12-slim", false, 3}}, nil)
	})
	t.Run("stage names are case-insensitive and ARG after FROM is not global", func(t *testing.T) {
		fsys := fstest.MapFS{"Dockerfile": {Data: []byte("FROM golang:1.24 AS Build\nARG LATE=alpine:3.20\nFROM build\nFROM ${LATE}\n")}}
		checkRead(t, fsys, readDockerfile, "Dockerfile", []invRow{{"golang", "1.24", false, 1}}, []wantWarning{{"Dockerfile", 4, 0, "depends on LATE"}})
	})
}

func TestReadCompose(t *testing.T) {
	checkReader(t, containerFS, readCompose, []readerCase{
		{file: "docker-compose.yml", want: []invRow{
			{"caddy", testDigest, false, 67},
			// n8n and n8n-import share the image through a merge key.
			{"docker.n8n.io/n8nio/n8n", "1.64.0", false, 11},
			{"ollama/ollama", "latest", false, 54}, // ${OLLAMA_VERSION:-latest}
			{"postgres", "16-alpine", false, 23},
			{"qdrant/qdrant", "v1.12.5", false, 48},
			// weather-mcp is built from the project's own Dockerfile.
		}},
		{file: "compose.broken.yml",
			want: []invRow{
				{"nginx", "", false, 8},
				{"postgres", "16", false, 10},
			},
			ws: []wantWarning{
				{"compose.broken.yml", 3, 12, "depends on APP_IMAGE"},
				{"compose.broken.yml", 6, 7, "service worker: image is not a string"},
				{"compose.broken.yml", 8, 12, "tag of image nginx depends on NGINX_TAG"},
				{"compose.broken.yml", 12, 12, "must be lowercase"},
			}},
		{file: "compose.syntax.yml",
			// The lines before the fault still parse: the image is kept.
			want: []invRow{{"n8nio/n8n", "1.64.0", false, 3}},
			ws: []wantWarning{
				// yaml.v3 says line 1, where the mapping starts; the
				// mis-indented key is on line 6.
				{"compose.syntax.yml", 6, 0, "invalid YAML"},
			}},
	})
}

func TestReadHelmValues(t *testing.T) {
	checkReader(t, containerFS, readHelmValues, []readerCase{
		{file: "chart/values.yaml", want: []invRow{
			{"bitnami/postgresql", "16.4.0-debian-12-r9", false, 20}, // registry docker.io dropped
			{"ghcr.io/example-org/worker", "", false, 13},            // tag "": the chart's appVersion, not read
			{"n8nio/n8n", "1.64.0", false, 5},
			{"prom/statsd-exporter", "v0.27.2", false, 29}, // a string, inside a list
			// redis.image is a template
		}},
		{file: "chart/values-broken.yaml",
			want: []invRow{
				{"ghcr.io/example-org/sidecar", "", false, 9},
				{"postgres", "16.4", false, 6}, // a YAML float keeps its text
			},
			ws: []wantWarning{
				{"chart/values-broken.yaml", 2, 15, "must be lowercase"},
				{"chart/values-broken.yaml", 9, 10, "depends on SIDECAR_TAG"},
			}},
	})
}

func TestReadKubernetes(t *testing.T) {
	checkReader(t, containerFS, readKubernetes, []readerCase{
		{file: "k8s/stack.yaml", want: []invRow{
			{"busybox", "1.37", false, 21},                   // Deployment initContainers
			{"docker.n8n.io/n8nio/n8n", "1.64.0", false, 25}, // Deployment containers
			{"ollama/ollama", "", false, 76},                 // Pod
			{"postgres", "16-alpine", false, 56},             // CronJob
			{"qdrant/qdrant", "v1.12.5", false, 40},          // StatefulSet
		}},
		{file: "k8s/broken.yaml",
			want: []invRow{{"ghcr.io/example-org/mcp-gateway", "0.9.0", false, 10}},
			ws: []wantWarning{
				// The second document is read up to its broken line, the
				// one with the image; the third is read whole.
				{"k8s/broken.yaml", 20, 11, "Deployment: container without an image"},
				{"k8s/broken.yaml", 21, 0, "invalid YAML"},
				{"k8s/broken.yaml", 31, 11, "Job: container without an image"},
				{"k8s/broken.yaml", 33, 18, "invalid image reference: repository name must be lowercase"},
			}},
		// Not manifests: no components and no warnings. A chart's
		// templates are not YAML until rendered, and are not parsed.
		{file: "chart/templates/deployment.yaml"},
		{file: ".github/workflows/ci.yml"},
		{file: "docker-compose.yml"},
		{file: "chart/Chart.yaml"},
	})
	t.Run("List", func(t *testing.T) {
		fsys := fstest.MapFS{"list.yaml": {Data: []byte(`apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    spec:
      template:
        spec:
          containers:
            - name: agent
              image: grafana/alloy:v1.5.1
`)}}
		checkRead(t, fsys, readKubernetes, "list.yaml", []invRow{{"grafana/alloy", "v1.5.1", false, 11}}, nil)
	})
}

// TestContainerReadersSurviveBadInput: binary, missing and garbage files
// give warnings naming the file, never a panic.
func TestContainerReadersSurviveBadInput(t *testing.T) {
	fsys := fstest.MapFS{
		"binary":       {Data: []byte("FROM\x00alpine")},
		"garbage":      {Data: []byte("FROM")},
		"garbage.yaml": {Data: []byte("apiVersion: v1\nkind: [\n: :\nservices: *nope\n")},
	}
	for name, reader := range map[string]fileReader{
		"dockerfile": readDockerfile, "compose": readCompose, "helm": readHelmValues, "kubernetes": readKubernetes,
	} {
		read := func(f string) (int, []string) { cs, ws := readIn(t, fsys, reader, f); return len(cs), warningFiles(ws) }
		for _, f := range []string{"binary", "missing"} {
			t.Run(name+"/"+f, func(t *testing.T) {
				n, ws := read(f)
				if n != 0 || len(ws) != 1 || ws[0] != f {
					t.Errorf("got %d components, warnings on %v", n, ws)
				}
			})
		}
		t.Run(name+"/garbage", func(t *testing.T) {
			// The index parses YAML by the file's name.
			file := "garbage.yaml"
			if name == "dockerfile" {
				file = "garbage"
			}
			n, ws := read(file)
			if n != 0 || len(ws) == 0 || ws[0] != file {
				t.Errorf("got %d components, warnings on %v", n, ws)
			}
		})
	}
}

func warningFiles(ws []project.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.File)
	}
	return out
}
