package main

import "github.com/modelcontextprotocol/go-sdk/mcp"

func main() {
	mcp.NewServer(&mcp.Implementation{Name: "broken"}, nil
}
