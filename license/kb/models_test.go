package kb

import (
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// TestModelCatalogueIntegrity checks what the schema cannot: every entry
// has a source and a real date, resolves to a licence the knowledge base
// judges for every use (through its base for a fine-tune), and its patterns
// are lower-case, valid and never tie with another entry's.
func TestModelCatalogueIntegrity(t *testing.T) {
	b, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Models) == 0 {
		t.Fatal("the model catalogue is empty")
	}
	today := time.Now().Format(time.DateOnly)
	ids := map[string]bool{}
	for i := range b.Models {
		e := &b.Models[i]
		if ids[e.ID] {
			t.Errorf("model %s is defined twice", e.ID)
		}
		ids[e.ID] = true
		if strings.TrimSpace(e.Source) == "" {
			t.Errorf("model %s has no source", e.ID)
		}
		if _, err := time.Parse(time.DateOnly, e.Checked); err != nil || e.Checked > today {
			t.Errorf("model %s: checked date %q is not a real past date", e.ID, e.Checked)
		}
		if e.Kind == Hosted && !strings.HasPrefix(e.Terms, "https://") {
			t.Errorf("hosted model %s has no terms URL", e.ID)
		}
		id, _ := b.ModelLicense(e)
		l, ok := b.License(id)
		if !ok {
			t.Errorf("model %s resolves to licence %q, which the knowledge base lacks (base %q)", e.ID, id, e.Base)
			continue
		}
		for _, u := range vocab.Uses {
			if _, ok := l.Uses[u]; !ok {
				t.Errorf("model %s: licence %s has no verdict for %s", e.ID, l.ID, u)
			}
		}
		if e.Kind == Hosted {
			for u, term := range l.Uses {
				if term.Verdict != vocab.Unknown {
					t.Errorf("hosted model %s: %s is %s; a hosted model's uses are service terms to confirm", e.ID, u, term.Verdict)
				}
			}
		}
		for _, p := range e.Match {
			if p != strings.ToLower(p) || strings.TrimSpace(p) != p {
				t.Errorf("model %s: pattern %q is not lower-case and trimmed", e.ID, p)
			}
			if _, err := path.Match(p, ""); err != nil {
				t.Errorf("model %s: pattern %q: %v", e.ID, p, err)
			}
		}
	}
	// Two entries that match one name with patterns of equal length leave
	// the winner to the file order: probe every pattern with its stars
	// filled and require a single best entry.
	for _, e := range b.Models {
		for _, p := range e.Match {
			for _, fill := range []string{"", "8b", "-instruct", "x"} {
				name := strings.NewReplacer("*", fill, "?", "x").Replace(p)
				if tied := tiedEntries(b, name); len(tied) > 1 {
					t.Errorf("%q matches %v with patterns of equal length", name, tied)
				}
			}
		}
	}
}

// tiedEntries lists the entries whose longest pattern matching name has the
// winning length, when more than one does.
func tiedEntries(b *Base, name string) []string {
	best := -1
	var tied []string
	for _, e := range b.Models {
		l := -1
		for _, p := range e.Match {
			if ok, _ := path.Match(p, name); ok && len(p) > l {
				l = len(p)
			}
		}
		switch {
		case l < 0:
		case l > best:
			best, tied = l, []string{e.ID}
		case l == best:
			tied = append(tied, e.ID)
		}
	}
	return tied
}

