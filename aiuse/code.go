package aiuse

import (
	"go/ast"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// llmLibraries are the modules whose import makes a source module one that
// calls an LLM: Python top-level packages, npm packages (a scope covers
// its packages) and Go import paths.
var llmLibraries = map[string]bool{
	// Python
	"openai": true, "anthropic": true, "langchain": true, "langchain_openai": true, "langchain_anthropic": true,
	"langchain_community": true, "langchain_core": true, "langchain_ollama": true, "langchain_mistralai": true,
	"langchain_google_genai": true, "langchain_aws": true, "langgraph": true, "llama_index": true, "ollama": true,
	"mistralai": true, "groq": true, "cohere": true, "litellm": true, "vertexai": true, "google.generativeai": true,
	"google.genai": true, "pydantic_ai": true, "dspy": true,
	// npm
	"ai": true, "@ai-sdk": true, "@anthropic-ai/sdk": true, "@langchain": true,
	"@google/generative-ai": true, "@google/genai": true, "@mistralai/mistralai": true, "groq-sdk": true,
	"cohere-ai": true, "@openai/agents": true,
	// Go
	"github.com/sashabaranov/go-openai": true, "github.com/openai/openai-go": true,
	"github.com/anthropics/anthropic-sdk-go": true, "github.com/tmc/langchaingo": true,
	"google.golang.org/genai": true, "github.com/ollama/ollama/api": true, "github.com/google/generative-ai-go/genai": true,
}

// llmLibrary is the library an import names, "" when it is none of them.
func llmLibrary(module string) string {
	for m := module; m != ""; {
		if llmLibraries[m] {
			return m
		}
		i := strings.LastIndexAny(m, "./")
		if i < 0 {
			break
		}
		m = m[:i]
	}
	return ""
}

// routeMethods are the calls and decorators that register an HTTP route
// with a path as their first argument (FastAPI, Flask, Express, Fastify,
// Hono, net/http, gin, echo, chi), compared lower-cased.
var routeMethods = map[string]bool{
	"get": true, "post": true, "put": true, "route": true, "websocket": true, "ws": true, "all": true,
	"api_route": true, "add_api_route": true, "add_url_rule": true, "handlefunc": true, "handle": true,
}

// httpClients are receivers whose get and post send a request rather than
// register a route (axios.post("/api/chat") calls the chat, it serves none).
var httpClients = map[string]bool{"axios": true, "requests": true, "httpx": true, "session": true, "client": true,
	"http": true, "got": true, "ky": true, "superagent": true, "request": true, "fetch": true, "api": true, "$http": true}

// httpClient reports a method call at token i on an HTTP client.
func httpClient(f *syntax.File, i int) bool {
	return i >= 2 && f.Is(i-1, syntax.Punct, ".") && f.Tokens[i-2].Kind == syntax.Name && httpClients[strings.ToLower(f.Tokens[i-2].Text)]
}

// chatPath matches a route whose path has a chat segment: /chat,
// /api/chat, /v1/chat/completions, /chat/stream, /chatbot.
var chatPath = regexp.MustCompile(`(?i)^/?([\w{}:.-]+/)*(chat|chats|chatbot|chat-stream|chat_stream|chat/completions)(/[\w{}:.-]*)*$`)

// nextChatRoute matches a Next.js route handler or API route for chat.
var nextChatRoute = regexp.MustCompile(`(^|/)(app|pages)/(.+/)?api/(.+/)?(chat|chatbot)(/[^/]+)*/?(route)?\.(ts|js|tsx|jsx|mjs)$|(^|/)pages/api/(.+/)?chat\.(ts|js)$`)

// generationCalls are the calls, as the end of their dotted name, that
// generate media: the OpenAI, Google, ElevenLabs and Vercel AI SDKs, and
// the Go clients.
var generationCalls = []struct {
	suffix, modality string
}{
	{"images.generate", "image"}, {"images.edit", "image"}, {"images.create_variation", "image"},
	{"images.createVariation", "image"}, {"audio.speech.create", "audio"},
	{"models.generate_images", "image"}, {"models.generateImages", "image"}, {"models.edit_image", "image"},
	{"models.generate_videos", "video"}, {"models.generateVideos", "video"},
	{"ImageGenerationModel.from_pretrained", "image"}, {"VideoGenerationModel.from_pretrained", "video"},
	{"text_to_speech.convert", "audio"}, {"textToSpeech.convert", "audio"}, {"text_to_speech.stream", "audio"},
	{"experimental_generateImage", "image"}, {"generateImage", "image"}, {"experimental_generateSpeech", "audio"},
	{"generateSpeech", "audio"},
	// Go: openai-go, go-openai, genai
	{"Images.Generate", "image"}, {"Images.Edit", "image"}, {"Audio.Speech.New", "audio"},
	{"CreateImage", "image"}, {"CreateEditImage", "image"}, {"CreateSpeech", "audio"},
	{"Models.GenerateImages", "image"}, {"Models.GenerateVideos", "video"},
}

// lastSegments are the last names of the generation calls and of the
// calls read for their arguments (Replicate's run and predictions.create):
// a call is named in full only when it ends in one of them.
var lastSegments = func() map[string]bool {
	m := map[string]bool{"run": true, "create": true}
	for _, g := range generationCalls {
		m[g.suffix[strings.LastIndexByte(g.suffix, '.')+1:]] = true
	}
	return m
}()

// mediaClasses are classes that generate images: diffusers' local
// pipelines and the Stability SDK's client.
var mediaClasses = map[string]string{"StableDiffusionPipeline": "diffusers", "StableDiffusionXLPipeline": "diffusers",
	"DiffusionPipeline": "diffusers", "FluxPipeline": "diffusers", "AutoPipelineForText2Image": "diffusers",
	"StableDiffusion3Pipeline": "diffusers", "StabilityInference": "stability_sdk"}

// generationURLs are API paths and hosts that generate media.
var generationURLs = []struct {
	part, modality string
}{
	{"/images/generations", "image"}, {"/images/edits", "image"}, {"/audio/speech", "audio"},
	{"api.stability.ai", "image"}, {"api.elevenlabs.io/v1/text-to-speech", "audio"}, {"/v1/text-to-speech", "audio"},
}

func (s *Scanner) generationURL(ev Evidence, u string) {
	for _, g := range generationURLs {
		if i := strings.Index(u, g.part); i >= 0 {
			// The host and the generating path, without what follows (a voice id, a query).
			call := u[:i+len(g.part)]
			if strings.HasPrefix(g.part, "/") {
				call = strings.TrimPrefix(strings.TrimPrefix(call, "https://"), "http://")
			} else {
				call = g.part
			}
			s.res.Generations = append(s.res.Generations, Generation{Modality: g.modality, Call: "POST " + call, Evidence: []Evidence{ev}})
			return
		}
	}
}

// Source is the visitor of the index's source pass: chat routes in
// modules that call an LLM, media generation calls, and the use cases
// the module's prompts name. Test files are not the product.
func (s *Scanner) Source(src *project.SourceFile) {
	if src.Test {
		return
	}
	switch {
	case src.Code != nil:
		s.tokens(src)
	case src.Go != nil:
		s.goFile(src)
	}
}

// pending is a fact of a module held until the module is known to call
// an LLM.
type pending struct {
	name string
	ev   Evidence
}

func (s *Scanner) tokens(src *project.SourceFile) {
	f := src.Code
	ts := f.Tokens
	lib := ""
	var routes []pending
	var local []string // the project files the module's local imports may be
	for i := range ts {
		t := &ts[i]
		switch t.Kind {
		case syntax.Name:
			if (t.Text == "import" || t.Text == "from") && f.Lang == syntax.Python && i+1 < len(ts) {
				if l := llmLibrary(dotted(ts, i+1)); l != "" && lib == "" {
					lib = l
				}
				local = append(local, pyImport(src.Path, ts, i)...)
			}
			if lib := mediaClasses[t.Text]; lib != "" {
				s.res.Generations = append(s.res.Generations, Generation{Modality: "image", Call: lib + " " + t.Text,
					Evidence: []Evidence{at(src.Pos(t.Off), src)}})
			}
			// A call, not the definition of a function of that name.
			if i+1 < len(ts) && f.Is(i+1, syntax.Punct, "(") && !(i > 0 && (f.Is(i-1, syntax.Name, "def") || f.Is(i-1, syntax.Name, "function"))) {
				s.call(src, i, lib)
			}
		case syntax.String:
			if f.Lang != syntax.Python && i > 0 && (f.Is(i-1, syntax.Name, "from") || f.Is(i-1, syntax.Name, "import") ||
				f.Is(i-1, syntax.Punct, "(") && i > 1 && (f.Is(i-2, syntax.Name, "require") || f.Is(i-2, syntax.Name, "import"))) {
				if l := llmLibrary(npmModule(t.Text)); l != "" && lib == "" {
					lib = l
				}
				if strings.HasPrefix(t.Text, "./") || strings.HasPrefix(t.Text, "../") {
					base := path.Join(path.Dir(src.Path), t.Text)
					for _, ext := range []string{"", ".ts", ".js", ".tsx", ".jsx", ".mjs", "/index.ts", "/index.js"} {
						local = append(local, base+ext)
					}
				}
			}
			if isURL(t.Text) {
				s.generationURL(at(src.Pos(t.Off), src), t.Text)
			}
			if strings.HasPrefix(t.Text, "/") && i > 1 && f.Is(i-1, syntax.Punct, "(") && ts[i-2].Kind == syntax.Name &&
				routeMethods[strings.ToLower(ts[i-2].Text)] && !httpClient(f, i-2) && chatPath.MatchString(t.Text) {
				routes = append(routes, pending{name: strings.ToUpper(ts[i-2].Text) + " " + t.Text, ev: at(src.Pos(t.Off), src)})
			}
			if key := keyBefore(f, i); key != "" && codePromptKey(key, f, i) {
				s.text(src.Pos(t.Off), t.Text, "prompt")
			}
		}
	}
	if nextChatRoute.MatchString(src.Path) {
		// export [async] function POST, export const POST, export default
	route:
		for i := range ts {
			for j := i + 1; f.Is(i, syntax.Name, "export") && j < min(i+4, len(ts)); j++ {
				if f.Is(j, syntax.Name, "POST") || f.Is(j, syntax.Name, "default") {
					routes = append(routes, pending{name: "POST " + nextRoutePath(src.Path), ev: at(src.Pos(ts[i].Off), src)})
					break route
				}
			}
		}
	}
	switch {
	case lib != "":
		s.llmFiles[src.Path] = lib
		for _, r := range routes {
			s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: WebChatEndpoint, Name: r.name, Backing: lib, Evidence: []Evidence{r.ev}})
		}
	case len(routes) > 0:
		s.routeFiles = append(s.routeFiles, routeFile{routes: routes, imports: local})
	}
}

