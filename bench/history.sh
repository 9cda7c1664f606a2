#!/usr/bin/env bash
# bench/history.sh REPO [RUNS]: mcp-comply's history walk against gitleaks on one clone.
# Runs `mcp-comply report --rev HEAD` (JSON) and `gitleaks git` interleaved RUNS times
# (default 3) and prints the median wall time, CPU time (user+sys, children included) and
# peak RSS of each, and the secrets each reports. The counts differ by design: gitleaks
# scans the added lines of `git log -p --all` with its rules; mcp-comply reports only the
# secrets the tree at HEAD no longer holds, once each, with its own catalogue.
set -euo pipefail
repo=$(cd "$1" && pwd) runs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
gitleaks=${GITLEAKS:-/work/corpus/peers/bin/gitleaks}
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
(cd "$here" && go build -o "$tmp/mcp-comply" ./cmd/mcp-comply)
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/m.$i" "$tmp/mcp-comply" report "$repo" --rev HEAD --format json -o "$tmp/m.json" || true
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/g.$i" "$gitleaks" git --no-banner --exit-code 0 --report-format json --report-path "$tmp/g.json" "$repo" 2>/dev/null || true
done
python3 - "$tmp" "$runs" <<'PY'
import json, statistics, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
def med(tool):
    rows = [list(map(float, open(f"{tmp}/{tool}.{i}").read().split()[-4:])) for i in range(1, runs + 1)]
    return [statistics.median(r[k] for r in rows) for k in range(4)], rows
m = json.load(open(f"{tmp}/m.json"))
# the report's findings of removed secrets still in the history
hist = [f for f in m.get("findings", []) if f.get("rule") == "hardening/secret-in-history"]
cut = [w["message"] for w in m.get("warnings", []) if w.get("message", "").startswith("git history")]
g = json.load(open(f"{tmp}/g.json"))
for tool, name, found in (("m", "mcp-comply report --rev HEAD", len(hist)), ("g", "gitleaks git", len(g))):
    (wall, user, sys_, rss), _ = med(tool)
    print(f"{name:30} wall {wall:6.2f} s  cpu {user + sys_:6.2f} s  rss {rss / 1024:6.0f} MiB  secrets {found}")
print("mcp-comply history notes:", cut or "none")
PY
