package residency

import (
	"cmp"
	"context"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// The models the project names (Result.Models): every reader that sees a
// model value records it here, with its own position. A model an
// endpoint's sighting names (an SDK constructor's model argument, an n8n
// or Flowise node) rides on that sighting, so the endpoint it resolves to
// is the one that serves it; a model named alone (a request's model
// argument, OPENAI_MODEL, an Ollama tag) takes its provider from its
// context and is linked to that provider's endpoint in result. Models
// never change the endpoints.

// modelName is one place a model is named.
type modelName struct {
	name, version string
	via           string
	ev            Evidence
	// near: a request's model argument with no provider of its own,
	// which the client written just before it may serve
	// (endpointIndex.clientBefore).
	near bool
}

// modelAlone is a model named with no endpoint sighting: hint is the
// provider its context names, nil when none does; other is what an
// export names as its provider when the catalogue does not know it (a
// Dify "openai_api_compatible", an n8n node type).
type modelAlone struct {
	modelName
	hint  *Provider
	other string
}

// named records a model named with no endpoint sighting.
func (s *Scanner) named(hint *Provider, name, version, via string, ev Evidence) {
	s.namedBy(hint, "", name, version, via, ev)
}

// namedBy records a model whose context names a provider the catalogue
// does not know (other) or, with hint, one it does.
func (s *Scanner) namedBy(hint *Provider, other, name, version, via string, ev Evidence) {
	if name, ok := s.modelValue(name); ok {
		s.alone(modelAlone{modelName{name: name, version: strings.TrimSpace(version), via: via, ev: ev}, hint, other})
	}
}

// alone records a model named alone; a Bedrock model id names its
// provider itself.
func (s *Scanner) alone(m modelAlone) {
	if m.hint == nil && m.other == "" && isBedrockModel(m.name) {
		m.hint, m.near = s.c.byID["bedrock"], false
	}
	s.models = append(s.models, m)
}

// names adds a model to a sighting, which carries it to the endpoint it
// resolves to.
func (s *Scanner) names(g *sighting, name, via string, ev Evidence) {
	if u, ok := s.nameAt(name, via, ev); ok {
		g.uses = append(g.uses, u)
	}
}

// nameAt is a model named at ev, when the value is a model's name.
func (s *Scanner) nameAt(name, via string, ev Evidence) (modelName, bool) {
	name, ok := s.modelValue(name)
	return modelName{name: name, via: via, ev: ev}, ok
}

// modelValue is modelValue, remembered per value: a project names the
// same few models in many places, and the placeholder test is a regexp.
func (s *Scanner) modelValue(v string) (string, bool) {
	if c, ok := s.modelValues[v]; ok {
		return c.name, c.ok
	}
	name, ok := modelValue(v)
	if s.modelValues == nil {
		s.modelValues = map[string]checkedName{}
	}
	s.modelValues[v] = checkedName{name, ok}
	return name, ok
}

type checkedName struct {
	name string
	ok   bool
}

// modelVars are the shapes of environment variables that name a model,
// as globs over the whole name (path.Match). The first shape that matches
// decides, so the negatives go first: a variable that holds a path, a
// directory or a provider is not a model's name even where a positive
// shape would match it (OLLAMA_MODELS is Ollama's models directory).
var modelVars = []struct {
	shape string
	model bool
}{
	{"MODEL_PATH", false}, {"*_MODEL_PATH", false}, {"MODEL_DIR", false}, {"*_MODEL_DIR", false},
	{"*_MODELS", false}, {"*_MODELS_*", false}, {"*_MODEL_PROVIDER", false}, {"MODEL_PROVIDER", false},
	{"*_MODEL_FILE", false}, {"*_MODEL_URL", false}, {"*_MODEL_TYPE", false}, {"*_MODEL_CACHE*", false},
	{"USE_*_MODEL", false}, {"DOWNLOAD_*MODEL", false}, {"PULL_*MODEL", false},
	{"MODEL", true}, {"MODEL_NAME", true}, {"MODEL_ID", true},
	{"*_MODEL", true}, {"*_MODEL_NAME", true}, {"*_MODEL_ID", true},
	// Azure OpenAI deployments (a Kubernetes DEPLOYMENT_NAME is not one).
	{"AZURE_*DEPLOYMENT", true}, {"AZURE_*DEPLOYMENT_NAME", true}, {"*OPENAI_*DEPLOYMENT_NAME", true},
}

// isModelVar reports a variable that names a model.
func isModelVar(name string) bool {
	name = strings.ToUpper(name)
	if !strings.Contains(name, "MODEL") && !strings.Contains(name, "DEPLOYMENT") {
		return false
	}
	for _, v := range modelVars {
		if ok, _ := path.Match(v.shape, name); ok {
			return v.model
		}
	}
	return false
}

// modelVarProvider is the provider a model variable's prefix names: the
// longest prefix of its words before MODEL that starts a variable of one
// provider's catalogue entry and no other's (OPENAI_CHAT_MODEL: OPENAI_
// starts OPENAI_API_KEY). A deployment is Azure OpenAI's. Generic names
// (LLM_MODEL, MODEL_NAME) name none.
func (c *Catalogue) modelVarProvider(name string) *Provider {
	name = strings.ToUpper(name)
	i := strings.Index(name, "_MODEL")
	if i < 0 {
		if strings.Contains(name, "DEPLOYMENT") {
			return c.byID["azure-openai"]
		}
		return nil
	}
	for prefix := name[:i+1]; prefix != ""; {
		if p, ambiguous := c.envPrefix(prefix); p != nil || ambiguous {
			return p
		}
		j := strings.LastIndexByte(prefix[:len(prefix)-1], '_')
		prefix = prefix[:j+1]
	}
	return nil
}

// envPrefix is the one provider with a variable that starts with prefix;
// ambiguous when several have one.
func (c *Catalogue) envPrefix(prefix string) (p *Provider, ambiguous bool) {
	for i := range c.Providers {
		q := c.byID[c.Providers[i].ID]
		for _, v := range slices.Concat(q.Env.URL, q.Env.Key, q.Env.Region, q.Env.Flag) {
			if strings.HasPrefix(v, prefix) {
				if p != nil && p != q {
					return nil, true
				}
				p = q
			}
		}
	}
	return p, false
}

// codeModelKeys are the argument and property names (normalised, see
// norm) whose string value is a model in source code.
var codeModelKeys = set("model", "modelid", "modelname", "deploymentname", "azuredeployment", "deploymentid",
	"llmmodel", "chatmodel", "embeddingmodel", "embeddingsmodel", "embedmodel", "defaultmodel", "rerankmodel",
	"rerankermodel", "visionmodel", "imagemodel", "basemodel", "fallbackmodel", "openaimodel", "ollamamodel")

// isCodeModelKey reports a key in codeModelKeys, or a constant named as
// a model variable is (DEFAULT_RERANK_MODEL = "…", see modelVars); the
// byte test spares norm the many keys of a file that cannot be one.
func isCodeModelKey(k string) bool {
	if len(k) < 5 || len(k) > 64 {
		return false
	}
	l := strings.ToLower(k)
	if !strings.Contains(l, "model") && !strings.Contains(l, "deployment") {
		return false
	}
	if reUpperEnv.MatchString(k) {
		return isModelVar(k)
	}
	return len(k) <= 20 && codeModelKeys[norm(k)]
}

// modelCalls are calls whose first positional string is a model: Vertex
// and Gemini GenerativeModel("gemini-…"), LangChain's init_chat_model,
// and the Vercel AI SDK's provider functions (openai("gpt-4o-mini"),
// anthropic.languageModel(…)), each with the provider it names ("" when
// the call serves several). A name with a dot matches the call's last
// segment; a plain provider function matches the whole call or the call
// of one of vercelMethods on it.
var modelCalls = map[string]string{
	".GenerativeModel": "", ".getGenerativeModel": "", "GenerativeModel": "", "init_chat_model": "",
	"openai": "openai", "anthropic": "anthropic", "google": "gemini", "vertex": "vertex", "mistral": "mistral",
	"ollama": "ollama", "azure": "azure-openai", "bedrock": "bedrock", "groq": "groq", "deepseek": "deepseek",
	"xai": "xai", "cohere": "cohere", "togetherai": "together", "fireworks": "fireworks", "perplexity": "perplexity",
}

// modelQualifiers are the provider names of "provider:model" ids, as
// LangChain's init_chat_model ("openai:gpt-4.1", "anthropic:claude-…",
// its model_provider values) and PydanticAI's agents ("google-gla:gemini-…")
// write them, each with the catalogue's provider. A string of that shape
// names both the model and the provider that serves it, wherever it is
// written (a config default, a settings table). Not PydanticAI's
// "mistral:": "mistral:7b" is an Ollama tag.
var modelQualifiers = map[string]string{
	"openai": "openai", "azure_openai": "azure-openai", "anthropic": "anthropic",
	"google_genai": "gemini", "google-gla": "gemini", "google_vertexai": "vertex", "google-vertex": "vertex",
	"bedrock": "bedrock", "bedrock_converse": "bedrock", "cohere": "cohere", "mistralai": "mistral",
	"groq": "groq", "deepseek": "deepseek", "xai": "xai", "fireworks": "fireworks", "together": "together",
	"ollama": "ollama", "perplexity": "perplexity",
}

// qualified reports a string of the "provider:model" shape with a known
// qualifier, before its model part is judged.
func qualified(v string) bool {
	q, model, ok := strings.Cut(v, ":")
	_, known := modelQualifiers[q]
	return ok && known && qualifiedName.MatchString(model)
}

// qualifiedName is the shape of a model id after its qualifier: letters,
// digits, dots, dashes, slashes and colons; qualifiedModel also wants a
// digit or a dash (gpt-4.1, claude-3-5-sonnet-latest, command-r):
// "request_id" and "model" are keys.
var qualifiedName = regexp.MustCompile(`(?i)^[a-z][a-z0-9./:-]*$`)

// qualifiedModel reads a "provider:model" id: the provider, the model, and
// whether v is one (a known qualifier and a value that names a model).
func (s *Scanner) qualifiedModel(v string) (*Provider, string, bool) {
	if !qualified(v) {
		return nil, "", false
	}
	q, model, _ := strings.Cut(v, ":")
	p := s.c.byID[modelQualifiers[q]]
	if p == nil || !strings.ContainsAny(model, "-0123456789") {
		return nil, "", false
	}
	name, ok := s.modelValue(model)
	return p, name, ok
}

var vercelMethods = set("chat", "completion", "languageModel", "embedding", "textEmbeddingModel", "textEmbedding",
	"image", "imageModel", "responses", "transcription", "speech", "pull")

// modelCall reports whether a call's first positional argument is a
// model, and the provider id the call names.
func modelCall(name string) (provider string, ok bool) {
	if p, ok := modelCalls[name]; ok {
		return p, true
	}
	last := name[strings.LastIndexByte(name, '.')+1:]
	if p, ok := modelCalls["."+last]; ok {
		return p, true
	}
	if head, method, dot := strings.Cut(name, "."); dot && vercelMethods[method] {
		if p, ok := modelCalls[head]; ok && p != "" {
			return p, true
		}
	}
	return "", false
}

// modelFileExt are the extensions of weight files: a path to one is not
// a model's name.
var modelFileExt = []string{".gguf", ".bin", ".safetensors", ".pt", ".pth", ".onnx", ".ggml", ".h5", ".pkl"}

// modelChars reports a name of the characters model names are written
// with, starting with a letter or digit.
func modelChars(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case i > 0 && strings.IndexByte("._:/@+-", c) >= 0:
		default:
			return false
		}
	}
	return v != ""
}

