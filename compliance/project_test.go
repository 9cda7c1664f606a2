package compliance

import (
	"testing"

	"github.com/mcp-comply/mcp-comply/license"
)

// The project's scope or organisation makes a component its own; a
// similar name, another ecosystem or another organisation does not.
func TestProjectOwner(t *testing.T) {
	npm := projectOwner(&license.Component{Ecosystem: NPM, Name: "@acme/agent-servers"})
	gomod := projectOwner(&license.Component{Ecosystem: Golang, Name: "github.com/Acme/gateway"})
	for _, c := range []struct {
		o    owner
		eco  Ecosystem
		name string
		want bool
	}{
		{npm, NPM, "@acme/telemetry", true},
		{npm, NPM, "@acme-ai/telemetry", false},
		{npm, NPM, "acme", false},
		{npm, PyPI, "@acme/telemetry", false},
		{gomod, Golang, "github.com/Acme/sdk", true},
		{gomod, Golang, "github.com/Acme-labs/sdk", false},
		{gomod, Container, "ghcr.io/acme/gateway", true},
		{gomod, Container, "docker.io/acme/gateway", false},
		{projectOwner(&license.Component{Ecosystem: NPM, Name: "unscoped"}), NPM, "unscoped-plugin", false},
		{projectOwner(nil), NPM, "@acme/x", false},
	} {
		if got := c.o.owns(&Component{Ecosystem: c.eco, Name: c.name}); got != c.want {
			t.Errorf("%+v owns %s %s = %v, want %v", c.o, c.eco, c.name, got, c.want)
		}
	}
}
