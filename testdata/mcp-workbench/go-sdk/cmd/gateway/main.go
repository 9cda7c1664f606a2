package main

import (
	"context"
	"log"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const instructions = "Use search before " + "answering."

type SearchIn struct {
	Query string `json:"query" jsonschema:"the text to search for"`
	Limit int    `json:"limit,omitempty" jsonschema:"at most this many results"`
}

func search(ctx context.Context, req *mcp.CallToolRequest, in SearchIn) (*mcp.CallToolResult, any, error) {
	return nil, nil, nil
}

func main() {
	server := mcp.NewServer(&mcp.Implementation{Name: "acme-gateway", Version: "0.3.0"}, &mcp.ServerOptions{Instructions: instructions})
	mcp.AddTool(server, &mcp.Tool{
		Name:        "search",
		Description: "Search the knowledge base",
		Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(bool)},
	}, search)
	mcp.AddTool(server, &mcp.Tool{Name: "purge_cache", Description: "Delete every cached answer"},
		func(ctx context.Context, req *mcp.CallToolRequest, in struct{}) (*mcp.CallToolResult, any, error) { return nil, nil, nil })
	handler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server },
		&mcp.StreamableHTTPOptions{DisableLocalhostProtection: true})
	http.Handle("/mcp", handler)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
