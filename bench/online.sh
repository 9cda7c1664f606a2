#!/usr/bin/env bash
# bench/online.sh [SERVERS] [LOCKFILE]: what --online changes, measured against the
# real registries (this reaches the network: npm and the Go proxy; run it by hand).
#   1. the share of components whose licence is unknown on SERVERS (default the
#      official reference servers, /work/corpus/mcp/modelcontextprotocol+servers),
#      offline and with --online, and the ecosystems of those still unknown;
#   2. the wall time of `report --online` on LOCKFILE (default n8n's package-lock.json)
#      copied alone into an empty directory (no node_modules): cold (an empty cache)
#      and cached (the second run), beside the same scan offline: the lookup's own
#      time is the difference.
# The cache is a temporary directory (XDG_CACHE_HOME), never the user's.
set -euo pipefail
servers=${1:-/work/corpus/mcp/modelcontextprotocol+servers}
lock=${2:-/work/corpus/n8n/package-lock.json}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
(cd "$here" && go build -o "$tmp/mcp-comply" ./cmd/mcp-comply)
mkdir -p "$tmp/cache" "$tmp/lock"
cp "$lock" "$tmp/lock/package-lock.json"
export XDG_CACHE_HOME=$tmp/cache
run() { "$tmp/mcp-comply" report "$@" --format json >"$tmp/out.json" || true; cp "$tmp/out.json" "$tmp/$name.json"; }
name=offline run "$servers"
name=online run "$servers" --online
for k in offline cold cached; do
  flag=--online; [ $k = offline ] && flag=
  s=$(date +%s.%N); name=n8n-$k run "$tmp/lock" $flag; e=$(date +%s.%N)
  echo "$e - $s" | bc >"$tmp/$k.time"
done
python3 - "$tmp" "$servers" "$lock" <<'PY'
import json, sys, collections
tmp, servers, lock = sys.argv[1:]
def unknown(name):
    r = json.load(open(f"{tmp}/{name}.json"))
    cs = r["inventory"]["components"]
    un = [c for c in cs if not c.get("license", {}).get("expression") and not c.get("firstParty")]
    return len(un), len(cs), collections.Counter(c["ecosystem"] for c in un), un
for name in ("offline", "online"):
    n, total, eco, un = unknown(name)
    print(f"{servers} {name:8} unknown {n}/{total} = {100 * n / max(total, 1):.2f}%  {dict(sorted(eco.items()))}")
    if name == "online":
        for c in un[:20]:
            print("   still unknown:", c["ecosystem"], c["name"], c.get("version", ""))
base = float(open(f"{tmp}/offline.time").read())
for k in ("offline", "cold", "cached"):
    n, total, _, _ = unknown(f"n8n-{k}")
    t = float(open(f"{tmp}/{k}.time").read())
    extra = "" if k == "offline" else f"  (lookup {t - base:+.2f} s)"
    print(f"{lock} alone, {k:7}: {t:.2f} s{extra}  unknown {n}/{total}")
PY
