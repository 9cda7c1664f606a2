package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/testtree"
)

// onlineProject is an npm project whose lockfile names a package without
// its licence (lockfiles written by old npm versions leave it out), and a
// Go module the tree has no licence text of.
var onlineProject = map[string]string{
	"package.json": `{"name": "agent", "version": "1.0.0", "license": "MIT", "dependencies": {"left-pad": "1.3.0"}}`,
	"package-lock.json": `{"name": "agent", "version": "1.0.0", "lockfileVersion": 3, "packages": {
  "": {"name": "agent", "version": "1.0.0", "license": "MIT", "dependencies": {"left-pad": "1.3.0"}},
  "node_modules/left-pad": {"version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"}
}}`,
}

// recordedNPM answers as registry.npmjs.org does for left-pad 1.3.0
// (recorded 2026-12-02: "license": "WTFPL") and counts the requests.
func recordedNPM(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/left-pad/1.3.0" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"left-pad","version":"1.3.0","license":"WTFPL"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// scanOnline runs report --format json on a copy of files with the
// registry at srv, and returns the report's inputs and left-pad's licence.
func scanOnline(t *testing.T, files map[string]string, srv *httptest.Server, cache string, args ...string) (online bool, license string, evidence string) {
	t.Helper()
	dir := t.TempDir()
	testtree.Write(t, dir, files)
	getenv := func(k string) string {
		switch k {
		case "npm_config_registry":
			return srv.URL
		case "GOPROXY":
			return "off"
		case "XDG_CACHE_HOME", "HOME":
			return cache
		}
		return testEnv(k)
	}
	var out, errb bytes.Buffer
	now := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	code := execute(context.Background(), append([]string{"report", dir, "--format", "json"}, args...),
		&env{stdout: &out, stderr: &errb, getenv: getenv, now: now})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r struct {
		Inputs struct {
			Online bool `json:"online"`
		} `json:"inputs"`
		Inventory struct {
			Components []struct {
				Name    string `json:"name"`
				License struct {
					Expression string `json:"expression"`
					Evidence   []struct {
						File string `json:"file"`
						Note string `json:"note"`
					} `json:"evidence"`
				} `json:"license"`
			} `json:"components"`
		} `json:"inventory"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Inventory.Components {
		if c.Name == "left-pad" {
			var notes []string
			for _, e := range c.License.Evidence {
				notes = append(notes, e.File+": "+e.Note)
			}
			return r.Inputs.Online, c.License.Expression, strings.Join(notes, "\n")
		}
	}
	t.Fatalf("no left-pad in the report:\n%s", out.String())
	return
}

func TestOnline(t *testing.T) {
	t.Run("offline by default", func(t *testing.T) {
		srv, hits := recordedNPM(t)
		online, lic, _ := scanOnline(t, onlineProject, srv, t.TempDir())
		if online || lic != "" || hits.Load() != 0 {
			t.Errorf("without --online: inputs.online %v, left-pad %q, %d requests; want false, unknown, none", online, lic, hits.Load())
		}
	})
	t.Run("--online", func(t *testing.T) {
		srv, hits := recordedNPM(t)
		cache := t.TempDir()
		online, lic, ev := scanOnline(t, onlineProject, srv, cache, "--online")
		if !online || lic != "WTFPL" {
			t.Errorf("--online: inputs.online %v, left-pad %q; want true, WTFPL", online, lic)
		}
		if want := srv.URL + "/left-pad/1.3.0: "; !strings.Contains(ev, want) || !strings.Contains(ev, "registry metadata, fetched 2026-12-02") {
			t.Errorf("left-pad's evidence does not name the registry document and the date:\n%s", ev)
		}
		// The second scan reads the answer from the cache.
		before := hits.Load()
		if _, lic, _ := scanOnline(t, onlineProject, srv, cache, "--online"); lic != "WTFPL" || hits.Load() != before {
			t.Errorf("a second --online scan: left-pad %q after %d more requests; want WTFPL from the cache", lic, hits.Load()-before)
		}
	})
	t.Run("policy online: true", func(t *testing.T) {
		srv, _ := recordedNPM(t)
		files := map[string]string{"mcp-comply.yaml": "online: true\n"}
		for k, v := range onlineProject {
			files[k] = v
		}
		if online, lic, _ := scanOnline(t, files, srv, t.TempDir()); !online || lic != "WTFPL" {
			t.Errorf("online: true in the policy: inputs.online %v, left-pad %q; want true, WTFPL", online, lic)
		}
		files["mcp-comply.yaml"] = "online: false\n"
		if online, lic, _ := scanOnline(t, files, srv, t.TempDir()); online || lic != "" {
			t.Errorf("online: false in the policy: inputs.online %v, left-pad %q; want false, unknown", online, lic)
		}
	})
}
