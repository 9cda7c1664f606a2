package hardening

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

var scanFixtures = []string{"python-fastmcp", "ts-sdk", "go-sdk", "secrets", "privilege", "transport", "hitl", "shadowing", "rugpull", "clean"}

func scanFS(t testing.TB, fsys fstest.MapFS, opts Options) *Result {
	t.Helper()
	r, _ := scanIndexed(t, fsys, opts)
	return r
}

// scanIndexed scans fsys and returns the index's warnings as well.
func scanIndexed(t testing.TB, fsys fstest.MapFS, opts Options) (*Result, []project.Warning) {
	t.Helper()
	idx := projecttest.Walk(t, fsys)
	r, err := Scan(t.Context(), idx, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r, idx.Warnings()
}

func scanFixture(t testing.TB, name string) *Result {
	t.Helper()
	return scanFS(t, projectFS(t, name), Options{})
}

// The whole result of each fixture project: golden files, one per
// checklist item, positive and negative cases side by side. The index's
// warnings (files it could not read or parse) follow the result's.
func TestScanGolden(t *testing.T) {
	for _, name := range scanFixtures {
		t.Run(name, func(t *testing.T) {
			r, warns := scanIndexed(t, projectFS(t, name), Options{})
			r.Configs = nil // covered by the config goldens
			goldenJSON(t, "scan-"+name+".json", struct {
				*Result
				IndexWarnings []project.Warning `json:"indexWarnings,omitempty"`
			}{r, warns})
		})
	}
}

// A scan is the same bytes every time.
func TestScanDeterministic(t *testing.T) {
	for _, name := range scanFixtures {
		a, b := scanFixture(t, name), scanFixture(t, name)
		if !equalJSON(t, a, b) {
			t.Errorf("%s: two scans differ", name)
		}
	}
}

// summaries render the facts of a result as short lines to assert on.
func summaries(r *Result) []string {
	var out []string
	for _, s := range r.Secrets {
		out = append(out, "secret "+s.Where+" "+s.Rule+" "+s.Key+" "+s.File)
	}
	for _, e := range r.EnvFiles {
		out = append(out, "env "+e.Path+map[bool]string{true: " present", false: " absent"}[e.Present]+map[bool]string{true: " ignored", false: " not-ignored"}[e.Ignored])
	}
	for _, p := range r.Privileges {
		out = append(out, "privilege "+p.Server+" "+p.Kind+" "+p.Match)
	}
	for _, u := range r.Unpinned {
		out = append(out, "unpinned "+u.Server+" "+u.Reason)
	}
	for _, f := range r.Transport {
		out = append(out, "transport "+f.Server+" "+f.Kind)
	}
	for _, a := range r.Approvals {
		var covered []string
		for _, c := range a.Covered {
			covered = append(covered, c.Tool)
		}
		out = append(out, "approval "+a.Client+" "+a.Server+" "+a.Mechanism+" ["+strings.Join(a.Tools, ",")+"] covers ["+strings.Join(covered, ",")+"]")
	}
	for _, s := range r.Shadowing {
		out = append(out, "shadowing "+s.Kind+" "+s.Server+" "+s.Tool+" ["+strings.Join(slices.Concat(s.Others, s.Sensitive, s.Unverified), ",")+"]")
	}
	for _, d := range r.Drift {
		out = append(out, "drift "+d.Kind+" "+d.Server+" "+d.What+" "+d.Tool)
	}
	return out
}

// Each checklist item: what its fixture must and must not state.
func TestChecklistFixtures(t *testing.T) {
	tests := []struct {
		fixture   string
		want, not []string
	}{
		{"secrets", []string{
			"secret config github-pat GITHUB_PERSONAL_ACCESS_TOKEN .mcp.json",
			"secret config db-url-password  .mcp.json",
			"secret config generic-high-entropy Authorization .mcp.json",
			"secret config stripe-api-key STRIPE_SECRET_KEY .codex/config.toml",
			"secret env-file openai-api-key  .env", "secret env-file groq-api-key  .env",
			"secret env-file generic-high-entropy MCP_SERVER_TOKEN .env.local",
			"secret source anthropic-api-key  src/agent.py", "secret source openrouter-api-key  src/agent.py",
			"env .env present not-ignored", "env .env.local present ignored",
		}, []string{"secret config generic-high-entropy X-Api-Key .mcp.json", "secret config generic-high-entropy HF_TOKEN .gemini/settings.json",
			"env .env.example present not-ignored"}},
		{"privilege", []string{
			"privilege filesystem filesystem-root /", "privilege filesystem filesystem-root ~",
			"privilege installer shell-command bash -c", "privilege installer sudo sudo", "privilege installer rm-rf rm -rf",
			"privilege inline inline-code node -e",
			"privilege docker-admin docker-privileged --privileged", "privilege docker-admin docker-cap-add --cap-add SYS_ADMIN",
			"privilege docker-admin docker-socket /var/run/docker.sock:/var/run/docker.sock",
			"privilege docker-admin docker-host-mount /:/host", "privilege docker-admin docker-host-namespace --network host",
			"privilege drive broad-scope https://www.googleapis.com/auth/drive: all Google Drive files",
		}, []string{"privilege docs filesystem-root ./docs", "privilege time docker-privileged --privileged", "privilege calendar broad-scope"}},
		{"transport", []string{
			"transport legacy-sse deprecated-sse", "transport gemini-sse deprecated-sse", "transport plain plain-http",
			"transport query-token token-in-query", "transport open no-credentials", "transport open non-mcp-path",
			"transport local no-credentials",
		}, []string{"transport figma no-credentials", "transport local plain-http", "transport plain no-credentials", "transport legacy-sse no-credentials"}},
		{"hitl", []string{
			"approval cline db autoApprove [drop_table,query] covers [drop_table,query]",
			"approval gemini db trust [*] covers [drop_table,query,send_report]",
			"approval claude-settings * enableAllProjectMcpServers [] covers []",
			"approval claude-settings db permissions.allow [*] covers [drop_table,query,send_report]",
			"approval vscode db sandboxEnabled [*] covers [drop_table,query,send_report]",
			"approval codex db default_tools_approval_mode [*] covers [drop_table,query,send_report]",
		}, []string{"approval codex careful default_tools_approval_mode [*] covers [drop_table,query,send_report]"}},
		{"shadowing", []string{
			"shadowing global-instruction quotes daily_quote []", "shadowing redirect-address quotes daily_quote []",
			"shadowing names-other-tool quotes daily_quote [mail/send_email]", "shadowing name-collision  search [mail,quotes]",
			"shadowing mixed-trust   [mail (email),payments (payments),helper (unpinned),payments (unknown publisher)]",
		}, []string{"shadowing names-other-tool mail send_email [quotes/send_email]"}},
		{"rugpull", []string{
			"unpinned bare no-version", "unpinned latest latest", "unpinned range range", "unpinned py no-version",
			"unpinned branch ref", "unpinned image no-version", "unpinned image-latest latest",
			"drift not-compared docs server ", "drift changed notes instructions ", "drift added notes tool archive",
			"drift removed notes tool export", "drift changed notes tool lookup",
		}, []string{"unpinned pinned no-version", "unpinned py-pinned no-version", "unpinned image-digest no-version"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := summaries(scanFixture(t, tt.fixture))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing: %s", w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("unexpected: %s", n)
				}
			}
			if t.Failed() {
				t.Logf("facts:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

// The clean project states nothing a checklist item would fail on.
func TestCleanFixture(t *testing.T) {
	r, indexWarnings := scanIndexed(t, projectFS(t, "clean"), Options{})
	if len(indexWarnings) != 0 {
		t.Errorf("index warnings %v", indexWarnings)
	}
	if got := summaries(r); len(got) != 1 || got[0] != "env .env present ignored" {
		t.Errorf("clean project facts:\n%s", strings.Join(got, "\n"))
	}
	if len(r.Indicators) != 0 || len(r.Warnings) != 0 || r.Lock == nil {
		t.Errorf("indicators %v, warnings %v, lock %v", r.Indicators, r.Warnings, r.Lock)
	}
	for _, tr := range r.Tools {
		if tr.Destructive || tr.OpenWorld || !tr.Annotated {
			t.Errorf("tool %s: %+v", tr.Tool, tr)
		}
	}
}

func equalJSON(t testing.TB, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return bytes.Equal(ja, jb)
}

// mustWalk is projecttest.Walk, by the name the history tests know it.
func mustWalk(t testing.TB, fsys fstest.MapFS) *project.Index {
	t.Helper()
	return projecttest.Walk(t, fsys)
}
