// Package aiuse states the facts of a project's AI use that the EU AI Act
// (Regulation (EU) 2024/1689) attaches duties to: where people talk to an
// LLM (chat surfaces), where the project generates synthetic images, audio
// or video, and which Annex III use cases its own prompts, workflow names
// and descriptions speak of.
//
//	project.Index ──EachSource──► Scanner.Source   chat routes in modules that call an LLM,
//	                                               image / audio / video API calls, system prompts
//	              ──Doc─────────► Scanner.Finish   n8n, Flowise and Dify exports: chat triggers,
//	                                               chatflows, chat apps, generation nodes, prompts
//
// Like the other analyzers it states facts with positioned evidence and
// never a severity, an article or prose: package compliance judges them
// (compliance/aiact.go) with the duties as data. The use-case words are a
// table (usecases.yaml) whose every row carries the samples it must match
// and those it must not. Output is sorted.
package aiuse

import (
	"cmp"
	"context"
	"slices"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// Result is what the scan found, every list sorted by file and line.
type Result struct {
	Surfaces    []Surface    `json:"surfaces,omitempty"`
	Generations []Generation `json:"generations,omitempty"`
	UseCases    []UseCase    `json:"useCases,omitempty"`
}

// Empty reports a project that shows none of the signals.
func (r *Result) Empty() bool {
	return len(r.Surfaces) == 0 && len(r.Generations) == 0 && len(r.UseCases) == 0
}

// The kinds of chat surfaces.
const (
	FlowiseChatflow = "flowise-chatflow"  // a Flowise chatflow or agentflow with a model node
	DifyChatApp     = "dify-chat-app"     // a Dify app in chat, advanced-chat or agent-chat mode with a model
	N8nChatTrigger  = "n8n-chat-trigger"  // an n8n chat trigger in a workflow with an AI node
	N8nWebhookAgent = "n8n-webhook-agent" // an n8n webhook whose workflow answers through an AI agent
	WebChatEndpoint = "web-chat-endpoint" // a chat route in a source module that calls an LLM
)

// Surface is a place where people may interact with an LLM.
type Surface struct {
	Kind string `json:"kind"`
	// Name is the workflow, flow or app name, or the route ("POST /api/chat").
	Name string `json:"name"`
	// Backing names what answers: the model node or model, or the LLM
	// library the module uses.
	Backing  string     `json:"backing"`
	Evidence []Evidence `json:"evidence"`
}

// Generation is a call or node that produces synthetic images, audio or video.
type Generation struct {
	// Modality is image, audio or video.
	Modality string `json:"modality"`
	// Call names it: "openai images.generate", "n8n OpenAI image generate",
	// "replicate stability-ai/sdxl".
	Call     string     `json:"call"`
	Evidence []Evidence `json:"evidence"`
}

// UseCase is an Annex III use-case phrase in the project's own text.
type UseCase struct {
	// Category is the row of usecases.yaml: recruitment, employment,
	// credit, essential-services, education, biometrics, law-enforcement,
	// migration.
	Category string `json:"category"`
	// Phrase is the text matched, as written.
	Phrase string `json:"phrase"`
	// Where says what text it is in: workflow name, prompt, description.
	Where    string     `json:"where"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is a place in the project with what was read there.
type Evidence struct {
	project.Position
	Excerpt string `json:"excerpt,omitempty"`
}

// Scanner collects the facts: Source is the visitor of the index's one
// pass over the source files, Finish reads the exports and returns them.
type Scanner struct {
	res Result
	// llmFiles are the source modules that import an LLM library, with
	// it; routeFiles the modules with chat routes that import none, held
	// until every module is seen (their LLM may be a module they import).
	llmFiles   map[string]string
	routeFiles []routeFile
}

// routeFile is a module with chat routes that imports no LLM library:
// its routes and the project files its local imports may be.
type routeFile struct {
	routes  []pending
	imports []string
}

// NewScanner returns a scanner with nothing seen.
func NewScanner() *Scanner { return &Scanner{llmFiles: map[string]string{}} }

// Scan runs a whole scan over an index (tests, tools).
func Scan(ctx context.Context, idx *project.Index) (*Result, error) {
	s := NewScanner()
	if err := idx.EachSource(ctx, s.Source); err != nil {
		return nil, err
	}
	return s.Finish(ctx, idx)
}

// Finish reads the engine exports and returns every fact, sorted.
func (s *Scanner) Finish(ctx context.Context, idx *project.Index) (*Result, error) {
	if err := s.exports(ctx, idx); err != nil {
		return nil, err
	}
	s.importedLLMs()
	r := s.res
	byPlace := func(a, b []Evidence) int {
		if len(a) == 0 || len(b) == 0 {
			return cmp.Compare(len(a), len(b))
		}
		return cmp.Or(cmp.Compare(a[0].File, b[0].File), cmp.Compare(a[0].Line, b[0].Line), cmp.Compare(a[0].Col, b[0].Col))
	}
	slices.SortStableFunc(r.Surfaces, func(a, b Surface) int {
		return cmp.Or(byPlace(a.Evidence, b.Evidence), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	slices.SortStableFunc(r.Generations, func(a, b Generation) int {
		return cmp.Or(byPlace(a.Evidence, b.Evidence), cmp.Compare(a.Modality, b.Modality), cmp.Compare(a.Call, b.Call))
	})
	slices.SortStableFunc(r.UseCases, func(a, b UseCase) int {
		return cmp.Or(byPlace(a.Evidence, b.Evidence), cmp.Compare(a.Category, b.Category), cmp.Compare(a.Phrase, b.Phrase))
	})
	r.Surfaces = slices.CompactFunc(r.Surfaces, func(a, b Surface) bool {
		return a.Kind == b.Kind && a.Name == b.Name && byPlace(a.Evidence, b.Evidence) == 0
	})
	// One generation per call and file, with every place it is named.
	var gens []Generation
	for _, g := range r.Generations {
		i := slices.IndexFunc(gens, func(x Generation) bool {
			return x.Modality == g.Modality && x.Call == g.Call && x.Evidence[0].File == g.Evidence[0].File
		})
		if i < 0 {
			gens = append(gens, g)
		} else if !slices.Contains(gens[i].Evidence, g.Evidence[0]) {
			gens[i].Evidence = append(gens[i].Evidence, g.Evidence...)
		}
	}
	r.Generations = gens
	r.UseCases = slices.CompactFunc(r.UseCases, func(a, b UseCase) bool {
		return a.Category == b.Category && byPlace(a.Evidence, b.Evidence) == 0
	})
	return &r, nil
}

// lineText is what evidence excerpts are read from (a Doc, a SourceFile).
type lineText interface{ LineText(line int) string }

// at is the evidence at a position, the excerpt its line.
func at(pos project.Position, f lineText) Evidence {
	return Evidence{Position: pos, Excerpt: secrets.Excerpt(f.LineText(pos.Line))}
}
