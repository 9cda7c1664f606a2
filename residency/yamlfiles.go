package residency

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// yamlDocs parses every document of a YAML stream. A syntax error becomes
// a warning at its line; the documents before it are kept.
func (s *scanner) yamlDocs(d *doc, what string) []*yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(d.data))
	var roots []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return roots
		}
		if err != nil {
			s.warnings = append(s.warnings, yamlWarning(d.path, what, err))
			return roots
		}
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			roots = append(roots, n.Content[0])
		}
	}
}

var reYAMLLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

func yamlWarning(file, what string, err error) project.Warning {
	pos := project.Position{File: file}
	msg := err.Error()
	if m := reYAMLLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return project.Warnf(pos, "invalid %s: %s", what, msg)
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// pairs lists the key/value pairs of a mapping, "<<" merges included.
func pairs(m *yaml.Node) [][2]*yaml.Node {
	return pairsDepth(m, 0)
}

func pairsDepth(m *yaml.Node, depth int) [][2]*yaml.Node {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], deref(m.Content[i+1])
		if k.Value == "<<" && k.Kind == yaml.ScalarNode {
			if v != nil && v.Kind == yaml.SequenceNode {
				for _, src := range v.Content {
					out = append(out, pairsDepth(src, depth+1)...)
				}
			} else {
				out = append(out, pairsDepth(v, depth+1)...)
			}
			continue
		}
		if v != nil {
			out = append(out, [2]*yaml.Node{k, v})
		}
	}
	return out
}

func field(m *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(m) {
		if p[0].Value == key {
			return p[1]
		}
	}
	return nil
}

func scalar(m *yaml.Node, key string) string {
	if v := field(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
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
			services := field(root, "services")
			if services != nil && services.Kind != yaml.MappingNode {
				s.warn(project.Position{File: f.Path, Line: services.Line, Col: services.Column}, "compose services is not a mapping: skipped")
				continue
			}
			for _, p := range pairs(services) {
				name, svc := p[0].Value, p[1]
				image := scalar(svc, "image")
				scope := f.Path + "#" + name
				env := field(svc, "environment")
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
		for _, p := range pairs(env) {
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
			case scalar(root, "apiVersion") != "" && scalar(root, "kind") != "":
				via = "kubernetes"
			}
			scope := f.Path + "#" + strconv.Itoa(i)
			if scalar(root, "kind") == "ConfigMap" {
				for _, p := range pairs(field(root, "data")) {
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
	n = deref(n)
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s.walkYAMLEnv(d, c, via, scope, depth+1)
		}
	case yaml.MappingNode:
		image := scalar(n, "image")
		if im := field(n, "image"); im != nil && im.Kind == yaml.MappingNode { // Helm: image: {repository, tag}
			image = scalar(im, "repository")
		}
		if env := field(n, "env"); env != nil && env.Kind == yaml.SequenceNode {
			sc := scope + "@" + strconv.Itoa(n.Line)
			seen := false
			for _, item := range env.Content {
				name := scalar(item, "name")
				if name == "" {
					continue
				}
				seen = true
				value, lit := scalar(item, "value"), true
				if field(item, "valueFrom") != nil {
					value, lit = "<valueFrom>", false // set from a secret or config map
				}
				nn := field(item, "name")
				s.env(envVar{name: name, value: value, via: via, scope: sc, image: image, literal: lit && value != "", ev: d.atLine(nn.Line, nn.Column)})
			}
			if !seen && image != "" {
				s.envs = append(s.envs, envVar{via: via, scope: sc, image: image, ev: d.atLine(n.Line, n.Column)})
			}
		} else if image != "" && (via == "kubernetes" || via == "helm") && strings.Contains(image, "n8n") {
			s.envs = append(s.envs, envVar{via: via, scope: scope + "@" + strconv.Itoa(n.Line), image: image, ev: d.atLine(n.Line, n.Column)})
		}
		for _, p := range pairs(n) {
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
	n = deref(n)
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
		if name := scalar(n, "name"); name != "" && field(n, "value") != nil {
			return // an env entry: env() has it
		}
		for _, p := range pairs(n) {
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
				items := field(root, list)
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
			for _, g := range seq(field(root, "envVarGroups")) {
				s.renderEnv(d, field(g, "envVars"), d.path+"#group:"+scalar(g, "name"))
			}
		}
	}
	return nil
}

func seq(n *yaml.Node) []*yaml.Node {
	if n = deref(n); n != nil && n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return nil
}

func (s *scanner) renderService(d *doc, svc *yaml.Node) {
	if svc.Kind != yaml.MappingNode {
		s.warn(project.Position{File: d.path, Line: svc.Line, Col: svc.Column}, "render.yaml entry is not a mapping: skipped")
		return
	}
	name := scalar(svc, "name")
	if scalar(svc, "type") == "static" || scalar(svc, "runtime") == "static" {
		return // static sites are served from Render's global CDN
	}
	if r := field(svc, "region"); r != nil && r.Kind == yaml.ScalarNode {
		ev := d.atLine(r.Line, r.Column)
		s.addHosting("render", r.Value, ev)
		s.addRegion("render", "", r.Value, "region", ev)
	} else if def, note := s.c.PlatformDefault("render"); def != "" {
		n := field(svc, "name")
		if n == nil {
			n = svc
		}
		ev := d.atLine(n.Line, n.Column)
		ev.Excerpt += " (no region: " + note + ")"
		s.addHosting("render", def, ev)
	}
	s.renderEnv(d, field(svc, "envVars"), d.path+"#"+name)
}

func (s *scanner) renderEnv(d *doc, list *yaml.Node, scope string) {
	for _, e := range seq(list) {
		k := field(e, "key")
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		v := field(e, "value")
		value, lit := "", false
		if v != nil && v.Kind == yaml.ScalarNode {
			value, lit = v.Value, true
		}
		s.env(envVar{name: k.Value, value: value, via: "render", scope: scope, literal: lit, ev: d.atLine(k.Line, k.Column)})
	}
}
