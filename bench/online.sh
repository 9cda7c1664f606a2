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
# The caches are temporary directories (XDG_CACHE_HOME), never the user's. PyPI and Docker Hub
# are not reachable from the machine these figures were first taken on: their components stay unknown.
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
# Each case RUNS times (default 3), the median kept: cold runs each get an
# empty cache of their own, cached runs share one filled by a first run.
runs=${RUNS:-3}
timed() { # timed NAME ARGS...: one run's wall and user+sys seconds into $tmp/NAME.time
  local n=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$tmp/$n.time" "$tmp/mcp-comply" report "$@" --format json -o "$tmp/$n.json" || true
}
for i in $(seq "$runs"); do
  XDG_CACHE_HOME=$tmp/none timed "n8n-offline.$i" "$tmp/lock"
  XDG_CACHE_HOME=$tmp/cold.$i timed "n8n-cold.$i" "$tmp/lock" --online
done
XDG_CACHE_HOME=$tmp/warm timed n8n-fill "$tmp/lock" --online
for i in $(seq "$runs"); do
  XDG_CACHE_HOME=$tmp/warm timed "n8n-cached.$i" "$tmp/lock" --online
done
python3 - "$tmp" "$servers" "$lock" "$runs" <<'PY'
import json, sys, collections
tmp, servers, lock, runs = sys.argv[1:]
runs = int(runs)
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
import statistics
def med(k):
    rows = [list(map(float, open(f"{tmp}/n8n-{k}.{i}.time").read().split()[-3:])) for i in range(1, runs + 1)]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows)
base = med("offline")
for k in ("offline", "cold", "cached"):
    n, total, _, _ = unknown(f"n8n-{k}.1")
    wall, cpu = med(k)
    extra = "" if k == "offline" else f"  (the lookup: {wall - base[0]:+.2f} s wall, {cpu - base[1]:+.2f} s cpu)"
    print(f"{lock} alone, {k:7}: wall {wall:.2f} s, cpu {cpu:.2f} s{extra}  unknown {n}/{total}")
PY
