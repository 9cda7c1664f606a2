#!/usr/bin/env python3
"""Compares what each tool concluded on the same tree (run bench/run.sh first).

For each tool: how many packages it reports, how many it leaves without a
licence, and what it says about n8n's own packages (which are under the
Sustainable Use License, SPDX SUL-1.0)."""
import json, os, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "out")
N8N = lambda name: name in ("n8n", "n8n-core", "n8n-workflow", "n8n-nodes-base", "n8n-editor-ui") or name.startswith("@n8n/")

def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None

rows = []
r = load("mcp-comply.json")
if r:
    comps = r["inventory"]["components"]
    unknown = [c for c in comps if not c["license"].get("expression")]
    n8n = sorted({c["license"].get("expression", "unknown") for c in comps if c["ecosystem"] == "npm" and N8N(c["name"])})
    verdicts = ", ".join(f'{v["use"]}={v["verdict"]}' for v in r["verdicts"])
    rows.append(("mcp-comply", len(comps), len(unknown), n8n, verdicts))
    missing = sorted({a["reason"].split(" has no reading")[0] for c in comps for a in c["uses"].values()
                      if "has no reading in the knowledge base" in a.get("reason", "")})
    print("mcp-comply: licences the knowledge base lacks:", ", ".join(missing) or "none")
    print("mcp-comply: packages with no licence found:", ", ".join(f'{c["name"]}@{c.get("version", "")}' for c in unknown) or "none")
lc = load("license-checker.json")
if lc:
    unknown = [k for k, v in lc.items() if str(v.get("licenses", "UNKNOWN")).upper().startswith("UNKNOWN")]
    custom = [k for k, v in lc.items() if str(v.get("licenses", "")).startswith("Custom:")]
    print(f"license-checker: {len(custom)} packages reported only as \"Custom: <file>\"")
    n8n = sorted({str(v.get("licenses")) for k, v in lc.items() if N8N(k.rsplit("@", 1)[0])})
    rows.append(("license-checker", len(lc), len(unknown), n8n, "-"))
sy = load("syft.json")
if sy:
    arts = sy["artifacts"]
    unknown = [a for a in arts if not a.get("licenses")]
    n8n = sorted({"; ".join(l.get("value", "") for l in a.get("licenses", [])) or "none" for a in arts if N8N(a["name"])})
    rows.append(("syft", len(arts), len(unknown), n8n, "-"))
tv = load("trivy.json")
if tv:
    lic = [l for res in tv.get("Results", []) for l in res.get("Licenses", []) or []]
    rows.append(("trivy", len(lic), sum(1 for l in lic if l.get("Category") == "unknown"), sorted({l["Name"] for l in lic if N8N(l.get("PkgName", ""))}), "-"))

for tool, n, unk, n8n, verdicts in rows:
    share = 100 * unk / n if n else 0
    print(f"{tool}: {n} packages, {unk} without a licence ({share:.1f}%); n8n's own packages: {', '.join(n8n)}")
    if verdicts != "-":
        print(f"  per-use verdicts: {verdicts}")
