package residency

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// The YAML readers take the index's node trees (every document of a
// stream, aliases and "<<" merge keys resolved); a file that does not
// parse is the index's warning, and the part before the fault is read.

// nodeEv is the evidence at a node of a document.
func nodeEv(d *project.Doc, n *tree.Node) Evidence { return lineEvidence(d.Pos(n), d) }

// keyEv is the evidence at a member's key.
func keyEv(d *project.Doc, m *tree.Member) Evidence { return lineEvidence(d.KeyPos(m), d) }

func isObject(n *tree.Node) bool { return n != nil && n.Kind == tree.Object }

func isArray(n *tree.Node) bool { return n != nil && n.Kind == tree.Array }

// members are the members of an object node, nil for anything else.
func members(n *tree.Node) []*tree.Member {
	if isObject(n) {
		return n.Members
	}
	return nil
}

// items are the items of an array node, nil for anything else.
func items(n *tree.Node) []*tree.Node {
	if isArray(n) {
		return n.Items
	}
	return nil
}

// eachDoc calls fn with each file of the kinds the index parsed, in index
// order, and stops at the context's error.
func eachDoc(ctx context.Context, idx *project.Index, fn func(f project.File, d *project.Doc), kinds ...project.Kind) error {
	for _, f := range idx.Files(kinds...) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if d := idx.Doc(f.Path); d != nil {
			fn(f, d)
		}
	}
	return nil
}

// scanCompose reads each service's environment and image.
func (s *Scanner) scanCompose(ctx context.Context, idx *project.Index) error {
	return eachDoc(ctx, idx, func(f project.File, d *project.Doc) {
		for _, root := range d.Roots {
			services := root.Get("services")
			if services != nil && services.Kind != tree.Object {
				s.warn(d.Pos(services), "compose services is not a mapping: skipped")
				continue
			}
			for _, m := range members(services) {
				name, svc := m.Key, m.Value
				image := svc.Str("image")
				scope := f.Path + "#" + name
				s.composeExposure(d, name, svc)
				s.commandOllama(d, svc, "compose")
				env := svc.Get("environment")
				if env == nil {
					s.envs = append(s.envs, envVar{via: "compose", scope: scope, image: image, ev: keyEv(d, m)})
					continue
				}
				s.composeEnv(d, env, scope, image)
			}
			s.walkURLs(d, root, "compose", "", 0)
		}
	}, project.Compose)
}

// composeEnv reads environment as a mapping or a list of NAME=VALUE.
func (s *Scanner) composeEnv(d *project.Doc, env *tree.Node, scope, image string) {
	add := func(name, value string, pos project.Position) {
		s.env(envVar{name: name, value: value, via: "compose", scope: scope, image: image, literal: value != "" && isLiteral(value), ev: envEvidence(d, pos, name, value)})
	}
	switch env.Kind {
	case tree.Object:
		for _, m := range env.Members {
			if !m.Value.Scalar() {
				s.warn(d.Pos(m.Value), "environment value of %s is not a scalar: skipped", m.Key)
				continue
			}
			add(m.Key, m.Value.Text, d.KeyPos(m))
		}
	case tree.Array:
		for _, item := range env.Items {
			if !item.Scalar() {
				s.warn(d.Pos(item), "environment entry is not NAME=VALUE: skipped")
				continue
			}
			name, value, _ := strings.Cut(item.Text, "=")
			add(name, value, d.Pos(item))
		}
	case tree.Null:
		// "environment:" with nothing after it sets nothing
	default:
		s.warn(d.Pos(env), "environment is neither a mapping nor a list: skipped")
	}
}

var reUpperEnv = regexp.MustCompile(`^[A-Z][A-Z0-9_]*_[A-Z0-9_]+$`)

// scanYAML reads Kubernetes manifests, Helm values and other YAML: env
// lists ({name, value}), ConfigMap data, UPPER_SNAKE keys of values files,
// and URLs of known hosts anywhere.
func (s *Scanner) scanYAML(ctx context.Context, idx *project.Index) error {
	return eachDoc(ctx, idx, func(f project.File, d *project.Doc) {
		for i, root := range d.Roots {
			via := "yaml"
			switch {
			case f.Kind == project.HelmValues:
				via = "helm"
			case root.Str("apiVersion") != "" && root.Str("kind") != "":
				via = "kubernetes"
			}
			scope := f.Path + "#" + strconv.Itoa(i)
			if root.Str("kind") == "ConfigMap" {
				for _, m := range members(root.Get("data")) {
					if m.Value.Scalar() {
						s.env(envVar{name: m.Key, value: m.Value.Text, via: via, scope: scope, literal: true, ev: envEvidence(d, d.KeyPos(m), m.Key, m.Value.Text)})
					}
				}
			}
			if via == "kubernetes" {
				s.k8sExposure(d, root)
			}
			s.walkYAMLEnv(d, root, via, scope, 0)
			s.walkYAMLModels(d, root, via, 0)
			s.walkURLs(d, root, via, "", 0)
		}
	}, project.YAML, project.HelmValues)
}

