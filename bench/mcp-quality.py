#!/usr/bin/env python3
"""How well the MCP checklist reads real servers (issue 11).

Builds mcp-comply from this checkout, runs `mcp-comply report DIR --format json`
on each entry of the corpus bench/mcp-corpus.sh builds, and compares the
reports with the hand counts in bench/mcp-corpus/tools.tsv:

  tool recall      the tools the report reads per hand-counted server. By name
                   where the report names them (hardening.servers[].toolDefinitions)
                   or, until it does, from `mcp-comply pin -o …` (the same source
                   reader, which names each tool); by count (hardening.servers[].tools)
                   with --counts. A scanner server belongs to the hand-counted
                   server whose path holds its file.
  poisoning recall the poisoned tools with a poisoning finding at medium or above
                   (and at high or above): hardening/tool-poisoning on the tool or
                   one of its parameters, or hardening/shadowing of the kinds that
                   read the tool's own text (names-other-tool, global-instruction,
                   redirect-address), its evidence in the tool's server.
  false positives  the benign tools with such a finding at medium+ and at high+.
  noise            per repository: shadowing, secret and region-conflict findings,
                   and poisoning findings at medium+, whatever they are about.

  python3 bench/mcp-quality.py [--corpus DIR] [--hand TSV] [--bin FILE] [--counts] [--list] [--keep DIR]

The held-out set: --corpus <dir of bench/heldout-corpus.sh> --hand bench/heldout/tools.tsv.

Standard library only; prints tables in a fixed order and exits 0.
"""
import argparse, collections, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEV = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
TEXT_SHADOWING = ("names-other-tool", "global-instruction", "redirect-address")


def load_hand(path):
    tools = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            tools.append(dict(zip(header, cells)))
    return tools


def under(file, scope):
    return scope == "." or file == scope or file.startswith(scope.rstrip("/") + "/")


def scope_of(file, scopes):
    """The narrowest hand-counted server path holding file."""
    best = None
    for s in scopes:
        if under(file, s) and (best is None or len(s) > len(best)):
            best = s
    return best


def poisoning_hits(report):
    """(tool name, evidence files, severity, label) for each finding about a tool's own text."""
    hits = []
    for f in report.get("findings", []):
        rule, title = f.get("rule", ""), f.get("title", "")
        files = sorted({e.get("file", "") for e in f.get("evidence", [])})
        if rule == "hardening/tool-poisoning":
            parts = f.get("subject", "").split(":", 1)[-1].split("\0")
            if len(parts) >= 3 and parts[1] in ("tool", "param"):
                hits.append((parts[2], files, f["severity"], title))
        elif rule == "hardening/shadowing":
            head, _, kind = title.rpartition(": ")
            if kind in TEXT_SHADOWING and "/" in head:
                hits.append((head.rsplit("/", 1)[1], files, f["severity"], title))
    return hits


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw).stdout


