package residency

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/yamlnode"
)

// yamlDocs parses every document of a YAML stream; syntax errors become
// warnings at their lines (see package yamlnode).
func (s *scanner) yamlDocs(d *doc, what string) []*yaml.Node {
	roots, ws := yamlnode.Documents(d.path, d.data, what)
	s.warnings = append(s.warnings, ws...)
	return roots
}

// scanCompose reads each service's environment and image.
func (s *scanner) scanCompose(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.Compose) {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := s.read(f.Path, "compose file")
		if d == nil {
			continue
		}
		for _, root := range s.yamlDocs(d, "compose file") {
			services := yamlnode.Field(root, "services")
			if services != nil && services.Kind != yaml.MappingNode {
				s.warn(project.Position{File: f.Path, Line: services.Line, Col: services.Column}, "compose services is not a mapping: skipped")
				continue
			}
			for _, p := range yamlnode.Pairs(services) {
				name, svc := p[0].Value, p[1]
				image := yamlnode.Scalar(svc, "image")
				scope := f.Path + "#" + name
				env := yamlnode.Field(svc, "environment")
				if env == nil {
					s.envs = append(s.envs, envVar{via: "compose", scope: scope, image: image, ev: d.atLine(p[0].Line, p[0].Column)})
					continue
				}
				s.composeEnv(d, env, scope, image)
			}
			s.walkURLs(d, root, "compose", "")
		}
	}
	return nil
}

// composeEnv reads environment as a mapping or a list of NAME=VALUE.
func (s *scanner) composeEnv(d *doc, env *yaml.Node, scope, image string) {
	add := func(name, value string, n *yaml.Node) {
		s.env(envVar{name: name, value: value, via: "compose", scope: scope, image: image, literal: value != "" && !isReference(value), ev: d.atLine(n.Line, n.Column)})
	}
	switch env.Kind {
	case yaml.MappingNode:
		for _, p := range yamlnode.Pairs(env) {
			if p[1].Kind != yaml.ScalarNode {
				s.warn(project.Position{File: d.path, Line: p[1].Line, Col: p[1].Column}, "environment value of %s is not a scalar: skipped", p[0].Value)
				continue
			}
			v := p[1].Value
			if p[1].Tag == "!!null" {
				v = ""
			}
			add(p[0].Value, v, p[0])
		}
	case yaml.SequenceNode:
		for _, item := range env.Content {
			if item.Kind != yaml.ScalarNode {
				s.warn(project.Position{File: d.path, Line: item.Line, Col: item.Column}, "environment entry is not NAME=VALUE: skipped")
				continue
			}
			name, value, _ := strings.Cut(item.Value, "=")
			add(name, value, item)
		}
	default:
		if env.Tag == "!!null" {
			return // "environment:" with nothing after it sets nothing
		}
		s.warn(project.Position{File: d.path, Line: env.Line, Col: env.Column}, "environment is neither a mapping nor a list: skipped")
	}
}

var reUpperEnv = regexp.MustCompile(`^[A-Z][A-Z0-9_]*_[A-Z0-9_]+$`)

// scanYAML reads Kubernetes manifests, Helm values and other YAML: env
// lists ({name, value}), ConfigMap data, UPPER_SNAKE keys of values files,
// and URLs of known hosts anywhere.
func (s *scanner) scanYAML(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.YAML, project.HelmValues) {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := s.read(f.Path, "YAML file")
		if d == nil {
			continue
		}
		for i, root := range s.yamlDocs(d, "YAML") {
			via := "yaml"
			switch {
			case f.Kind == project.HelmValues:
				via = "helm"
			case yamlnode.Scalar(root, "apiVersion") != "" && yamlnode.Scalar(root, "kind") != "":
				via = "kubernetes"
			}
			scope := f.Path + "#" + strconv.Itoa(i)
			if yamlnode.Scalar(root, "kind") == "ConfigMap" {
				for _, p := range yamlnode.Pairs(yamlnode.Field(root, "data")) {
					if p[1].Kind == yaml.ScalarNode {
						s.env(envVar{name: p[0].Value, value: p[1].Value, via: via, scope: scope, literal: true, ev: d.atLine(p[0].Line, p[0].Column)})
					}
				}
			}
			s.walkYAMLEnv(d, root, via, scope, 0)
			s.walkURLs(d, root, via, "")
		}
	}
	return nil
}

