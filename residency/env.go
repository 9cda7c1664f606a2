package residency

import (
	"bytes"
	"context"
	"path"
	"regexp"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// envVar is one environment variable a project sets, from any file that
// sets them: .env, compose, Kubernetes, Helm values, render.yaml.
type envVar struct {
	name, value string
	via         string
	// scope groups the variables of one process (a compose service, a
	// container, an env file) for the settings that depend on several.
	scope string
	image string // the scope's container image, when known
	// literal: the value is written in the file, not a reference (${X},
	// secretKeyRef, fromDatabase).
	literal bool
	example bool // a template file (.env.example) that ships placeholders
	ev      Evidence
}

// genericRegionVars set the region of every SDK of the platform, not one
// service's.
var genericRegionVars = map[string]bool{"AWS_REGION": true, "AWS_DEFAULT_REGION": true}

var reEnvName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// reBedrockModel is a Bedrock model id, with an optional cross-Region
// profile prefix: eu.anthropic.claude-3-7-sonnet-20250219-v1:0. The model
// part is the submatch.
var reBedrockModel = regexp.MustCompile(`^(?:(?:eu|us|us-gov|apac|jp|au|ca|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|writer|qwen|openai|stability|twelvelabs)\.([a-z0-9][a-z0-9._:-]*)$`)

// isBedrockModel reports a Bedrock model id; the byte test first spares
// the regexp the many strings of a source file that cannot be one. The
// model part of an id has a dash (claude-3-haiku, nova-pro-v1:0, titan-tg1-large):
// a word alone (openai.yaml, openai.svg, anthropic.messages, meta.ctx) is
// a file or a field, and a name whose last dot starts a word
// (writer.db-1.example.com) a host.
func isBedrockModel(v string) bool {
	if len(v) < 6 || v[0] < 'a' || v[0] > 'z' || strings.IndexByte(v, '-') < 0 || strings.IndexByte(v, ' ') >= 0 {
		return false
	}
	m := reBedrockModel.FindStringSubmatch(v)
	if m == nil || !strings.Contains(m[1], "-") {
		return false
	}
	if i := strings.LastIndexByte(m[1], '.'); i >= 0 && strings.Trim(m[1][i+1:], "abcdefghijklmnopqrstuvwxyz") == "" {
		return false
	}
	return true
}

func isExampleFile(p string) bool {
	b := strings.ToLower(path.Base(p))
	for _, w := range []string{"example", "sample", "template", "dist", "default"} {
		if strings.Contains(b, w) {
			return true
		}
	}
	return false
}

// scanEnvFiles reads .env and .env.* files: KEY=VALUE lines, with export,
// quotes and comments.
func (s *Scanner) scanEnvFiles(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.EnvFile) {
		if err := ctx.Err(); err != nil {
			return err
		}
		data := idx.Read(f.Path)
		if data == nil {
			continue
		}
		d := textDoc(f.Path, data)
		ex := isExampleFile(f.Path)
		line := 0
		for rest := data; len(rest) > 0 || line == 0; {
			line++
			var raw []byte
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				raw, rest = rest[:i], rest[i+1:]
			} else {
				raw, rest = rest, nil
			}
			t := strings.TrimSpace(string(raw))
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			t = strings.TrimPrefix(t, "export ")
			name, value, ok := strings.Cut(t, "=")
			name = strings.TrimSpace(name)
			if !ok || !reEnvName.MatchString(name) {
				s.warn(project.Position{File: f.Path, Line: line, Col: 1}, "env file line is not NAME=VALUE: skipped")
				continue
			}
			value = unquoteEnv(strings.TrimSpace(value))
			s.env(envVar{name: name, value: value, via: "env", scope: f.Path, literal: value == "" || isLiteral(value), example: ex, ev: envEvidence(d, project.Position{File: f.Path, Line: line, Col: 1}, name, value)})
		}
	}
	return nil
}

