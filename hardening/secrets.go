package hardening

import (
	"bytes"
	"regexp"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/lines"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Secret is a literal credential written in the project: in a client
// config, a dotenv file, an n8n or Flowise export, source code or the git
// history. It never holds
// the secret itself: Redacted keeps a short public prefix and the length,
// Hash a SHA-256 prefix that tells two findings of the same value apart.
// The formats, the placeholder test and the redacted form are package
// secrets'.
type Secret struct {
	ID string `json:"id"`
	// Rule names the format: "openai-api-key", "private-key",
	// "db-url-password", "generic-high-entropy" …
	Rule        string `json:"rule"`
	Description string `json:"description"`
	// Where is config, env-file, export (an n8n workflow or Flowise
	// chatflow), source, file (any other text file of the tree) or
	// history.
	Where string `json:"where"`
	// Key is the env variable, header or assignment that holds the value,
	// when there is one.
	Key string `json:"key,omitempty"`
	// Server and Client name the config entry, for secrets in configs.
	Server   string `json:"server,omitempty"`
	Client   string `json:"client,omitempty"`
	Redacted string `json:"redacted"`
	Hash     string `json:"hash"`
	Evidence
	// Commit is the oldest commit (of all those reachable from the head)
	// found to add the secret, for secrets found in history.
	Commit string `json:"commit,omitempty"`
	// Removed is set for a secret in history that the scanned tree no
	// longer holds: removing it did not revoke it.
	Removed bool `json:"removed,omitempty"`
	// Shallow is set when Commit is where a shallow clone's history ends:
	// the secret is in its tree, and may have been added before it.
	Shallow bool `json:"shallow,omitempty"`
	// Sample is set for a secret in a test, fixture, example or sample
	// file (project.IsSample): a value shown or exercised, not one the
	// project deploys.
	Sample bool `json:"sample,omitempty"`
	// Dev is set for a development database password: a database URL to
	// a host the project runs itself (host.Local: this machine, a compose
	// service) written in an example dotenv file (.env.example,
	// .env.sample, .env.template, .env.dist): what a new developer copies,
	// not a deployed credential.
	Dev bool `json:"dev,omitempty"`
}

// newSecret states a match of value's rule at pos, shown as the excerpt.
func newSecret(m secrets.Match, value, where string, pos project.Position, shown string) Secret {
	return Secret{Rule: m.Rule.ID, Description: m.Rule.Description, Where: where, Key: m.Key,
		Redacted: secrets.Redact(m.Rule.ID, value), Hash: secrets.Hash(value),
		Evidence: Evidence{Position: pos, Excerpt: shown}}
}

// textSecrets finds the secrets of a text (a source or dotenv file, a blob
// of history) with secrets.ScanText; pos places an offset of it. The
// excerpt of each is its lines with every secret on them redacted.
func textSecrets(text []byte, dotenv bool, where string, pos func(off int) project.Position) []Secret {
	ms := secrets.ScanText(text, dotenv)
	if len(ms) == 0 {
		return nil
	}
	shown := secrets.MatchExcerpts(text, ms)
	out := make([]Secret, len(ms))
	for i, m := range ms {
		out[i] = newSecret(m, string(text[m.Start:m.End]), where, pos(m.Start), shown[i])
	}
	if dotenv || where == "file" {
		markDev(out[0].File, where == "file", text, out, ms)
	}
	return out
}

// markDev sets Dev on the database passwords whose URL names a local host
// in an example dotenv file, or in any other text file (a CI workflow's
// service container, a local compose file, a README): a real .env and
// source keep their severity.
func markDev(file string, other bool, text []byte, ss []Secret, ms []secrets.Match) {
	if !other && !exampleEnv(file) {
		return
	}
	for i, m := range ms {
		if m.Rule.ID == "db-url-password" && host.Local(urlHost(text, m.End)) {
			ss[i].Dev = true
		}
	}
}

// urlHost is the host of a URL whose password ends at end: what follows
// the '@', up to the port, path, query or end of the value.
func urlHost(text []byte, end int) string {
	if end >= len(text) || text[end] != '@' {
		return ""
	}
	rest := text[end+1:]
	if i := bytes.IndexAny(rest, ":/?#\"'` \t\r\n"); i >= 0 {
		rest = rest[:i]
	}
	return string(rest)
}

// linePos places the offsets of a file that is not source (a dotenv file,
// a blob of history), indexing its lines on the first call.
func linePos(file string, data []byte) func(off int) project.Position {
	var x *lines.Index
	return func(off int) project.Position {
		if x == nil {
			x = lines.New(data)
		}
		l, c := x.At(off)
		return project.Position{File: file, Line: l, Col: c}
	}
}

// credentialID is the UUID by which a Flowise node names a credential
// kept in Flowise's encrypted store ("credential": "8c4b…").
var credentialID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// exportSecrets checks the string values of an n8n workflow or a Flowise
// chatflow export like a config's values: node parameters, URLs, headers
// (n8n writes a header as {"name": "Authorization", "value": "…"}, whose
// key is then the name), every value with the key that holds it. A node's
// credentials block names n8n's stored credentials ({"id", "name"}, or
// the name alone in older exports): its values are read by the format
// rules only, never as values under a credential's name.
func exportSecrets(doc *project.Doc) []Secret {
	var out []Secret
	// refs: under a credentials block, whose keys are credential types,
	// not the names of the values.
	var walk func(key string, n *tree.Node, refs bool)
	walk = func(key string, n *tree.Node, refs bool) {
		if n == nil {
			return
		}
		switch n.Kind {
		case tree.String:
			if key == "credential" && credentialID.MatchString(n.Text) {
				return // Flowise names a stored credential by its id
			}
			ms := secrets.ScanValue(key, n.Text)
			if len(ms) == 0 {
				return
			}
			shown := secrets.MatchExcerpts([]byte(n.Text), ms)
			for i, m := range ms {
				if key != "" {
					shown[i] = key + ": " + shown[i]
				}
				out = append(out, newSecret(m, n.Text[m.Start:m.End], "export", project.Position{File: doc.File, Line: n.Line, Col: n.Col}, shown[i]))
			}
		case tree.Object:
			name := n.Get("name")
			for _, m := range n.Members {
				k := m.Key
				switch {
				case refs:
					k = ""
				case k == "credentials" && m.Value != nil && m.Value.Kind == tree.Object:
					walk("", m.Value, true)
					continue
				case k == "value" && name != nil && name.Kind == tree.String:
					k = name.Text
				}
				walk(k, m.Value, refs)
			}
		case tree.Array:
			for _, it := range n.Items {
				walk(key, it, refs)
			}
		}
	}
	for _, r := range doc.Roots {
		walk("", r, false)
	}
	return out
}
