package license

import (
	"context"
	"os"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// The monorepo sample: workspace packages resolve from their own
// manifests, the project is the root component, and what is not the
// project's stays as it is.
func TestWorkspacesAndRoot(t *testing.T) {
	inv, err := Collect(context.Background(), index(t, os.DirFS("../testdata/monorepo")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Component{}
	for _, c := range inv.Components {
		got[c.Key()] = c
	}
	for _, w := range []struct{ key, workspace, license string }{
		{"npm:@acme/server-weather@0.4.1", "src/weather/package.json", Proprietary}, // SEE LICENSE IN LICENSE: the root's
		{"npm:@acme/server-notes@0.2.0", "src/notes/package.json", "MIT"},
		{"pypi:acme-py-core@0.3.0", "src/py-core/pyproject.toml", "Apache-2.0"},
	} {
		c, ok := got[w.key]
		if !ok || c.Workspace != w.workspace || c.License.Expression != w.license {
			t.Errorf("%s: workspace %q licence %q; want %q from %s (present: %v)", w.key, c.Workspace, c.License.Expression, w.license, w.workspace, ok)
		}
	}
	for _, key := range []string{"npm:left-pad@1.3.0", "npm:zod@3.25.76", "pypi:httpx@", "npm:@acme/telemetry@1.2.3"} {
		if c, ok := got[key]; !ok || c.Workspace != "" {
			t.Errorf("%s: present %v, workspace %q; want a dependency, not a workspace package", key, ok, c.Workspace)
		}
	}
	if r := inv.Root; r == nil || r.Ecosystem != vocab.NPM || r.Name != "@acme/agent-servers" || r.Version != "0.9.0" || r.License.Expression != Proprietary {
		t.Errorf("root = %+v; want npm @acme/agent-servers 0.9.0, proprietary", r)
	}
}

// A notice reserving all rights and granting none is proprietary; a
// licence that also says "All rights reserved" (BSD's copyright line) is
// that licence, and a grant keeps a text unknown rather than proprietary.
func TestAllRightsReserved(t *testing.T) {
	bsd, err := os.ReadFile("match/testdata/bsd-3-clause-qs.md") // qs's LICENSE.md: "All rights reserved." in its copyright line
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"Copyright (c) 2026 Acme Corp.\nAll rights reserved.\n", Proprietary},
		{"Copyright 2026 Acme Corp. All Rights Reserved. Confidential.", Proprietary},
		{string(bsd), "BSD-3-Clause"},
		{"Copyright 2026 Acme. All rights reserved. Permission is hereby granted to our customers to use this software.", ""},
		{"Copyright 2026 Acme.", ""},
	} {
		tm := matchText([]byte(c.text))
		got := ""
		if tm.expr != nil {
			got = tm.expr.String()
		}
		if got != c.want {
			t.Errorf("%.50q… read as %q, want %q", c.text, got, c.want)
		}
	}
}

// A project without a root manifest or licence file has no root; one with
// go.mod alone is named by its module and, with no licence file, unknown.
func TestProjectRoot(t *testing.T) {
	if r := projectRoot(index(t, fstest.MapFS{"src/main.py": {Data: []byte("print(1)\n")}})); r != nil {
		t.Errorf("no manifest, no licence: root %+v, want none", r)
	}
	r := projectRoot(index(t, fstest.MapFS{"go.mod": {Data: []byte("module github.com/acme/gw\n\ngo 1.24\n")}}))
	if r == nil || r.Ecosystem != vocab.Golang || r.Name != "github.com/acme/gw" || len(r.LicenseFiles) != 0 {
		t.Errorf("go.mod alone: root %+v", r)
	}
}

// After a registry lookup, a module the cache lacks but the proxy
// answered is no longer reported missing; one still unknown is.
func TestUncachedAfterLookup(t *testing.T) {
	miss := func(mod string) cacheMiss { return cacheMiss{file: "go.mod", mod: mod} }
	cs := []Component{
		{Ecosystem: vocab.Golang, Name: "a", Version: "v1.0.0", uncached: miss("a@v1.0.0"), License: Resolution{Expression: "MIT"}},
		{Ecosystem: vocab.Golang, Name: "b", Version: "v1.0.0", uncached: miss("b@v1.0.0")},
	}
	ws := []project.Warning{uncachedWarning("go.mod", []string{"a@v1.0.0", "b@v1.0.0"}), project.Warnf(project.Position{File: "go.mod", Line: 3}, "something else")}
	got := uncachedAfterLookup(ws, cs)
	if len(got) != 2 || got[0].Message != uncachedWarning("go.mod", []string{"b@v1.0.0"}).Message || got[1].Message != "something else" {
		t.Errorf("one module answered: %v", got)
	}
	cs[1].License.Expression = "Apache-2.0"
	if got := uncachedAfterLookup(ws, cs); len(got) != 1 || got[0].Message != "something else" {
		t.Errorf("every module answered: %v", got)
	}
}
