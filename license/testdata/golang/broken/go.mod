module github.com/example-org/broken

go 1.24

require (
	github.com/google/uuid v1.6.0
	github.com/spf13/cast 1.7.1
	golang.org/x/text v0.21.0 // indirect
)

frobnicate github.com/x/y

require github.com/pkg/errors v0.9.1
