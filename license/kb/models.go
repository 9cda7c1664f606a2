package kb

import (
	"path"
	"strings"
)

// Model kinds: the weights are published under a licence, or the model is
// served only through its provider's API, under the provider's terms.
const (
	OpenWeight = "open-weight"
	Hosted     = "hosted"
)

// ModelEntry is one model family of the model catalogue (data/models.yaml).
type ModelEntry struct {
	// ID is the catalogue id ("llama-3.1"); Name and Vendor are for people.
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Vendor string `yaml:"vendor"`
	// Kind is OpenWeight or Hosted.
	Kind string `yaml:"kind"`
	// Match are lower-case path.Match patterns over the names projects
	// write: Ollama tags ("llama3.1", "llama3.1:*"), Hugging Face ids
	// ("meta-llama/llama-3.1-*"), Bedrock ids ("meta.llama3-1-*", with any
	// cross-Region prefix removed) and API names ("gpt-4o*").
	Match []string `yaml:"match"`
	// License is the knowledge base's licence id for the weights
	// (open-weight); Terms is the provider's service terms (hosted), a URL
	// for the report: a hosted model's uses are "service terms — confirm".
	License string `yaml:"license,omitempty"`
	Terms   string `yaml:"terms,omitempty"`
	// Base is the catalogue id of the model a fine-tune is built on: the
	// fine-tune's weights carry the base's licence terms.
	Base string `yaml:"base,omitempty"`
	// Modalities are what the model produces: text, image, audio, video,
	// embedding.
	Modalities []string `yaml:"modalities"`
	// Card is what a CycloneDX model card states, where it is known.
	Card  *ModelCard `yaml:"card,omitempty"`
	Notes string     `yaml:"notes,omitempty"`
	// Source is where the licence and facts were read; Checked the date.
	Source  string `yaml:"source"`
	Checked string `yaml:"checked"`
}

// ModelCard is the part of a model card the catalogue can state.
type ModelCard struct {
	// Task is the model's task ("text-generation", "text-to-image").
	Task string `yaml:"task,omitempty"`
	// ArchitectureFamily is "transformer", "diffusion" …
	ArchitectureFamily string `yaml:"architectureFamily,omitempty"`
	// Parameters is the parameter count as the vendor states it ("8B, 70B, 405B").
	Parameters string `yaml:"parameters,omitempty"`
}

// Model finds the catalogue entry for a model name as a project writes
// it (case ignored). The longest matching pattern wins, so "llama3.1"
// beats "llama3*".
func (b *Base) Model(name string) (*ModelEntry, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	var best *ModelEntry
	bestLen := -1
	for i := range b.Models {
		for _, p := range b.Models[i].Match {
			if ok, _ := path.Match(p, name); ok && len(p) > bestLen {
				best, bestLen = &b.Models[i], len(p)
			}
		}
	}
	return best, best != nil
}