// walkYAMLEnv finds env lists and UPPER_SNAKE settings in any mapping.
func (s *Scanner) walkYAMLEnv(d *project.Doc, n *tree.Node, via, scope string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case tree.Array:
		for _, c := range n.Items {
			s.walkYAMLEnv(d, c, via, scope, depth+1)
		}
	case tree.Object:
		image := n.Str("image")
		if im := n.Get("image"); isObject(im) { // Helm: image: {repository, tag}
			image = im.Str("repository")
		}
		if env := n.Get("env"); isArray(env) {
			sc := scope + "@" + strconv.Itoa(n.Line)
			seen := false
			for _, item := range env.Items {
				nm := item.Member("name")
				if nm == nil || !nm.Value.Scalar() || nm.Value.Text == "" {
					continue
				}
				seen = true
				value, lit := item.Str("value"), true
				if item.Get("valueFrom") != nil {
					value, lit = "<valueFrom>", false // set from a secret or config map
				}
				s.env(envVar{name: nm.Value.Text, value: value, via: via, scope: sc, image: image, literal: lit && value != "", ev: envEvidence(d, d.Pos(nm.Value), nm.Value.Text, value)})
			}
			if !seen && image != "" {
				s.envs = append(s.envs, envVar{via: via, scope: sc, image: image, ev: nodeEv(d, n)})
			}
		} else if image != "" && (via == "kubernetes" || via == "helm") && strings.Contains(image, "n8n") {
			s.envs = append(s.envs, envVar{via: via, scope: scope + "@" + strconv.Itoa(n.Line), image: image, ev: nodeEv(d, n)})
		}
		for _, m := range n.Members {
			v := m.Value
			if v.Scalar() && reUpperEnv.MatchString(m.Key) {
				s.env(envVar{name: m.Key, value: v.Text, via: via, scope: scope, literal: v.Text != "" && isLiteral(v.Text), ev: envEvidence(d, d.KeyPos(m), m.Key, v.Text)})
				continue
			}
			if m.Key != "env" || !isArray(v) {
				s.walkYAMLEnv(d, v, via, scope, depth+1)
			}
		}
	}
}

// walkYAMLModels names the models of an app config or values file under
// the keys code names them with (model: llama3.1, embedding_model: …),
// and the Ollama tags of containers' command lines; UPPER_SNAKE keys are
// variables, which env() reads.
func (s *Scanner) walkYAMLModels(d *project.Doc, n *tree.Node, via string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	for _, c := range items(n) {
		s.walkYAMLModels(d, c, via, depth+1)
	}
	if isObject(n) && (n.Get("command") != nil || n.Get("args") != nil) {
		s.commandOllama(d, n, via)
	}
	for _, m := range members(n) {
		if m.Value.Kind == tree.String && isCodeModelKey(m.Key) && !reUpperEnv.MatchString(m.Key) {
			s.named(nil, m.Value.Text, "", via, nodeEv(d, m.Value))
			continue
		}
		s.walkYAMLModels(d, m.Value, via, depth+1)
	}
}

// walkURLs adds every scalar that is a URL of a known host as an endpoint
// and checks the transport of service URLs (redis://, http:// …).
func (s *Scanner) walkURLs(d *project.Doc, n *tree.Node, via, key string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case tree.Object:
		if n.Str("name") != "" && n.Get("value") != nil {
			return // an env entry: env() has it
		}
		for _, m := range n.Members {
			s.walkURLs(d, m.Value, via, m.Key, depth+1)
		}
	case tree.Array:
		for _, c := range n.Items {
			s.walkURLs(d, c, via, key, depth+1)
		}
	default:
		if reUpperEnv.MatchString(key) || !isURLLiteral(n.Text) {
			return // env-style keys went through env()
		}
		u, ok := parseEndpoint(n.Text, false)
		if !ok {
			return
		}
		ev := nodeEv(d, n)
		if !host.Local(u.host) {
			if _, known := s.c.matchHost(u.host); known {
				s.add(sighting{url: u, hasURL: true, via: via, ev: ev})
			}
		}
		s.transportURL(u, key, ev, false)
	}
}

// scanRender reads render.yaml: the region of each service and database
// (Render's default when absent) and the env vars of services and groups.
func (s *Scanner) scanRender(ctx context.Context, idx *project.Index) error {
	return eachDoc(ctx, idx, func(_ project.File, d *project.Doc) {
		for _, root := range d.Roots {
			for _, list := range []string{"services", "databases"} {
				svcs := root.Get(list)
				if svcs == nil {
					continue
				}
				if svcs.Kind != tree.Array {
					s.warn(d.Pos(svcs), "render.yaml %s is not a list: skipped", list)
					continue
				}
				for _, svc := range svcs.Items {
					s.renderService(d, svc)
				}
			}
			for _, g := range items(root.Get("envVarGroups")) {
				s.renderEnv(d, g.Get("envVars"), d.File+"#group:"+g.Str("name"))
			}
		}
	}, project.RenderYAML)
}

func (s *Scanner) renderService(d *project.Doc, svc *tree.Node) {
	if svc.Kind != tree.Object {
		s.warn(d.Pos(svc), "render.yaml entry is not a mapping: skipped")
		return
	}
	name := svc.Str("name")
	if svc.Str("type") == "static" || svc.Str("runtime") == "static" {
		return // static sites are served from Render's global CDN
	}
	if r := svc.Get("region"); r.Scalar() {
		ev := nodeEv(d, r)
		s.addHosting("render", r.Text, ev)
		s.addRegion("render", "", r.Text, "region", ev)
	} else if def, note := s.c.PlatformDefault("render"); def != "" {
		n := svc.Get("name")
		if n == nil {
			n = svc
		}
		ev := nodeEv(d, n)
		ev.Excerpt += " (no region: " + note + ")"
		s.addHosting("render", def, ev)
	}
	s.renderEnv(d, svc.Get("envVars"), d.File+"#"+name)
}

func (s *Scanner) renderEnv(d *project.Doc, list *tree.Node, scope string) {
	for _, e := range items(list) {
		k := e.Member("key")
		if k == nil || !k.Value.Scalar() {
			continue
		}
		v := e.Get("value")
		value, lit := "", false
		if v.Scalar() {
			value, lit = v.Text, true
		}
		s.env(envVar{name: k.Value.Text, value: value, via: "render", scope: scope, literal: lit, ev: envEvidence(d, d.Pos(k.Value), k.Value.Text, value)})
	}
}