// modelValue is a value read as a model name, trimmed: a default of
// ${VAR:-default} is its value; a reference, a placeholder, a path, a
// URL, a flag or a number is not one; nor is a word with capitals and
// no digit or separator, which no model name is written as.
func modelValue(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "=") && !strings.Contains(v, "{{") { // an n8n value
		v = strings.TrimSpace(v[1:])
	}
	if strings.HasPrefix(v, "${") && strings.Contains(v, ":-") {
		v = strings.TrimSpace(secrets.Expand(v, func(string) string { return "" }))
	}
	// A Bedrock ARN names the model or system profile after its type
	// (arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0);
	// an application inference profile's id names none.
	if strings.HasPrefix(v, "arn:aws") && strings.Contains(v, ":bedrock:") {
		_, id, ok := strings.Cut(v, ":foundation-model/")
		if !ok {
			_, id, _ = strings.Cut(v, ":inference-profile/")
		}
		v = id
	}
	if len(v) > 128 || !modelChars(v) || strings.Contains(v, "://") || secrets.IsPlaceholder(v) {
		return "", false
	}
	l := strings.ToLower(v)
	for _, ext := range modelFileExt {
		if strings.HasSuffix(l, ext) {
			return "", false
		}
	}
	switch l {
	case "true", "false", "none", "null", "undefined", "default", "auto", "custom", "model", "string", "chat", "text", "n/a":
		return "", false
	}
	if strings.Trim(v, "0123456789.") == "" {
		return "", false
	}
	if strings.IndexAny(v, "0123456789-_.:/") < 0 && strings.ToLower(v) != v {
		return "", false // an identifier: an ORM's "User", a Flowise node's "chatOpenAI"
	}
	return v, true
}

