package aiuse

import (
	"cmp"
	"context"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// exports reads the n8n workflows, Flowise flows and Dify apps the index
// told apart.
func (s *Scanner) exports(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.N8nWorkflow, project.FlowiseFlow, project.DifyApp) {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := idx.Doc(f.Path)
		if d == nil {
			continue
		}
		for _, root := range d.Roots {
			flows := []*tree.Node{root}
			if root != nil && root.Kind == tree.Array {
				flows = root.Items
			}
			for _, flow := range flows {
				switch f.Kind {
				case project.N8nWorkflow:
					s.n8n(d, flow)
				case project.FlowiseFlow:
					s.flowise(d, flow)
				case project.DifyApp:
					s.dify(d, flow)
				}
			}
		}
	}
	return nil
}

// text looks for use-case phrases in one text of the project.
func (s *Scanner) text(pos project.Position, text, where string) {
	for _, h := range useCases(text) {
		s.res.UseCases = append(s.res.UseCases, UseCase{Category: h.category, Phrase: h.phrase, Where: where,
			Evidence: []Evidence{{Position: pos, Excerpt: window(text, h)}}})
	}
}

// items are an array's values, nil for anything else.
func items(n *tree.Node) []*tree.Node {
	if n == nil || n.Kind != tree.Array {
		return nil
	}
	return n.Items
}

// members are an object's members, nil for anything else.
func members(n *tree.Node) []*tree.Member {
	if n == nil || n.Kind != tree.Object {
		return nil
	}
	return n.Members
}

// promptKey reports a key whose string value is prose the project wrote
// for a model or a reader: a prompt, a system message, an instruction, a
// template, a tool's description.
func promptKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"prompt", "instruction", "systemmessage", "system_message", "template", "description", "opening_statement"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	switch k {
	case "text", "content", "system", "message", "desc", "query":
		return true
	}
	return false
}

// prose walks a node tree and looks at every string under a prompt key;
// where says what the texts are (prompt, sticky note).
func (s *Scanner) prose(d *project.Doc, n *tree.Node, key, where string, depth int) {
	if n == nil || depth > 32 {
		return
	}
	switch n.Kind {
	case tree.String:
		if promptKey(key) && !strings.HasPrefix(strings.TrimSpace(n.Text), "{{") {
			s.text(d.Pos(n), n.Text, where)
		}
	case tree.Object:
		for _, m := range n.Members {
			s.prose(d, m.Value, m.Key, where, depth+1)
		}
	case tree.Array:
		for _, v := range n.Items {
			s.prose(d, v, key, where, depth+1)
		}
	}
}

// named looks at a name the project gave (a workflow, a node, an app).
func (s *Scanner) named(d *project.Doc, n *tree.Node, key, where string) {
	if m := n.Member(key); m != nil && m.Value.Kind == tree.String {
		s.text(d.Pos(m.Value), m.Value.Text, where)
	}
}

const n8nAI = "@n8n/n8n-nodes-langchain."

// n8nAnswering are the n8n nodes that answer a message with a model.
var n8nAnswering = []string{n8nAI + "agent", n8nAI + "chainLlm", n8nAI + "chainRetrievalQa", n8nAI + "openAi",
	n8nAI + "googleGemini", n8nAI + "anthropic", n8nAI + "ollama", n8nAI + "mistralAi"}

// n8nMessaging are the triggers through which people write to a workflow.
var n8nMessaging = map[string]string{
	"n8n-nodes-base.webhook":         N8nWebhookAgent,
	"n8n-nodes-base.telegramTrigger": N8nWebhookAgent,
	"n8n-nodes-base.whatsAppTrigger": N8nWebhookAgent,
	"n8n-nodes-base.slackTrigger":    N8nWebhookAgent,
}

// generationOps are the resources and operations of n8n AI nodes (the
// OpenAI and Gemini nodes) that produce synthetic media; an absent
// operation is the node's default, which is generation for these
// resources.
var generationOps = map[string][]string{
	"image": {"", "generate", "create", "edit"},
	"audio": {"", "generate", "speech", "textToSpeech"},
	"video": {"", "generate"},
}

