#!/usr/bin/env bash
# Builds the MCP development corpus of issue 11: real public MCP servers and
# public collections of poisoned tools, at pinned commits, their files only
# (no .git), under DIR (default ../corpus/mcp). bench/mcp-quality.py reads it
# and compares the scanner with the hand counts in bench/mcp-corpus/.
#
#   bench/mcp-corpus.sh [DIR]
#
# Each entry is fetched from github.com at its commit (needs git and network
# access), or, when a mirror of the repository exists at
# /work/.mirror/OWNER+NAME/repo (MCP_CORPUS_MIRRORS overrides the directory),
# archived from that mirror. Mirrors may lack files of 4 MiB and more (images,
# recorded eval results); those are left out and listed on stderr, so the trees
# built either way differ only in such files, none of them MCP source.
#
# Nothing of the corpus is committed to this repository: only this list of
# pins and the hand counts beside it.
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/../.." && pwd)/corpus/mcp}
mirrors=${MCP_CORPUS_MIRRORS:-/work/.mirror}
mkdir -p "$dir"
while read -r repo commit; do
  [ -z "$repo" ] && continue
  dest="$dir/${repo/\//+}"
  [ -d "$dest" ] && continue
  mirror="$mirrors/${repo/\//+}/repo"
  mkdir -p "$dest.part"
  if [ -d "$mirror" ] && git --git-dir="$mirror" cat-file -e "$commit^{commit}" 2>/dev/null; then
    # Blobs the mirror does not hold (large files) are dropped from a
    # temporary index, whose tree is archived; new objects go to a temporary
    # directory, so the mirror itself is never written.
    tmp=$(mktemp -d)
    g() { GIT_DIR="$mirror" GIT_INDEX_FILE="$tmp/index" GIT_OBJECT_DIRECTORY="$tmp/objects" \
      GIT_ALTERNATE_OBJECT_DIRECTORIES="$mirror/objects" git "$@"; }
    mkdir -p "$tmp/objects"
    g read-tree "$commit"
    g ls-files -s | awk '{ print $2 }' | g cat-file --batch-check 2>/dev/null |
      awk '$2 == "missing" { print $1 }' >"$tmp/missing" || true
    if [ -s "$tmp/missing" ]; then
      g ls-files -s | awk 'NR == FNR { m[$1]; next } ($2 in m) { print substr($0, index($0, "\t") + 1) }' "$tmp/missing" - |
        while IFS= read -r p; do
          echo "mcp-corpus: $repo: $p is not in the mirror, left out" >&2
          g update-index --force-remove -- "$p"
        done
    fi
    tree=$(g write-tree)
    g archive "$tree" | tar -x -C "$dest.part"
    rm -rf "$tmp"
  else
    tmp=$(mktemp -d)
    git -C "$tmp" init -q
    git -C "$tmp" fetch -q --depth 1 "https://github.com/$repo" "$commit"
    git -C "$tmp" archive FETCH_HEAD | tar -x -C "$dest.part"
    rm -rf "$tmp"
  fi
  mv "$dest.part" "$dest"
done <<'LIST'
modelcontextprotocol/servers 76d64c822f5125032f89eb71dbdb94e42b434821
github/github-mcp-server 64a49f34d076b6f5917dae1424521d43c7bcae84
awslabs/mcp 100b55b6d92f731bc8d23486ce9efd5bbf90c606
upstash/context7 c3248289c2ad431a9f34849a3f3d047fc4400373
executeautomation/mcp-playwright 2349c2891e7c499c8c07b7d78c7f3fb4c797a1da
ahujasid/blender-mcp da4e16d2069ce5154eaa2535bf995e843caf5c73
basicmachines-co/basic-memory 4d1dfdb7e2cf9bfaff83c75daa8f02ce45ccc552
grafana/mcp-grafana c6e492b39f493f7e5856eb4ab419bc918b083716
containers/kubernetes-mcp-server 55749981693f71c9f9a573bfab229eccd4f124ea
sanxku/mcp-injection-experiments 14dbac56aeb08ce5c3c8f4e0dfa7d8aa6cee1069
harishsg993010/damn-vulnerable-MCP-server c7cb1e95ec2596bf0e989b70e7b954f364da03a2
AIS2Lab/MCPSecBench 7eb773d07f298b251e763f99fe07e183a9d9694e
dongsenzhang/MSB c1d6a70171e4d2c44c87a2ae909d13df00c6aa8d
LIST
find "$dir" -mindepth 1 -maxdepth 1 -type d | wc -l
