package license

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

func model(name, provider string, asService bool) Component {
	return Component{Ecosystem: vocab.Model, Name: name, Role: vocab.RoleModel,
		Model:     &ModelInfo{Provider: provider, AsService: asService},
		Locations: []project.Position{{File: "app.py", Line: 3}}}
}

// A model component gets its licence from the model catalogue: an
// open-weight model its weights' licence, a fine-tune its base's, a hosted
// model its service terms; a name the catalogue does not know, and open
// weights a cloud serves, stay unknown with a note saying what to confirm.
func TestModelLicences(t *testing.T) {
	extra := []Component{
		model("llama3.1:8b", "ollama", false),
		model("dolphin-mixtral:8x7b", "ollama", false),
		model("deepseek-r1:14b", "ollama", false),
		model("gpt-4o-mini", "openai", true),
		model("eu.meta.llama3-2-3b-instruct-v1:0", "bedrock", true),
		model("my-own-model", "", false),
	}
	inv, err := Collect(context.Background(), index(t, os.DirFS(t.TempDir())), Options{Extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		expr, entry, note string
	}{
		"llama3.1:8b":                       {"LicenseRef-Llama-3.1", "llama-3.1", "model catalogue: Llama 3.1 (llama-3.1), https://github.com/meta-llama/llama-models"},
		"dolphin-mixtral:8x7b":              {"Apache-2.0", "dolphin-mixtral", "a fine-tune of Mixtral 8x7B and 8x22B (mixtral), whose licence its weights carry"},
		"deepseek-r1:14b":                   {"Apache-2.0", "deepseek-r1-distill-qwen", "a fine-tune of Qwen2.5"},
		"gpt-4o-mini":                       {kb.ServiceTerms, "openai-chat", "hosted by OpenAI under its service terms (https://openai.com/policies/services-agreement/) — confirm"},
		"eu.meta.llama3-2-3b-instruct-v1:0": {"", "llama-3.2", "served as a service by bedrock: the weights' licence (LicenseRef-Llama-3.2) binds the provider; whether it or only the provider's terms govern the project's use is not settled (AWS: “Serverless Third-Party Models offered on Amazon Bedrock may be subject to additional terms or a seller’s end user license agreement.”"},
		"my-own-model":                      {"", "", "not in the model catalogue — confirm"},
	}
	if len(inv.Components) != len(want) {
		t.Fatalf("%d components, want %d", len(inv.Components), len(want))
	}
	for _, c := range inv.Components {
		w := want[c.Name]
		if c.License.Expression != w.expr {
			t.Errorf("%s: licence %q, want %q", c.Name, c.License.Expression, w.expr)
		}
		entry := ""
		if c.Model != nil && c.Model.Entry != nil {
			entry = c.Model.Entry.ID
		}
		if entry != w.entry {
			t.Errorf("%s: entry %q, want %q", c.Name, entry, w.entry)
		}
		if len(c.License.Evidence) != 1 || !strings.Contains(c.License.Evidence[0].Note, w.note) {
			t.Errorf("%s: evidence %+v, want a note with %q", c.Name, c.License.Evidence, w.note)
			continue
		}
		ev := c.License.Evidence[0]
		wantMethod := vocab.MethodCatalogue
		if w.expr == "" {
			wantMethod = vocab.MethodNone
		}
		if c.License.Method != wantMethod || ev.Method != wantMethod || ev.File != "app.py" {
			t.Errorf("%s: method %s, evidence %+v", c.Name, c.License.Method, ev)
		}
	}
	if len(inv.Engines) != 0 {
		t.Errorf("models made engines: %+v", inv.Engines)
	}
}

// A fine-tune whose base the catalogue lacks is unknown, not its own
// licence-less entry judged allowed.
func TestModelUnknownBase(t *testing.T) {
	base := &kb.Base{Models: []kb.ModelEntry{{ID: "tune", Name: "Tune", Kind: kb.OpenWeight, Base: "missing",
		Match: []string{"tune"}, Source: "https://example.org", Checked: "2026-12-03"}}}
	c := model("tune", "", false)
	resolveModel(base, &c)
	if c.License.Known() || !strings.Contains(c.License.Evidence[0].Note, "does not know the base missing — confirm") {
		t.Errorf("fine-tune of an unknown base: %+v", c.License)
	}
}