// n8n reads a workflow: its name, each node's name and prompts, chat and
// messaging triggers that reach a model, and media generation nodes.
func (s *Scanner) n8n(d *project.Doc, flow *tree.Node) {
	nodes := flow.Get("nodes")
	if nodes == nil || nodes.Kind != tree.Array {
		return
	}
	name := flow.Str("name")
	s.named(d, flow, "name", "workflow name")
	byName := map[string]*tree.Node{}
	var answering *tree.Node
	for _, n := range nodes.Items {
		typ := n.Str("type")
		byName[n.Str("name")] = n
		if answering == nil && slices.Contains(n8nAnswering, typ) {
			answering = n
		}
		s.named(d, n, "name", "node name")
		params := n.Get("parameters")
		where := "prompt"
		if typ == "n8n-nodes-base.stickyNote" {
			where = "sticky note"
		}
		s.prose(d, params, "", where, 0)
		if strings.HasPrefix(typ, n8nAI) || strings.HasPrefix(typ, "n8n-nodes-base.openAi") {
			res, op := params.Str("resource"), params.Str("operation")
			if slices.Contains(generationOps[res], op) {
				s.res.Generations = append(s.res.Generations, Generation{Modality: res,
					Call:     "n8n " + typ[strings.LastIndexByte(typ, '.')+1:] + " " + res + " " + cmp.Or(op, "generate"),
					Evidence: []Evidence{at(d.Pos(params.Get("resource")), d)}})
			}
		}
		if u := params.Str("url"); u != "" {
			s.generationURL(at(d.Pos(params.Get("url")), d), u)
		}
	}
	backing := func(from *tree.Node) string {
		if a := reach(flow, byName, from); a != nil {
			return answerer(a)
		}
		return ""
	}
	for _, n := range nodes.Items {
		typ := n.Str("type")
		switch {
		case typ == n8nAI+"chatTrigger":
			b := backing(n)
			if b == "" && answering != nil {
				b = answerer(answering)
			}
			if b != "" {
				s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: N8nChatTrigger, Name: name, Backing: b,
					Evidence: []Evidence{at(d.Pos(n.Get("type")), d)}})
			}
		case n8nMessaging[typ] != "":
			if b := backing(n); b != "" {
				s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: n8nMessaging[typ], Name: name, Backing: b,
					Evidence: []Evidence{at(d.Pos(n.Get("type")), d)}})
			}
		}
	}
}

// answerer names an n8n node that answers: "the agent node Triage agent".
func answerer(n *tree.Node) string {
	typ := n.Str("type")
	return "the " + typ[strings.LastIndexByte(typ, '.')+1:] + " node " + n.Str("name")
}

// reach follows a node's main connections and returns the first node
// that answers with a model, nil when none is reached.
func reach(flow *tree.Node, byName map[string]*tree.Node, from *tree.Node) *tree.Node {
	conns := flow.Get("connections")
	seen := map[string]bool{}
	queue := []string{from.Str("name")}
	for len(queue) > 0 && len(seen) < 256 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		if n := byName[name]; n != nil && n != from && slices.Contains(n8nAnswering, n.Str("type")) {
			return n
		}
		for _, outs := range items(conns.Get(name).Get("main")) {
			for _, c := range items(outs) {
				queue = append(queue, c.Str("node"))
			}
		}
	}
	return nil
}

// flowiseModel reports a Flowise node that is, or is configured with, a
// language model: chat model and LLM components, agentflow nodes that
// name their model.
func flowiseModel(data *tree.Node) string {
	in := data.Get("inputs")
	switch data.Str("category") {
	case "Chat Models", "LLMs":
		model, _, _ := strings.Cut(cmp.Or(in.Str("modelName"), in.Str("model")), ":") // without a Replicate version hash
		return strings.TrimSpace(data.Str("name") + " " + model)
	}
	if data.Str("name") == "openAIAssistant" { // the model is the assistant's, on OpenAI's side
		return "openAIAssistant"
	}
	for _, k := range []string{"llmModel", "agentModel", "conditionAgentModel"} {
		if m := in.Str(k); m != "" {
			return data.Str("name") + " " + m
		}
	}
	return ""
}

// mediaModels are model names that generate images, audio or video, as
// Replicate, Flowise and code name them.
var mediaModels = []struct {
	re       *regexp.Regexp
	modality string
}{
	{regexp.MustCompile(`(?i)(stable-diffusion|sdxl|\bflux\b|flux-|dall-e|gpt-image|imagen|ideogram|recraft|midjourney|kandinsky|playground-v)`), "image"},
	{regexp.MustCompile(`(?i)(musicgen|\bbark\b|tts-1|elevenlabs|suno|riffusion|audiogen)`), "audio"},
	{regexp.MustCompile(`(?i)(\bveo\b|veo-|sora|kling|hunyuan-video|zeroscope|stable-video|video-01|wan-?2)`), "video"},
}

func mediaModel(name string) string {
	for _, m := range mediaModels {
		if m.re.MatchString(name) {
			return m.modality
		}
	}
	return ""
}

