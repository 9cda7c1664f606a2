package kb

import (
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/semver"
)

// TestEnginesPresent checks that every engine the scanner must recognise is
// in the catalogue with a name and a licence.
func TestEnginesPresent(t *testing.T) {
	b := Default()
	for _, id := range []string{
		"n8n", "flowise", "langflow", "dify", "node-red", "activepieces", "windmill",
		"langchain", "langgraph", "crewai", "autogen", "ollama", "qdrant",
	} {
		t.Run(id, func(t *testing.T) {
			e, ok := b.Engine(id)
			if !ok {
				t.Fatalf("engine %q is missing from data/engines.yaml", id)
			}
			if e.Name == "" || len(e.Licenses) == 0 {
				t.Errorf("engine %q needs a name and at least one licence", id)
			}
			if len(e.NPM)+len(e.PyPI)+len(e.Images) == 0 {
				t.Errorf("engine %q has no npm, pypi or image name to be recognised by", id)
			}
		})
	}
}

// TestCatalogueLicenseAt pins the licence a user is told for real releases.
func TestCatalogueLicenseAt(t *testing.T) {
	b := Default()
	tests := []struct {
		name, engine, version string
		want                  string // expression; "" means no answer
		from                  string // tells apart entries with the same expression
	}{
		{"n8n with Commons Clause", "n8n", "0.73.1", "Apache-2.0 WITH Commons-Clause", ""},
		{"n8n last before the change", "n8n", "0.168.2", "Apache-2.0 WITH Commons-Clause", ""},
		{"n8n first under SUL", "n8n", "0.169.0", "SUL-1.0", "0.169.0"},
		{"n8n 1.x", "n8n", "1.123.5", "SUL-1.0", "0.169.0"},
		{"n8n installed in the corpus", "n8n", "2.8.4", "SUL-1.0", "0.169.0"},
		{"n8n v-prefixed tag", "n8n", "v2.8.4", "SUL-1.0", "0.169.0"},
		{"n8n image tag latest", "n8n", "latest", "", ""},
		{"flowise first release", "flowise", "1.0.0", "MIT", ""},
		{"flowise last MIT", "flowise", "1.3.4", "MIT", ""},
		{"flowise during the terms window", "flowise", "1.4.0", "", ""},
		{"flowise last ambiguous", "flowise", "1.6.0", "", ""},
		{"flowise plain Apache", "flowise", "2.2.8", "Apache-2.0", "1.6.1"},
		{"flowise 3.0.0 before the carve-out", "flowise", "3.0.0", "Apache-2.0", "1.6.1"},
		{"flowise carve-out", "flowise", "3.0.1", "Apache-2.0", "3.0.1"},
		{"flowise installed in the corpus", "flowise", "3.1.4", "Apache-2.0", "3.0.1"},
		{"single licence, any version", "langflow", "1.4.3", "MIT", ""},
		{"PEP 440 version is not semver", "autogen", "0.4.0.dev2", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := b.Engine(tt.engine)
			if !ok {
				t.Fatalf("engine %q missing", tt.engine)
			}
			got, ok := e.LicenseAt(tt.version)
			if tt.want == "" {
				if ok {
					t.Fatalf("LicenseAt(%q) = %q, want no answer", tt.version, got.Expression)
				}
				return
			}
			if !ok || got.Expression != tt.want || got.From != tt.from {
				t.Fatalf("LicenseAt(%q) = %q (from %q), %v; want %q (from %q)",
					tt.version, got.Expression, got.From, ok, tt.want, tt.from)
			}
		})
	}
}