// reOllamaCmd finds "ollama pull|run" in a command line; ollamaTags reads
// the tag after it, past any flags.
var reOllamaCmd = regexp.MustCompile(`\bollama\s+(?:pull|run)\s`)

// ollamaTag is a tag an Ollama command names, with its byte offset in the
// text read.
type ollamaTag struct {
	tag string
	off int
}

// ollamaTags lists the tags of "ollama pull <tag>" and "ollama run <tag>"
// in a shell text (a Dockerfile RUN, a compose command). Quotes, brackets
// and commas count as blanks, so an exec-form array reads as words; a tag
// written as a variable ($MODEL) is not read.
func ollamaTags(text string) []ollamaTag {
	if !strings.Contains(text, "ollama") {
		return nil
	}
	blank := strings.NewReplacer(`"`, " ", `'`, " ", "[", " ", "]", " ", ",", " ", ";", " ", "&", " ", "|", " ", "\\", " ", "\t", " ")
	t := blank.Replace(text) // the same length: offsets still point into text
	var out []ollamaTag
	for _, loc := range reOllamaCmd.FindAllStringIndex(t, -1) {
		if !commandStart(text, loc[0]) {
			continue // ollama as an argument: echo "ollama pull is …"
		}
		i := loc[1]
		for {
			for i < len(t) && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r') {
				i++
			}
			j := i
			for j < len(t) && t[j] != ' ' && t[j] != '\n' && t[j] != '\r' {
				j++
			}
			w := t[i:j]
			if strings.HasPrefix(w, "-") {
				i = j
				continue
			}
			if tag, ok := ollamaTagValue(w); ok {
				out = append(out, ollamaTag{tag: tag, off: i})
			}
			break
		}
	}
	return out
}

