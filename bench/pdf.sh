#!/usr/bin/env bash
# Measures the PDF report of a real tree, rendered again from its saved JSON
# report (mcp-comply report --from, which reads, checks the schema and
# renders), against issue 5's budget: at most 1 s and 100 MB.
#
#   bench/pdf.sh [TREE] [RUNS]
#
# TREE defaults to ../corpus/n8n (install it with ../shared/corpus/n8n.sh).
# Prints the median wall time and peak RSS; the raw samples go to bench/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tree=$(cd "${1:-$root/../corpus/n8n}" && pwd)
runs=${2:-5}
out="$here/out"
mkdir -p "$out"

bin="$out/mcp-comply"
(cd "$root" && go build -o "$bin" ./cmd/mcp-comply)
"$bin" report "$tree" -o "$out/tree.json"

: > "$out/pdf-samples.tsv"
for run in $(seq "$runs"); do
  # GNU time: elapsed seconds and maximum resident set size in KB.
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$bin" report --from "$out/tree.json" -o "$out/tree.pdf"
  read -r secs kb < "$out/time.txt"
  printf '%s\t%s\t%s\n' "$run" "$secs" "$kb" >> "$out/pdf-samples.tsv"
done

pages=$(command -v pdfinfo > /dev/null && pdfinfo "$out/tree.pdf" | awk '/^Pages:/ {print $2}' || echo "?")
python3 - "$out/pdf-samples.tsv" "$out/tree.json" "$pages" <<'PY'
import json, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
secs = statistics.median(float(s) for _, s, _ in rows)
mb = statistics.median(int(kb) / 1024 for _, _, kb in rows)
components = json.load(open(sys.argv[2]))["summary"]["components"]
print(f"{components} components, {sys.argv[3]} pages, {len(rows)} runs: median {secs:.2f} s, peak RSS {mb:.0f} MB")
ok = secs <= 1.0 and mb <= 100
print("within the budget (1 s, 100 MB)" if ok else "OVER the budget (1 s, 100 MB)")
sys.exit(0 if ok else 1)
PY
