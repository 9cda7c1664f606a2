package compliance

import (
	"context"
	"os"
	"testing"
)

// BenchmarkAnalyze runs the whole analysis on the n8n sample project. The
// figures on a real tree come from bench/run.sh (see BENCHMARKS.md).
func BenchmarkAnalyze(b *testing.B) {
	root, err := os.OpenRoot("../testdata/n8n-agent")
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	for b.Loop() {
		if _, err := Analyze(context.Background(), root.FS(), Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAnalyzeSample(t *testing.T) {
	root, err := os.OpenRoot("../testdata/n8n-agent")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r, err := Analyze(context.Background(), root.FS(), Config{Policy: Policy{Uses: []Use{SaaS, Internal, SaaS}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Inputs.Uses) != 2 || r.Inputs.Uses[0] != Internal || r.Inputs.Uses[1] != SaaS {
		t.Errorf("uses = %v, want [internal saas]: report order, no duplicates", r.Inputs.Uses)
	}
	want := map[Use]Verdict{Internal: Allowed, SaaS: Prohibited}
	for _, v := range r.Verdicts {
		if v.Verdict != want[v.Use] {
			t.Errorf("%s = %s, want %s", v.Use, v.Verdict, want[v.Use])
		}
	}
	if r.Tool.Version != "devel" || r.Inputs.Market != Global || r.SchemaVersion != SchemaVersion {
		t.Errorf("defaults not applied: %+v %+v", r.Tool, r.Inputs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyze(ctx, root.FS(), Config{}); err == nil {
		t.Error("a cancelled context did not stop the analysis")
	}
}

func TestOneWarningPerFault(t *testing.T) {
	pos := Position{File: "docker-compose.yml", Line: 5}
	r := &Report{Warnings: []Warning{
		{Position: pos, Message: "invalid compose file: found unexpected end of stream"},
		{Position: pos, Message: "invalid YAML: found unexpected end of stream"},
		{Position: pos, Message: "service api: image is not a string"},
		{Position: Position{File: "other.yml", Line: 5}, Message: "invalid YAML: found unexpected end of stream"},
	}}
	finish(r)
	if len(r.Warnings) != 3 {
		t.Errorf("warnings = %v, want the two readers' reports of one fault merged, the rest kept", r.Warnings)
	}
}
