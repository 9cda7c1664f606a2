#!/usr/bin/env bash
# Builds the Dify corpus bench/models.sh and bench/aiact.sh read: the 46 DSL
# exports (YAML) of svcvit/Awesome-Dify-Workflow's DSL/ at a pinned commit,
# under DIR (default ../corpus/dify). bench/pinned.sh extracts the
# repository, from a local mirror when there is one, else from github.com.
#
#   bench/dify-corpus.sh [DIR]
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/../.." && pwd)/corpus/dify}
[ -d "$dir" ] && { find "$dir" -name '*.yml' | wc -l; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$(dirname "$0")/pinned.sh" "$tmp" <<'LIST'
svcvit/Awesome-Dify-Workflow e730ed3627e5fa56fc1668d995b83178b6b1181c
LIST
mv "$tmp/svcvit+Awesome-Dify-Workflow/DSL" "$dir"
find "$dir" -name '*.yml' | wc -l
