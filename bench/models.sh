#!/usr/bin/env bash
# Prints, per corpus, how many of the model names a hand grep finds
# (bench/models/expected.tsv, README.md beside it) residency's
# Result.Models lists, how many it lists in all, and the names it lists
# that the hand count does not have (extra: read them, they are either
# misses of the grep or false positives) and the ones it misses.
#
#   bench/models.sh [CORPUS_ROOT]   (default ../corpus: dify, n8n, src, mcp)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$(cd "$here/../.." && pwd)/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/.." && go build -o "$tmp/models" ./bench/models)
corpora=(dify n8n)
for d in "$root"/src/*/ "$root"/mcp/*/; do
	[ -d "$d" ] && corpora+=("${d#"$root"/}")
done
tf=0 te=0 tl=0
for c in "${corpora[@]}"; do
	c=${c%/}
	[ -d "$root/$c" ] || { echo "$c: missing, skipped"; continue; }
	"$tmp/models" "$root/$c" | cut -f1 | sort -u >"$tmp/listed"
	{ grep -v '^#' "$here/models/expected.tsv" | awk -F'\t' -v c="$c" '$1 == c {print $2}' || true; } | sort -u >"$tmp/expected"
	found=$(comm -12 "$tmp/expected" "$tmp/listed" | wc -l)
	exp=$(wc -l <"$tmp/expected")
	listed=$(wc -l <"$tmp/listed")
	tf=$((tf + found)) te=$((te + exp)) tl=$((tl + listed))
	printf '%-45s found %3d/%-3d listed %3d\n' "$c" "$found" "$exp" "$listed"
	comm -23 "$tmp/expected" "$tmp/listed" | sed 's/^/    missed  /'
	comm -13 "$tmp/expected" "$tmp/listed" | sed 's/^/    extra   /'
done
printf '%-45s found %3d/%-3d listed %3d\n' total "$tf" "$te" "$tl"