// commandLead are the words after which a word is a command: a shell's
// -c, a Dockerfile instruction, a command that runs the next one.
var commandLead = set("-c", "exec", "sudo", "then", "do", "else", "nohup", "time", "run", "cmd", "entrypoint")

// commandStart reports whether the word at off of a command line is a
// command: the first word, the first after a shell operator (; & | ( `),
// or after one of commandLead. Quotes, brackets and commas of an exec-form
// array are not words.
func commandStart(text string, off int) bool {
	skip := " \t\r\"',[]\\"
	i := off - 1
	for i >= 0 && strings.IndexByte(skip, text[i]) >= 0 {
		i--
	}
	if i < 0 || strings.IndexByte(";&|(`\n{", text[i]) >= 0 {
		return true
	}
	j := i
	for j >= 0 && strings.IndexByte(skip+";&|(`\n{", text[j]) < 0 {
		j--
	}
	return commandLead[strings.ToLower(text[j+1:i+1])]
}

// ollamaTagValue reads a word as an Ollama model tag: not a variable, a
// path or a weight file.
func ollamaTagValue(w string) (string, bool) {
	if w == "" || strings.ContainsAny(w, "$\\") || strings.HasPrefix(w, ".") || strings.HasPrefix(w, "/") || strings.HasPrefix(w, "~") {
		return "", false
	}
	return modelValue(w)
}