def pct(n, d):
    return f"{100 * n / d:5.1f}%" if d else "    -"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "corpus", "mcp"))
    ap.add_argument("--bin", help="an mcp-comply binary to use instead of building one")
    ap.add_argument("--counts", action="store_true", help="tool recall by count only, even where names are known")
    ap.add_argument("--list", action="store_true", help="also list every unread tool")
    ap.add_argument("--keep", help="write each report (and lockfile) into this directory")
    ap.add_argument("--hand", default=os.path.join(HERE, "mcp-corpus", "tools.tsv"),
                    help="the hand counts (default bench/mcp-corpus/tools.tsv; the held-out set's: bench/heldout/tools.tsv)")
    args = ap.parse_args()

    hand = load_hand(args.hand)
    repos = list(dict.fromkeys(t["repo"] for t in hand))
    tmp = tempfile.mkdtemp(prefix="mcp-quality-")
    try:
        return report(args, hand, repos, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(args, hand, repos, tmp):
    binary = args.bin
    if not binary:
        binary = os.path.join(tmp, "mcp-comply")
        subprocess.run(["go", "build", "-o", binary, "./cmd/mcp-comply"], cwd=ROOT, check=True)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE, text=True).stdout.strip()
    print(f"mcp-comply at {commit}{' (with local changes)' if dirty else ''}; corpus {args.corpus}")

    server_rows, kinds, misses, flagged, noise, unread = [], collections.defaultdict(lambda: [0, 0, 0]), [], [], [], []
    tot = collections.Counter()
    by_repo = collections.defaultdict(collections.Counter)
    name_source = set()
    for repo in repos:
        tree = os.path.join(args.corpus, repo.replace("/", "+"))
        if not os.path.isdir(tree):
            print(f"{repo}: not in the corpus (run bench/mcp-corpus.sh {args.corpus})", file=sys.stderr)
            continue
        report = json.loads(run([binary, "report", tree, "--format", "json"]))
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            json.dump(report, open(os.path.join(args.keep, repo.replace("/", "+") + ".json"), "w"), indent=1, sort_keys=True)
        mine = [t for t in hand if t["repo"] == repo]
        scopes = list(dict.fromkeys(t["server"] for t in mine))

        # What the scanner read, per hand-counted server: a count, and names if it gives them.
        count, names, named = collections.Counter(), collections.defaultdict(collections.Counter), False
        for s in report.get("hardening", {}).get("servers", []):
            sc = scope_of(s.get("file", ""), scopes)
            if sc is None:
                continue
            count[sc] += s.get("tools", 0)
            if "toolDefinitions" in s:
                named = True
                for d in s["toolDefinitions"] or []:
                    names[sc][d["name"]] += 1
        if not named and not args.counts:
            lock = os.path.join(args.keep or tmp, repo.replace("/", "+") + ".lock.json")
            run([binary, "pin", tree, "-o", lock])
            for s in json.load(open(lock)).get("servers", []):
                sc = scope_of(s.get("source", ""), scopes)
                if sc is not None and s.get("mode", "source") == "source":
                    for d in s.get("tools") or []:
                        names[sc][d["name"]] += 1
            name_source.add("pin lockfile")
        elif named:
            name_source.add("report toolDefinitions")
        use_names = not args.counts

        hits = poisoning_hits(report)
        for sc in scopes:
            want = collections.Counter(t["tool"] for t in mine if t["server"] == sc)
            n = sum(want.values())
            if use_names:
                got = sum(min(c, names[sc][k]) for k, c in want.items())
                for t in mine:
                    if t["server"] == sc and names[sc][t["tool"]] == 0:
                        unread.append(t)
            else:
                got = min(count[sc], n)
            lang = mine[[t["server"] for t in mine].index(sc)]["language"]
            server_rows.append((repo, sc, lang, n, count[sc], got))
            tot["tools"] += n
            tot["read"] += got

        def worst(t):
            sev, label = -1, ""
            for name, files, s, title in hits:
                if name == t["tool"] and any(under(f, t["server"]) for f in files) and SEV[s] > sev:
                    sev, label = SEV[s], title
            return sev, label

        for t in mine:
            if t["set"] == "poisoned":
                sev, label = worst(t)
                for c in (tot, by_repo[repo]):
                    c["poisoned"] += 1
                    c["p_med"] += sev >= SEV["medium"]
                    c["p_high"] += sev >= SEV["high"]
                for k in t["kind"].split(","):
                    kinds[k][0] += 1
                    kinds[k][1] += sev >= SEV["medium"]
                    kinds[k][2] += sev >= SEV["high"]
                if sev < SEV["medium"]:
                    misses.append((t, sev, label))
            elif t["set"] == "benign":
                sev, label = worst(t)
                for c in (tot, by_repo[repo]):
                    c["benign"] += 1
                    c["b_any"] += sev >= SEV["low"]
                    c["b_med"] += sev >= SEV["medium"]
                    c["b_high"] += sev >= SEV["high"]
                if sev >= SEV["medium"]:
                    flagged.append((t, sev, label))

        rules = collections.Counter()
        for f in report.get("findings", []):
            r = f.get("rule", "")
            if r == "hardening/shadowing":
                rules["shadowing"] += 1
                rules["shadowing/" + f.get("title", "").rpartition(": ")[2]] += 1
            elif r == "hardening/secret":
                rules["secret"] += 1
            elif r == "residency/region-conflict":
                rules["region-conflict"] += 1
            elif r == "hardening/tool-poisoning" and SEV[f["severity"]] >= SEV["medium"]:
                rules["poisoning-medium+"] += 1
        noise.append((repo, rules))

    how = "by count (--counts)" if args.counts else "by name, from the " + (" and ".join(sorted(name_source)) or "report")
    print(f"\nTool recall per server, {how}: hand = tools in source, count = the report's hardening.servers[].tools under that path")
    print(f"{'repository':42} {'server':58} {'lang':10} {'hand':>5} {'count':>5} {'read':>5} {'recall':>7}")
    for repo, sc, lang, n, c, got in server_rows:
        print(f"{repo:42} {sc[-58:]:58} {lang:10} {n:5} {c:5} {got:5} {pct(got, n):>7}")
    per_repo = collections.OrderedDict()
    for repo, sc, lang, n, c, got in server_rows:
        a = per_repo.setdefault(repo, [0, 0, 0])
        a[0] += 1; a[1] += n; a[2] += got
    print(f"\n  {'per repository':42} {'servers':>7} {'tools':>6} {'read':>6} {'recall':>7} {'poisoned':>8} {'medium+':>7} {'high+':>5} {'benign':>6} {'medium+':>7} {'high+':>5}")
    for repo, (s, n, got) in per_repo.items():
        c = by_repo[repo]
        print(f"  {repo:42} {s:7} {n:6} {got:6} {pct(got, n):>7} {c['poisoned']:8} {c['p_med']:7} {c['p_high']:5} {c['benign']:6} {c['b_med']:7} {c['b_high']:5}")

    print("\nPoisoning recall by kind (a tool counts under each of its kinds):")
    print(f"  {'kind':28} {'tools':>5} {'medium+':>8} {'high+':>6}")
    for k in sorted(kinds):
        n, m, h = kinds[k]
        print(f"  {k:28} {n:5} {m:8} {h:6}")
    if misses:
        print("\nPoisoned tools without a finding at medium or above:")
        for t, sev, label in misses:
            got = {-1: "nothing", 0: "info", 1: "low"}[sev]
            print(f"  {t['repo']} {t['defined']} {t['tool']} [{t['kind']}]: {got}{' — ' + label if label else ''}")
    if flagged:
        print("\nBenign tools with a poisoning finding at medium or above:")
        for t, sev, label in flagged:
            sevname = [k for k, v in SEV.items() if v == sev][0]
            print(f"  {t['repo']} {t['defined']} {t['tool']}: {sevname} — {label}")
    if unread:
        by = collections.Counter((t["repo"], t["server"]) for t in unread)
        print(f"\nUnread tools: {len(unread)} in {len(by)} servers" + ("" if args.list else " (--list names them)"))
        if args.list:
            for t in unread:
                print(f"  {t['repo']} {t['defined']} {t['tool']}")

    print("\nOther noise per repository (counts of findings):")
    print(f"  {'repository':42} {'shadowing':>9} {'secret':>7} {'region-conflict':>15} {'poisoning medium+':>17}  shadowing kinds")
    for repo, r in noise:
        sk = ", ".join(f"{k.split('/', 1)[1]} {v}" for k, v in sorted(r.items()) if k.startswith("shadowing/"))
        print(f"  {repo:42} {r['shadowing']:9} {r['secret']:7} {r['region-conflict']:15} {r['poisoning-medium+']:17}  {sk}")

    print("\nTotals")
    print(f"  tool recall:       {tot['read']} of {tot['tools']} tools in {len(server_rows)} servers ({pct(tot['read'], tot['tools']).strip()})")
    rest = collections.Counter()
    for repo, c in by_repo.items():
        if repo != "dongsenzhang/MSB":
            rest.update(c)
    print(f"  poisoning recall:  {tot['p_med']} of {tot['poisoned']} poisoned tools at medium+ ({pct(tot['p_med'], tot['poisoned']).strip()}), {tot['p_high']} at high+ ({pct(tot['p_high'], tot['poisoned']).strip()})")
    print(f"    without MSB's preference and model-name variants: {rest['p_med']} of {rest['poisoned']} at medium+ ({pct(rest['p_med'], rest['poisoned']).strip()}), {rest['p_high']} at high+")
    print(f"  false positives:   {tot['b_med']} of {tot['benign']} benign tools at medium+ ({pct(tot['b_med'], tot['benign']).strip()}), {tot['b_high']} at high+ ({pct(tot['b_high'], tot['benign']).strip()}); {tot['b_any']} at low+")
    return 0


if __name__ == "__main__":
    sys.exit(main())
