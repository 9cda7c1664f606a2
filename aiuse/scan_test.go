package aiuse

import (
	"context"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
	"github.com/mcp-comply/mcp-comply/internal/testtree"
)

func scan(t *testing.T, files map[string]string) *Result {
	t.Helper()
	r, err := Scan(context.Background(), projecttest.Walk(t, testtree.MapFS(files)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func surfaces(r *Result) []string {
	var out []string
	for _, s := range r.Surfaces {
		out = append(out, s.Kind+" "+s.Name+" @"+s.Evidence[0].File)
	}
	return out
}

func generations(r *Result) []string {
	var out []string
	for _, g := range r.Generations {
		out = append(out, g.Modality+" "+g.Call)
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// A chat route is a surface only in a module that calls an LLM.
func TestWebChatEndpoint(t *testing.T) {
	r := scan(t, map[string]string{
		"app/main.py": `from fastapi import FastAPI
from openai import OpenAI
app = FastAPI()
client = OpenAI()

@app.post("/api/chat")
def chat(q: str):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])
`,
		"app/support.py": `from fastapi import APIRouter
router = APIRouter()

@router.post("/chat")
def chat(q: str):
    return {"agent": "a person answers"}
`,
		"web/server.ts": `import express from "express";
import { streamText } from "ai";
const app = express();
app.post('/chat/stream', async (req, res) => { streamText({}) });
app.get('/health', (req, res) => res.send('ok'));
`,
		"web/src/ui.ts": `import { useChat } from "ai/react";
export const send = (m) => axios.post("/api/chat", { m });
`,
		"web/app/api/chat/route.ts": `import { openai } from "@ai-sdk/openai";
export async function POST(req: Request) { return new Response("") }
`,
		"gw/main.go": `package main

import (
	"net/http"

	"github.com/openai/openai-go"
)

func main() {
	_ = openai.NewClient()
	http.HandleFunc("POST /v1/chat", nil)
	http.HandleFunc("/status", nil)
}
`,
		"svc/api/routes.py": `from fastapi import APIRouter
from ..core import llm
router = APIRouter()

@router.post("/chat")
def chat(q: str):
    return llm.ask(q)
`,
		"svc/core/llm.py": `import anthropic
def ask(q): return anthropic.Anthropic().messages.create(model="claude-sonnet-4-5", messages=[])
`,
		"svc/api/abs.py": `from svc.core.llm import ask
@router.post("/api/chat/stream")
def stream(q): return ask(q)
`,
		"svc/api/other.py": `from svc.core.db import save
@router.post("/chat/history")
def history(q): return save(q)
`,
		"web/routes/chat.ts": `import { answer } from "../lib/model";
app.post("/chat", (req, res) => answer(req));
`,
		"web/lib/model.ts": `import OpenAI from "openai";
export const answer = (r) => new OpenAI().responses.create({});
`,
		"tests/test_chat.py": `from openai import OpenAI
@app.post("/chat")
def t(): pass
`,
	})
	same(t, "surfaces", surfaces(r), []string{
		"web-chat-endpoint POST /api/chat @app/main.py",
		"web-chat-endpoint HANDLEFUNC POST /v1/chat @gw/main.go",
		"web-chat-endpoint POST /api/chat/stream @svc/api/abs.py",
		"web-chat-endpoint POST /chat @svc/api/routes.py",
		"web-chat-endpoint POST /api/chat @web/app/api/chat/route.ts",
		"web-chat-endpoint POST /chat @web/routes/chat.ts",
		"web-chat-endpoint POST /chat/stream @web/server.ts",
	})
	if b := r.Surfaces[0].Backing; b != "openai" {
		t.Errorf("backing %q", b)
	}
}

func TestGenerationCalls(t *testing.T) {
	r := scan(t, map[string]string{
		"gen.py": `from openai import OpenAI
import replicate
client = OpenAI()
img = client.images.generate(model="gpt-image-1", prompt="a cat")
speech = client.audio.speech.create(model="tts-1", voice="alloy", input="hi")
out = replicate.run("stability-ai/sdxl:39ed52f2", input={"prompt": "x"})
txt = replicate.run("meta/llama-2-70b-chat", input={"prompt": "x"})
vision = client.chat.completions.create(model="gpt-4o", messages=[])
`,
		"sdk.ts": `import { experimental_generateImage as generateImage } from "ai";
const { image } = await generateImage({ model: openai.image("dall-e-3"), prompt: "x" });
`,
		"own.ts":      "async function generateImage(p) { return draw(p) }\nawait generateImage('x')\n",
		"own.py":      "async def generateImage(prompt: str) -> str:\n    return 'x'\n",
		"img/main.go": "package main\n\nfunc main() {\n\tclient.Images.Generate(ctx, openai.ImageGenerateParams{})\n\tclient.Chat.Completions.New(ctx, p)\n}\n",
		"local.py":    "from diffusers import StableDiffusionXLPipeline\npipe = StableDiffusionXLPipeline.from_pretrained('stabilityai/sdxl-turbo')\n",
		"vertex.py": `from vertexai.preview.vision_models import ImageGenerationModel
model = ImageGenerationModel.from_pretrained("imagen-3.0-generate-002")
`,
	})
	same(t, "generations", generations(r), []string{
		"image client.images.generate",
		"audio client.audio.speech.create",
		"image replicate stability-ai/sdxl",
		"image client.Images.Generate",
		"image diffusers StableDiffusionXLPipeline",
		"image generateImage",
		"image ImageGenerationModel.from_pretrained",
	})
}

const n8nChat = `{"name": "Website chat", "nodes": [
 {"name": "When chat message received", "type": "@n8n/n8n-nodes-langchain.chatTrigger", "parameters": {}},
 {"name": "AI Agent", "type": "@n8n/n8n-nodes-langchain.agent", "parameters": {"options": {"systemMessage": "You answer questions about our opening hours."}}},
 {"name": "Make picture", "type": "@n8n/n8n-nodes-langchain.openAi", "parameters": {"resource": "image", "prompt": "x"}},
 {"name": "Describe picture", "type": "@n8n/n8n-nodes-langchain.openAi", "parameters": {"resource": "image", "operation": "analyze"}}
], "connections": {"When chat message received": {"main": [[{"node": "AI Agent", "type": "main", "index": 0}]]}}}`

const n8nWebhook = `{"name": "CV screening", "nodes": [
 {"name": "Webhook", "type": "n8n-nodes-base.webhook", "parameters": {"path": "apply"}},
 {"name": "Score", "type": "@n8n/n8n-nodes-langchain.agent", "parameters": {"text": "Score the job applicant's CV against the vacancy."}},
 {"name": "Cron", "type": "n8n-nodes-base.webhook", "parameters": {"path": "cron"}},
 {"name": "Save", "type": "n8n-nodes-base.postgres", "parameters": {}}
], "connections": {"Webhook": {"main": [[{"node": "Score", "type": "main", "index": 0}]]}, "Cron": {"main": [[{"node": "Save"}]]}}}`

func TestN8n(t *testing.T) {
	r := scan(t, map[string]string{"flows/chat.json": n8nChat, "flows/cv.json": n8nWebhook})
	same(t, "surfaces", surfaces(r), []string{
		"n8n-chat-trigger Website chat @flows/chat.json",
		"n8n-webhook-agent CV screening @flows/cv.json",
	})
	same(t, "generations", generations(r), []string{"image n8n openAi image generate"})
	var cats []string
	for _, u := range r.UseCases {
		cats = append(cats, u.Category+" "+u.Where)
	}
	same(t, "use cases", cats, []string{"recruitment workflow name", "recruitment prompt"})
}

func TestDify(t *testing.T) {
	chat := `app:
  mode: advanced-chat
  name: Loan helper
  description: Pre-checks loan applications and decides loan approval.
kind: app
workflow:
  graph:
    nodes:
    - data:
        type: llm
        title: Answer
        model: {provider: langgenius/openai/openai, name: gpt-4o, mode: chat}
        prompt_template:
        - {role: system, text: You help customers who pay by credit card.}
    - data:
        type: tool
        provider_id: dalle
        provider_name: dalle
        tool_name: dalle3
`
	wf := `app:
  mode: workflow
  name: Translate
kind: app
workflow:
  graph:
    nodes:
    - data: {type: llm, model: {provider: langgenius/openai/openai, name: gpt-4o}}
`
	r := scan(t, map[string]string{"dify/chat.yml": chat, "dify/wf.yml": wf})
	same(t, "surfaces", surfaces(r), []string{"dify-chat-app Loan helper @dify/chat.yml"})
	same(t, "generations", generations(r), []string{"image dify tool dalle/dalle3"})
	if len(r.UseCases) != 1 || r.UseCases[0].Category != "credit" || r.UseCases[0].Where != "description" {
		t.Errorf("use cases %+v", r.UseCases)
	}
}

func TestFlowise(t *testing.T) {
	flow := `{"nodes": [
 {"data": {"name": "chatOpenAI", "category": "Chat Models", "inputs": {"modelName": "gpt-4o"}}},
 {"data": {"name": "replicate", "category": "LLMs", "inputs": {"model": "stability-ai/sdxl:af1a"}}},
 {"data": {"name": "promptTemplate", "category": "Prompts", "inputs": {"template": "Grade the student's essay out of 20."}}}
], "edges": []}`
	noModel := `{"nodes": [{"data": {"name": "textFile", "category": "Document Loaders", "inputs": {}}}], "edges": []}`
	r := scan(t, map[string]string{"flows/tutor.json": flow, "flows/loader.json": noModel})
	same(t, "surfaces", surfaces(r), []string{"flowise-chatflow tutor @flows/tutor.json"})
	same(t, "generations", generations(r), []string{"image flowise replicate stability-ai/sdxl"})
	if len(r.UseCases) != 1 || r.UseCases[0].Category != "education" {
		t.Errorf("use cases %+v", r.UseCases)
	}
}