// pyImport lists the project files a Python import statement at token i
// may name: "from .llm import ask" → dir/llm.py; "from . import llm" →
// dir/llm.py; "from app.services.llm import ask" and "import app.llm"
// → files whose path ends so (the project root may be any folder).
func pyImport(file string, ts []syntax.Token, i int) []string {
	j, dots := i+1, 0
	for ; j < len(ts) && ts[j].Kind == syntax.Punct && strings.Trim(ts[j].Text, ".") == ""; j++ {
		dots += len(ts[j].Text)
	}
	mod := strings.ReplaceAll(dotted(ts, j), ".", "/")
	var names []string
	if mod != "" {
		names = append(names, mod)
	}
	if ts[i].Text == "from" { // from X import a: X/a may be a module too
		for k := j; k < len(ts) && k < j+16; k++ {
			if ts[k].Kind == syntax.Name && ts[k].Text == "import" && k+1 < len(ts) && ts[k+1].Kind == syntax.Name {
				names = append(names, path.Join(mod, ts[k+1].Text))
				break
			}
		}
	}
	var out []string
	for _, n := range names {
		if dots > 0 {
			dir := path.Dir(file)
			for range dots - 1 {
				dir = path.Dir(dir)
			}
			n = path.Join(dir, n)
		} else {
			n = "*/" + n // a suffix
		}
		out = append(out, n+".py", n+"/__init__.py")
	}
	return out
}

