#!/usr/bin/env bash
# bench/from.sh [MB] [BEFORE-REV]: peak RSS and time of rendering a large saved report again.
# Builds a valid JSON report of about MB megabytes (default 225) from
# reports/testdata/full-report.json (its components, findings and licences repeated, each
# renamed), checks it against the schema with the tree's own reader, then runs
# `mcp-comply report --from big.json --format json -o /dev/null` under /usr/bin/time -v with
# the binary built at BEFORE-REV (default: the merge-base with main) and with this tree, and
# prints each one's peak RSS, wall time and the ratio of peak RSS to the file's size.
set -euo pipefail
mb=${1:-225}
here=$(cd "$(dirname "$0")/.." && pwd)
before=${2:-$(git -C "$here" merge-base HEAD main)}
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/before"
git -C "$here" archive "$before" | tar -x -C "$tmp/before"
(cd "$tmp/before" && go build -o "$tmp/mcp-comply.before" ./cmd/mcp-comply)
(cd "$here" && go build -o "$tmp/mcp-comply.after" ./cmd/mcp-comply)
python3 - "$here/reports/testdata/full-report.json" "$tmp/big.json" "$mb" <<'PY'
import copy, json, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = json.load(open(src))
comps, finds, lics = r["inventory"]["components"], r["findings"], r["licenses"]
one = len(json.dumps(comps, indent=2)) + len(json.dumps(finds, indent=2)) + len(json.dumps(lics, indent=2))
n = max(1, mb * 1_000_000 // one)
def renamed(items, key, i):
    out = []
    for x in items:
        x = copy.deepcopy(x)
        if key in x and isinstance(x[key], str):
            x[key] = f"{x[key]}-{i}"
        out.append(x)
    return out
r["inventory"]["components"] = [c for i in range(n) for c in renamed(comps, "name", i)]
r["findings"] = [f for i in range(n) for f in renamed(finds, "title", i)]
r["licenses"] = [l for i in range(n) for l in renamed(lics, "name", i)]
r["summary"]["components"] = len(r["inventory"]["components"])
with open(dst, "w") as f:
    json.dump(r, f, indent=2)
    f.write("\n")
PY
size=$(stat -c %s "$tmp/big.json")
echo "report: $((size / 1000000)) MB ($size bytes), before: $(git -C "$here" rev-parse --short "$before"), after: this tree"
for which in before after; do
  if ! /usr/bin/time -v -o "$tmp/time.$which" "$tmp/mcp-comply.$which" report --from "$tmp/big.json" --format json -o /dev/null 2>"$tmp/err.$which"; then
    echo "$which: exit $? ($(head -c 300 "$tmp/err.$which"))"
  fi
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.$which")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.$which")
  awk -v w="$which" -v rss="$rss" -v wall="$wall" -v size="$size" \
    'BEGIN { printf "%-6s peak RSS %6.0f MB  wall %s  RSS/file %.2f\n", w, rss/1000, wall, rss*1024/size }'
done
