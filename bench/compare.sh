#!/usr/bin/env bash
# Times two mcp-comply binaries on one tree, interleaved run by run so that
# machine noise hits both alike, and prints the median wall time, CPU time
# (user + system) and peak RSS of each and their ratio: the before/after
# figure of a change.
#
#   bench/compare.sh BEFORE AFTER TREE [RUNS]
#
# BEFORE and AFTER are binaries (go build -o … ./cmd/mcp-comply at two
# commits); TREE is ../corpus/n8n (../shared/corpus/n8n.sh) or
# ../corpus/src (bench/corpus.sh).
set -euo pipefail
before=$1 after=$2 tree=$3 runs=${4:-5}
out=$(mktemp -d)
for run in $(seq "$runs"); do
  for name in before after; do
    bin=${!name}
    /usr/bin/time -f "%e %M %U %S" -o "$out/time" "$bin" report "$tree" --format json -o "$out/$name.json" > /dev/null 2>&1
    printf '%s %s\n' "$name" "$(cat "$out/time")" >> "$out/samples"
  done
done
python3 - "$out/samples" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, secs, kb, user, sys_ = line.split()
    rows[name].append((float(secs), int(kb) / 1024, float(user) + float(sys_)))
med = {n: tuple(statistics.median(r[i] for r in v) for i in range(3)) + (len(v),) for n, v in rows.items()}
for n in ("before", "after"):
    s, m, c, k = med[n]
    print(f"{n:<7} {k} runs  median {s:6.2f} s wall  {c:6.2f} s CPU  {m:6.0f} MB")
b, a = med["before"], med["after"]
print(f"after/before: wall {a[0] / b[0]:.2f}x, CPU {a[2] / b[2]:.2f}x, peak RSS {a[1] / b[1]:.2f}x")
PY
rm -rf "$out"
