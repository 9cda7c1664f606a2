#!/usr/bin/env bash
# Benchmarks the full report on a real tree against the peer tools, in the
# same run, interleaved so that machine noise hits every tool alike.
#
#   bench/run.sh [TREE] [PEERS_BIN] [RUNS]
#
# TREE defaults to ../corpus/n8n (install it with ../shared/corpus/n8n.sh);
# PEERS_BIN to ../corpus/peers/bin (../shared/corpus/peers.sh). Prints the
# median wall time and peak RSS of each tool and the ratios to mcp-comply,
# and writes the raw samples to bench/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tree=$(cd "${1:-$root/../corpus/n8n}" && pwd)
peers=${2:-$root/../corpus/peers/bin}
runs=${3:-5}
out="$here/out"
mkdir -p "$out"

bin="$out/mcp-comply"
(cd "$root" && go build -o "$bin" ./cmd/mcp-comply)

declare -A cmds
cmds[mcp-comply]="$bin report $tree --format json -o $out/mcp-comply.json"
if [ -x "$peers/license-checker-rseidelsohn" ]; then
  cmds[license-checker]="$peers/license-checker-rseidelsohn --start $tree --json --out $out/license-checker.json"
fi
if [ -x "$peers/syft" ]; then
  cmds[syft]="$peers/syft scan dir:$tree -q -o syft-json=$out/syft.json"
fi
if [ -x "$peers/trivy" ]; then
  cmds[trivy]="$peers/trivy fs --scanners license --skip-db-update --skip-java-db-update --offline-scan --format json --output $out/trivy.json $tree"
fi
export SYFT_CHECK_FOR_APP_UPDATE=false

: > "$out/samples.tsv"
for run in $(seq "$runs"); do
  for tool in $(printf '%s\n' "${!cmds[@]}" | sort); do
    # GNU time: elapsed seconds and maximum resident set size in KB.
    /usr/bin/time -f "%e %M" -o "$out/time.txt" ${cmds[$tool]} > /dev/null 2> "$out/$tool.stderr" || {
      echo "$tool failed, see $out/$tool.stderr" >&2; continue; }
    read -r secs kb < "$out/time.txt"
    printf '%s\t%s\t%s\t%s\n' "$tool" "$run" "$secs" "$kb" >> "$out/samples.tsv"
  done
done

python3 - "$out/samples.tsv" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    tool, run, secs, kb = line.split()
    rows[tool].append((float(secs), int(kb) / 1024))
med = {t: (statistics.median(s for s, _ in v), statistics.median(m for _, m in v), len(v)) for t, v in rows.items()}
base = med.get("mcp-comply")
print(f"{'tool':<16} {'runs':>4} {'median wall (s)':>16} {'median peak RSS (MB)':>21} {'wall vs mcp-comply':>19} {'RSS vs mcp-comply':>18}")
for t in sorted(med, key=lambda t: med[t][0]):
    s, m, n = med[t]
    rs = f"{s / base[0]:.1f}x" if base else "-"
    rm = f"{m / base[1]:.1f}x" if base else "-"
    print(f"{t:<16} {n:>4} {s:>16.2f} {m:>21.0f} {rs:>19} {rm:>18}")
PY
