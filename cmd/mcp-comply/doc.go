/*
Mcp-comply tells a team shipping an AI-agent product (MCP servers, an
orchestration engine such as n8n or Flowise, LLM providers) whether they may
sell it the way they plan, with the evidence.

# Usage

	mcp-comply report [PATH | GIT-URL] [flags]
	mcp-comply report --from REPORT.json [flags]
	mcp-comply check [PATH | GIT-URL] [--config FILE] [--baseline REPORT.json] [flags]
	mcp-comply diff [PATH | GIT-URL] REF1 REF2 [flags]
	mcp-comply init [PATH] [--use USE] [--market MARKET] [-o FILE]
	mcp-comply pin [PATH] [--live] [-o FILE]
	mcp-comply completion bash|zsh|fish|powershell

report scans PATH (default ".") and writes a report. PATH is a project
directory, read as it is on disk; with --rev it must be inside a git
repository, and the tree of that revision is read from the object store
without a checkout. Nothing in the project is executed, no symlink is
followed out of PATH, and no network call is made unless PATH is a git
URL (below). When the project has a policy file (mcp-comply.yaml, see
check), report applies it: its uses, market, exclude, first_party,
license_overrides and providers shape the scan, and its waivers show as
waived; report still exits 0.

With --from, report reads a report saved by --format json and renders it
again, in any format, without scanning. The file must carry the schema
version this mcp-comply writes (1) and match reports/report.schema.json;
PATH, --rev, --use, --market and --gomodcache do not apply to it.

Flags:

	--rev REF          scan the git revision REF (branch, tag or commit) instead of the work tree,
	                   and search every commit reachable from it for secrets since removed
	--history-limit N  with --rev, search only the newest N commits (by commit time) for removed
	                   secrets; 0, the default, is the whole history. A limit hit is a warning
	                   (for check, "could not evaluate")
	--max-file-size MiB, --max-source-size MiB, --max-files N, --max-depth N, --max-nodes N
	                   the bounds of a scan: data files of at most 64 MiB and source files of 4 MiB
	                   are read, 500,000 project files, JSON, YAML and TOML nested 1,000 deep with
	                   4,000,000 values a file (YAML aliases counted expanded); Terraform nested
	                   256 deep. A file or tree past a bound is a warning naming it, never a silent cut.
	                   The policy's limits set them too; a flag given wins over the policy
	--timeout D        stop a scan that takes longer than D (5m, 90s); exit 1, no report written
	--use USE          an intended use; repeat or separate with commas:
	                   internal, saas, whitelabel, distribute, modify (default: all)
	--market MARKET    where the product is sold, which decides the residency rules (default global):
	                   eu      the GDPR's transfer rules: no adequacy is critical, a global or
	                           unknown location high, the US (DPF), partial adequacy and EU storage
	                           only medium, an adequate country low; hosting outside the EEA high
	                   us      the US bulk-data rule (28 CFR Part 202): data processed in, or a
	                           provider of, a country of concern (China with Hong Kong and Macau,
	                           Cuba, Iran, North Korea, Russia, Venezuela) is high
	                   global  no market's law: a destination without adequacy is medium, an
	                           unknown one low
	--format F         the format to write: text, json, markdown, sarif, cyclonedx, spdx or pdf;
	                   default text, or the format the -o file name ends in
	                   (.json, .md, .sarif, .cdx.json, .spdx.json, .pdf, .txt)
	--format F=FILE    also write format F to FILE; repeat for several formats from one scan
	-o, --output FILE  write the report (the one --format without =FILE) to FILE
	                   instead of standard output; "-" is standard output
	--from FILE        render the saved JSON report FILE instead of scanning
	--gomodcache DIR   Go module cache to read licence texts of Go modules from
	                   (default $GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod)
	--providers FILE   add or correct AI-provider entries of the residency catalogue
	                   (YAML in the shape of residency/data/providers.yaml)
	--config FILE      the policy file (default mcp-comply.yaml at the project root)
	--user-configs     also check the MCP client configs of this machine's user
	                   (Claude Desktop, Claude Code, Cursor, VS Code, Gemini, Codex …)
	--online           ask the package registries (npm, PyPI, the Go module proxy,
	                   OCI registries) for the licences the project does not carry,
	                   through .npmrc, PIP_INDEX_URL / pip.conf and GOPROXY (GOPRIVATE
	                   modules are never sent); answers are cached in the user cache
	                   directory and each names its URL and the date fetched. Off by
	                   default (or the policy's online: true)

At most one --format goes to -o or standard output; the others name their
file. A file is never destroyed: a regular file is replaced only once the new report is
whole (written beside it and renamed over it), a symlink is written through
to its target, and a device or named pipe (/dev/stdout, a FIFO) is written
to, not replaced; a directory is refused. Without --format the format comes
from the file name, and a name that is no format's (r.html) is an error:

	mcp-comply report --format pdf -o report.pdf
	mcp-comply report --format pdf=report.pdf --format sarif=results.sarif --format json=report.json
	mcp-comply report --from report.json --format markdown >> "$GITHUB_STEP_SUMMARY"

The formats:

	text       for a terminal: colour only when standard output is a terminal
	           and NO_COLOR is unset; lines wrap to the terminal's width, or
	           to 100 columns when standard output is not a terminal, and no
	           value is cut
	json       the report itself, described by reports/report.schema.json; the
	           input of --from
	markdown   short, for a pull-request comment or $GITHUB_STEP_SUMMARY; a
	           string from the project is escaped only where GitHub would
	           read it as Markdown, and never becomes a link, an image, HTML
	           or a mention
	sarif      SARIF 2.1.0 for GitHub code scanning: each file relative to the
	           root of the repository the project lies in, whatever PATH is
	cyclonedx  a CycloneDX 1.6 JSON SBOM, the AI providers as services
	spdx       an SPDX 2.3 JSON SBOM: one package per component with its purl,
	           the licence concluded and declared (NOASSERTION when unknown)
	           and how it was established
	pdf        the report a person reads; never written to a terminal

Every format is byte-for-byte reproducible. The date the pdf, cyclonedx and spdx
formats carry is SOURCE_DATE_EPOCH (seconds since 1970) when it is set,
else the commit time of the scanned revision, else the time the report was
written (with --from: the saved file's modification time).

# The release gate

	mcp-comply check [PATH | GIT-URL] [--rev REF] [--config FILE] [--use …] [--market …]
	                 [--baseline REPORT.json] [--format F=FILE …]

check scans like report and judges the report against the project's policy
file: mcp-comply.yaml at the root of PATH (of the revision, with --rev), or
the file --config names. It writes every --format it is given, then prints
a short summary (what failed, what was waived, waivers expired or unused) to
standard output, or to standard error when a format takes standard output,
and exits 0 when the policy passes and 3 when it is violated. A policy file
that does not validate is exit 2, each fault on its own line as
file:line:column: the bad value and what is allowed.

The policy file (its JSON Schema is policy/schema.json, a commented example
policy/testdata/example/mcp-comply.yaml; mcp-comply init writes a starter):

	extends            shared policy files, relative to this one (inside the project
	                   unless --config named it); this file's values win
	intended_uses      internal, saas, whitelabel, distribute, modify (--use overrides)
	market             eu, us or global (--market overrides)
	online             true: ask the package registries for missing licences (--online)
	limits             max_file_size, max_source_size, max_files, max_depth, max_nodes,
	                   history_limit, timeout: the bounds of a scan, as the flags of those
	                   names set them; a flag given on the command line wins
	fail_on            verdicts: the verdicts that fail, for every use or per use
	                   (default prohibited and unknown); severity: findings at or
	                   above it fail (default high; none fails none);
	                   could_not_evaluate: whether a licence not identified or an
	                   input not fully read fails (default true)
	licenses           allow / deny, each by SPDX ids and categories
	residency          the guarantees, processing geographies and providers allowed
	exclude            path globs kept out of the analysis (tests, examples, fixtures)
	first_party        the project's own packages and images: judged as its own code
	license_overrides  component, license, reason, evidence (a URL): a licence set by hand
	providers          residency catalogue entries of the project's own (a file or inline)
	waivers            finding (a fingerprint) or rule, with component, path and use;
	                   reason, owner and expires (YYYY-MM-DD) are required

A waived finding stays in every format, marked waived with its waiver (SARIF:
a suppression with the justification). A waiver past its expiry waives
nothing and fails the gate, naming itself; one that matches nothing is
reported. With --baseline, a JSON report saved earlier (by report or check),
only findings whose fingerprints it does not hold fail, and SARIF results
carry baselineState new, unchanged or absent.

Without a policy file the defaults apply: prohibited and unknown verdicts,
findings of high severity and above, and anything that could not be
evaluated fail. With --rev on a shallow clone the history not searched is
"could not evaluate" (fetch the whole history, or set could_not_evaluate:
false).

	mcp-comply init [PATH] [--use USE] [--market MARKET] [-o FILE]

init scans the project and writes a commented starter mcp-comply.yaml: the
uses and market, the fail_on defaults spelled out, exclude suggestions from
the test, example and fixture folders it saw, the project's own packages as
first party, the providers and regions it found as a residency allow list to
review, and a commented waiver. It never replaces an existing file.

# What changed

	mcp-comply diff [PATH | GIT-URL] REF1 REF2 [--format text|markdown|json[=FILE]] [flags]

diff reads both revisions from the object store and reports what changed
from REF1 to REF2: components added, removed or relicensed (to a
source-available licence: the licensing rug pull), verdicts per use,
endpoints and regions, checklist items newly failing or fixed, MCP tool
definitions, findings new and fixed. It exits 0; gate with check --baseline.

# Git URLs

report, check and diff take a git URL where they take PATH: https://,
ssh://, git@host:owner/repo or file://. The repository is cloned into memory
(shallow unless history is needed; nothing is written to disk) and the
report names the URL without its credentials. For https the token is the
first set of GIT_TOKEN (any host; user GIT_USERNAME, default git),
GITHUB_TOKEN or GH_TOKEN (github.com, or the host of GITHUB_SERVER_URL),
GITLAB_TOKEN (gitlab.com, or CI_SERVER_HOST) and CI_JOB_TOKEN (the host of
CI_SERVER_HOST), each sent to its own host only; ssh uses the SSH agent.
No credential is ever printed. Cloning is the only network call, made only
because a URL was given.

# Pinning MCP tools

	mcp-comply pin [PATH] [--live] [-o FILE]

pin writes PATH/mcp-lock.json (or FILE): the SHA-256 of each tool's
canonical definition (name, title, description, input and output schema,
annotations) and of each server's instructions, as the project's server
sources declare them. Commit it; report then flags every tool whose
definition changed (a possible rug pull), and every tool added or removed.
With --live, pin also starts the stdio servers of the project's client
configs (with only PATH and the environment they declare) and connects to
the remote ones to read tools/list: that runs their code, so it happens
only when asked, and never in report.

# Shell completion

	source <(mcp-comply completion bash)
	mcp-comply completion zsh > "${fpath[1]}/_mcp-comply"
	mcp-comply completion fish > ~/.config/fish/completions/mcp-comply.fish

completion writes the script for a shell (mcp-comply completion SHELL --help
says where it goes). It completes the commands and flags, the values of
--format (the format names, then a file after F=), --use (also after a
comma), --market, and directories for PATH. A mistyped command or flag is a
usage error that names the nearest ones: unknown flag: --fromat (did you
mean --format or --from?).

# Verdicts

For each intended use the report gives one verdict: allowed, conditional
(allowed if the obligations listed are met), prohibited (not without a
separate licence), or unknown (not established: confirm before relying on
it). A component whose licence cannot be identified is unknown for every
use, never allowed. Development-only dependencies are listed but decide no
verdict, since they are not shipped.

# Exit codes

	0  the report, lockfile or policy was written; check: the policy passes
	1  the scan, the writing, or a live pin of a server failed
	2  usage or configuration error: a bad flag, path, revision or URL, or an invalid policy file
	   (a bad format, use or market, a mistyped command, a SOURCE_DATE_EPOCH
	   that is not a number, a PDF asked for on a terminal, a --from or
	   --baseline file that is not a valid report of this schema version,
	   a policy file that does not validate, a git URL that cannot be cloned)
	3  check: the policy is violated (every output was written first)

A report with prohibited verdicts or critical findings still exits 0: report
describes, check gates.

# Limitations

Licences are read from metadata and licence files present in the project:
lockfiles without installed packages (pnpm, Yarn, Poetry, uv) name versions
but no licences, and those components stay unknown until installed or
vendored. There is no registry lookup. Tool definitions are read from the
project's Python, TypeScript / JavaScript and Go server sources; descriptions
built at run time are seen only by pin --live.
*/
package main
