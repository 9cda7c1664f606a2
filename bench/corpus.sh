#!/usr/bin/env bash
# Builds the source-heavy corpus of real code the benchmarks and the
# quality figures use: five public repositories at pinned commits, their
# files only (no .git), under DIR (default ../corpus/src).
#
#   bench/corpus.sh [DIR]
#
# bench/pinned.sh extracts each entry, from a local mirror when there is one,
# else from github.com. 5,922 files, 72 MB.
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/../.." && pwd)/corpus/src}
"$(dirname "$0")/pinned.sh" "$dir" <<'LIST'
FlowiseAI/Flowise ababf4c8ebc0263e03aeeb917832251d3fd785e4
github/github-mcp-server 64a49f34d076b6f5917dae1424521d43c7bcae84
modelcontextprotocol/python-sdk 57394b0548d1e2dc2dce8d67d84985769df3b8bb
modelcontextprotocol/servers 76d64c822f5125032f89eb71dbdb94e42b434821
modelcontextprotocol/typescript-sdk 3924de99df834302d89f5997a1b64ca268282284
LIST
find "$dir" -type f | wc -l