// TestModelNames maps names as the real corpora write them (n8n, Flowise and
// Dify exports, MCP servers' code, Ollama tags, Bedrock and Vertex ids) to
// the catalogue entry a user expects, beside names that must not match.
func TestModelNames(t *testing.T) {
	b := Default()
	for _, tc := range []struct{ name, want string }{
		// Ollama tags: the family, a size, a quantisation.
		{"llama3.1", "llama-3.1"},
		{"llama3.1:8b", "llama-3.1"},
		{"llama3.1:70b-instruct-q4_K_M", "llama-3.1"},
		{"registry.ollama.ai/library/llama3.1:8b", "llama-3.1"},
		{"ollama/llama3.1", "llama-3.1"},
		{"llama3.2", "llama-3.2"},
		{"llama3.2-vision:11b", "llama-3.2-vision"},
		{"llama3", "llama-3"},
		{"llama3.3:70b", "llama-3.3"},
		{"dolphin-mixtral:8x7b", "dolphin-mixtral"},
		{"dolphin-llama3", "dolphin-llama3"},
		{"deepseek-r1:14b", "deepseek-r1-distill-qwen"},
		{"deepseek-r1:1.5b", "deepseek-r1-distill-qwen"},
		{"deepseek-r1:8b", "deepseek-r1-distill-llama-8b"},
		{"deepseek-r1:70b", "deepseek-r1-distill-llama-70b"},
		{"deepseek-r1:671b", "deepseek-r1"},
		{"qwen2.5:7b", "qwen-2.5"},
		{"qwen2.5:3b", "qwen-2.5-3b"},
		{"qwen2.5:32b", "qwen-2.5"},
		{"qwen2.5:72b-instruct", "qwen-2.5-72b"},
		{"qwen2.5-coder:3b", "qwen-2.5-3b"},
		{"qwen3:8b", "qwen-3"},
		{"gemma3:4b", "gemma"},
		{"gemma4:e4b", "gemma-4"},
		{"mistral", "mistral-7b"},
		{"mixtral:8x22b", "mixtral"},
		{"codestral:22b", "codestral"},
		{"phi4", "phi-4"},
		{"phi3:mini", "phi-3"},
		{"mistral-small:24b", "mistral-small-3"},
		{"mistral-small3.1", "mistral-small-3"},
		{"mistral-small:22b", "mistral-small-2409"},
		{"nomic-embed-text", "nomic-embed-text"},
		{"nomic-embed-text:v1.5", "nomic-embed-text"},
		{"mxbai-embed-large", "mxbai-embed-large"},
		{"all-minilm:22m", "all-minilm-l6"},
		// Hugging Face ids.
		{"meta-llama/Llama-3.1-8B-Instruct", "llama-3.1"},
		{"meta-llama/Llama-3.2-3B-Instruct", "llama-3.2"},
		{"meta-llama/Llama-3.2-11B-Vision-Instruct", "llama-3.2-vision"},
		{"Qwen/Qwen2.5-72B-Instruct", "qwen-2.5-72b"},
		{"Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-2.5-3b"},
		{"Qwen/Qwen2.5-32B-Instruct", "qwen-2.5"},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-r1-distill-qwen"},
		{"google/gemma-2-9b-it", "gemma"},
		{"black-forest-labs/FLUX.1-schnell", "flux-schnell"},
		{"black-forest-labs/FLUX.1-dev", "flux-dev"},
		{"stabilityai/stable-diffusion-xl-base-1.0", "sdxl"},
		{"openai/whisper-large-v3", "whisper"},
		{"BAAI/bge-small-en-v1.5", "bge-small-en-v1.5"},
		{"bge-small-en-v1.5", "bge-small-en-v1.5"},
		{"BAAI/bge-reranker-v2-m3", "bge-reranker-v2-m3"},
		{"jinaai/jina-reranker-v1-tiny-en", "jina-reranker-v1-en"},
		{"gpt2", "gpt-2"},
		{"openai-community/gpt2-xl", "gpt-2"},
		{"tiiuae/falcon-7b-instruct", "falcon-7b-instruct"},
		// Replicate ids (a version hash after ":") and Fireworks ids.
		{"a16z-infra/llama13b-v2-chat:df7690f1994d94e96ad9d568eac121aecf50684a0b0963b25a41cc40061269e5", "llama-2"},
		{"meta/llama-2-70b-chat", "llama-2"},
		{"stability-ai/sdxl:af1a68a271597604546c09c64aabcd7782c114a63539a4a8d14d1eeda5630c33", "sdxl"},
		{"accounts/fireworks/models/llama-v3p1-8b-instruct", "llama-3.1"},
		// Bedrock ids, with and without a cross-Region profile.
		{"meta.llama3-1-70b-instruct-v1:0", "llama-3.1"},
		{"eu.meta.llama3-2-3b-instruct-v1:0", "llama-3.2"},
		{"us.meta.llama3-2-11b-instruct-v1:0", "llama-3.2-vision"},
		{"deepseek.r1-v1:0", "deepseek-r1"},
		{"amazon.titan-embed-text-v2:0", "amazon-nova-titan"},
		{"amazon.rerank-v1:0", "amazon-nova-titan"},
		{"us.amazon.nova-micro-v1:0", "amazon-nova-titan"},
		{"amazon.nova-2-multimodal-embeddings-v1:0", "amazon-nova-titan"}, // embeddings, not images
		{"amazon.titan-embed-image-v1", "amazon-nova-titan"},
		{"amazon.nova-canvas-v1:0", "amazon-nova-canvas-titan-image"},
		{"amazon.titan-image-generator-v2:0", "amazon-nova-canvas-titan-image"},
		{"amazon.nova-reel-v1:1", "amazon-nova-reel"},
		{"amazon.nova-sonic-v1:0", "amazon-nova-sonic"},
		{"anthropic.claude-3-sonnet-20240229-v1:0", "anthropic-claude"},
		{"eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic-claude"},
		{"global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic-claude"},
		// API names (OpenAI, Azure, Anthropic, Google, Mistral, Cohere, DeepSeek).
		{"gpt-4o-mini", "openai-chat"},
		{"gpt-35-turbo", "openai-chat"},
		{"gpt-3.5-turbo-16k", "openai-chat"},
		{"gpt-4.1", "openai-chat"},
		{"gpt-5.2-codex", "openai-chat"},
		{"o3", "openai-chat"},
		{"openai:gpt-5", "openai-chat"},
		{"openai/gpt-4.1-nano", "openai-chat"},
		{"gpt-4o-mini-tts", "openai-audio"},
		{"tts-1-hd", "openai-audio"},
		{"whisper-1", "openai-transcription"},
		{"dall-e-3", "openai-image"},
		{"gpt-image-1", "openai-image"},
		{"text-embedding-ada-002", "openai-embedding"},
		{"openai/text-embedding-3-small", "openai-embedding"},
		{"claude-3-5-sonnet-20240620", "anthropic-claude"},
		{"anthropic:claude-sonnet-4-6", "anthropic-claude"},
		{"gemini-2.0-flash", "google-gemini"},
		{"gemini-1.5-pro-002", "google-gemini"},
		{"publishers/google/models/gemini-1.5-pro-002", "google-gemini"},
		{"projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-pro", "google-gemini"},
		{"models/gemini-pro", "google-gemini"},
		{"google:gemini-3.1-pro-preview", "google-gemini"},
		{"imagen-3.0-generate-002", "google-imagen"},
		{"mistral-medium-latest", "mistral-api"},
		{"mistral-large-latest", "mistral-api"},
		{"mistral-tiny", "mistral-api"},
		{"cohere/rerank-v3.5", "cohere-api"},
		{"command-r-plus", "cohere-api"},
		{"deepseek-chat", "deepseek-api"},
		{"deepseek-reasoner", "deepseek-api"},
		{"gpt4o", "openai-chat"}, // an Azure deployment name
		{"qwen-max", "alibaba-qwen-api"},
		{"qwen-plus", "alibaba-qwen-api"},
		{"qwen-plus-chat", "alibaba-qwen-api"},
		{"qwen-vl-plus", "alibaba-qwen-api"},
		{"doubao", "volcengine-doubao"},
		{"Doubao-Pro-32k", "volcengine-doubao"},
		{"yi-large-turbo", "01ai-yi-api"},
		{"eleven_multilingual_v2", "elevenlabs-tts"},
		// Names that are not models of the catalogue.
		{"llama-index", ""},
		{"llama2", "llama-2"},
		{"llama2-uncensored", ""},
		{"deepseek-r1", ""}, // the size decides the base
		{"qwen2.5", ""},     // the size decides the licence
		{"flux", ""},        // schnell or dev?
		{"nomic-embed-text-v2-moe", ""},
		{"all-minilm", ""},                   // L6 or L12?
		{"mistral-small", ""},                // 22B (MRL) or 24B (Apache-2.0)?
		{"distilgpt2", ""},                   // Hugging Face's distillation, not OpenAI's weights
		{"gpt2-chinese-cluecorpussmall", ""}, // a model trained by others on the architecture
		{"gpt4all", ""},
		{"BAAI/bge-small-zh-v1.5", ""}, // only the English small v1.5 was read
		{"BAAI/bge-m3", ""},
		{"bge-reranker-v2-gemma", ""},
		{"jinaai/jina-reranker-v1-turbo-en", ""},
		{"jinaai/jina-reranker-v2-base-multilingual", ""},
		{"tiiuae/falcon-7b", ""}, // its early card named the TII Falcon LLM License
		{"tiiuae/falcon-180b-chat", ""},
		{"a16z-infra/mistral-7b-instruct-v0.1", ""},
		{"stability-ai/stable-diffusion", ""},
		{"accounts/fireworks/models/llama-v3p2-11b-vision-instruct", ""},
		{"amazon.rerank", ""},
		{"qwen-7b", ""}, // Qwen 1's open weights
		{"doubao1.5", ""},
		{"yi:34b", ""},
		{"01-ai/yi-34b-chat", ""},
		{"eleven", ""},
		{"elevenlabs", ""},
		{"deepseek-coder", ""},     // the DeepSeek API's former name and the open weights' tag
		{"deepseek-v3-250324", ""}, // a Volcengine Ark version id: which checkpoint was not read
		{"sentence-transformers/distilbert-base-nli-mean-tokens", ""}, // licence not read
		{"opus", ""},
		{"stub-model", ""},
		{"sonar", ""},
		{"qwen3.5:4b", ""},
		{"stabilityai/sdxl-turbo", ""},
		{"deepseek-ai/deepseek-v3-0324", ""},
		{"{{chatopenai_0.data.instance}}", ""},
	} {
		e, ok := b.Model(tc.name)
		got := ""
		if ok {
			got = e.ID
		}
		if got != tc.want {
			t.Errorf("Model(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestModelLicenseFollowsBase: a fine-tune's weights are judged by its
// base's licence, and a base the catalogue lacks leaves the licence unknown.
func TestModelLicenseFollowsBase(t *testing.T) {
	b := Default()
	// entry id → its licence and the base it comes through ("" for its own).
	for id, want := range map[string][2]string{
		"dolphin-mixtral":               {"Apache-2.0", "mixtral"},
		"dolphin-llama3":                {"LicenseRef-Llama-3", "llama-3"},
		"deepseek-r1-distill-llama-70b": {"LicenseRef-Llama-3.3", "llama-3.3"},
		"deepseek-r1-distill-qwen":      {"Apache-2.0", "qwen-2.5"},
		"llama-3.1":                     {"LicenseRef-Llama-3.1", ""},
		"openai-chat":                   {ServiceTerms, ""},
	} {
		e, _ := b.ModelByID(id)
		lic, bases := b.ModelLicense(e)
		base := ""
		if len(bases) > 0 {
			base = bases[0].ID
		}
		if lic != want[0] || base != want[1] {
			t.Errorf("ModelLicense(%s) = %s via %q, want %s via %q", id, lic, base, want[0], want[1])
		}
	}
	orphan := &Base{Models: []ModelEntry{{ID: "tune", Kind: OpenWeight, Base: "missing"}}}
	if lic, _ := orphan.ModelLicense(&orphan.Models[0]); lic != "" {
		t.Errorf("a fine-tune of a base the catalogue lacks got licence %q", lic)
	}
	loop := &Base{Models: []ModelEntry{{ID: "a", Kind: OpenWeight, Base: "b"}, {ID: "b", Kind: OpenWeight, Base: "a"}}}
	if lic, _ := loop.ModelLicense(&loop.Models[0]); lic != "" {
		t.Errorf("looping bases got licence %q", lic)
	}
}

// TestCorpusModelNames measures the catalogue on a list of model names, one
// a line (MODEL_NAMES=file); it is a measurement, skipped without the list.
func TestCorpusModelNames(t *testing.T) {
	file := os.Getenv("MODEL_NAMES")
	raw, err := os.ReadFile(file)
	switch {
	case file == "":
		t.Skip("MODEL_NAMES is not set")
	case err != nil:
		t.Fatal(err)
	}
	b := Default()
	seen := map[string]bool{}
	resolved := 0
	var missed []string
	for _, line := range strings.Split(string(raw), "\n") {
		name := strings.ToLower(strings.TrimSpace(line))
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if e, ok := b.Model(name); ok {
			resolved++
			t.Logf("%-50s %s", name, e.ID)
		} else {
			missed = append(missed, name)
		}
	}
	t.Logf("resolved %d of %d distinct names; not in the catalogue: %s", resolved, len(seen), strings.Join(missed, " "))
}