// importedLLMs makes the chat routes of a module whose local import is
// a module that imports an LLM library surfaces: the route calls the
// model through it.
func (s *Scanner) importedLLMs() {
	files := make([]string, 0, len(s.llmFiles))
	for f := range s.llmFiles {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, rf := range s.routeFiles {
		via := ""
		for _, imp := range rf.imports {
			for _, f := range files {
				if f == imp || strings.HasPrefix(imp, "*/") && (f == imp[2:] || strings.HasSuffix(f, imp[1:])) {
					via = f
					break
				}
			}
			if via != "" {
				break
			}
		}
		if via == "" {
			continue
		}
		for _, r := range rf.routes {
			s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: WebChatEndpoint, Name: r.name,
				Backing: s.llmFiles[via] + " through " + via, Evidence: []Evidence{r.ev}})
		}
	}
	s.routeFiles = nil
}

// call reads a call whose name ends at token i: a media generation call
// by its dotted name, a Replicate run of a media model.
func (s *Scanner) call(src *project.SourceFile, i int, lib string) {
	ts := src.Code.Tokens
	if !lastSegments[ts[i].Text] {
		return
	}
	start := i
	for start >= 2 && src.Code.Is(start-1, syntax.Punct, ".") && ts[start-2].Kind == syntax.Name {
		start -= 2
	}
	var b strings.Builder
	for j := start; j <= i; j += 2 {
		if j > start {
			b.WriteByte('.')
		}
		b.WriteString(ts[j].Text)
	}
	name := b.String()
	// The AI SDK's generateImage and generateSpeech are bare names: only
	// in a module that imports it are they its calls.
	if mod := generationCall(name); mod != "" && (strings.Contains(name, ".") || strings.HasPrefix(name, "experimental_") || lib == "ai") {
		s.res.Generations = append(s.res.Generations, Generation{Modality: mod, Call: name, Evidence: []Evidence{at(src.Pos(ts[start].Off), src)}})
		return
	}
	if (name == "replicate.run" || strings.HasSuffix(name, ".predictions.create")) && i+2 < len(ts) && ts[i+2].Kind == syntax.String {
		if mod := mediaModel(ts[i+2].Text); mod != "" {
			model, _, _ := strings.Cut(ts[i+2].Text, ":")
			s.res.Generations = append(s.res.Generations, Generation{Modality: mod, Call: "replicate " + model,
				Evidence: []Evidence{at(src.Pos(ts[start].Off), src)}})
		}
	}
}

