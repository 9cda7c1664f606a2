package policy

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/residency"
)

// testDirs are the folder names init proposes to exclude: tests,
// examples and fixtures, which the product does not ship.
var testDirs = []string{"test", "tests", "__tests__", "testdata", "fixtures", "__fixtures__", "example", "examples", "e2e", "samples"}

// Init writes a commented starter policy for the project a report
// describes: the uses and market to choose, the fail_on defaults spelled
// out, the test, example and fixture folders the report names as exclude
// suggestions, the project's own package as first party, the providers,
// processing geographies and guarantees the scan found as a residency
// allow list to review (the doubtful ones commented out), and commented
// examples of licences and of a waiver. It validates against the schema;
// mcp-comply init writes it to FileName.
func Init(r *compliance.Report) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	name := r.Inputs.Source.Name
	if name == "" {
		name = r.Inputs.Source.Path
	}
	p("# mcp-comply.yaml: the policy `mcp-comply check` judges %s by.\n", oneLine(name))
	p("# Written by mcp-comply init from a scan; review every value. Each key is\n")
	p("# optional, and an absent key keeps its default. The keys are described\n")
	p("# in the policy's JSON Schema (policy/schema.json of mcp-comply).\n\n")

	p("# How the product is used or sold: internal, saas, whitelabel, distribute,\n")
	p("# modify. Keep the uses you plan; each one is judged. --use overrides it.\n")
	p("intended_uses: [%s]\n\n", strings.Join(useNames(r.Inputs.Uses, compliance.Uses), ", "))
	p("# Where the product is sold: eu, us or global. --market overrides it.\n")
	p("market: %s\n\n", orDefault(string(r.Inputs.Market), "global"))

	p("# What fails the gate (mcp-comply check exits 3). These are the defaults.\n")
	p("fail_on:\n")
	p("  # Licence verdicts that fail, for every use; or per use, e.g.\n")
	p("  # {distribute: [prohibited, conditional, unknown]}.\n")
	p("  verdicts: [prohibited, unknown]\n")
	p("  # Every other finding at or above this severity fails (critical, high,\n")
	p("  # medium, low, info, none).\n")
	p("  severity: high\n")
	p("  # A licence not identified, an input not read: when unsure, not allowed.\n")
	p("  could_not_evaluate: true\n\n")

	p("# Licences allowed and denied, by SPDX id and by category (permissive,\n")
	p("# weak-copyleft, strong-copyleft, network-copyleft, source-available,\n")
	p("# fair-code, commercial, non-commercial, unknown). For example:\n")
	p("# licenses:\n")
	p("#   allow:\n")
	p("#     categories: [permissive, weak-copyleft]\n")
	p("#   deny:\n")
	p("#     ids: [AGPL-3.0-only, SSPL-1.0]\n\n")

	if res := r.Residency; res != nil && len(res.Endpoints) > 0 {
		var guarantees []compliance.Guarantee
		var geos, providers []string
		for _, e := range res.Endpoints {
			if !slices.Contains(guarantees, e.Guarantee) {
				guarantees = append(guarantees, e.Guarantee)
			}
			if !slices.Contains(providers, e.Provider) {
				providers = append(providers, e.Provider)
			}
			for _, g := range geographies(e.Processing) {
				if !slices.Contains(geos, g) {
					geos = append(geos, g)
				}
			}
		}
		slices.SortFunc(guarantees, func(a, b compliance.Guarantee) int { return a.Rank() - b.Rank() })
		slices.Sort(geos)
		slices.Sort(providers)
		p("# Where the data may go: what the scan found, to review. An endpoint\n")
		p("# outside a list fails; remove what you do not accept. The doubtful\n")
		p("# values are commented out: where the data goes is not established, or\n")
		p("# goes without an adequacy decision.\n")
		p("residency:\n")
		yamlList(&b, "guarantees", typedStrings(guarantees), func(g string) bool {
			return g == string(compliance.UnknownGuarantee) || g == string(compliance.GlobalUnspecified) || g == string(compliance.NoAdequacy)
		})
		cat := residency.Default()
		yamlList(&b, "geographies", geos, func(g string) bool {
			p := cat.Place(g)
			return !p.Local && !p.Adequate && !p.Partial // unknown, global, no adequacy decision
		})
		yamlList(&b, "providers", providers, func(string) bool { return false })
		p("\n")
	}

	p("# Path globs kept out of the analysis: tests, examples, fixtures. **\n")
	p("# is any number of folders; a name without a slash matches at any depth.\n")
	proposed(&b, "exclude", seenDirs(r), "The folders below are the ones the scan saw.", "[test, examples, fixtures]")
	p("# The project's own packages and images (name, purl or image; * matches\n")
	p("# anything): judged as the project's own code.\n")
	proposed(&b, "first_party", firstParty(r), "", `[my-package, "ghcr.io/my-org/*"]`)
	p("# Licences to set where a component's metadata is wrong or missing:\n")
	p("# license_overrides:\n")
	p("#   - component: pkg:npm/some-package@1.2.3\n")
	p("#     license: MIT\n")
	p("#     reason: its package.json states none; its LICENSE file is MIT\n")
	p("#     evidence: https://github.com/some-org/some-package/blob/v1.2.3/LICENSE\n\n")

	p("# The bounds of a scan, here at their defaults; a flag given on the\n")
	p("# command line wins (--max-file-size …). A file past a bound is a warning.\n")
	p("# limits:\n")
	p("#   max_file_size: %d     # MiB, a data file (lockfile, config, export)\n", project.MaxFileSize>>20)
	p("#   max_source_size: %d    # MiB, a source file\n", project.MaxSourceSize>>20)
	p("#   max_files: %d\n", project.DefaultMaxFiles)
	p("#   max_depth: %d       # JSON, YAML and TOML nesting\n", tree.DefaultMaxDepth)
	p("#   max_nodes: %d    # values of one data file\n", tree.DefaultMaxNodes)
	p("#   history_limit: 0     # with --rev: the newest N commits; 0 all\n")
	p("#   timeout: 0           # 90s, 5m, 1h30m; 0 no limit\n\n")

	p("# Findings accepted for a while: each names rule: (with component:, path:,\n")
	p("# use:) or finding: (a fingerprint); reason, owner and expires are\n")
	p("# required. An expired waiver fails the gate. For example:\n")
	ex := exampleWaiver(r)
	p("waivers: []\n")
	for _, line := range ex {
		p("# %s\n", line)
	}
	return b.Bytes()
}