// lineOf is the 1-based line and column of a byte offset in text.
func lineOf(text string, off int) (line, col int) {
	line = 1 + strings.Count(text[:off], "\n")
	return line, off - strings.LastIndexByte(text[:off], '\n')
}

// modelUses turns the models of a resolved sighting into uses of the
// endpoint e (nil when the sighting resolves to none); kept says whether
// e is in the result. With no endpoint, the provider is hint's, or other
// names the one the catalogue does not know.
func modelUses(uses []modelName, hint *Provider, other string, e *Endpoint, kept bool) []ModelUse {
	out := make([]ModelUse, 0, len(uses))
	for _, u := range uses {
		m := ModelUse{Name: u.name, Version: u.version, Via: []string{u.via}, Evidence: []Evidence{u.ev}}
		switch {
		case e != nil:
			m.Provider, m.ProviderName = e.Provider, e.ProviderName
			if kept {
				m.Endpoint = e.Key()
			}
		case hint != nil:
			m.Provider, m.ProviderName = hint.ID, hint.Name
		}
		if m.Provider == "" {
			m.ProviderName = other
		}
		out = append(out, m)
	}
	return out
}

// endpointIndex finds endpoints by provider and by the files their
// evidence is in, built once for the models of a result.
type endpointIndex struct {
	eps        []Endpoint
	byProvider map[string][]int
	// inFile are the endpoints each file names, with the line, in
	// endpoint order.
	inFile map[string][]endpointLine
}

type endpointLine struct {
	ep, line int
}

func newEndpointIndex(eps []Endpoint) *endpointIndex {
	x := &endpointIndex{eps: eps, byProvider: map[string][]int{}, inFile: map[string][]endpointLine{}}
	for i := range eps {
		x.byProvider[eps[i].Provider] = append(x.byProvider[eps[i].Provider], i)
		for _, ev := range eps[i].Evidence {
			x.inFile[ev.File] = append(x.inFile[ev.File], endpointLine{i, ev.Line})
		}
	}
	return x
}

// link gives each model that has a provider but no endpoint yet the
// endpoint of its provider: the one that serves that model by name, else
// one the same file names, else the provider's first by key.
func (x *endpointIndex) link(raw []ModelUse) {
	for i := range raw {
		m := &raw[i]
		if m.Endpoint != "" || m.Provider == "" {
			continue
		}
		byName, byFile, first := -1, -1, -1
		for _, k := range x.byProvider[m.Provider] {
			if byName < 0 && x.eps[k].Model == m.Name {
				byName = k
			}
			if first < 0 {
				first = k
			}
		}
		for _, el := range x.inFile[m.Evidence[0].File] {
			if x.eps[el.ep].Provider == m.Provider {
				byFile = el.ep
				break
			}
		}
		k := byName
		if k < 0 {
			k = byFile
		}
		if k < 0 {
			k = first
		}
		if k >= 0 {
			m.Endpoint = x.eps[k].Key()
		}
	}
}

