package main

import (
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func main() {
	server := mcp.NewServer(&mcp.Implementation{Name: "safe", Version: "1.0.0"}, nil)
	server.AddPrompt(&mcp.Prompt{Name: "summary", Description: "Summarise a document"}, nil)
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
	protected := http.NewCrossOriginProtection().Handler(auth.RequireBearerToken(verify, nil)(h))
	srv := &http.Server{Addr: "127.0.0.1:9000", Handler: protected}
	_ = srv.ListenAndServe()
}
