package hardening

import (
	"bytes"
	"cmp"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Options tune a Scanner. The zero value reads the project's configs, sources,
// dotenv files and committed lockfile, and no history.
type Options struct {
	// History, when set, is the repository's object store, walked for
	// secrets that were committed and later removed: every commit
	// reachable from Head (a commit hash or a reference name; default
	// HEAD).
	History storer.Storer
	Head    string
	// Subdir is where the scanned project lies in the repository ("" at
	// its root): the walk reads only that directory of each commit, and
	// names files relative to it, as the rest of the scan does.
	Subdir string
	// MaxCommits and MaxHistoryBytes bound the history walk: the newest
	// MaxCommits commits by commit time, the newest blobs up to
	// MaxHistoryBytes bytes. Zero, the default, is the whole history;
	// History.Cut says when a bound stopped it.
	MaxCommits      int
	MaxHistoryBytes int64
	// Lock is the committed lockfile; nil reads LockFileName from the
	// root of the project when it is there.
	Lock *Lockfile
	// UserConfigs are user-level client configs of this machine, read
	// from UserFS (see UserConfigPaths); their facts are marked User.
	UserFS      fs.FS
	UserConfigs []string
}

// Result holds the facts of the MCP hardening checklist. Every list is
// sorted and every fact has a stable id; nothing here is a verdict.
type Result struct {
	Configs []Config       `json:"configs"`
	Sources []SourceServer `json:"sources"`
	// Secrets are literal credentials (redacted) in configs, dotenv
	// files, source and history.
	Secrets  []Secret  `json:"secrets"`
	EnvFiles []EnvFile `json:"envFiles"`
	// Privileges, Unpinned, Transport and Approvals are read from the
	// configs' server entries (Transport also from sources).
	Privileges []Privilege     `json:"privileges"`
	Unpinned   []Unpinned      `json:"unpinned"`
	Transport  []TransportFact `json:"transport"`
	Approvals  []AutoApproval  `json:"approvals"`
	// Tools are the tools read from source with their effective hints and
	// the approvals that cover them.
	Tools      []ToolRisk  `json:"tools"`
	Indicators []Indicator `json:"indicators"`
	Shadowing  []Shadowing `json:"shadowing"`
	// Lock is the committed lockfile, nil when there is none; Pins are the
	// current definitions; Drift compares the two.
	Lock    *Lockfile `json:"lock,omitempty"`
	Pins    Lockfile  `json:"pins"`
	Drift   []Drift   `json:"drift"`
	History *History  `json:"history,omitempty"`
	// Warnings are about what the files say (an unknown key, a wrong
	// type, a server no client would load) and the user configs that
	// could not be read or parsed; the project's files that could not be
	// read or parsed are the index's warnings.
	Warnings []project.Warning `json:"warnings"`
}

// History says how much of the git history was searched for secrets.
type History struct {
	Head    string `json:"head"`
	Commits int    `json:"commits"`
	Blobs   int    `json:"blobs"`
	Bytes   int64  `json:"bytes"`
	// Cut says why the walk stopped before the root commit (a bound, the
	// end of a shallow clone's history, an object that cannot be read);
	// the scan's warnings say it too.
	Cut string `json:"cut,omitempty"`
	// Shallow is the commit where a shallow clone's history ends, when
	// the walk reached it.
	Shallow string `json:"shallow,omitempty"`
}

// Scanner states the facts of the hardening checklist from the project
// index: Source reads each source file in the index's one pass over the
// source (EachSource), which other analyzers share; Finish reads the rest
// (client configs, dotenv files, the lockfile, history) and joins it all.
// A Scanner is used from one goroutine, once.
type Scanner struct {
	opts    Options
	sources []SourceServer
	secrets []Secret
	golang  goPackages // Go files, read per package in Finish
	python  pyProject  // Python files' servers, joined in Finish
	js      jsProject  // JavaScript and TypeScript files' servers, joined in Finish
	rust    rustProject
}

// NewScanner makes a Scanner; Scan is the whole scan for a caller that
// runs no other analyzer over the source.
func NewScanner(opts Options) *Scanner { return &Scanner{opts: opts} }

// Scan reads the MCP client configs and server sources of the indexed
// project and states the facts of the hardening checklist: NewScanner,
// one pass of Source over the source files, then Finish. It reads only
// the project's own files, never executes anything and never starts a
// server. Problems with single files are warnings; the error is for a
// cancelled context or an unusable repository.
func Scan(ctx context.Context, idx *project.Index, opts Options) (*Result, error) {
	s := NewScanner(opts)
	if err := idx.EachSource(ctx, s.Source); err != nil {
		return nil, err
	}
	return s.Finish(ctx, idx)
}

// Source reads one source file: its secrets and, unless it is a test
// (a server defined in a test is not one the project ships), the MCP
// server it defines.
func (s *Scanner) Source(f *project.SourceFile) {
	s.secrets = append(s.secrets, textSecrets(f.Data, false, "source", f.Pos)...)
	if f.Test {
		return
	}
	if f.Lang() == syntax.Go {
		s.golang.add(f)
		return
	}
	switch f.Lang() {
	case syntax.Python:
		s.python.add(f)
		return
	case syntax.JavaScript, syntax.TypeScript:
		s.js.add(f)
		return
	case syntax.Rust:
		s.rust.add(f)
		return
	}
	s.sources = append(s.sources, readSource(f)...)
}

// Finish reads the client configs (the project's, and the user's of
// Options), the dotenv files, the committed lockfile and, with
// Options.History, the history, and joins them with the sources read.
// Read and parse warnings are the index's (idx.Warnings); Result.Warnings
// holds what the configs mean, and the user configs' own.
func (s *Scanner) Finish(ctx context.Context, idx *project.Index) (*Result, error) {
	opts := s.opts
	if len(s.js.servers) > 0 { // the package and alias maps serve only the JS project's join
		s.js.workspaces, s.js.aliases = jsWorkspaces(idx), jsAliases(idx)
	}
	r := &Result{Sources: slices.Concat(s.sources, s.python.join(), s.js.join(), s.golang.servers(idx), s.rust.join()), Secrets: s.secrets}
	configs, warns := projectConfigs(idx)
	configs = append(configs, n8nConfigs(idx)...)
	r.Warnings = append(r.Warnings, warns...)
	if opts.UserFS != nil && len(opts.UserConfigs) > 0 {
		user, warns := userConfigs(opts.UserFS, opts.UserConfigs)
		configs = append(configs, user...)
		r.Warnings = append(r.Warnings, warns...)
	}
	r.Configs = configs

	for _, f := range idx.Files(project.EnvFile) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if data := idx.Read(f.Path); data != nil {
			r.Secrets = append(r.Secrets, textSecrets(data, true, "env-file", linePos(f.Path, data))...)
		}
	}
	for _, f := range idx.Files(project.N8nWorkflow, project.FlowiseFlow) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if doc := idx.Doc(f.Path); doc != nil {
			r.Secrets = append(r.Secrets, exportSecrets(doc)...)
		}
	}
	for _, f := range idx.Files() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !otherText(f) {
			continue
		}
		if data := idx.ReadText(f.Path); data != nil {
			r.Secrets = append(r.Secrets, textSecrets(data, false, "file", linePos(f.Path, data))...)
		}
	}
	slices.SortFunc(r.Sources, func(a, b SourceServer) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.File, b.File)) })

	if len(r.Sources) > 0 {
		cat, err := indicatorCatalogue() // compiled once, only when there is text to match
		if err != nil {
			return nil, err // the embedded catalogue is broken: fail closed
		}
		for i := range r.Sources {
			r.Indicators = append(r.Indicators, indicators(cat, &r.Sources[i])...)
		}
	}
	for i := range r.Sources {
		r.Transport = append(r.Transport, sourceTransport(&r.Sources[i])...)
	}

	for _, c := range configs {
		for _, s := range c.Servers {
			r.Secrets = append(r.Secrets, configSecrets(c, s)...)
			r.Privileges = append(r.Privileges, privileges(c, s)...)
			if u := unpinned(c, s); u != nil {
				r.Unpinned = append(r.Unpinned, *u)
			}
			r.Transport = append(r.Transport, configTransport(c, s)...)
		}
		r.Approvals = append(r.Approvals, approvals(c)...)
	}
	r.Tools, r.Approvals = joinApprovals(configs, r.Sources, r.Approvals)
	r.Shadowing = shadowing(configs, r.Sources, r.Indicators)
	r.EnvFiles = envFiles(idx, configs)

	r.Pins = Pin(r.Sources)
	r.Lock = opts.Lock
	if r.Lock == nil && idx.Has(LockFileName) {
		if data := idx.Read(LockFileName); data != nil {
			if l, err := ReadLock(bytes.NewReader(data)); err == nil {
				r.Lock = &l
			} else {
				r.Warnings = append(r.Warnings, project.Warnf(project.Position{File: LockFileName}, "lockfile not read: %v", project.Cause(err)))
			}
		}
	}
	if r.Lock != nil {
		r.Drift = DriftBetween(*r.Lock, r.Pins)
		locateDrift(r.Drift, r.Sources)
	}

	if opts.History != nil {
		secrets, h, warnings, err := historySecrets(ctx, opts, r.Secrets)
		if err != nil {
			return nil, err
		}
		r.Secrets = append(r.Secrets, secrets...)
		r.History = h
		r.Warnings = append(r.Warnings, warnings...)
	}
	r.sort()
	return r, nil
}