// TestLicenseAt covers the range rules: from inclusive, before exclusive,
// semver order, overlaps and open ends.
func TestLicenseAt(t *testing.T) {
	e := Engine{ID: "x", Licenses: []VersionedLicense{
		{Expression: "A", Before: "1.0.0"},
		{Expression: "B", From: "1.0.0", Before: "2.0"},
		{Expression: "C", From: "2.0", Before: "3.0.0"},
		{Expression: "D", From: "2.5.0", Before: "3.0.0"},
		{Expression: "E", From: "3.0.0"},
	}}
	tests := []struct{ version, want string }{
		{"0.1.0", "A"},
		{"0.99.99", "A"},
		{"1.0.0-rc.1", "A"}, // a pre-release sorts before its release
		{"1.0.0", "B"},
		{"1.10.0", "B"}, // numeric, not lexical, order
		{"v1.9.9", "B"},
		{"2.0.0", "C"},
		{"2.4.9", "C"},
		{"2.5.0", ""}, // C and D overlap: unknown
		{"3.0.0", "E"},
		{"12.0.0", "E"},
		{" 3.1.0 ", "E"},
		{"", ""},
		{"latest", ""},
		{"1.2.3.4", ""},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			got, ok := e.LicenseAt(tt.version)
			if ok != (tt.want != "") || got.Expression != tt.want {
				t.Fatalf("LicenseAt(%q) = %q, %v; want %q", tt.version, got.Expression, ok, tt.want)
			}
		})
	}

	t.Run("single unbounded entry covers every version", func(t *testing.T) {
		one := Engine{Licenses: []VersionedLicense{{Expression: "MIT"}}}
		for _, v := range []string{"0.0.1", "1.0.0", "99.0.0-beta"} {
			if got, ok := one.LicenseAt(v); !ok || got.Expression != "MIT" {
				t.Errorf("LicenseAt(%q) = %q, %v; want MIT", v, got.Expression, ok)
			}
		}
	})
}

// TestEngineLicenseRanges checks what LicenseAt and Current rely on in the
// data: bounds are semver, ranges are not empty, exactly one entry is open
// at the top, dates are real and in order, overlaps are explained.
func TestEngineLicenseRanges(t *testing.T) {
	today := time.Now().Format(time.DateOnly)
	for _, e := range Default().Engines {
		t.Run(e.ID, func(t *testing.T) {
			open := 0
			lastSince := ""
			for i, l := range e.Licenses {
				for _, bound := range []string{l.From, l.Before} {
					if bound != "" && canonical(bound) == "" {
						t.Errorf("licence %d: bound %q is not a semantic version", i, bound)
					}
				}
				if l.From != "" && l.Before != "" && semver.Compare(canonical(l.From), canonical(l.Before)) >= 0 {
					t.Errorf("licence %d: from %s is not before %s", i, l.From, l.Before)
				}
				if l.Before == "" {
					open++
				}
				if l.Since != "" {
					if _, err := time.Parse(time.DateOnly, l.Since); err != nil || l.Since > today {
						t.Errorf("licence %d: since %q is not a real past date", i, l.Since)
					}
					if l.Since < lastSince {
						t.Errorf("licence %d: since %s is earlier than the entry before it (%s); keep entries in order", i, l.Since, lastSince)
					}
					lastSince = l.Since
				}
				for j := i + 1; j < len(e.Licenses); j++ {
					if overlap(l, e.Licenses[j]) && (l.Note == "" || e.Licenses[j].Note == "") {
						t.Errorf("licences %d and %d overlap; both need a note saying why", i, j)
					}
				}
			}
			// A discontinued product (elasticsearch-oss) has no current
			// licence; a live one has exactly one.
			if open > 1 || open == 0 && !strings.Contains(strings.ToLower(e.Notes), "discontinued") {
				t.Errorf("%d entries have no `before`; exactly one (the current licence) must, unless the notes say the product is discontinued", open)
			}
			if cur, ok := e.Current(); open == 1 && (!ok || cur.Before != "") {
				t.Errorf("Current() = %+v, %v; want the entry without `before`", cur, ok)
			}
		})
	}
}

func overlap(a, b VersionedLicense) bool {
	// Ranges [from, before) with "" as the open end.
	below := func(x, y string) bool { // x < y, treating x="" as -inf and y="" as +inf
		return x == "" || y == "" || semver.Compare(canonical(x), canonical(y)) < 0
	}
	return below(a.From, b.Before) && below(b.From, a.Before)
}