// proposed writes a top-level list of what the scan found, or, when it
// found nothing, the key commented out with an example; a blank line
// follows.
func proposed(b *bytes.Buffer, key string, values []string, note, example string) {
	if len(values) == 0 {
		fmt.Fprintf(b, "# %s: %s\n\n", key, example)
		return
	}
	if note != "" {
		fmt.Fprintf(b, "# %s\n", note)
	}
	fmt.Fprintf(b, "%s:\n", key)
	for _, v := range values {
		fmt.Fprintf(b, "  - %s\n", strconv.Quote(v))
	}
	b.WriteString("\n")
}

// yamlList writes a residency list, the doubtful values commented out
// (an empty list when all are).
func yamlList(b *bytes.Buffer, key string, values []string, doubtful func(string) bool) {
	var keep, drop []string
	for _, v := range values {
		if doubtful(v) {
			drop = append(drop, v)
		} else {
			keep = append(keep, v)
		}
	}
	if len(keep) == 0 {
		fmt.Fprintf(b, "  %s: []\n", key)
	} else {
		fmt.Fprintf(b, "  %s:\n", key)
	}
	for _, v := range values {
		if doubtful(v) {
			fmt.Fprintf(b, "    # - %s\n", strconv.Quote(v))
		} else {
			fmt.Fprintf(b, "    - %s\n", strconv.Quote(v))
		}
	}
}

func typedStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// oneLine keeps a name on the comment line it is written in.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

func useNames(uses, all []compliance.Use) []string {
	if len(uses) == 0 {
		uses = all
	}
	out := make([]string, len(uses))
	for i, u := range uses {
		out[i] = string(u)
	}
	return out
}

// geographies splits a processing geography into the values the
// residency policy lists: "DE (eu-central-1)" is DE, "EEA+CH" is EEA and CH.
func geographies(processing string) []string {
	g, _, _ := strings.Cut(processing, " (")
	g = strings.TrimSpace(g)
	if g == "" {
		return []string{"unknown"}
	}
	return strings.Split(g, "+")
}

// seenDirs are the test, example and fixture folders of the files the
// report names, outside vendored trees.
func seenDirs(r *compliance.Report) []string {
	var files []string
	for _, c := range r.Inventory.Components {
		for _, l := range c.Locations {
			files = append(files, l.File)
		}
	}
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			files = append(files, e.File)
		}
	}
	for _, w := range r.Warnings {
		files = append(files, w.File)
	}
	if res := r.Residency; res != nil {
		for _, e := range res.Endpoints {
			for _, ev := range e.Evidence {
				files = append(files, ev.File)
			}
		}
	}
	var dirs []string
	for _, f := range files {
		parts := strings.Split(path.Dir(f), "/")
		for i, s := range parts {
			if s == "node_modules" || s == "vendor" || s == "site-packages" || s == ".venv" {
				break
			}
			if slices.Contains(testDirs, strings.ToLower(s)) {
				d := strings.Join(parts[:i+1], "/")
				if !slices.Contains(dirs, d) {
					dirs = append(dirs, d)
				}
				break
			}
		}
	}
	slices.Sort(dirs)
	return dirs
}

// firstParty proposes the project's own package, and the components of
// its npm scope.
func firstParty(r *compliance.Report) []string {
	own := r.Inputs.Source.Name
	if own == "" || strings.ContainsAny(own, " \t") {
		return nil
	}
	out := []string{own}
	if scope, _, ok := strings.Cut(own, "/"); ok && strings.HasPrefix(scope, "@") {
		for _, c := range r.Inventory.Components {
			if c.Ecosystem == compliance.NPM && strings.HasPrefix(c.Name, scope+"/") {
				out = []string{scope + "/*"}
				break
			}
		}
	}
	return out
}

// exampleWaiver is a commented waiver for the report's first failing
// licence verdict, else its first finding, else a made-up one.
func exampleWaiver(r *compliance.Report) []string {
	lines := []string{"waivers:"}
	var f *compliance.Finding
	for i := range r.Findings {
		if r.Findings[i].Rule == "license/use-prohibited" {
			f = &r.Findings[i]
			break
		}
	}
	if f == nil && len(r.Findings) > 0 {
		f = &r.Findings[0]
	}
	switch {
	case f == nil:
		lines = append(lines, "  - rule: hardening/secret", "    path: tests/fixtures/**")
	case len(f.Uses) > 0:
		subject, _, _ := strings.Cut(f.Subject, ":")
		if strings.Count(f.Subject, ":") > 1 || strings.Contains(f.Subject, "@") {
			subject = f.Subject
		}
		lines = append(lines, "  - rule: "+f.Rule, "    component: "+strconv.Quote(subject), "    use: "+string(f.Uses[0]))
	default:
		lines = append(lines, "  - finding: "+f.Fingerprint+"   # "+oneLine(f.Title))
	}
	return append(lines, "    reason: why it is acceptable (a contract, a decision, a ticket)",
		"    owner: who answers for it (a person or a team)",
		"    expires: 2027-06-30   # the last day it holds")
}