// configSecrets checks the values of a config entry.
func configSecrets(c Config, s Server) []Secret {
	var out []Secret
	check := func(key, value string, pos project.Position) {
		ms := secrets.ScanValue(key, value)
		if len(ms) == 0 {
			return
		}
		shown := secrets.MatchExcerpts([]byte(value), ms)
		for i, m := range ms {
			if key != "" {
				shown[i] = key + ": " + shown[i]
			}
			sec := newSecret(m, value[m.Start:m.End], "config", pos, shown[i])
			sec.Server, sec.Client = s.Name, s.Client
			out = append(out, sec)
		}
	}
	for _, e := range s.Env {
		check(e.Key, e.Value, e.Position)
	}
	for _, h := range s.Headers {
		check(h.Key, h.Value, h.Position)
	}
	for _, cr := range s.Credentials {
		check(cr.Key, cr.Value, cr.Position)
	}
	for i, a := range s.Args {
		key := ""
		if k, _, ok := strings.Cut(a, "="); ok && strings.HasPrefix(k, "-") {
			key = strings.TrimLeft(k, "-")
		} else if i > 0 && strings.HasPrefix(s.Args[i-1], "-") {
			key = strings.TrimLeft(s.Args[i-1], "-")
		}
		check(key, a, argPos(s, i+1))
	}
	if s.Command != "" && strings.ContainsAny(s.Command, " =") {
		check("", s.Command, s.CommandPos)
	}
	if s.URL != "" {
		check("", s.URL, s.URLPos)
	}
	for i := range out {
		out[i].ID = factID("secret", out[i].File, s.Name, out[i].Key, out[i].Rule, out[i].Hash)
	}
	return out
}