// TestEngineNamesUnique checks that a package or image name leads to one
// engine only.
func TestEngineNamesUnique(t *testing.T) {
	// Exact names that also fall in another engine's npm scope, on purpose:
	// the exact name is the more specific claim.
	inScopeOnPurpose := map[string]string{
		"@langchain/langgraph":                     "langgraph",
		"@langchain/langgraph-sdk":                 "langgraph",
		"@langchain/langgraph-checkpoint":          "langgraph",
		"@langchain/langgraph-checkpoint-postgres": "langgraph",
		"@langchain/langgraph-checkpoint-sqlite":   "langgraph",
		"@langchain/langgraph-api":                 "langgraph",
		"@langchain/langgraph-cli":                 "langgraph",
		"@langchain/langgraph-supervisor":          "langgraph",
		"@langchain/langgraph-swarm":               "langgraph",
	}
	pep503 := regexp.MustCompile(`[-_.]+`)
	seen := map[string]string{}
	claim := func(kind, key, id string) {
		if prev, ok := seen[kind+" "+key]; ok {
			t.Errorf("%s name %q belongs to both %s and %s", kind, key, prev, id)
		}
		seen[kind+" "+key] = id
	}
	engines := Default().Engines
	for _, e := range engines {
		for _, n := range e.NPM {
			claim("npm", n, e.ID)
		}
		for _, n := range e.PyPI {
			claim("pypi", pep503.ReplaceAllString(strings.ToLower(n), "-"), e.ID)
		}
		for _, n := range e.Images {
			claim("image", strings.TrimPrefix(strings.ToLower(n), "docker.io/"), e.ID)
		}
	}
	for _, e := range engines {
		for _, scope := range e.NPM {
			prefix, ok := strings.CutSuffix(scope, "/*")
			if !ok {
				continue
			}
			for _, other := range engines {
				if other.ID == e.ID {
					continue
				}
				for _, n := range other.NPM {
					if strings.HasPrefix(n, prefix+"/") && inScopeOnPurpose[n] != other.ID {
						t.Errorf("npm name %q of %s falls in the scope %s of %s", n, other.ID, scope, e.ID)
					}
				}
			}
		}
	}
}

