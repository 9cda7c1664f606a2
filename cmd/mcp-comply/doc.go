/*
Mcp-comply tells a team shipping an AI-agent product (MCP servers, an
orchestration engine such as n8n or Flowise, LLM providers) whether they may
sell it the way they plan, with the evidence.

# Usage

	mcp-comply report [PATH] [flags]

report scans PATH (default ".") and writes a report. PATH is a project
directory, read as it is on disk; with --rev it must be inside a git
repository, and the tree of that revision is read from the object store
without a checkout. Nothing in the project is executed, no symlink is
followed out of PATH, and no network call is made.

Flags:

	--rev REF          scan the git revision REF (branch, tag or commit) instead of the work tree
	--use USE          an intended use; repeat or separate with commas:
	                   internal, saas, whitelabel, distribute, modify (default: all)
	--market MARKET    eu, us or global (default global)
	--format FORMAT    text or json (default text, or json when -o ends in .json)
	-o, --output FILE  write the report to FILE instead of standard output;
	                   the file is replaced only once the report is complete
	--gomodcache DIR   Go module cache to read licence texts of Go modules from
	                   (default $GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod)

The text format is for a terminal: colour only when standard output is a
terminal and NO_COLOR is unset. The json format is described by the JSON
Schema in reports/report.schema.json and is byte-for-byte deterministic.

# Verdicts

For each intended use the report gives one verdict: allowed, conditional
(allowed if the obligations listed are met), prohibited (not without a
separate licence), or unknown (not established: confirm before relying on
it). A component whose licence cannot be identified is unknown for every
use, never allowed. Development-only dependencies are listed but decide no
verdict, since they are not shipped.

# Exit codes

	0  the report was written
	1  the scan or the writing of the report failed
	2  usage error: a bad flag, format, use, market, path or revision

A report with prohibited verdicts or critical findings still exits 0: report
describes, it does not gate.

# Limitations

Licences are read from metadata and licence files present in the project:
lockfiles without installed packages (pnpm, Yarn, Poetry, uv) name versions
but no licences, and those components stay unknown until installed or
vendored. There is no registry lookup.
*/
package main