// joinApprovals joins each approval with the tools of the servers it
// covers, and lists every known tool with the approvals that let it run.
func joinApprovals(configs []Config, sources []SourceServer, approvals []AutoApproval) ([]ToolRisk, []AutoApproval) {
	type key struct{ server, tool string }
	risks := map[key]*ToolRisk{}
	var order []key
	for _, s := range sources {
		for _, t := range s.Tools {
			k := key{s.Name, t.Name}
			if _, ok := risks[k]; !ok {
				tr := toolRisk(t)
				risks[k] = &tr
				order = append(order, k)
			}
		}
	}
	byFile := map[string]Config{}
	for _, c := range configs {
		byFile[c.File] = c
	}
	for i := range approvals {
		a := &approvals[i]
		file := a.File
		// Claude Code settings approve the servers of the project's .mcp.json.
		var targets []Config
		if c, ok := byFile[file]; ok && c.Client != ClaudeSettings {
			targets = []Config{c}
		} else {
			for _, c := range configs {
				if c.Client == ClaudeCode && !c.User {
					targets = append(targets, c)
				}
			}
		}
		for _, c := range targets {
			for _, s := range c.Servers {
				if a.Server != "*" && s.Name != a.Server {
					continue
				}
				src := linkSource(c, s, sources)
				if src == nil {
					continue
				}
				for _, t := range src.Tools {
					if !slices.Contains(a.Tools, "*") && !slices.Contains(a.Tools, t.Name) {
						continue
					}
					tr := risks[key{src.Name, t.Name}]
					if !slices.Contains(tr.AutoApprovedBy, a.ID) {
						tr.AutoApprovedBy = append(tr.AutoApprovedBy, a.ID)
						cp := *tr
						cp.AutoApprovedBy = nil
						a.Covered = append(a.Covered, cp)
					}
				}
			}
		}
	}
	var out []ToolRisk
	for _, k := range order {
		tr := *risks[k]
		slices.Sort(tr.AutoApprovedBy)
		out = append(out, tr)
	}
	return out, approvals
}