// generationCall is the modality a dotted call name generates, "" for none.
func generationCall(name string) string {
	for _, g := range generationCalls {
		if name == g.suffix || strings.HasSuffix(name, "."+g.suffix) {
			return g.modality
		}
	}
	return ""
}

// dotted reads a dotted Python module name from token i ("google.genai").
func dotted(ts []syntax.Token, i int) string {
	var parts []string
	for ; i < len(ts) && ts[i].Kind == syntax.Name; i += 2 {
		parts = append(parts, ts[i].Text)
		if i+1 >= len(ts) || ts[i+1].Text != "." {
			break
		}
	}
	return strings.Join(parts, ".")
}

// npmModule is the package of an import specifier: "@ai-sdk/openai" →
// "@ai-sdk", "openai/resources" → "openai".
func npmModule(spec string) string {
	if strings.HasPrefix(spec, "@") {
		if l := llmLibrary(spec); l != "" {
			return l
		}
		scope, _, _ := strings.Cut(spec, "/")
		return scope
	}
	pkg, _, _ := strings.Cut(spec, "/")
	return pkg
}

func isURL(s string) bool { return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") }

// keyBefore is the name or key a string is assigned to ("x = '…'",
// "x: '…'", "x=…" as a keyword argument), "" when none.
func keyBefore(f *syntax.File, i int) string {
	if i < 2 || !(f.Is(i-1, syntax.Punct, "=") || f.Is(i-1, syntax.Punct, ":")) {
		return ""
	}
	if k := f.Tokens[i-2]; k.Kind == syntax.Name || k.Kind == syntax.String {
		return k.Text
	}
	return ""
}

// codePromptKey reports a string assigned to a prompt: a name that says
// prompt, system or instruction, or a message's content whose role is
// system (a few tokens before it).
func codePromptKey(key string, f *syntax.File, i int) bool {
	k := strings.ToLower(key)
	if strings.Contains(k, "prompt") || strings.Contains(k, "instruction") || strings.Contains(k, "system") {
		return true
	}
	if k == "content" || k == "text" {
		for j := i - 3; j >= 0 && j >= i-8; j-- {
			if f.Tokens[j].Kind == syntax.String && f.Tokens[j].Text == "system" {
				return true
			}
		}
	}
	return false
}

// nextRoutePath is the URL path of a Next.js route file.
func nextRoutePath(p string) string {
	i := strings.Index(p, "api/")
	if i < 0 {
		return p
	}
	r := strings.TrimSuffix(p[i:], "/"+p[strings.LastIndexByte(p, '/')+1:])
	if base := p[strings.LastIndexByte(p, '/')+1:]; !strings.HasPrefix(base, "route.") {
		r = strings.TrimSuffix(p[i:], p[strings.LastIndexByte(p, '.'):])
	}
	return "/" + r
}

// goFile reads a Go file: LLM client imports, chat routes registered with
// a path, media generation calls, prompt constants.
func (s *Scanner) goFile(src *project.SourceFile) {
	g := src.Go
	lib := ""
	for _, im := range g.AST.Imports {
		if p, err := strconv.Unquote(im.Path.Value); err == nil && lib == "" {
			lib = llmLibrary(p)
		}
	}
	var routes []pending
	ast.Inspect(g.AST, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			var last string
			switch fn := n.Fun.(type) {
			case *ast.SelectorExpr:
				last = fn.Sel.Name
			case *ast.Ident:
				last = fn.Name
			}
			if lastSegments[last] {
				name := callName(g, n)
				if mod := generationCall(name); mod != "" {
					s.res.Generations = append(s.res.Generations, Generation{Modality: mod, Call: name, Evidence: []Evidence{at(src.GoPos(n.Pos()), src)}})
				}
			}
			if routeMethods[strings.ToLower(last)] && len(n.Args) > 0 {
				if p, ok := g.Str(n.Args[0]); ok && strings.HasPrefix(strings.TrimPrefix(p, "POST "), "/") && chatPath.MatchString(strings.TrimPrefix(p, "POST ")) {
					routes = append(routes, pending{name: strings.ToUpper(last) + " " + p, ev: at(src.GoPos(n.Args[0].Pos()), src)})
				}
			}
		case *ast.ValueSpec:
			for k, id := range n.Names {
				if k < len(n.Values) && codeNamePrompt(id.Name) {
					s.goText(src, n.Values[k])
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && codeNamePrompt(id.Name) {
				s.goText(src, n.Value)
			}
		case *ast.AssignStmt:
			for k, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && k < len(n.Rhs) && codeNamePrompt(id.Name) {
					s.goText(src, n.Rhs[k])
				}
			}
		}
		return true
	})
	if lib != "" {
		for _, r := range routes {
			s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: WebChatEndpoint, Name: r.name, Backing: lib, Evidence: []Evidence{r.ev}})
		}
	}
}

func codeNamePrompt(name string) bool {
	k := strings.ToLower(name)
	return strings.Contains(k, "prompt") || strings.Contains(k, "instruction") || strings.Contains(k, "system")
}

func (s *Scanner) goText(src *project.SourceFile, e ast.Expr) {
	if v, ok := src.Go.Str(e); ok {
		s.text(src.GoPos(e.Pos()), v, "prompt")
	}
}

// callName is a call's function as written, blanks dropped
// ("client.Images.Generate", "openai.NewClient().Images.Generate").
func callName(g *syntax.GoFile, call *ast.CallExpr) string {
	return strings.Join(strings.Fields(string(g.Src[g.Offset(call.Fun.Pos()):g.Offset(call.Fun.End())])), "")
}