// envEvidence is the evidence of a variable set at pos: the line's
// excerpt, and when that leaves visible a value secrets.RedactValue masks
// (a word under a credential's name: N8N_ENCRYPTION_KEY=myencryptionkey),
// the value in RedactValue's form. A setting (max_tokens=4096) stays as
// written.
func envEvidence(f lineText, pos project.Position, name, value string) Evidence {
	line := f.LineText(pos.Line)
	if value != "" {
		if red := secrets.RedactValue(name, value); red != value && strings.Contains(secrets.RedactText(line), value) {
			i := strings.LastIndex(line, value)
			line = line[:i] + red + line[i+len(value):]
		}
	}
	return Evidence{Position: pos, Excerpt: secrets.Excerpt(line)}
}

// isLiteral reports a value written in the file rather than a reference
// to one kept elsewhere (secrets.IsPlaceholder). A well-known example
// value (changeme) is written in the file: the settings rules ask about
// it.
func isLiteral(v string) bool { return !secrets.IsPlaceholder(v) || weakDefault(v) }

// unquoteEnv strips quotes, or an inline comment from an unquoted value.
func unquoteEnv(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		if i := strings.LastIndexByte(v, v[0]); i > 0 {
			return v[1:i]
		}
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v
}

// env handles one variable: endpoints, region settings, and the values the
// settings rules read later.
func (s *Scanner) env(v envVar) {
	s.envs = append(s.envs, v)
	refs := s.c.envIndex[v.name]
	indexedURL := false
	for _, r := range refs {
		switch r.role {
		case "url":
			indexedURL = true
			if u, ok := parseEndpoint(v.value, true); ok {
				s.add(sighting{hint: r.p, url: u, hasURL: true, via: v.via, ev: v.ev})
				s.urlVarSet[r.p.ID] = true
			}
		case "key":
			if v.value != "" {
				s.add(sighting{hint: r.p, weak: true, via: v.via, ev: v.ev})
			}
		case "flag":
			if truthy(v.value) {
				s.add(sighting{hint: r.p, weak: true, via: v.via, ev: v.ev})
			}
		case "region":
			svc := r.p.ID
			if genericRegionVars[v.name] {
				svc = ""
			}
			s.addRegion(r.p.Platform, svc, v.value, v.name, v.ev)
		}
	}
	if v.name == "SECRETKEY_AWS_REGION" {
		s.addRegion("aws", "flowise-secrets", v.value, v.name, v.ev)
	}
	if !indexedURL && isURLLiteral(v.value) {
		if u, ok := parseEndpoint(v.value, false); ok {
			switch {
			case !host.Local(u.host):
				if _, known := s.c.matchHost(u.host); known {
					s.add(sighting{url: u, hasURL: true, via: v.via, ev: v.ev})
				}
			default:
				if p := localHintFromName(s.c, v.name); p != nil {
					s.add(sighting{hint: p, url: u, hasURL: true, via: v.via, ev: v.ev})
				}
			}
		}
	}
	if isBedrockModel(v.value) {
		s.add(sighting{hint: s.c.byID["bedrock"], model: v.value, via: v.via, ev: v.ev})
	} else if isModelVar(v.name) {
		s.named(s.c.modelVarProvider(v.name), v.value, "", v.via, v.ev)
	}
	s.transportValue(v.name, v.value, v.ev)
}

// localHintFromName names the local runtime a variable is for
// (OLLAMA_URL, VLLM_BASE_URL …).
func localHintFromName(c *Catalogue, name string) *Provider {
	n := strings.ToUpper(name)
	for _, h := range []struct{ word, id string }{
		{"OLLAMA", "ollama"}, {"VLLM", "vllm"}, {"LMSTUDIO", "lmstudio"}, {"LM_STUDIO", "lmstudio"},
		{"LOCALAI", "localai"}, {"LLAMA", "llamacpp"},
	} {
		if strings.Contains(n, h.word) {
			return c.byID[h.id]
		}
	}
	return nil
}

func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
