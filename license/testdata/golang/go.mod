module github.com/example-org/weather-mcp

go 1.24.0

toolchain go1.24.4

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/example-org/internal-kit v0.0.0-00010101000000-000000000000
	github.com/mark3labs/mcp-go v0.26.0
	golang.org/x/sync v0.10.0
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/spf13/cast v1.7.1 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
)

replace github.com/example-org/internal-kit => ../internal-kit

replace golang.org/x/sync v0.10.0 => golang.org/x/sync v0.11.0

// Fork with the fix for the float parsing bug, until upstream tags a release.
replace github.com/spf13/cast => github.com/example-fork/cast v1.7.2-0.20250101120000-abcdef123456
