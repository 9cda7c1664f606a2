package license

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// fakeLookup answers from a table and records what it was asked.
type fakeLookup struct {
	answers map[Query]Answer
	asked   []Query
}

func (f *fakeLookup) Licenses(_ context.Context, qs []Query) []Answer {
	out := make([]Answer, len(qs))
	for i, q := range qs {
		f.asked = append(f.asked, q)
		a, ok := f.answers[q]
		if !ok {
			a.Err = "not found"
		}
		a.Query = q
		out[i] = a
	}
	return out
}

// A lockfile without node_modules and a requirements file without a
// virtualenv leave their components unknown offline; online, the
// registries' answers resolve them with evidence naming the URL and the
// date, and the tree's own statements are never overridden or re-asked.
func TestOnlineLookup(t *testing.T) {
	fsys := fstest.MapFS{
		"package-lock.json": {Data: []byte(`{"name":"app","lockfileVersion":3,"packages":{
			"":{"name":"app","dependencies":{"ms":"^2.1.3","json-schema":"0.2.3","gone":"1.0.0"}},
			"node_modules/ms":{"version":"2.1.3"},
			"node_modules/json-schema":{"version":"0.2.3"},
			"node_modules/gone":{"version":"1.0.0"},
			"node_modules/known":{"version":"1.0.0","license":"ISC"}}}`)},
		"requirements.txt": {Data: []byte("requests==2.31.0\nhttpx\n")},
	}
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	mit := "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n"
	lookup := &fakeLookup{answers: map[Query]Answer{
		{vocab.NPM, "ms", "2.1.3"}:          {Declared: "MIT", Field: "license", URL: "https://registry.example/ms/2.1.3", Fetched: day},
		{vocab.NPM, "json-schema", "0.2.3"}: {Declared: "AFLv2.1 OR BSD", Field: "licenses", URL: "https://registry.example/json-schema/0.2.3", Fetched: day},
		{vocab.PyPI, "requests", "2.31.0"}: {Declared: "Apache 2.0", Field: "license", URL: "https://pypi.example/pypi/requests/2.31.0/json", Fetched: day,
			Classifiers: []string{"License :: OSI Approved :: Apache Software License"}},
		{vocab.PyPI, "httpx", ""}: {Text: []byte(mit), TextFile: "license", URL: "https://pypi.example/pypi/httpx/json", Fetched: day},
	}}
	inv, err := Collect(context.Background(), index(t, fsys), Options{Lookup: lookup})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Component{}
	for _, c := range inv.Components {
		got[c.Name] = c
	}
	for name, want := range map[string]string{"ms": "MIT", "requests": "Apache-2.0", "httpx": "MIT", "known": "ISC", "gone": ""} {
		if e := got[name].License.Expression; e != want {
			t.Errorf("%s: licence %q, want %q (evidence %+v)", name, e, want, got[name].License.Evidence)
		}
	}
	ev := got["ms"].License.Evidence
	if last := ev[len(ev)-1]; last.File != "https://registry.example/ms/2.1.3" || !strings.Contains(last.Note, "registry metadata, fetched 2026-12-02") {
		t.Errorf("ms evidence = %+v", ev)
	}
	if ev := got["httpx"].License.Evidence; !strings.Contains(ev[len(ev)-1].Note, "latest release") {
		t.Errorf("an unpinned component's evidence must say it is the latest release's: %+v", ev)
	}
	if ev := got["gone"].License.Evidence; !strings.Contains(ev[len(ev)-1].Note, "registry lookup failed: not found") {
		t.Errorf("a failed lookup must be in the evidence: %+v", ev)
	}
	for _, q := range lookup.asked {
		if q.Name == "known" || q.Name == "app" {
			t.Errorf("asked the registry for %v, which the tree resolves", q)
		}
	}
	// "AFLv2.1 OR BSD" is not an expression the aliases can read (BSD
	// names no single licence): unknown, with the registry's words in the
	// evidence, rather than a guess.
	js := got["json-schema"].License
	if js.Known() || js.Evidence[len(js.Evidence)-1].Value != "AFLv2.1 OR BSD" {
		t.Errorf("json-schema: %+v", js)
	}
}

// Offline (no Lookup), nothing is asked and unknown stays unknown.
func TestOfflineByDefault(t *testing.T) {
	fsys := fstest.MapFS{"requirements.txt": {Data: []byte("requests==2.31.0\n")}}
	inv, err := Collect(context.Background(), index(t, fsys), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Components) != 1 || inv.Components[0].License.Known() {
		t.Errorf("offline: %+v", inv.Components)
	}
}
