package residency

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/testtree"
)

// modelCase is a model a sample must list: its name, version, provider
// (or the provider name an export gives when the catalogue does not know
// it, in parentheses), readers and places.
type modelCase struct {
	name, version, provider, via, evidence string
	// endpoint is the provider of the endpoint it is linked to, "" for none.
	endpoint string
}

func modelLine(m ModelUse) string {
	p := m.Provider
	if p == "" && m.ProviderName != "" {
		p = "(" + m.ProviderName + ")"
	}
	ep, _, _ := strings.Cut(m.Endpoint, "|")
	return fmt.Sprintf("%s@%s %s via=%s at=%s endpoint=%s", m.Name, m.Version, p, strings.Join(m.Via, ","),
		strings.Join(evidenceAt(m.Evidence), " "), ep)
}

// checkModels compares every model of a sample with the cases: a model
// the sample does not name is as much a failure as one it misses.
func checkModels(t *testing.T, files map[string]string, want []modelCase) {
	t.Helper()
	r := mustScan(t, testtree.MapFS(files), Options{})
	var got, exp []string
	for _, m := range r.Models {
		got = append(got, modelLine(m))
		if m.Endpoint != "" && !slices.ContainsFunc(r.Endpoints, func(e Endpoint) bool { return e.Key() == m.Endpoint }) {
			t.Errorf("%s names endpoint %s, which the result does not list", m.Name, m.Endpoint)
		}
	}
	for _, c := range want {
		exp = append(exp, fmt.Sprintf("%s@%s %s via=%s at=%s endpoint=%s", c.name, c.version, c.provider, c.via, c.evidence, c.endpoint))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(exp, "\n"); g != w {
		t.Errorf("models:\n%s\nwant:\n%s", g, w)
	}
}

func TestModelsInCode(t *testing.T) {
	t.Run("python", func(t *testing.T) {
		checkModels(t, map[string]string{"app.py": `from openai import OpenAI
from vertexai.generative_models import GenerativeModel
client = OpenAI()
resp = client.chat.completions.create(model="gpt-4o-mini", messages=[])
DEFAULT_RERANK_MODEL = "jinaai/jina-reranker-v1-tiny-en"
chat_model = os.getenv("CHAT_MODEL", "llama3.1:8b")
gm = GenerativeModel("gemini-1.5-pro")
Post.objects.filter(model="User")
x = dict(model="", model_path="/models/a.gguf")
`,
			"tests/test_app.py": `client.chat.completions.create(model="gpt-4-test-only")` + "\n",
		}, []modelCase{
			// Only a request's model takes the client written before it.
			{name: "gemini-1.5-pro", via: "source", evidence: "app.py:7"},
			{name: "gpt-4o-mini", provider: "openai", via: "source", evidence: "app.py:4", endpoint: "openai"},
			{name: "jinaai/jina-reranker-v1-tiny-en", via: "source", evidence: "app.py:5"},
			{name: "llama3.1:8b", via: "source", evidence: "app.py:6"},
		})
	})
	t.Run("request", func(t *testing.T) {
		// A request takes the client written just before it, unless the
		// model is of a family that provider does not serve.
		checkModels(t, map[string]string{"stt.py": `from groq import Groq
from openai import OpenAI
groq = Groq()
out = groq.audio.transcriptions.create(model="whisper-large-v3", file=f)
oai = client.audio.transcriptions.create(model="whisper-1", file=f)
`}, []modelCase{
			{name: "whisper-1", via: "source", evidence: "stt.py:5"},
			{name: "whisper-large-v3", provider: "groq", via: "source", evidence: "stt.py:4", endpoint: "groq"},
		})
	})
	t.Run("vertex", func(t *testing.T) {
		checkModels(t, map[string]string{"vertex.py": `import vertexai
from vertexai.generative_models import GenerativeModel
vertexai.init(project="acme", location="europe-west4")
gm = GenerativeModel("gemini-1.5-pro")
`}, []modelCase{
			{name: "gemini-1.5-pro", provider: "vertex", via: "source", evidence: "vertex.py:4", endpoint: "vertex"},
		})
	})
	t.Run("constructor", func(t *testing.T) {
		// A model of an OpenAI client pointed at Ollama is Ollama's.
		checkModels(t, map[string]string{"app.py": `from langchain_openai import ChatOpenAI
llm = ChatOpenAI(base_url="http://localhost:11434/v1", model="dolphin-mixtral")
`}, []modelCase{
			{name: "dolphin-mixtral", provider: "ollama", via: "source", evidence: "app.py:2", endpoint: "ollama"},
		})
	})
	t.Run("provider-qualified ids", func(t *testing.T) {
		// LangChain's init_chat_model and PydanticAI name the provider with
		// the model, in the call or in a settings default; an Ollama tag,
		// a log key and a URN of the same shape name no provider.
		checkModels(t, map[string]string{"agent/config.py": `from langchain.chat_models import init_chat_model
from pydantic import Field
research_model: str = Field(default="openai:gpt-4.1")
llm = init_chat_model("anthropic:claude-3-5-sonnet-latest")
agent = Agent("google-gla:gemini-1.5-flash")
local = "mistral:7b"
key = "openai:request_id"
urn = "urn:openai:model"
`}, []modelCase{
			{name: "claude-3-5-sonnet-latest", provider: "anthropic", via: "source", evidence: "agent/config.py:4", endpoint: "anthropic"},
			{name: "gemini-1.5-flash", provider: "gemini", via: "source", evidence: "agent/config.py:5", endpoint: "gemini"},
			{name: "gpt-4.1", provider: "openai", via: "source", evidence: "agent/config.py:3", endpoint: "openai"},
		})
	})
	t.Run("typescript", func(t *testing.T) {
		checkModels(t, map[string]string{"src/agent.ts": `import { openai } from "@ai-sdk/openai";
const { text } = await generateText({ model: openai("gpt-4o-mini"), prompt });
const emb = anthropic.languageModel("claude-3-5-haiku-latest");
const post = await Post.populate({ path: "author", model: "User" });
const node = { model: "chatOpenAI" };
`}, []modelCase{
			{name: "claude-3-5-haiku-latest", provider: "anthropic", via: "source", evidence: "src/agent.ts:3"},
			{name: "gpt-4o-mini", provider: "openai", via: "source", evidence: "src/agent.ts:2"},
		})
	})
	t.Run("azure", func(t *testing.T) {
		checkModels(t, map[string]string{"src/azure.ts": `import { AzureOpenAI } from "openai";
const client = new AzureOpenAI({ endpoint: "https://acme-eu.openai.azure.com", deployment: "gpt-4o-eu", apiVersion: "2024-10-21" });
const other = new Widget({ deployment: "blue-green" });
`}, []modelCase{
			{name: "gpt-4o-eu", provider: "azure-openai", via: "source", evidence: "src/azure.ts:2", endpoint: "azure-openai"},
		})
	})
	t.Run("go", func(t *testing.T) {
		checkModels(t, map[string]string{"main.go": `package main

const defaultModel = "mistral-small-latest"

func run(c *client) {
	c.Chat(Request{Model: "qwen2.5:14b", Stream: true})
	c.Chat(Request{Model: name})
	g := genaiClient.GenerativeModel("gemini-2.0-flash")
	_ = g
}
`}, []modelCase{
			{name: "gemini-2.0-flash", via: "source", evidence: "main.go:8"},
			{name: "mistral-small-latest", via: "source", evidence: "main.go:3"},
			{name: "qwen2.5:14b", via: "source", evidence: "main.go:6"},
		})
	})
}

func TestModelsInEnv(t *testing.T) {
	checkModels(t, map[string]string{
		".env": `OPENAI_API_KEY=sk-live-abc
OPENAI_MODEL=gpt-4o-mini
AZURE_OPENAI_DEPLOYMENT=gpt-4o-eu
LLM_MODEL=${LLM_MODEL:-mixtral-8x7b}
MODEL_PATH=/models/llama.gguf
OLLAMA_MODELS=/data/ollama
EMBEDDING_MODEL_PROVIDER=openai
CHAT_MODEL=${CHAT_MODEL}
USE_LOCAL_MODEL=true
WHISPER_MODEL=/opt/whisper/base.bin
`,
		"docker-compose.yml": `services:
  api:
    image: acme/api
    environment:
      OLLAMA_MODEL: llama3.2:3b
      EMBEDDING_MODEL: nomic-embed-text
      MODEL_DIR: /models
`,
	}, []modelCase{
		{name: "gpt-4o-eu", provider: "azure-openai", via: "env", evidence: ".env:3"},
		{name: "gpt-4o-mini", provider: "openai", via: "env", evidence: ".env:2", endpoint: "openai"},
		{name: "llama3.2:3b", provider: "ollama", via: "compose", evidence: "docker-compose.yml:5"},
		{name: "mixtral-8x7b", via: "env", evidence: ".env:4"},
		{name: "nomic-embed-text", via: "compose", evidence: "docker-compose.yml:6"},
	})
}

func TestModelsOllamaTags(t *testing.T) {
	checkModels(t, map[string]string{
		"docker-compose.yml": `services:
  ollama:
    image: ollama/ollama
    entrypoint: ["/bin/sh", "-c", "ollama serve & sleep 5 && ollama pull deepseek-r1:14b && wait"]
  puller:
    image: ollama/ollama
    command:
      - ollama
      - pull
      - dolphin-mixtral
  var:
    image: ollama/ollama
    command: sh -c "ollama pull $MODEL && ollama serve"
`,
		"Dockerfile": `FROM ollama/ollama
# RUN ollama pull commented-out
RUN ollama serve & sleep 5 && \
    ollama pull --insecure qwen2.5:7b
CMD ["ollama", "run", "llama3.1"]
`,
		"models/Modelfile":         "# tuned\nFROM llama3.1:8b\nPARAMETER temperature 0.2\n",
		"models/local.modelfile":   "FROM ./weights/model-q4.gguf\n",
		"models/Modelfile.adapter": "FROM /srv/models/base\nADAPTER ./lora.gguf\n",
	}, []modelCase{
		{name: "deepseek-r1:14b", provider: "ollama", via: "compose", evidence: "docker-compose.yml:4"},
		{name: "dolphin-mixtral", provider: "ollama", via: "compose", evidence: "docker-compose.yml:10"},
		{name: "llama3.1", provider: "ollama", via: "dockerfile", evidence: "Dockerfile:5"},
		{name: "llama3.1:8b", provider: "ollama", via: "modelfile", evidence: "models/Modelfile:2"},
		{name: "qwen2.5:7b", provider: "ollama", via: "dockerfile", evidence: "Dockerfile:4"},
	})
}

func TestModelsInTerraform(t *testing.T) {
	checkModels(t, map[string]string{"main.tf": `resource "azurerm_cognitive_account" "ai" {
  name                  = "acme-ai"
  location              = "swedencentral"
  kind                  = "OpenAI"
  custom_subdomain_name = "acme-ai"
}

resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat"
  cognitive_account_id = azurerm_cognitive_account.ai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-11-20"
  }
  sku {
    name = "DataZoneStandard"
  }
}

resource "aws_bedrockagent_agent" "a" {
  foundation_model = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"
}
`}, []modelCase{
		{name: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", provider: "bedrock", via: "terraform", evidence: "main.tf:22", endpoint: "bedrock"},
		{name: "gpt-4o", version: "2024-11-20", provider: "azure-openai", via: "terraform", evidence: "main.tf:13", endpoint: "azure-openai"},
	})
}

func TestModelsInExports(t *testing.T) {
	t.Run("n8n", func(t *testing.T) {
		checkModels(t, map[string]string{"workflows/w.json": `{"nodes": [
  {"type": "@n8n/n8n-nodes-langchain.lmChatOpenAi", "parameters": {"model": {"__rl": true, "value": "gpt-4o-mini", "mode": "list"}},
   "credentials": {"openAiApi": {"id": "1", "name": "OpenAI"}}},
  {"type": "@n8n/n8n-nodes-langchain.openAi", "parameters": {"modelId": {"__rl": true, "value": "=gpt-4.1", "mode": "id"}},
   "credentials": {"openAiApi": {"id": "1", "name": "OpenAI"}}},
  {"type": "@n8n/n8n-nodes-langchain.lmChatGoogleGemini", "parameters": {"modelName": "models/gemini-1.5-flash"}},
  {"type": "@n8n/n8n-nodes-langchain.lmChatOllama", "parameters": {"model": "={{ $json.model }}"}},
  {"type": "n8n-nodes-base.set", "parameters": {"values": {"model": "not-a-node-parameter"}}},
  {"type": "@n8n/n8n-nodes-langchain.lmChatNewco", "parameters": {"model": "newco-large"}}
], "connections": {}}`}, []modelCase{
			{name: "gpt-4.1", provider: "openai", via: "n8n", evidence: "workflows/w.json:4", endpoint: "openai"},
			{name: "gpt-4o-mini", provider: "openai", via: "n8n", evidence: "workflows/w.json:2", endpoint: "openai"},
			{name: "models/gemini-1.5-flash", provider: "gemini", via: "n8n", evidence: "workflows/w.json:6", endpoint: "gemini"},
			{name: "newco-large", provider: "(lmChatNewco)", via: "n8n", evidence: "workflows/w.json:9"},
		})
	})
	t.Run("flowise", func(t *testing.T) {
		checkModels(t, map[string]string{"flows/chat.json": `{"nodes": [
  {"data": {"name": "chatOpenAI", "inputs": {"modelName": "gpt-4o-mini", "customModelName": ""}}},
  {"data": {"name": "chatOllama", "inputs": {"modelName": "llama3.2", "customModelName": "dolphin-llama3:8b"}}},
  {"data": {"name": "chatSomethingNew", "inputs": {"modelName": "newco-large-2"}}},
  {"data": {"name": "conversationChain", "inputs": {"model": "{{chatOpenAI_0.data.instance}}"}}}
], "edges": []}`}, []modelCase{
			{name: "dolphin-llama3:8b", provider: "ollama", via: "flowise", evidence: "flows/chat.json:3", endpoint: "ollama"},
			{name: "gpt-4o-mini", provider: "openai", via: "flowise", evidence: "flows/chat.json:2", endpoint: "openai"},
			{name: "newco-large-2", provider: "(chatSomethingNew)", via: "flowise", evidence: "flows/chat.json:4"},
		})
	})
	t.Run("langflow", func(t *testing.T) {
		checkModels(t, map[string]string{"flows/lf.json": `{"data": {"nodes": [
  {"type": "genericNode", "data": {"type": "OpenAIModel", "node": {"template": {"model_name": {"value": "gpt-4o-mini"}}}}},
  {"type": "genericNode", "data": {"type": "NewcoModel", "node": {"template": {"model_name": {"value": "newco-7b"}}}}},
  {"type": "genericNode", "data": {"type": "ChatInput", "node": {"template": {"input_value": {"value": "gpt-5 please"}}}}}
]}}`}, []modelCase{
			{name: "gpt-4o-mini", provider: "openai", via: "langflow", evidence: "flows/lf.json:2", endpoint: "openai"},
			{name: "newco-7b", provider: "(NewcoModel)", via: "langflow", evidence: "flows/lf.json:3"},
		})
	})
	t.Run("dify", func(t *testing.T) {
		checkModels(t, map[string]string{"dify/app.yml": `app:
  mode: advanced-chat
  name: support
kind: app
workflow:
  graph:
    nodes:
    - data:
        model:
          completion_params: {}
          mode: chat
          name: deepseek-chat
          provider: langgenius/deepseek/deepseek
    - data:
        model:
          mode: chat
          name: Doubao-Pro-32k
          provider: volcengine_maas
    - data:
        provider_name: jina
        tool_name: reader
        tool:
          provider: jina
          name: jina_reader
    - data:
        dataset_configs:
          reranking_model:
            reranking_provider_name: cohere
            reranking_model_name: rerank-english-v3.0
          weights:
            vector_setting:
              embedding_provider_name: openai_api_compatible
              embedding_model_name: text-embedding-bge-m3
`}, []modelCase{
			{name: "Doubao-Pro-32k", provider: "(volcengine_maas)", via: "dify", evidence: "dify/app.yml:17"},
			{name: "deepseek-chat", provider: "deepseek", via: "dify", evidence: "dify/app.yml:12", endpoint: "deepseek"},
			{name: "rerank-english-v3.0", provider: "cohere", via: "dify", evidence: "dify/app.yml:29", endpoint: "cohere"},
			{name: "text-embedding-bge-m3", provider: "(openai_api_compatible)", via: "dify", evidence: "dify/app.yml:33"},
		})
	})
}

func TestModelVars(t *testing.T) {
	for name, want := range map[string]bool{
		"MODEL": true, "MODEL_NAME": true, "OPENAI_MODEL": true, "LLM_MODEL": true, "OLLAMA_MODEL": true,
		"CHAT_MODEL": true, "EMBEDDING_MODEL": true, "HF_MODEL_ID": true, "AZURE_OPENAI_DEPLOYMENT_NAME": true,
		"AZURE_OPENAI_CHAT_DEPLOYMENT": true,
		"MODEL_PATH":                   false, "MODEL_DIR": false, "EMBEDDING_MODEL_PROVIDER": false, "OLLAMA_MODELS": false,
		"LLM_MODEL_PATH": false, "USE_LOCAL_MODEL": false, "MODEL_TEMPERATURE": false, "DEPLOYMENT_ENV": false,
		"OPENAI_API_KEY": false, "K8S_DEPLOYMENT_NAME": false, "AZURE_DEPLOYMENT_NAME": true,
	} {
		if got := isModelVar(name); got != want {
			t.Errorf("isModelVar(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestModelVarProvider(t *testing.T) {
	c := Default()
	for name, want := range map[string]string{
		"OPENAI_MODEL": "openai", "OPENAI_CHAT_MODEL": "openai", "AZURE_OPENAI_MODEL": "azure-openai",
		"AZURE_OPENAI_CHAT_DEPLOYMENT": "azure-openai", "OLLAMA_EMBED_MODEL": "ollama", "ANTHROPIC_MODEL": "anthropic",
		"LLM_MODEL": "", "MODEL_NAME": "", "CHAT_MODEL": "",
	} {
		got := ""
		if p := c.modelVarProvider(name); p != nil {
			got = p.ID
		}
		if got != want {
			t.Errorf("modelVarProvider(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestModelValue(t *testing.T) {
	for v, want := range map[string]string{
		"gpt-4o-mini": "gpt-4o-mini", " llama3.1:8b ": "llama3.1:8b", "mistral": "mistral",
		"meta-llama/Llama-3.1-8B-Instruct": "meta-llama/Llama-3.1-8B-Instruct", "=gpt-4o": "gpt-4o",
		"${LLM:-qwen2.5}": "qwen2.5", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M": "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
		"": "", "${MODEL}": "", "your-model-name": "", "./model.gguf": "", "/models/x": "", "model.safetensors": "",
		"https://api.openai.com/v1": "", "true": "", "4096": "", "User": "", "chatOpenAI": "", "gpt 4o": "",
		"={{ $json.model }}": "", "<model>": "",
		"arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0":                  "amazon.nova-pro-v1:0",
		"arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0": "eu.amazon.nova-lite-v1:0",
		"arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/a1b2c3":       "",
	} {
		got, ok := modelValue(v)
		if got != want || ok != (want != "") {
			t.Errorf("modelValue(%q) = %q, %v; want %q", v, got, ok, want)
		}
	}
}

func TestOllamaTags(t *testing.T) {
	for text, want := range map[string]string{
		"ollama pull llama3.1":                                               "llama3.1",
		`["ollama","run","deepseek-r1:14b"]`:                                 "deepseek-r1:14b",
		"ollama serve & sleep 2; ollama pull a && ollama run --verbose b:7b": "a b:7b",
		"ollama pull $MODEL":                                                 "",
		"ollama serve":                                                       "",
		"ollama run ./local-dir":                                             "",
		"myollama pull something":                                            "",
	} {
		var got []string
		for _, tag := range ollamaTags(text) {
			got = append(got, tag.tag)
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("ollamaTags(%q) = %q, want %q", text, g, want)
		}
	}
}

func TestModelsInYAML(t *testing.T) {
	checkModels(t, map[string]string{
		"config/agent.yaml": `agent:
  model: "anthropic:claude-sonnet-4-6"
  embedding_model: text-embedding-3-small
  fallback:
    model: User
  model_path: /models/llama.gguf
`,
		"k8s/ollama.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ollama
spec:
  template:
    spec:
      containers:
      - name: ollama
        image: ollama/ollama
        lifecycle:
          postStart:
            exec:
              command: ["/bin/sh", "-c", "ollama pull gemma2:9b"]
      - name: other
        image: busybox
        args: ["echo", "ollama pull is documented elsewhere"]
        env:
        - name: LLM_MODEL
          value: phi3:mini
`,
	}, []modelCase{
		{name: "anthropic:claude-sonnet-4-6", via: "yaml", evidence: "config/agent.yaml:2"},
		{name: "gemma2:9b", provider: "ollama", via: "kubernetes", evidence: "k8s/ollama.yaml:14"},
		{name: "phi3:mini", via: "kubernetes", evidence: "k8s/ollama.yaml:19"},
		{name: "text-embedding-3-small", via: "yaml", evidence: "config/agent.yaml:3"},
	})
}

// Bedrock model ids are told from the file names, fields and hosts that
// share their prefix; every value here is written so in a real tree
// (Flowise, awslabs/mcp, basic-memory, stripe/agent-toolkit, the
// TypeScript SDK), and a string literal that is not an id names no
// Bedrock endpoint.
func TestBedrockModelIDs(t *testing.T) {
	for _, v := range []string{"anthropic.claude-3-haiku-20240307-v1:0", "eu.anthropic.claude-sonnet-4-6", "amazon.nova-pro-v1:0",
		"amazon.titan-tg1-large", "cohere.embed-v4:0", "mistral.mixtral-8x7b-instruct-v0:1", "openai.gpt-oss-120b-1:0",
		"twelvelabs.marengo-embed-2-7-v1:0", "global.anthropic.claude-opus-4-5-20251101-v1:0", "deepseek.r1-v1:0"} {
		if !isBedrockModel(v) {
			t.Errorf("%s: not read as a Bedrock model id", v)
		}
	}
	for _, v := range []string{"openai.yaml", "openai.svg", "deepseek.svg", "openai.chat", "anthropic.messages", "meta.ctx",
		"writer.rds.amazonaws.com", "writer.resolved.example.com", "writer.db-1.example.com", "amazon.s3"} {
		if isBedrockModel(v) {
			t.Errorf("%s: read as a Bedrock model id", v)
		}
	}
	r := mustScan(t, fstest.MapFS{"scripts/build.py": {Data: []byte(`from pathlib import Path

def stage(out: Path) -> None:
    if not (out / "agents" / "openai.yaml").exists():
        (out / "agents" / "openai.yaml").write_text("interface: {}")
`)}}, Options{})
	if len(r.Endpoints) != 0 {
		t.Errorf("endpoints %+v, want none (openai.yaml is a file)", r.Endpoints)
	}
}
