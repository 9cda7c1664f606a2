#!/usr/bin/env bash
# Builds the MCP development corpus of issue 11: real public MCP servers and
# public collections of poisoned tools, at pinned commits, their files only
# (no .git), under DIR (default ../corpus/mcp). bench/mcp-quality.py reads it
# and compares the scanner with the hand counts in bench/mcp-corpus/.
#
#   bench/mcp-corpus.sh [DIR]
#
# bench/pinned.sh extracts each entry, from a local mirror when there is one
# (see there), else from github.com.
#
# Nothing of the corpus is committed to this repository: only this list of
# pins and the hand counts beside it.
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/../.." && pwd)/corpus/mcp}
"$(dirname "$0")/pinned.sh" "$dir" <<'LIST'
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