// nearBefore is how many lines before a request its client is looked
// for: a request is written beside its client. Farther, or after it, an
// endpoint is as likely another branch's.
const nearBefore = 25

// clientBefore is the AI endpoint (llm, embeddings or other) whose
// evidence in the model's file comes last before it, at most nearBefore
// lines before, when its provider may serve the model (modelFamilies);
// nil when none does.
func (x *endpointIndex) clientBefore(m modelName) *Endpoint {
	var before *Endpoint
	line := m.ev.Line - nearBefore - 1
	for _, el := range x.inFile[m.ev.File] {
		e := &x.eps[el.ep]
		if e.Kind != "llm" && e.Kind != "embeddings" && e.Kind != "other" {
			continue
		}
		if el.line <= m.ev.Line && el.line > line {
			before, line = e, el.line
		}
	}
	if before != nil && !mayServe(before.Provider, m.name) {
		return nil
	}
	return before
}

// modelFamilies are the prefixes of hosted model families and the
// catalogue's providers that serve them under that name: a request for
// whisper-1 written after a Groq client is not Groq's. A model of no
// family here may be anyone's.
var modelFamilies = []struct {
	prefixes  []string
	providers []string
}{
	{[]string{"gpt-", "o1", "o3", "o4-", "chatgpt-", "text-embedding-3", "text-embedding-ada", "whisper-1", "tts-1", "dall-e", "davinci", "babbage"},
		[]string{"openai", "azure-openai", "openrouter"}},
	{[]string{"claude-"}, []string{"anthropic", "vertex", "openrouter"}},
	{[]string{"gemini-", "text-embedding-004", "imagen-"}, []string{"gemini", "vertex", "openrouter"}},
	{[]string{"mistral-", "codestral-", "pixtral-", "ministral-", "open-mistral", "open-mixtral"}, []string{"mistral", "openrouter"}},
	{[]string{"command-", "embed-english-", "embed-multilingual-", "rerank-"}, []string{"cohere", "bedrock"}},
	{[]string{"deepseek-chat", "deepseek-reasoner"}, []string{"deepseek", "openrouter"}},
	{[]string{"grok-"}, []string{"xai", "openrouter"}},
	{[]string{"eleven_"}, []string{"elevenlabs"}},
}

// mayServe reports whether a provider may serve a model by that name.
func mayServe(provider, name string) bool {
	l := strings.ToLower(name)
	for _, f := range modelFamilies {
		for _, pre := range f.prefixes {
			if strings.HasPrefix(l, pre) {
				return slices.Contains(f.providers, provider)
			}
		}
	}
	return true
}

// mergeModels merges the uses of one name, version and provider (the
// provider's name tells apart providers the catalogue does not know):
// every place and reader, and the first endpoint by key.
func mergeModels(raw []ModelUse) []ModelUse {
	out := mergeBy(raw, func(m *ModelUse) [4]string { return [4]string{m.Name, m.Version, m.Provider, m.ProviderName} },
		func(o, m *ModelUse) {
			o.Via = append(o.Via, m.Via...)
			o.Evidence = append(o.Evidence, m.Evidence...)
			if o.Endpoint == "" || m.Endpoint != "" && m.Endpoint < o.Endpoint {
				o.Endpoint = m.Endpoint
			}
		})
	for i := range out {
		slices.Sort(out[i].Via)
		out[i].Via = slices.Compact(out[i].Via)
		out[i].Evidence = sortEvidence(out[i].Evidence)
	}
	slices.SortFunc(out, func(a, b ModelUse) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version), cmp.Compare(a.Provider, b.Provider),
			cmp.Compare(a.ProviderName, b.ProviderName))
	})
	return out
}

