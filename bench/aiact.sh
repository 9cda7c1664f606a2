#!/usr/bin/env bash
# Prints, per real tree, the AI inventory and the EU AI Act duties the
# report finds: models by kind (open-weight, hosted, unknown) and how many
# of them the model catalogue resolves; duties by article; ai-act findings.
# Read the Annex III hits by hand: each is a "possible high-risk use".
#
#   bench/aiact.sh [CORPUS_ROOT]   (default ../corpus: dify, src/*, mcp/*)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$(cd "$here/../.." && pwd)/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/.." && go build -o "$tmp/mcp-comply" ./cmd/mcp-comply)
for d in "$root"/dify "$root"/src/*/ "$root"/mcp/*/; do
	[ -d "$d" ] || continue
	"$tmp/mcp-comply" report "$d" --format json --market eu -o "$tmp/r.json" 2>/dev/null || true
	python3 - "$tmp/r.json" "${d#"$root"/}" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
models = [c for c in r["inventory"]["components"] if c.get("ecosystem") == "model"]
kinds = collections.Counter(c["model"]["kind"] for c in models)
duties = collections.Counter(d["id"] for d in (r.get("aiAct") or {}).get("duties", []))
finds = collections.Counter(f["rule"] for f in r["findings"] if f["rule"].startswith("ai-act/"))
print("%-45s models %3d (%s)  duties %s  findings %s" % (sys.argv[2].rstrip("/"), len(models),
      ", ".join("%s %d" % kv for kv in sorted(kinds.items())) or "-",
      ", ".join("%s %d" % kv for kv in sorted(duties.items())) or "-",
      ", ".join("%s %d" % kv for kv in sorted(finds.items())) or "-"))
for f in r["findings"]:
    if f["rule"] == "ai-act/annex-iii":
        print("    annex-iii:", f["title"], "|", "; ".join(e.get("file", "") + ":" + str(e.get("line", "")) for e in f["evidence"][:3]))
PY
done
