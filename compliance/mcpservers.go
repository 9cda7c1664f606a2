package compliance

import (
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/residency"
)

// launcherEcosystems maps a launcher's ecosystem to the inventory's.
var launcherEcosystems = map[string]Ecosystem{
	"npm": NPM, "pypi": PyPI, "container": Container, "golang": Golang,
}

// serverComponents turns the packages and images that client configs
// launch (npx, uvx, docker run …) into inventory components. Only an exact
// version is kept: a range or "latest" names no version a licence can be
// read for; the component then merges into the installed package of the
// same name, if there is one.
func serverComponents(configs []hardening.Config) []license.Component {
	var out []license.Component
	for _, cfg := range configs {
		for _, s := range cfg.Servers {
			l := s.Launcher
			if l == nil {
				continue
			}
			eco, ok := launcherEcosystems[l.Ecosystem]
			if !ok {
				continue
			}
			version := ""
			if l.Pinned {
				version = l.Version
			}
			pos := l.Position
			if pos.File == "" {
				pos = s.Position
			}
			out = append(out, license.Component{Ecosystem: eco, Name: l.Package, Version: version,
				Role: RoleMCPServer, Locations: []project.Position{pos}})
		}
	}
	return out
}

// remotes lists the URLs of remote MCP servers, for the residency scan.
// An n8n workflow's MCP nodes are left out: residency reads the engine's
// exports itself.
func remotes(configs []hardening.Config) []residency.Remote {
	var out []residency.Remote
	for _, cfg := range configs {
		if cfg.Client == hardening.N8n {
			continue
		}
		for _, s := range cfg.Servers {
			if s.URL == "" {
				continue
			}
			pos := s.URLPos
			if pos.File == "" {
				pos = s.Position
			}
			out = append(out, residency.Remote{URL: s.URL, Position: pos})
		}
	}
	return out
}
