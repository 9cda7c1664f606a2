package residency

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/golden"
)

// The agent-infra sample: what a project states outside its code —
// Terraform variables, locals and tfvars (and Terraform JSON), disk,
// file-system and database encryption, compose and Kubernetes exposure,
// Dify and Langflow exports, Fly.io, Bicep and ARM hosting.
var infraResult = sync.OnceValues(func() (*Result, error) {
	return scanFS(os.DirFS("../testdata/agent-infra"), Options{})
})

func infra(t *testing.T) *Result {
	t.Helper()
	r, err := infraResult()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestInfraGolden(t *testing.T) {
	b, err := json.MarshalIndent(infra(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/agent-infra.golden.json", b, *update, "go test ./residency -run Golden -update")
}

func TestInfraEndpoints(t *testing.T) {
	checkEndpoints(t, infra(t), []endpointCase{
		{"terraform locals global. profile in a Lambda's environment, region from terraform.tfvars", "bedrock", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "", "", "terraform", "global", "DE (eu-central-1)", "US", "infra/aws/main.tf:16 infra/aws/main.tf:21 infra/aws/main.tf:33"},
		{"terraform variable default eu. profile", "bedrock", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", "eu.amazon.nova-lite-v1:0", "", "", "terraform", "EU", "DE (eu-central-1)", "US", "infra/aws/main.tf:8 infra/aws/main.tf:21 infra/aws/main.tf:34"},
		{"dify LLM node: the provider's default host", "openai", "api.openai.com", "", "", "", "", "dify", "global", "unknown", "US", "dify/support-bot.yml:74"},
		{"dify question classifier on DeepSeek", "deepseek", "api.deepseek.com", "", "", "", "", "dify", "CN", "CN", "CN", "dify/support-bot.yml:47"},
		{"dify knowledge retrieval reranking model", "cohere", "api.cohere.com", "", "", "", "", "dify", "global", "unknown", "CA", "dify/support-bot.yml:59"},
		{"dify HTTP request node to a known host", "perplexity", "api.perplexity.ai", "", "", "", "", "dify", "global", "unknown", "US", "dify/support-bot.yml:86"},
		{"langflow OpenAI component with the EU base URL", "openai", "eu.api.openai.com", "", "", "", "", "langflow", "EEA+CH", "EEA+CH", "US", "langflow/support-answers.json:115 langflow/support-answers.json:135"},
		{"langflow Bedrock component region and eu. profile", "bedrock", "bedrock-runtime.eu-west-3.amazonaws.com", "eu-west-3", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "", "", "langflow", "EU", "FR (eu-west-3)", "US", "langflow/support-answers.json:197"},
		{"langflow Language Model component set to Anthropic", "anthropic", "api.anthropic.com", "", "", "", "", "langflow", "global", "unknown", "US", "langflow/support-answers.json:239"},
		{"langflow Ollama component at the compose service", "ollama", "ollama", "", "", "", "", "langflow", "local", "local", "operator", "langflow/support-answers.json:306 langflow/support-answers.json:326"},
		{"langflow API Request to a known host", "groq", "api.groq.com", "", "", "", "", "langflow", "global", "unknown", "US", "langflow/support-answers.json:368"},
		{"terraform JSON: an eu. profile in a container's env, the aws provider's region", "bedrock", "bedrock-runtime.eu-north-1.amazonaws.com", "eu-north-1", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "", "", "terraform", "EU", "SE (eu-north-1)", "US", "infra/gcp-json/main.tf.json:15 infra/gcp-json/main.tf.json:29"},
		{"a -var-file tfvars us. profile takes its module's region", "bedrock", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "", "", "terraform", "US", "DE (eu-central-1)", "US", "infra/aws/main.tf:21 infra/aws/prod.tfvars:2"},
	})
}

// TestInfraNotEndpoints: a YAML file that says "kind: app" but is not a
// Dify export, and Langflow components without a provider, name nothing.
func TestInfraNotEndpoints(t *testing.T) {
	for _, e := range infra(t).Endpoints {
		for _, ev := range e.Evidence {
			if ev.File == "dify/not-dify.yml" || ev.File == "langflow/support-answers.json" && (ev.Line < 100 || ev.Line > 400) {
				t.Errorf("%s endpoint from %s:%d", e.Provider, ev.File, ev.Line)
			}
		}
	}
}

func TestInfraSettings(t *testing.T) {
	checkSettings(t, infra(t), []settingRow{
		{ruleEBSUnencrypted, "aws_ebs_volume.vectors.encrypted", "false", "infra/aws/main.tf:42"},
		{ruleEBSUnencrypted, "aws_ebs_volume.scratch.encrypted", "", "infra/aws/main.tf:45"},
		{ruleEBSUnencrypted, "aws_launch_template.gpu_workers.block_device_mappings.encrypted", "false", "infra/aws/main.tf:66"},
		{ruleEFSUnencrypted, "aws_efs_file_system.models.encrypted", "", "infra/aws/main.tf:71"},
		{ruleAzureStorageHTTP, "azurerm_storage_account.transcripts.https_traffic_only_enabled", "false", "infra/azure/main.tf:11"},
		{ruleAzureTLSOff, "azurerm_postgresql_server.legacy.ssl_enforcement_enabled", "false", "infra/azure/main.tf:30"},
		{ruleAzureTLSOff, "azurerm_postgresql_flexible_server_configuration.no_tls.require_secure_transport", "off", "infra/azure/main.tf:45"},
		{ruleTLSMinLow, "azurerm_cosmosdb_account.memory.minimal_tls_version", "Tls11", "infra/azure/main.tf:59"},
		// Compose and Kubernetes: model servers published, transports in clear.
		{ruleModelAPIExposed, "ollama.ports", "11434:11434", "docker-compose.yml:8"},
		{ruleModelAPIExposed, "vllm.ports", "8001:8001", "docker-compose.yml:16"}, // --port 8001, long syntax
		{ruleModelAPIExposed, "ollama-public.spec.type", "LoadBalancer", "k8s/models.yaml:7"},
		{ruleDBSSLDisabled, "DB_POSTGRESDB_SSL_ENABLED", "false", "docker-compose.yml:37"},
		{ruleDBSSLDisabled, "tls", "", "docker-compose.yml:45"},
		{ruleHTTP, "ELASTICSEARCH_HOSTS", "http://search.acme-support.example.net", "docker-compose.yml:49"},
		{ruleNATSPlain, "nats:// (use tls://)", "nats://", "docker-compose.yml:51"},
		{ruleKafkaPlain, "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "docker-compose.yml:53"},
		{ruleKafkaPlain, "KAFKA_CFG_ADVERTISED_LISTENERS", "SASL_PLAINTEXT://kafka.acme-support.example.net", "docker-compose.yml:58"},
		// Exports: a Dify HTTP request node, a Langflow component's base URL.
		{ruleHTTP, "url", "http://tickets.acme-support.example.com", "dify/support-bot.yml:93"},
		{ruleHTTP, "base_url", "http://ollama", "langflow/support-answers.json:306"},
	}, []settingRow{
		{ruleModelAPIExposed, "localai.ports", "", "docker-compose.yml:23"},                                                                   // published on 127.0.0.1 only
		{ruleModelAPIExposed, "embeddings.ports", "", "docker-compose.yml:30"},                                                                // OLLAMA_HOST=127.0.0.1 in the container
		{ruleModelAPIExposed, "n8n.ports", "", "docker-compose.yml:35"},                                                                       // not a model server
		{ruleModelAPIExposed, "vllm.spec.type", "", "k8s/models.yaml:21"},                                                                     // ClusterIP
		{ruleModelAPIExposed, "grafana.spec.type", "", "k8s/models.yaml:35"},                                                                  // NodePort, not a model server
		{ruleDBSSLDisabled, "tls", "", "docker-compose.yml:46"},                                                                               // mongodb+srv: TLS by default
		{ruleDBSSLDisabled, "tls", "", "docker-compose.yml:47"},                                                                               // tls=true
		{ruleDBSSLDisabled, "tls", "", "docker-compose.yml:48"},                                                                               // the compose network's mongo
		{ruleNATSPlain, "nats:// (use tls://)", "", "docker-compose.yml:52"},                                                                  // tls://
		{ruleEBSUnencrypted, "aws_ebs_volume.index.encrypted", "", "infra/aws/main.tf:50"},                                                    // index: encrypted with a CMK
		{ruleEFSUnencrypted, "aws_efs_file_system.uploads.encrypted", "", "infra/aws/main.tf:75"},                                             // uploads: encrypted
		{ruleEFSUnencrypted, "aws_efs_file_system.uploads.encrypted", "true", "infra/aws/main.tf:77"},                                         // uploads
		{ruleAzureTLSOff, "azurerm_postgresql_flexible_server_configuration.timezone.require_secure_transport", "", "infra/azure/main.tf:50"}, // another parameter
		{ruleAzureStorageHTTP, "azurerm_storage_account.exports.https_traffic_only_enabled", "true", "infra/azure/main.tf:20"},
	})
}

func TestInfraHosting(t *testing.T) {
	checkHosting(t, infra(t), []string{
		// terraform.tfvars replaces the variable's us-east-1 default.
		"aws eu-central-1 DE (eu-central-1) infra/aws/main.tf:21",
		"aws eu-north-1 SE (eu-north-1) infra/gcp-json/main.tf.json:15", // a list of provider blocks
		// ARM: a literal location; [parameters('location')], the
		// parameter's [resourceGroup().location] and global are not regions.
		"azure francecentral FR (francecentral) deploy/azure/azuredeploy.json:15",
		// Bicep: a literal location and the location parameter's default;
		// resourceGroup().location is not one.
		"azure northeurope IE (northeurope) deploy/azure/main.bicep:14",
		"azure swedencentral SE (swedencentral) deploy/azure/main.bicep:2",
		"azure westeurope NL (westeurope) infra/azure/main.tf:8,infra/azure/main.tf:17,infra/azure/main.tf:26,infra/azure/main.tf:37,infra/azure/main.tf:56",
		"fly fra DE (fra) fly.toml:3",
		// Terraform JSON: ${var.region} takes the variable's default.
		"gcp europe-west4 NL (europe-west4) infra/gcp-json/main.tf.json:11,infra/gcp-json/main.tf.json:23",
	})
}
