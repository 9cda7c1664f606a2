#!/usr/bin/env bash
# Runs two mcp-comply binaries over real trees and prints, per tree and in
# all, the figures a precision change moves: findings at medium and above
# outside licences, secret findings (all / at medium+), endpoints (all /
# marked as named only in tests, examples or CI) and EU AI Act duties; with
# --diff, the findings at medium+ one run has and the other has not.
#
#   bench/trees.sh [--diff] BEFORE AFTER TREE...
#
# BEFORE and AFTER are binaries or git revisions of this repository (a
# revision is built into a temporary directory). Every tree is scanned with
# `report TREE --format json --market eu`; the reports stay in $KEEP when
# it is set. Trees: bench/mcp-corpus.sh, bench/corpus.sh,
# bench/dify-corpus.sh (the development trees), bench/heldout-corpus.sh.
set -euo pipefail
diff=
if [ "${1:-}" = --diff ]; then diff=1; shift; fi
before=$1 after=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
bin() { # a binary, or a revision built once
  if [ -x "$1" ] && [ -f "$1" ]; then echo "$1"; return; fi
  local b="$out/mcp-comply.$(git -C "$here" rev-parse --short "$1")"
  if [ ! -x "$b" ]; then
    local src; src=$(mktemp -d)
    git -C "$here" archive "$1" | tar -x -C "$src"
    (cd "$src" && go build -o "$b" ./cmd/mcp-comply)
    rm -rf "$src"
  fi
  echo "$b"
}
b1=$(bin "$before") b2=$(bin "$after")
for tree in "$@"; do
  name=$(basename "$tree")
  for side in 1 2; do
    eval "b=\$b$side"
    "$b" report "$tree" --format json --market eu -o "$out/$side.$name.json" >/dev/null 2>&1 || true
  done
done
python3 - "$out" "$diff" "$@" <<'PY'
import json, os, sys
out, diff, trees = sys.argv[1], sys.argv[2], sys.argv[3:]
MED = ("medium", "high", "critical")
def figures(path):
    r = json.load(open(path))
    fs = r["findings"]
    med = [f for f in fs if not f["rule"].startswith("license/") and f["severity"] in MED]
    sec = [f for f in fs if f["rule"] == "hardening/secret"]
    eps = (r.get("residency") or {}).get("endpoints") or []
    return {"medium+": len(med), "secrets": len(sec), "secrets medium+": sum(f["severity"] in MED for f in sec),
            "endpoints": len(eps), "apart": sum(bool(e.get("sample")) for e in eps),
            "duties": len((r.get("aiAct") or {}).get("duties") or [])}, {(f["rule"], f["subject"], f["severity"]): f["title"] for f in med}
cols = ["medium+", "secrets", "secrets medium+", "endpoints", "apart", "duties"]
print("%-44s %s" % ("tree", "  ".join("%16s" % c for c in cols)))
tot = [dict.fromkeys(cols, 0), dict.fromkeys(cols, 0)]
changes = []
for t in trees:
    name = os.path.basename(t.rstrip("/"))
    (a, fa), (b, fb) = (figures(os.path.join(out, "%d.%s.json" % (s, name))) for s in (1, 2))
    for c in cols:
        tot[0][c] += a[c]; tot[1][c] += b[c]
    print("%-44s %s" % (name[:44], "  ".join("%16s" % ("%d → %d" % (a[c], b[c]) if a[c] != b[c] else a[c]) for c in cols)))
    for k in sorted(set(fa) - set(fb)):
        changes.append("- %s %s %s: %s" % (name, k[2], k[0], fa[k]))
    for k in sorted(set(fb) - set(fa)):
        changes.append("+ %s %s %s: %s" % (name, k[2], k[0], fb[k]))
print("%-44s %s" % ("all", "  ".join("%16s" % ("%d → %d" % (tot[0][c], tot[1][c])) for c in cols)))
if diff:
    print()
    print("\n".join(changes) if changes else "no finding at medium+ moved")
PY
