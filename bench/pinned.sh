#!/usr/bin/env bash
# Extracts public repositories at pinned commits, their files only (no .git),
# into DIR/OWNER+NAME: the shared step of bench/corpus.sh and
# bench/mcp-corpus.sh. Reads "OWNER/NAME COMMIT" lines on stdin.
#
#   bench/pinned.sh DIR < LIST
#
# Each entry is checked out from a mirror of the repository at
# /work/.mirror/OWNER+NAME/repo when one holds the commit (BENCH_MIRRORS
# overrides the directory), else fetched from github.com (needs git and
# network access). Mirrors may lack files of 4 MiB and more (images, recorded
# eval results); those are left out and listed on stderr, so the trees built
# either way differ only in such files.
set -euo pipefail
dir=$1
mirrors=${BENCH_MIRRORS:-${MCP_CORPUS_MIRRORS:-/work/.mirror}}
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
          echo "pinned: $repo: $p is not in the mirror, left out" >&2
          g update-index --force-remove -- "$p"
        done
    fi
    # checkout-index, not archive: archive drops the paths a repository's
    # .gitattributes marks export-ignore (git-mcp-server's tsconfig.json,
    # tests/ and docs/), and a corpus tree is the repository as a clone has it.
    g checkout-index -a -f --prefix="$dest.part/"
    rm -rf "$tmp"
  else
    tmp=$(mktemp -d)
    git -C "$tmp" init -q
    git -C "$tmp" fetch -q --depth 1 "https://github.com/$repo" "$commit"
    git -C "$tmp" read-tree FETCH_HEAD
    git -C "$tmp" checkout-index -a -f --prefix="$dest.part/"
    rm -rf "$tmp"
  fi
  mv "$dest.part" "$dest"
done
