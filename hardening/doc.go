// Package hardening states the facts of the MCP hardening checklist for a
// project: it reads the MCP client configs the project commits
// (.mcp.json, .cursor/mcp.json, .vscode/mcp.json, .gemini/settings.json,
// .codex/config.toml, Continue, Zed, Cline, Kiro, Roo …) and the MCP
// servers its own source defines (Python FastMCP and the low-level SDK,
// the TypeScript SDK and the fastmcp package, the official Go SDK and
// mark3labs/mcp-go — Go tools read module-wide, each file's serving
// through one reader whose SDK calls are data, goServerAPIs — and Rust's
// rmcp), and reports, with evidence:
//
//   - Secrets: literal credentials in configs, dotenv files, source and,
//     given a repository, in history after they were removed; redacted,
//     with a hash prefix, never in clear.
//   - EnvFiles: dotenv files present or loaded, and whether .gitignore
//     covers them.
//   - Privileges: filesystem servers rooted at / or a home directory,
//     shell and inline-code launchers, curl piped to a shell, sudo, rm -rf,
//     privileged or host-mounted containers, broad OAuth scopes.
//   - Indicators: tool-poisoning indicators (indicators.yaml) in every
//     text a model reads: tool, parameter, prompt and resource
//     descriptions and server instructions.
//   - Unpinned launchers, and Drift between the committed tool-pin
//     lockfile (mcp-lock.json) and the current tool definitions.
//   - Shadowing: descriptions that act on other servers' tools, tool-name
//     collisions, configs mixing sensitive and unverified servers.
//   - Approvals and Tools: what each client runs without asking, joined
//     with the tools and hints of the servers it covers.
//   - Transport: deprecated SSE, plain http, tokens in URLs, remote
//     servers without credentials, servers listening on every interface,
//     Go servers without DNS-rebinding or Origin protection.
//
// Everything is read from the project index (internal/project), which
// reads each file once and parses it once: the configs as node trees
// (internal/tree), the sources as tokens or Go syntax trees
// (internal/syntax) handed to Scanner.Source in the index's one pass over
// the source, which other analyzers share; Scanner.Finish reads the rest
// and joins it. Scan does both for a caller that runs hardening alone.
// Secret formats, placeholders, redaction and excerpts are
// internal/secrets'; where a host is, internal/host's.
//
// It never executes anything, never starts a server and reads only the
// project's own files (vendored trees aside). Bad input never stops it:
// a file the index cannot read or parse is the index's warning, and what
// parsed is still read; a wrong type or an unknown key becomes a
// project.Warning with file, line and column. Warnings name keys and
// types, never values, because values may be secrets. The facts carry
// stable ids and no severity: the compliance package judges them.
//
// Nothing here starts a server or opens a connection: pinning what live
// servers answer is package live's, which the command calls only for
// mcp-comply pin --live.
package hardening
