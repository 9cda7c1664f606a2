// Package hardening states the facts of the MCP hardening checklist for a
// project: it reads the MCP client configs the project commits
// (.mcp.json, .cursor/mcp.json, .vscode/mcp.json, .gemini/settings.json,
// .codex/config.toml, Continue, Zed, Cline, Kiro, Roo …) and the MCP
// servers its own source defines (Python FastMCP and the low-level SDK,
// the TypeScript SDK, the Go SDK), and reports, with evidence:
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
// Scan is the entry point; it never executes anything, never starts a
// server and reads only the project's own files (vendored trees aside).
// Bad input never stops it: a syntax error, a wrong type or an unknown
// key becomes a project.Warning with file, line and column, and the rest
// is still read. Warnings name keys and types, never values, because
// values may be secrets. The facts carry stable ids and no severity: the
// compliance package judges them.
//
// Nothing here starts a server or opens a connection: pinning what live
// servers answer is package live's, which the command calls only for
// mcp-comply pin --live.
package hardening