// scanOllamaFiles reads the Ollama tags of Dockerfiles (RUN, CMD and
// ENTRYPOINT: ollama pull llama3.1) and Modelfiles (FROM llama3.1; a FROM
// of a local weight file or directory is not a tag).
func (s *Scanner) scanOllamaFiles(ctx context.Context, idx *project.Index) error {
	ollama := s.c.byID["ollama"]
	for _, f := range idx.Files(project.Dockerfile, project.Modelfile) {
		if err := ctx.Err(); err != nil {
			return err
		}
		data := idx.Read(f.Path)
		if data == nil {
			continue
		}
		text := string(data)
		d := textDoc(f.Path, data)
		for _, in := range instructions(text) {
			switch {
			case f.Kind == project.Modelfile && in.word == "FROM":
				arg := strings.TrimSpace(in.text[len(in.word):])
				if tag, ok := ollamaTagValue(strings.Trim(arg, `"'`)); ok && !strings.ContainsAny(arg, " \t") {
					line, col := lineOf(text, in.off+strings.Index(in.text, arg))
					s.named(ollama, tag, "", "modelfile", atLine(d, line, col))
				}
			case f.Kind == project.Dockerfile && (in.word == "RUN" || in.word == "CMD" || in.word == "ENTRYPOINT"):
				for _, t := range ollamaTags(in.text) {
					line, col := lineOf(text, in.off+t.off)
					s.named(ollama, t.tag, "", "dockerfile", atLine(d, line, col))
				}
			}
		}
	}
	return nil
}

// instruction is one instruction of a Dockerfile or Modelfile, its lines
// continued with a trailing backslash joined, with its byte offset.
type instruction struct {
	word string // upper-cased
	text string
	off  int
}

// instructions splits a Dockerfile or Modelfile into instructions;
// comment lines are skipped.
func instructions(text string) []instruction {
	var out []instruction
	var cur *instruction
	off := 0
	for line := range strings.Lines(text) {
		body := strings.TrimRight(line, "\r\n")
		end := off + len(body)
		t := strings.TrimSpace(body)
		switch {
		case cur != nil:
			cur.text = text[cur.off:end]
		case t == "" || strings.HasPrefix(t, "#"):
		default:
			lead := len(body) - len(strings.TrimLeft(body, " \t"))
			w, _, _ := strings.Cut(t, " ")
			w, _, _ = strings.Cut(w, "\t")
			out = append(out, instruction{word: strings.ToUpper(w), text: text[off+lead : end], off: off + lead})
			cur = &out[len(out)-1]
		}
		if !strings.HasSuffix(strings.TrimRight(body, " \t"), "\\") {
			cur = nil
		}
		off += len(line)
	}
	return out
}

// commandKeys are the keys of a command line in compose services and
// Kubernetes containers.
var commandKeys = []string{"command", "entrypoint", "args"}

// commandOllama reads the Ollama tags of the command lines of a compose
// service or a Kubernetes container (ollama pull llama3.1, as a string or
// a list).
func (s *Scanner) commandOllama(d *project.Doc, svc *tree.Node, via string) {
	for _, k := range commandKeys {
		n := svc.Get(k)
		parts := []*tree.Node{n}
		if isArray(n) {
			parts = n.Items
		}
		var b strings.Builder
		for _, p := range parts {
			if p.Scalar() {
				b.WriteString(p.Text)
				b.WriteByte(' ')
			}
		}
		for _, t := range ollamaTags(b.String()) {
			s.named(s.c.byID["ollama"], t.tag, "", via, s.tagEvidence(d, n, t.tag))
		}
	}
}

// tagEvidence is the evidence of a tag written in node n: the first line
// from the node's on that holds the tag (a block scalar spans lines), or
// the node's.
func (s *Scanner) tagEvidence(d *project.Doc, n *tree.Node, tag string) Evidence {
	pos := d.Pos(n)
	for line := pos.Line; line < pos.Line+200; line++ {
		t := d.LineText(line)
		if i := strings.Index(t, tag); i >= 0 {
			return atLine(d, line, i+1)
		}
	}
	return nodeEv(d, n)
}
