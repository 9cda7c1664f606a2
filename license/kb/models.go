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

// ServiceTerms is the knowledge base's licence entry for every hosted
// model: the provider's service terms, each use unknown until the team
// confirms them (the entry's Terms says where they are).
const ServiceTerms = "LicenseRef-service-terms"

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
// beats "llama3*". The name is tried as written, then without what is not
// the model's name (modelName); the first form that matches decides, so a
// Hugging Face id such as "openai/whisper-large-v3" is read before its
// router-prefix reading.
func (b *Base) Model(name string) (*ModelEntry, bool) {
	for _, n := range modelNames(name) {
		if e := b.matchModel(n); e != nil {
			return e, true
		}
	}
	return nil, false
}

func (b *Base) matchModel(name string) *ModelEntry {
	var best *ModelEntry
	bestLen := -1
	for i := range b.Models {
		for _, p := range b.Models[i].Match {
			if ok, _ := path.Match(p, name); ok && len(p) > bestLen {
				best, bestLen = &b.Models[i], len(p)
			}
		}
	}
	return best
}

// ModelByID looks a catalogue entry up by id.
func (b *Base) ModelByID(id string) (*ModelEntry, bool) {
	for i := range b.Models {
		if b.Models[i].ID == id {
			return &b.Models[i], true
		}
	}
	return nil, false
}

// ModelLicense is the licence id that governs an entry: ServiceTerms for a
// hosted model, the entry's own licence, or for a fine-tune its base's,
// followed until an entry names a licence. Bases lists the bases followed,
// nearest first. The licence is "" when a base is not in the catalogue or
// the bases loop.
func (b *Base) ModelLicense(e *ModelEntry) (license string, bases []*ModelEntry) {
	seen := map[string]bool{}
	for e != nil && !seen[e.ID] {
		seen[e.ID] = true
		switch {
		case e.Kind == Hosted:
			return ServiceTerms, bases
		case e.License != "":
			return e.License, bases
		case e.Base == "":
			return "", bases
		}
		base, ok := b.ModelByID(e.Base)
		if !ok {
			return "", bases
		}
		bases = append(bases, base)
		e = base
	}
	return "", bases
}

// crossRegionPrefixes are the geography prefixes of Bedrock's cross-Region
// inference profiles ("eu.meta.llama3-2-3b-instruct-v1:0"): the profile
// routes the model, it does not rename it.
var crossRegionPrefixes = []string{"us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."}

// routerPrefixes are the provider prefixes that gateways and SDKs put before
// a model's own name ("openai/gpt-4o", "ollama/llama3.1", "openai:gpt-5").
var routerPrefixes = []string{"openai", "anthropic", "google", "gemini", "vertex_ai", "bedrock", "ollama",
	"ollama_chat", "azure", "mistral", "deepseek", "cohere", "groq", "together_ai", "fireworks_ai", "openrouter"}

// modelNames are the forms a written model name is matched in: lower-cased
// and trimmed, then with a Vertex resource path ("publishers/google/models/
// gemini-1.5-pro-002", "models/gemini-pro") or an Ollama registry path cut
// to the model, a router prefix removed and a cross-Region profile prefix
// removed.
func modelNames(name string) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	names := []string{name}
	n := name
	if i := strings.LastIndex(n, "models/"); i >= 0 && (i == 0 || n[i-1] == '/') {
		n = n[i+len("models/"):]
	}
	// An Ollama library tag written with its registry
	// ("registry.ollama.ai/library/llama3.1:8b").
	for _, reg := range []string{"ollama.ai/library/", "ollama.com/library/"} {
		if i := strings.Index(n, reg); i >= 0 {
			n = n[i+len(reg):]
			break
		}
	}
	for _, p := range routerPrefixes {
		if rest, ok := strings.CutPrefix(n, p+"/"); ok {
			n = rest
			break
		}
		if rest, ok := strings.CutPrefix(n, p+":"); ok {
			n = rest
			break
		}
	}
	for _, p := range crossRegionPrefixes {
		// Only a vendor-qualified Bedrock id follows a profile prefix.
		if rest, ok := strings.CutPrefix(n, p); ok && strings.Contains(rest, ".") {
			n = rest
			break
		}
	}
	if n != name {
		names = append(names, n)
	}
	return names
}