// flowise reads a chatflow or agentflow: a flow with a model node is a
// chat surface (Flowise serves every flow through its chat UI, embed
// and prediction API); its prompts and description, and nodes that
// generate media.
func (s *Scanner) flowise(d *project.Doc, flow *tree.Node) {
	name := strings.TrimSuffix(path.Base(d.File), path.Ext(d.File))
	if m := flow.Member("description"); m != nil && m.Value.Kind == tree.String {
		s.text(d.Pos(m.Value), m.Value.Text, "description")
	}
	var surface *Surface
	for _, n := range items(flow.Get("nodes")) {
		data := n.Get("data")
		in := data.Get("inputs")
		s.prose(d, in, "", "prompt", 0)
		if m := flowiseModel(data); m != "" && surface == nil {
			surface = &Surface{Kind: FlowiseChatflow, Name: name, Backing: m, Evidence: []Evidence{at(d.Pos(data.Get("name")), d)}}
		}
		if model := in.Str("model"); data.Str("category") == "LLMs" || data.Str("category") == "Chat Models" {
			if mod := mediaModel(model); mod != "" {
				model, _, _ = strings.Cut(model, ":") // without the version hash
				s.res.Generations = append(s.res.Generations, Generation{Modality: mod, Call: "flowise " + data.Str("name") + " " + model,
					Evidence: []Evidence{at(d.Pos(in.Get("model")), d)}})
			}
		}
		for _, m := range members(in) {
			if strings.HasPrefix(m.Key, "agentToolsBuiltIn") && strings.Contains(nodeText(m.Value), "image_generation") {
				s.res.Generations = append(s.res.Generations, Generation{Modality: "image", Call: "flowise " + data.Str("name") + " image_generation tool",
					Evidence: []Evidence{at(d.Pos(m.Value), d)}})
			}
		}
	}
	if surface != nil {
		s.res.Surfaces = append(s.res.Surfaces, *surface)
	}
}

// nodeText is a scalar's text, or the texts of a list's scalars joined.
func nodeText(n *tree.Node) string {
	if n.Scalar() {
		return n.Text
	}
	var parts []string
	for _, v := range items(n) {
		parts = append(parts, nodeText(v))
	}
	return strings.Join(parts, " ")
}

// difyChatModes are the app modes people chat with.
var difyChatModes = []string{"chat", "advanced-chat", "agent-chat"}

// difyMediaTools are Dify tool providers and tool names that generate
// media.
var difyMediaTools = []struct {
	re       *regexp.Regexp
	modality string
}{
	{regexp.MustCompile(`(?i)^(dalle|stability|comfyui|novitaai|getimgai|cogview|siliconflow_image)$|text2image|text_to_image|txt2img|image_generat|dalle[23]?|stable_diffusion|flux`), "image"},
	{regexp.MustCompile(`(?i)text2speech|text_to_speech|\btts\b|_tts$|^tts_`), "audio"},
	{regexp.MustCompile(`(?i)text2video|text_to_video|video_generat`), "video"},
}

// dify reads a Dify app: a chat app with a model is a chat surface; its
// name, description, node titles and prompts; tools that generate media.
func (s *Scanner) dify(d *project.Doc, root *tree.Node) {
	app := root.Get("app")
	name := app.Str("name")
	s.named(d, app, "name", "app name")
	s.named(d, app, "description", "description")
	model, modelAt := "", (*tree.Node)(nil)
	var walk func(n *tree.Node, key string, depth int)
	walk = func(n *tree.Node, key string, depth int) {
		if n == nil || depth > 64 {
			return
		}
		switch n.Kind {
		case tree.Object:
			// An LLM node's model ({provider, name}); an agent node's
			// model selector ({model, provider, model_type: llm}).
			if m := n.Get("model"); m != nil && m.Kind == tree.Object && m.Str("provider") != "" && model == "" {
				if mn := cmp.Or(m.Str("name"), m.Str("model")); mn != "" {
					model, modelAt = mn, m
				}
			}
			if n.Str("model_type") == "llm" && n.Str("provider") != "" && n.Str("model") != "" && model == "" {
				model, modelAt = n.Str("model"), n
			}
			if tn := n.Str("tool_name"); tn != "" {
				for _, t := range difyMediaTools {
					if t.re.MatchString(tn) || t.re.MatchString(n.Str("provider_id")) || t.re.MatchString(n.Str("provider_name")) {
						s.res.Generations = append(s.res.Generations, Generation{Modality: t.modality,
							Call:     "dify tool " + cmp.Or(n.Str("provider_name"), n.Str("provider_id")) + "/" + tn,
							Evidence: []Evidence{at(d.Pos(n.Get("tool_name")), d)}})
						break
					}
				}
			}
			if key == "data" {
				s.named(d, n, "title", "node name")
			}
			for _, m := range n.Members {
				k := m.Key
				if k == "value" { // an agent parameter: {instruction: {type: constant, value: …}}
					k = key
				}
				walk(m.Value, k, depth+1)
			}
		case tree.Array:
			for _, v := range n.Items {
				walk(v, key, depth+1)
			}
		case tree.String:
			if promptKey(key) && key != "description" {
				s.text(d.Pos(n), n.Text, "prompt")
			}
		}
	}
	walk(root.Get("workflow"), "", 0)
	walk(root.Get("model_config"), "", 0)
	if slices.Contains(difyChatModes, app.Str("mode")) && model != "" {
		s.res.Surfaces = append(s.res.Surfaces, Surface{Kind: DifyChatApp, Name: name, Backing: model,
			Evidence: []Evidence{at(d.Pos(app.Get("mode")), d), at(d.Pos(modelAt), d)}})
	}
}
