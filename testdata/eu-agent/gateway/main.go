// Command gateway proxies chat requests to the model providers.
package main

import (
	"context"
	"crypto/md5"
	"crypto/tls"
	"fmt"
	"log"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"
	"google.golang.org/genai"
)

// xAIBase is the Grok endpoint; see https://docs.x.ai/docs/overview.
const xAIBase = "https://api.x.ai/v1"

func main() {
	ctx := context.Background()
	groq := openai.NewClient(option.WithBaseURL("https://api.groq.com/openai/v1"))
	_ = groq

	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("eu-west-1"))
	if err != nil {
		log.Fatal(err)
	}
	br := bedrockruntime.NewFromConfig(cfg)
	_ = br

	gc, err := genai.NewClient(ctx, &genai.ClientConfig{Backend: genai.BackendVertexAI, Project: "acme-support-prod", Location: "us-central1"})
	if err != nil {
		log.Fatal(err)
	}
	_ = gc

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	_ = client
	fmt.Printf("%x\n", md5.Sum([]byte(xAIBase)))
}
