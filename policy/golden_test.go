package policy

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/golden"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

var update = flag.Bool("update", false, "rewrite the gate's goldens in ../testdata/golden")

// checkDay is the day the sample's gate is judged on: its engine-scope
// waiver expired the day before.
var checkDay = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

// gated judges the n8n-agent sample as mcp-comply check would with
// --config policy/testdata/n8n-agent/mcp-comply.yaml and --baseline
// policy/testdata/n8n-agent/baseline.json: load the policy, configure
// the analysis, analyze, judge.
func gated(t *testing.T) *compliance.Report {
	t.Helper()
	p, err := LoadFile(filepath.Join("testdata", "n8n-agent", FileName))
	if err != nil {
		t.Fatal(err)
	}
	cfg := compliance.Config{ToolVersion: "test", Input: compliance.Input{Source: compliance.SourceInfo{Path: "testdata/n8n-agent"}}}
	p.Configure(&cfg)
	r, err := compliance.Analyze(t.Context(), os.DirFS(filepath.Join("..", "testdata", "n8n-agent")), cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "n8n-agent", "baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.Validate(data); err != nil {
		t.Fatalf("baseline.json: %v", err)
	}
	baseline, err := reports.ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Gate.Check(r, compliance.CheckOptions{Now: checkDay, Baseline: baseline, Residency: cfg.Knowledge.Residency}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestGateGoldens renders the judged sample in every format, and the
// summary check prints, into testdata/golden/n8n-agent-gate.* at the
// repository's root, where every format's tests read the goldens too
// (the SARIF ones against the 2.1.0 schema and GitHub's requirements).
func TestGateGoldens(t *testing.T) {
	r := gated(t)
	date := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	outs := map[string]reports.Formatter{"summary.txt": reports.Summary{}}
	for _, name := range reports.Names() {
		f, err := reports.New(name, reports.Options{Date: date})
		if err != nil {
			t.Fatal(err)
		}
		outs[reporttest.Extension(name)] = f
	}
	for ext, f := range outs {
		t.Run(ext, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.Format(&buf, r); err != nil {
				t.Fatal(err)
			}
			if ext == "json" {
				if err := reports.Validate(buf.Bytes()); err != nil {
					t.Fatal(err)
				}
			}
			golden.Check(t, filepath.Join("..", "testdata", "golden", "n8n-agent-gate."+ext), buf.Bytes(), *update, "go test ./policy -update")
		})
	}
}