// walkYAMLEnv finds env lists and UPPER_SNAKE settings in any mapping.
func (s *scanner) walkYAMLEnv(d *doc, n *yaml.Node, via, scope string, depth int) {
	n = yamlnode.Deref(n)
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s.walkYAMLEnv(d, c, via, scope, depth+1)
		}
	case yaml.MappingNode:
		image := yamlnode.Scalar(n, "image")
		if im := yamlnode.Field(n, "image"); im != nil && im.Kind == yaml.MappingNode { // Helm: image: {repository, tag}
			image = yamlnode.Scalar(im, "repository")
		}
		if env := yamlnode.Field(n, "env"); env != nil && env.Kind == yaml.SequenceNode {
			sc := scope + "@" + strconv.Itoa(n.Line)
			seen := false
			for _, item := range env.Content {
				name := yamlnode.Scalar(item, "name")
				if name == "" {
					continue
				}
				seen = true
				value, lit := yamlnode.Scalar(item, "value"), true
				if yamlnode.Field(item, "valueFrom") != nil {
					value, lit = "<valueFrom>", false // set from a secret or config map
				}
				nn := yamlnode.Field(item, "name")
				s.env(envVar{name: name, value: value, via: via, scope: sc, image: image, literal: lit && value != "", ev: d.atLine(nn.Line, nn.Column)})
			}
			if !seen && image != "" {
				s.envs = append(s.envs, envVar{via: via, scope: sc, image: image, ev: d.atLine(n.Line, n.Column)})
			}
		} else if image != "" && (via == "kubernetes" || via == "helm") && strings.Contains(image, "n8n") {
			s.envs = append(s.envs, envVar{via: via, scope: scope + "@" + strconv.Itoa(n.Line), image: image, ev: d.atLine(n.Line, n.Column)})
		}
		for _, p := range yamlnode.Pairs(n) {
			k, v := p[0], p[1]
			if v.Kind == yaml.ScalarNode && reUpperEnv.MatchString(k.Value) {
				s.env(envVar{name: k.Value, value: v.Value, via: via, scope: scope, literal: v.Value != "" && !isReference(v.Value), ev: d.atLine(k.Line, k.Column)})
				continue
			}
			if k.Value != "env" || v.Kind != yaml.SequenceNode {
				s.walkYAMLEnv(d, v, via, scope, depth+1)
			}
		}
	}
}

// walkURLs adds every scalar that is a URL of a known host as an endpoint
// and checks the transport of service URLs (redis://, http:// …).
func (s *scanner) walkURLs(d *doc, n *yaml.Node, via, key string) {
	s.walkURLsDepth(d, n, via, key, 0)
}

func (s *scanner) walkURLsDepth(d *doc, n *yaml.Node, via, key string, depth int) {
	n = yamlnode.Deref(n)
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if reUpperEnv.MatchString(key) || !isURLLiteral(n.Value) {
			return // env-style keys went through env()
		}
		u, ok := parseEndpoint(n.Value, false)
		if !ok {
			return
		}
		ev := d.atLine(n.Line, n.Column)
		if !isLocalHost(u.host) {
			if _, known := s.c.matchHost(u.host); known {
				s.add(sighting{url: u, hasURL: true, via: via, ev: ev})
			}
		}
		s.transportURL(u, key, ev, false)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s.walkURLsDepth(d, c, via, key, depth+1)
		}
	case yaml.MappingNode:
		if name := yamlnode.Scalar(n, "name"); name != "" && yamlnode.Field(n, "value") != nil {
			return // an env entry: env() has it
		}
		for _, p := range yamlnode.Pairs(n) {
			s.walkURLsDepth(d, p[1], via, p[0].Value, depth+1)
		}
	}
}

// scanRender reads render.yaml: the region of each service and database
// (Render's default when absent) and the env vars of services and groups.
func (s *scanner) scanRender(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.RenderYAML) {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := s.read(f.Path, "render.yaml")
		if d == nil {
			continue
		}
		for _, root := range s.yamlDocs(d, "render.yaml") {
			for _, list := range []string{"services", "databases"} {
				items := yamlnode.Field(root, list)
				if items == nil {
					continue
				}
				if items.Kind != yaml.SequenceNode {
					s.warn(project.Position{File: f.Path, Line: items.Line, Col: items.Column}, "render.yaml %s is not a list: skipped", list)
					continue
				}
				for _, svc := range items.Content {
					s.renderService(d, svc)
				}
			}
			for _, g := range yamlnode.Seq(yamlnode.Field(root, "envVarGroups")) {
				s.renderEnv(d, yamlnode.Field(g, "envVars"), d.path+"#group:"+yamlnode.Scalar(g, "name"))
			}
		}
	}
	return nil
}

func (s *scanner) renderService(d *doc, svc *yaml.Node) {
	if svc.Kind != yaml.MappingNode {
		s.warn(project.Position{File: d.path, Line: svc.Line, Col: svc.Column}, "render.yaml entry is not a mapping: skipped")
		return
	}
	name := yamlnode.Scalar(svc, "name")
	if yamlnode.Scalar(svc, "type") == "static" || yamlnode.Scalar(svc, "runtime") == "static" {
		return // static sites are served from Render's global CDN
	}
	if r := yamlnode.Field(svc, "region"); r != nil && r.Kind == yaml.ScalarNode {
		ev := d.atLine(r.Line, r.Column)
		s.addHosting("render", r.Value, ev)
		s.addRegion("render", "", r.Value, "region", ev)
	} else if def, note := s.c.PlatformDefault("render"); def != "" {
		n := yamlnode.Field(svc, "name")
		if n == nil {
			n = svc
		}
		ev := d.atLine(n.Line, n.Column)
		ev.Excerpt += " (no region: " + note + ")"
		s.addHosting("render", def, ev)
	}
	s.renderEnv(d, yamlnode.Field(svc, "envVars"), d.path+"#"+name)
}

func (s *scanner) renderEnv(d *doc, list *yaml.Node, scope string) {
	for _, e := range yamlnode.Seq(list) {
		k := yamlnode.Field(e, "key")
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		v := yamlnode.Field(e, "value")
		value, lit := "", false
		if v != nil && v.Kind == yaml.ScalarNode {
			value, lit = v.Value, true
		}
		s.env(envVar{name: k.Value, value: value, via: "render", scope: scope, literal: lit, ev: d.atLine(k.Line, k.Column)})
	}
}