// locateDrift points each drift at the current tool or server.
func locateDrift(ds []Drift, sources []SourceServer) {
	for i := range ds {
		d := &ds[i]
		for _, s := range sources {
			if s.Name != d.Server || s.File != d.Source {
				continue
			}
			d.Evidence = Evidence{Position: s.Position}
			if d.What == "instructions" && s.Instructions != nil {
				d.Evidence = s.Instructions.Evidence
			}
			for _, t := range s.Tools {
				if t.Name == d.Tool {
					d.Evidence = Evidence{Position: t.Position, Excerpt: t.Name}
				}
			}
		}
		if d.File == "" {
			d.Evidence = Evidence{Position: project.Position{File: LockFileName}}
		}
	}
}

// sort orders every list by file, position and id, so the result is the
// same bytes for the same project.
func (r *Result) sort() {
	byPos := func(a, b project.Position) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	}
	for i := range r.Secrets {
		s := &r.Secrets[i]
		if s.ID == "" { // secrets read from files rather than config entries
			s.ID = factID("secret", s.Where, s.File, s.Key, s.Rule, s.Hash)
		}
		s.Sample = project.IsSample(s.File)
	}
	slices.SortFunc(r.Secrets, func(a, b Secret) int {
		return cmp.Or(cmp.Compare(a.Where, b.Where), byPos(a.Position, b.Position), cmp.Compare(a.Commit, b.Commit), cmp.Compare(a.ID, b.ID))
	})
	r.Secrets = slices.CompactFunc(r.Secrets, func(a, b Secret) bool { return a.ID == b.ID && a.Position == b.Position })
	slices.SortFunc(r.Privileges, func(a, b Privilege) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(r.Unpinned, func(a, b Unpinned) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(r.Transport, func(a, b TransportFact) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(r.Approvals, func(a, b AutoApproval) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(r.Tools, func(a, b ToolRisk) int { return cmp.Or(cmp.Compare(a.Server, b.Server), cmp.Compare(a.Tool, b.Tool)) })
	slices.SortFunc(r.Indicators, func(a, b Indicator) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(r.Shadowing, func(a, b Shadowing) int { return cmp.Or(byPos(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	project.SortWarnings(r.Warnings)
	for _, l := range []*[]Privilege{&r.Privileges} {
		*l = slices.CompactFunc(*l, func(a, b Privilege) bool { return a.ID == b.ID })
	}
}

// otherText reports whether f is a project file whose secrets no other
// reader looks for: not source (Source), a dotenv file, a client config or
// an engine export (their readers know which values are references), not
// a lockfile (integrity hashes, no credentials)
// or a licence text, and not a binary format by its name. Every other
// text file is scanned, as gitleaks scans a tree, so a token in a
// requirements.txt, a compose file or a key.pem is found at HEAD and not
// only in history.
func otherText(f project.File) bool {
	switch f.Kind {
	case project.Source, project.EnvFile, project.MCPConfig, project.N8nWorkflow, project.FlowiseFlow, project.NpmLock, project.PnpmLock, project.YarnLock,
		project.PoetryLock, project.UvLock, project.LicenseText:
		return false
	}
	base := path.Base(f.Path)
	return !skipFiles[base] && !binaryExts[strings.ToLower(path.Ext(base))]
}

// binaryData reports whether data looks binary: a NUL byte in its first
// 8 KB, as git decides.
func binaryData(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0
}
