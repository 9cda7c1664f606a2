package match

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/google/licensecheck"
)

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// found is a match without its offsets, for comparing results.
type found struct {
	ID   string
	Kind Kind
}

func lic(id string) found    { return found{id, License} }
func notice(id string) found { return found{id, Notice} }

func foundOf(r Result) []found {
	var fs []found
	for _, m := range r.Matches {
		fs = append(fs, found{m.ID, m.Kind})
	}
	return fs
}

// reflow joins a text's lines and wraps it again at width columns, with
// ASCII quotes: the shape of a licence pasted into a README or a docstring.
func reflow(s string, width int) string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "’", "'").Replace(s)
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(s) {
		if col > 0 && col+1+len(w) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// replace edits a fixture and fails if the edit does not apply, so a
// variant test cannot silently test the original text.
func replace(old, new string) func(testing.TB, string) string {
	return func(t testing.TB, s string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("fixture does not contain %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func TestScan(t *testing.T) {
	sulBody := func(t testing.TB, s string) string {
		i := strings.Index(s, "## Sustainable Use License")
		if i < 0 {
			t.Fatal("no SUL heading in fixture")
		}
		return s[i:]
	}
	tests := []struct {
		name   string
		file   string                          // under testdata
		text   string                          // used when file is empty
		edit   func(testing.TB, string) string // derives a variant, if set
		want   []found
		minCov float64
		maxCov float64 // 0 means 100
	}{
		{
			name: "n8n LICENSE.md: .ee. notice then SUL",
			file: "n8n-LICENSE.md",
			want: []found{notice("notice-n8n-ee"), lic("SUL-1.0")},
			// The preamble is a notice, not licence text, so it is not covered.
			minCov: 80, maxCov: 90,
		},
		{
			name:   "n8n LICENSE_EE.md",
			file:   "n8n-LICENSE_EE.md",
			want:   []found{lic("LicenseRef-n8n-enterprise")},
			minCov: 99,
		},
		{
			name:   "SUL variant: limitations and conditions below",
			file:   "n8n-LICENSE.md",
			edit:   replace("subject\nto the limitations below.", "subject\nto the limitations and conditions below."),
			want:   []found{notice("notice-n8n-ee"), lic("SUL-1.0")},
			minCov: 80,
		},
		{
			name:   "SUL variant: licensor named",
			file:   "n8n-LICENSE.md",
			edit:   replace("The “licensor” is the entity offering these terms.", "The “licensor” is Example Automation GmbH, Berlin."),
			want:   []found{notice("notice-n8n-ee"), lic("SUL-1.0")},
			minCov: 80,
		},
		{
			name: "SUL body reflowed with ASCII quotes",
			file: "n8n-LICENSE.md",
			edit: func(t testing.TB, s string) string {
				return reflow(sulBody(t, s), 72)
			},
			want:   []found{lic("SUL-1.0")},
			minCov: 99,
		},
		{
			name: "SUL without its distribution limit is not SUL",
			file: "n8n-LICENSE.md",
			edit: replace("You may distribute the software or provide it to others only if you do so free of charge for\nnon-commercial purposes. ", ""),
			want: []found{notice("notice-n8n-ee")},
		},
		{
			name:   "Flowise LICENSE.md: enterprise notice then Apache-2.0",
			file:   "flowise-LICENSE.md",
			want:   []found{notice("notice-flowise-enterprise"), lic("Apache-2.0")},
			minCov: 85, maxCov: 95,
		},
		{
			name:   "Flowise enterprise LICENSE.md",
			file:   "flowise-enterprise-LICENSE.md",
			want:   []found{lic("LicenseRef-flowise-commercial")},
			minCov: 99,
		},
		{
			name:   "Activepieces LICENSE: ee notice then MIT",
			file:   "activepieces-LICENSE.txt",
			want:   []found{notice("notice-activepieces-ee"), lic("MIT")},
			minCov: 60,
		},
		{
			name:   "Activepieces packages/ee/LICENSE",
			file:   "activepieces-ee-LICENSE.txt",
			want:   []found{lic("LicenseRef-activepieces-enterprise")},
			minCov: 99,
		},
		{
			name:   "Dify LICENSE 2023 wording",
			file:   "dify-2023.txt",
			want:   []found{lic("LicenseRef-dify-open-source"), lic("Apache-2.0")},
			minCov: 99,
		},
		{
			name:   "Dify LICENSE 2024 wording",
			file:   "dify-2024.txt",
			want:   []found{lic("LicenseRef-dify-open-source"), lic("Apache-2.0")},
			minCov: 99,
		},
		{
			name:   "Dify conditions 2025 wording",
			file:   "dify-2025.txt",
			want:   []found{lic("LicenseRef-dify-open-source")},
			minCov: 99,
		},
		{
			name:   "BUSL-1.1 with HashiCorp's parameters",
			file:   "busl-hashicorp-terraform.txt",
			want:   []found{lic("BUSL-1.1")},
			minCov: 99,
		},
		{
			name:   "BUSL-1.1 without the parameter block",
			file:   "busl-hashicorp-terraform.txt",
			edit:   func(t testing.TB, s string) string { return s[strings.Index(s, "Terms\n"):] },
			want:   []found{lic("BUSL-1.1")},
			minCov: 99,
		},
		{
			name:   "FSL-1.1 Apache 2.0 Future License (Sentry)",
			file:   "fsl-alv2-sentry.md",
			want:   []found{lic("FSL-1.1-ALv2")},
			minCov: 99,
		},
		{
			name:   "FSL-1.1-MIT",
			file:   "fsl-mit-spdx.md",
			want:   []found{lic("FSL-1.1-MIT")},
			minCov: 99,
		},
		{
			name:   "Elastic-2.0",
			file:   "elastic-2.0-spdx.txt",
			want:   []found{lic("Elastic-2.0")},
			minCov: 99,
		},
		// licensecheck pulls a match back to the nearest Copyright line but
		// not to a title above it, so "(The MIT License)" stays uncovered.
		{
			name:   "MIT (express)",
			file:   "mit-express.txt",
			want:   []found{lic("MIT")},
			minCov: 95,
		},
		{
			name:   "MIT reflowed with ASCII quotes (chokidar)",
			file:   "mit-chokidar.txt",
			edit:   func(_ testing.TB, s string) string { return reflow(s, 50) },
			want:   []found{lic("MIT")},
			minCov: 95,
		},
		{
			name:   "ISC",
			file:   "isc-json-schema-to-zod.txt",
			want:   []found{lic("ISC")},
			minCov: 99,
		},
		{
			name:   "Apache-2.0 notice",
			file:   "apache-2.0-axios-retry.txt",
			want:   []found{lic("Apache-2.0")},
			minCov: 99,
		},
		{
			// The relicensing preamble (about 10% of the words) is not
			// licence text, so it stays uncovered.
			name:   "MCP servers LICENSE: preamble, Apache-2.0 with \"submitted to the Licensor\", MIT, CC-BY-4.0",
			file:   "apache-2.0-mcp-servers.txt",
			want:   []found{lic("Apache-2.0"), lic("MIT"), lic("CC-BY-4.0")},
			minCov: 85, maxCov: 95,
		},
		{
			name:   "Apache-2.0 with \"submitted to the Licensor\" (Flowise's text edited)",
			file:   "flowise-LICENSE.md",
			edit:   replace("submitted to Licensor for", "submitted to the Licensor for"),
			want:   []found{notice("notice-flowise-enterprise"), lic("Apache-2.0")},
			minCov: 80,
		},
		{
			// A restriction written into a clause breaks the match: the
			// variants make only wording optional, never a term.
			name: "Apache-2.0 with a restriction inside the copyright grant is not Apache-2.0",
			file: "flowise-LICENSE.md",
			edit: replace("Object form.", "Object form, for non-commercial purposes only."),
			want: []found{notice("notice-flowise-enterprise")},
		},
		{
			name:   "Apache-2.0 with a word of the grant dropped is not Apache-2.0",
			file:   "apache-2.0-mcp-servers.txt",
			edit:   replace("royalty-free, irrevocable\n", "royalty-free,\n"),
			want:   []found{lic("MIT"), lic("CC-BY-4.0")},
			maxCov: 15,
		},
		{
			// An added section after the terms is uncovered: Coverage says
			// the rest of the file is something else.
			name: "Apache-2.0 with a restriction appended stays below full coverage",
			file: "apache-2.0-mcp-servers.txt",
			edit: func(t testing.TB, s string) string {
				s = s[strings.Index(s, "---\n")+4 : strings.Index(s, "END OF TERMS")]
				return s + "10. Field of use. You may not use the Work to provide a hosted or managed service to third parties, nor offer it as a competing product.\n"
			},
			want:   []found{lic("Apache-2.0")},
			minCov: 95, maxCov: 99.5,
		},
		{
			name:   "BSD-3-Clause",
			file:   "bsd-3-clause-qs.md",
			want:   []found{lic("BSD-3-Clause")},
			minCov: 95,
		},
		{
			name:   "BSD-2-Clause",
			file:   "bsd-2-clause-dingbat-to-unicode.txt",
			want:   []found{lic("BSD-2-Clause")},
			minCov: 99,
		},
		{
			name:   "LGPL-3.0 text without a header is LGPL-3.0-only",
			file:   "lgpl-3.0-utilium.md",
			want:   []found{lic("LGPL-3.0-only")},
			minCov: 99,
		},
		{
			// passport-local@1.0.0 package.json (flowise@3.1.4 tree).
			name:   "licence URL",
			text:   "  \"licenses\": [\n    {\n      \"type\": \"MIT\",\n      \"url\": \"http://www.opensource.org/licenses/MIT\"\n    }\n  ],\n",
			want:   []found{lic("MIT")},
			maxCov: 80,
		},
		{
			// A Go file header from a public BUSL-1.1 project (fluxrig).
			name:   "BUSL-1.1 URL in a file header",
			text:   "// Licensed under the Business Source License 1.1 (BSL-1.1).\n// See https://mariadb.com/bsl11/ for the full license text.\n",
			want:   []found{lic("BUSL-1.1")},
			maxCov: 50,
		},
		{
			name: "README that mentions MIT",
			file: "readme-chokidar-license-section.md",
		},
		{
			name: "proprietary EULA",
			file: "eula-myfulcrum.txt",
		},
		{
			name: "source-available licence borrowing Elastic terms",
			file: "spsl-sprintlab.md",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if tt.file != "" {
				text = fixture(t, tt.file)
			}
			if tt.edit != nil {
				text = tt.edit(t, text)
			}
			r := Scan([]byte(text))
			if got := foundOf(r); !slices.Equal(got, tt.want) {
				t.Fatalf("Scan(%s) = %v, want %v", tt.file, got, tt.want)
			}
			maxCov := tt.maxCov
			if maxCov == 0 {
				maxCov = 100
			}
			if r.Coverage < tt.minCov || r.Coverage > maxCov {
				t.Errorf("Coverage = %.2f, want %v..%v", r.Coverage, tt.minCov, maxCov)
			}
			checkOffsets(t, text, r)
		})
	}
}

// checkOffsets asserts the invariants every Result keeps.
func checkOffsets(t testing.TB, text string, r Result) {
	t.Helper()
	end := 0
	for _, m := range r.Matches {
		if m.Start < end || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("match %+v out of order or out of range (text %d bytes, previous end %d)", m, len(text), end)
		}
		end = m.End
	}
	if r.Coverage < 0 || r.Coverage > 100 {
		t.Fatalf("Coverage = %v, want 0..100", r.Coverage)
	}
}

func TestScanNoText(t *testing.T) {
	for _, tt := range []struct {
		name string
		text []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
		{"whitespace", []byte(" \n\t\n")},
		{"punctuation", []byte("----------\n***\n")},
		{"binary", []byte{0xff, 0xfe, 0x00, 0x01, 0x80, 0xc3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if r := Scan(tt.text); len(r.Matches) != 0 || r.Coverage != 0 {
				t.Errorf("Scan(%q) = %+v, want no match and no coverage", tt.text, r)
			}
		})
	}
}

func TestScanMatchOffsets(t *testing.T) {
	// The notice ends where the SUL heading begins; the resolver quotes
	// text[Start:End] as evidence.
	text := fixture(t, "n8n-LICENSE.md")
	r := Scan([]byte(text))
	if len(r.Matches) != 2 {
		t.Fatalf("got %d matches, want 2", len(r.Matches))
	}
	if got := text[r.Matches[0].Start:r.Matches[0].End]; !strings.HasPrefix(got, "# License") || !strings.HasSuffix(strings.TrimSpace(got), "as defined below.") {
		t.Errorf("notice match = %q…", got[:min(len(got), 40)])
	}
	if got := text[r.Matches[1].Start:]; !strings.HasPrefix(got, "## Sustainable Use License") {
		t.Errorf("licence match starts at %q…", got[:min(len(got), 40)])
	}
	if r.Matches[1].End != len(text) {
		t.Errorf("licence match ends at %d, want %d", r.Matches[1].End, len(text))
	}
}

func TestScanConcurrent(t *testing.T) {
	files := []string{"n8n-LICENSE.md", "flowise-LICENSE.md", "dify-2024.txt", "mit-express.txt", "eula-myfulcrum.txt"}
	want := make(map[string][]Match)
	for _, f := range files {
		want[f] = Scan([]byte(fixture(t, f))).Matches
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(files))
	for range 8 {
		for _, f := range files {
			text := []byte(fixture(t, f))
			wg.Go(func() {
				if got := Scan(text).Matches; !slices.Equal(got, want[f]) {
					errs <- f
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for f := range errs {
		t.Errorf("concurrent Scan(%s) differs from sequential Scan", f)
	}
}

func TestIDs(t *testing.T) {
	ids := IDs()
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatalf("IDs() not sorted and unique: %v", ids)
	}
	for _, id := range ids {
		switch {
		case kindOf(id) == Notice:
		case strings.HasPrefix(id, "LicenseRef-"):
		case id == "Commons-Clause": // a rider without an SPDX id, see spdx
		default:
			if ok, _ := spdxexp.ActiveLicense(id); !ok {
				t.Errorf("%s is neither an active SPDX id, a LicenseRef- nor a notice-", id)
			}
		}
	}
	for _, id := range []string{"SUL-1.0", "notice-n8n-ee", "LicenseRef-n8n-enterprise", "BUSL-1.1", "Elastic-2.0", "GPL-3.0-only", "Commons-Clause"} {
		if !slices.Contains(ids, id) {
			t.Errorf("IDs() lacks %s", id)
		}
	}
	for _, id := range []string{"GPL-3.0", "AGPL-3.0", "CommonsClause"} {
		if slices.Contains(ids, id) {
			t.Errorf("IDs() has the unnormalised id %s", id)
		}
	}
}

func TestCuratedExist(t *testing.T) {
	// A typo in curated would silently drop a licence.
	builtin := make(map[string]bool)
	for _, l := range licensecheck.BuiltinLicenses() {
		builtin[l.ID] = true
	}
	for id := range curated {
		if !builtin[id] {
			t.Errorf("curated id %s is not a licensecheck built-in", id)
		}
	}
	for from := range spdx {
		if !curated[from] {
			t.Errorf("spdx maps %s, which is not curated", from)
		}
	}
}

func TestVariants(t *testing.T) {
	// Each variant applies to its built-in exactly once (a licensecheck
	// upgrade that rewords the pattern fails here, not silently), and the
	// real copy it was made for matches.
	builtin := make(map[string]string)
	for _, l := range licensecheck.BuiltinLicenses() {
		if l.LRE != "" {
			builtin[l.ID] = l.LRE
		}
	}
	for _, v := range variants {
		t.Run(v.id+" "+v.sample, func(t *testing.T) {
			if !curated[v.id] {
				t.Fatalf("%s is not curated", v.id)
			}
			if n := strings.Count(builtin[v.id], v.old); n != 1 {
				t.Fatalf("%q occurs %d times in the %s pattern, want 1", v.old, n, v.id)
			}
			if got := foundOf(Scan([]byte(fixture(t, v.sample)))); !slices.Contains(got, lic(v.id)) {
				t.Errorf("Scan(%s) = %v, want %s among them", v.sample, got, v.id)
			}
		})
	}
}

var (
	sourceLine  = regexp.MustCompile(`(?m)^Source: \S`)
	checkedLine = regexp.MustCompile(`(?m)^Checked: (\d{4}-\d{2}-\d{2})$`)
)

func TestTemplatesDocumented(t *testing.T) {
	// Every embedded text says where it comes from and when it was checked.
	ts := templates()
	if len(ts) == 0 {
		t.Fatal("no templates embedded")
	}
	for _, tp := range ts {
		t.Run(tp.id, func(t *testing.T) {
			head, _, ok := strings.Cut(tp.lre, "**//")
			if !ok || !strings.HasPrefix(tp.lre, "//**") {
				t.Fatal("no header comment")
			}
			if !sourceLine.MatchString(head) {
				t.Error("header has no Source: line")
			}
			m := checkedLine.FindStringSubmatch(head)
			if m == nil {
				t.Fatal("header has no Checked: YYYY-MM-DD line")
			}
			if _, err := time.Parse(time.DateOnly, m[1]); err != nil {
				t.Errorf("Checked date: %v", err)
			}
		})
	}
}

func FuzzScan(f *testing.F) {
	for _, name := range []string{"n8n-LICENSE.md", "dify-2024.txt", "busl-hashicorp-terraform.txt", "mit-express.txt"} {
		f.Add([]byte(fixture(f, name)))
	}
	f.Add([]byte("http://www.opensource.org/licenses/mit"))
	f.Fuzz(func(t *testing.T, text []byte) {
		checkOffsets(t, string(text), Scan(text))
	})
}

func BenchmarkBuild(b *testing.B) {
	catalog() // selecting the built-ins is not part of compiling them
	for b.Loop() {
		if _, err := build(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanN8nLicense(b *testing.B) {
	text := []byte(fixture(b, "n8n-LICENSE.md"))
	Scan(text) // build outside the timed loop
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text)
	}
}