// TestEngineNamesWellFormed rejects names the readers could never match.
func TestEngineNamesWellFormed(t *testing.T) {
	npmName := regexp.MustCompile(`^(@[a-z0-9][a-z0-9._-]*/([a-z0-9][a-z0-9._-]*|\*)|[a-z0-9][a-z0-9._-]*)$`)
	pypiName := regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$`)
	image := regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9-]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$`)
	for _, e := range Default().Engines {
		for _, n := range e.NPM {
			if !npmName.MatchString(n) {
				t.Errorf("%s: npm name %q is not a package name or @scope/*", e.ID, n)
			}
		}
		for _, n := range e.PyPI {
			if !pypiName.MatchString(n) {
				t.Errorf("%s: PyPI name %q is not a valid project name", e.ID, n)
			}
		}
		for _, n := range e.Images {
			if !image.MatchString(n) || strings.ContainsAny(n, ":@") {
				t.Errorf("%s: image %q must be a repository without tag or digest", e.ID, n)
			}
		}
		if e.Main != "" && !contains(e.NPM, e.Main) && !contains(e.PyPI, e.Main) {
			t.Errorf("%s: main %q is not one of its npm or PyPI names", e.ID, e.Main)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestScopePatternsWellFormed rejects patterns Covers would read in a way
// the author did not mean.
func TestScopePatternsWellFormed(t *testing.T) {
	for _, e := range Default().Engines {
		for _, s := range e.Scopes {
			t.Run(e.ID+" "+s.Match, func(t *testing.T) {
				m := s.Match
				switch {
				case m == "" || strings.TrimSpace(m) != m:
					t.Fatal("empty pattern or surrounding space")
				case strings.HasPrefix(m, "/") || strings.HasPrefix(m, "./") || strings.Contains(m, "**") || strings.Contains(m, `\`):
					t.Fatal("patterns are relative, slash-separated, without ** or backslashes")
				case strings.Contains(m, "/"):
					if !strings.HasSuffix(m, "/") || strings.ContainsAny(m, "*?[") || strings.Contains(m, "//") {
						t.Fatal("a pattern with a slash names directories: literal, ending in /")
					}
				default:
					if _, err := path.Match(m, ""); err != nil {
						t.Fatalf("bad glob: %v", err)
					}
					if m == "*" {
						t.Fatal("pattern would match every file")
					}
				}
				if s.Expression == "" || s.Note == "" {
					t.Error("a scope needs an expression and a note")
				}
			})
		}
	}
}

// TestScopesCover checks the scopes against real paths: installed packages
// from the n8n 2.8.4 and Flowise 3.1.4 installs and files of the source
// repositories.
func TestScopesCover(t *testing.T) {
	b := Default()
	tests := []struct {
		engine, path string
		want         []string // the patterns that must match, in catalogue order
	}{
		{"n8n", "node_modules/n8n/dist/modules/provisioning.ee/provisioning.controller.ee.js", []string{"*.ee.*", "*.ee"}},
		{"n8n", "node_modules/n8n/dist/modules/ldap.ee/types.d.ts", []string{"*.ee"}},
		{"n8n", "node_modules/n8n-nodes-base/dist/nodes/Evaluation/Evaluation/Evaluation.node.ee.json", []string{"*.ee.*"}},
		{"n8n", "packages/cli/src/sso.ee/saml/saml-helpers.ts", []string{"*.ee"}},
		{"n8n", "packages/cli/src/sso.ee/saml/saml.service.ee.ts", []string{"*.ee.*", "*.ee"}},
		{"n8n", "node_modules/n8n/dist/modules/breaking-changes/types/rule.types.js", nil},
		{"n8n", "node_modules/n8n-nodes-base/dist/credentials/ChargebeeApi.credentials.js", nil},
		{"n8n", "node_modules/n8n-nodes-base/dist/credentials/MindeeInvoiceApi.credentials.js", nil},
		{"flowise", "node_modules/flowise/dist/enterprise/controllers/role.controller.js", []string{"flowise/dist/enterprise/"}},
		{"flowise", "node_modules/.pnpm/flowise@3.1.4/node_modules/flowise/dist/enterprise/controllers/role.controller.js", []string{"flowise/dist/enterprise/"}},
		{"flowise", "packages/server/src/enterprise/controllers/account.controller.ts", []string{"packages/server/src/enterprise/"}},
		{"flowise", "node_modules/flowise/dist/IdentityManager.js", []string{"IdentityManager.*"}},
		{"flowise", "packages/server/src/IdentityManager.ts", []string{"IdentityManager.*"}},
		{"flowise", "node_modules/flowise/dist/Interface.Metrics.js", nil},
		{"flowise", "node_modules/flowise/dist/DataSource.js", nil},
		{"activepieces", "packages/ee/LICENSE", []string{"packages/ee/"}},
		{"activepieces", "packages/server/api/src/app/ee/alerts/alerts-service.ts", []string{"packages/server/api/src/app/ee/"}},
		{"activepieces", "packages/core/shared/src/lib/ee/oauth-apps/index.ts", nil},
		{"activepieces", "packages/server/api/src/app/app.ts", nil},
		{"windmill", "python-client/wmill/wmill/client.py", []string{"python-client/"}},
		{"windmill", "typescript-client/client.ts", []string{"typescript-client/"}},
		{"windmill", "backend/windmill-api/src/lib.rs", nil},
	}
	for _, tt := range tests {
		t.Run(tt.engine+" "+tt.path, func(t *testing.T) {
			e, ok := b.Engine(tt.engine)
			if !ok {
				t.Fatalf("engine %q missing", tt.engine)
			}
			var got []string
			for _, s := range e.Scopes {
				if s.Covers(tt.path) {
					got = append(got, s.Match)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("covered by %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLicensesInSeries(t *testing.T) {
	e := &Engine{ID: "redis", Licenses: []VersionedLicense{
		{Expression: "BSD-3-Clause", Before: "7.4.0"},
		{Expression: "LicenseRef-RSAL-2.0 OR SSPL-1.0", From: "7.4.0", Before: "8.0.0"},
		{Expression: "LicenseRef-RSAL-2.0 OR SSPL-1.0 OR AGPL-3.0-only", From: "8.0.0"},
	}}
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"7", []string{"BSD-3-Clause", "LicenseRef-RSAL-2.0 OR SSPL-1.0"}}, // redis:7 follows 7.4.x today
		{"7.2", []string{"BSD-3-Clause"}},
		{"7.4", []string{"LicenseRef-RSAL-2.0 OR SSPL-1.0"}},
		{"8", []string{"LicenseRef-RSAL-2.0 OR SSPL-1.0 OR AGPL-3.0-only"}},
		{"7.2.5", []string{"BSD-3-Clause"}},
		{"latest", nil},
	} {
		var got []string
		for _, l := range e.LicensesInSeries(tc.version) {
			got = append(got, l.Expression)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("LicensesInSeries(%q) = %q, want %q", tc.version, got, tc.want)
		}
	}
}
