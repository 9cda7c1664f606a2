module github.com/acme/mcp-gateway

go 1.24.0

require (
	github.com/modelcontextprotocol/go-sdk v1.0.0
	golang.org/x/oauth2 v0.30.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/google/jsonschema-go v0.3.0 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.7 // indirect
)

replace github.com/acme/toolkit => ../toolkit
