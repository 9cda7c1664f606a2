package spdx

import (
	"bytes"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdxlib"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

var date = time.Date(2026, 11, 20, 16, 42, 5, 0, time.UTC)

func format(t *testing.T, r *compliance.Report, d time.Time) []byte {
	return reporttest.Render(t, SPDX{Date: d}, r)
}

// documents are every golden and the documents of the full, hostile and
// empty reports.
func documents(t *testing.T) map[string][]byte {
	docs := reporttest.Goldens(t, "spdx.json")
	for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile(), "empty": {}} {
		docs[name] = format(t, r, date)
	}
	return docs
}

// TestValidatesAgainstSchema validates every document against the
// official SPDX 2.3 JSON schema (testdata/spdx-schema.json, see the README
// there), offline.
func TestValidatesAgainstSchema(t *testing.T) {
	sch := reporttest.Schema(t, filepath.Join("testdata", "spdx-schema.json"))
	for name, data := range documents(t) {
		t.Run(name, func(t *testing.T) { reporttest.Validate(t, sch, data) })
	}
}

var (
	idPattern      = regexp.MustCompile(`^SPDXRef-[A-Za-z0-9.-]+$`)
	relationships  = []string{"DESCRIBES", "DEPENDS_ON", "DEV_DEPENDENCY_OF"}
	referenceTypes = map[string]bool{"PACKAGE-MANAGER/purl": true}
)

// TestSPDX23 reads every document with tools-golang, as Syft and Trivy
// do, and checks what SPDX 2.3 requires of it: the document's fields, a
// unique identifier on every package, a download location, licence fields
// that are SPDX expressions or NOASSERTION with every LicenseRef-
// described, external references of a known type, relationships of known
// types between elements of the document, and the document describing
// the project.
func TestSPDX23(t *testing.T) {
	for name, data := range documents(t) {
		t.Run(name, func(t *testing.T) {
			doc, err := spdxjson.Read(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := spdxlib.ValidateDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.SPDXVersion != "SPDX-2.3" || doc.DataLicense != "CC0-1.0" || doc.SPDXIdentifier != "DOCUMENT" || doc.DocumentName == "" {
				t.Errorf("document %s %s %s %q", doc.SPDXVersion, doc.DataLicense, doc.SPDXIdentifier, doc.DocumentName)
			}
			if u, err := url.Parse(doc.DocumentNamespace); err != nil || !u.IsAbs() || strings.Contains(doc.DocumentNamespace, "#") {
				t.Errorf("namespace %q is not an absolute URI without #", doc.DocumentNamespace)
			}
			ci := doc.CreationInfo
			if _, err := time.Parse("2006-01-02T15:04:05Z", ci.Created); err != nil || len(ci.Creators) != 1 || ci.Creators[0].CreatorType != "Tool" {
				t.Errorf("creation info %+v", ci)
			}
			described := map[string]bool{}
			for _, l := range doc.OtherLicenses {
				if l.ExtractedText == "" || described[l.LicenseIdentifier] || !strings.HasPrefix(l.LicenseIdentifier, "LicenseRef-") {
					t.Errorf("extracted licence %+v", l)
				}
				described[l.LicenseIdentifier] = true
			}
			ids := map[string]bool{"SPDXRef-DOCUMENT": true}
			for _, p := range doc.Packages {
				id := "SPDXRef-" + string(p.PackageSPDXIdentifier)
				if !idPattern.MatchString(id) || ids[id] || p.PackageName == "" || p.PackageDownloadLocation == "" || p.FilesAnalyzed {
					t.Errorf("package %q (%s): a unique identifier, a name and a download location, files not analysed", p.PackageName, id)
				}
				ids[id] = true
				for _, expr := range []string{p.PackageLicenseConcluded, p.PackageLicenseDeclared} {
					if expr == "NOASSERTION" {
						continue
					}
					if ok, bad := spdxexp.ValidateLicenses([]string{expr}); !ok {
						t.Errorf("package %s: %q is not an SPDX expression (%v)", id, expr, bad)
					}
					refs, _ := spdxexp.ExtractLicenses(expr)
					for _, ref := range refs {
						if strings.HasPrefix(ref, "LicenseRef-") && !described[ref] {
							t.Errorf("package %s: %s is not in hasExtractedLicensingInfos", id, ref)
						}
					}
				}
				for _, ref := range p.PackageExternalReferences {
					if !referenceTypes[ref.Category+"/"+ref.RefType] || !strings.HasPrefix(ref.Locator, "pkg:") {
						t.Errorf("package %s: external reference %+v", id, ref)
					}
				}
			}
			describes := 0
			for _, rel := range doc.Relationships {
				if !slices.Contains(relationships, rel.Relationship) {
					t.Errorf("relationship type %s", rel.Relationship)
				}
				if rel.Relationship == "DESCRIBES" {
					describes++
					if rel.RefA.ElementRefID != "DOCUMENT" || rel.RefB.ElementRefID != ProjectID {
						t.Errorf("DESCRIBES %+v, want the document describing the project", rel)
					}
				}
			}
			if describes != 1 {
				t.Errorf("%d DESCRIBES relationships, want 1", describes)
			}
		})
	}
}

// pkgJSON is the part of a package the tests read.
type pkgJSON struct {
	Name             string `json:"name"`
	SPDXID           string `json:"SPDXID"`
	Version          string `json:"versionInfo"`
	LicenseConcluded string `json:"licenseConcluded"`
	LicenseDeclared  string `json:"licenseDeclared"`
	LicenseComments  string `json:"licenseComments"`
	Comment          string `json:"comment"`
	ExternalRefs     []struct {
		Locator string `json:"referenceLocator"`
	} `json:"externalRefs"`
}

type docJSON struct {
	Name         string `json:"name"`
	Namespace    string `json:"documentNamespace"`
	CreationInfo struct {
		Created  string   `json:"created"`
		Creators []string `json:"creators"`
		Comment  string   `json:"comment"`
	} `json:"creationInfo"`
	Packages      []pkgJSON `json:"packages"`
	Relationships []struct {
		A    string `json:"spdxElementId"`
		B    string `json:"relatedSpdxElement"`
		Type string `json:"relationshipType"`
	} `json:"relationships"`
}

func decode(t *testing.T, data []byte) docJSON { return reporttest.Decode[docJSON](t, data) }

func TestContent(t *testing.T) {
	r := reporttest.Full(t)
	d := decode(t, format(t, r, date))
	if d.Name != "acme-support-agent" || !strings.HasPrefix(d.Namespace, namespacePrefix+"acme-support-agent-") ||
		d.CreationInfo.Created != "2026-11-20T16:42:05Z" || d.CreationInfo.Creators[0] != "Tool: mcp-comply-test" {
		t.Errorf("document %q, namespace %q, created %q by %v", d.Name, d.Namespace, d.CreationInfo.Created, d.CreationInfo.Creators)
	}
	if len(d.Packages) != len(r.Inventory.Components)+1 {
		t.Fatalf("%d packages for the project and %d components", len(d.Packages), len(r.Inventory.Components))
	}
	root := d.Packages[0]
	if root.SPDXID != "SPDXRef-Project" || root.Name != "acme-support-agent" || root.Version != "v1.4.0" ||
		root.LicenseDeclared != "NOASSERTION" || !strings.Contains(root.LicenseComments, "UNLICENSED") {
		t.Errorf("project package %+v: UNLICENSED is no SPDX expression, so NOASSERTION and a comment", root)
	}
	byName := map[string]pkgJSON{}
	for _, p := range d.Packages {
		byName[p.Name+"@"+p.Version] = p
	}
	n8n := byName["n8n@2.8.4"]
	if len(n8n.ExternalRefs) != 1 || n8n.ExternalRefs[0].Locator != "pkg:npm/n8n@2.8.4" || n8n.LicenseConcluded != "SUL-1.0" ||
		n8n.LicenseDeclared != "NOASSERTION" || !strings.Contains(n8n.LicenseComments, "node_modules/n8n/package.json:") ||
		!strings.Contains(n8n.Comment, "saas prohibited") {
		t.Errorf("n8n %+v: its purl, SUL-1.0 concluded from its text, nothing declared (SEE LICENSE IN …), the evidence and verdicts", n8n)
	}
	if express := byName["express@5.1.0"]; express.LicenseConcluded != "MIT" || express.LicenseDeclared != "MIT" {
		t.Errorf("express %+v, want MIT concluded and declared", express)
	}

	r.Inventory.Components[0].License = compliance.LicenseResolution{Method: compliance.MethodNone}
	if p := decode(t, format(t, r, date)).Packages[1]; p.LicenseConcluded != "NOASSERTION" || p.LicenseDeclared != "NOASSERTION" ||
		!strings.Contains(p.LicenseComments, "No licence was established") {
		t.Errorf("an unknown licence: %+v", p)
	}
}

func TestDeterministic(t *testing.T) {
	a := format(t, reporttest.Full(t), date)
	if b := format(t, reporttest.Full(t), date); !bytes.Equal(a, b) {
		t.Error("two documents of one report differ")
	}
	r := reporttest.Full(t)
	r.Inventory.Components[0].Version = "2.8.5"
	if decode(t, format(t, r, date)).Namespace == decode(t, a).Namespace {
		t.Error("a different inventory kept the namespace")
	}
	if created := decode(t, format(t, reporttest.Full(t), time.Time{})).CreationInfo.Created; created != "1970-01-01T00:00:00Z" {
		t.Errorf("without a date, created %s", created)
	}
}

// TestRelationships: the project depends on every component while the
// inventory records no edges, on the top-level ones when it does; a
// development dependency is DEV_DEPENDENCY_OF the project.
func TestRelationships(t *testing.T) {
	r := reporttest.Full(t)
	count := func(d docJSON) map[string]int {
		n := map[string]int{}
		for _, rel := range d.Relationships {
			n[rel.Type]++
		}
		return n
	}
	if n := count(decode(t, format(t, r, date))); n["DESCRIBES"] != 1 || n["DEPENDS_ON"] != len(r.Inventory.Components) {
		t.Errorf("relationships %v, want the project describing and depending on each of %d components", n, len(r.Inventory.Components))
	}
	ids := elementIDs(r.Inventory.Components)
	byID := map[string]*compliance.Component{}
	for i := range r.Inventory.Components {
		byID[r.Inventory.Components[i].ID] = &r.Inventory.Components[i]
	}
	byID["npm:n8n@2.8.4"].Dependencies = []string{"npm:n8n-workflow@2.8.0", "npm:n8n-core@2.8.1"}
	byID["npm:prettier@3.6.2"].Dev = true
	d := decode(t, format(t, r, date))
	want := map[string]bool{
		"SPDXRef-" + string(ids["npm:n8n@2.8.4"]) + " DEPENDS_ON SPDXRef-" + string(ids["npm:n8n-core@2.8.1"]):     true,
		"SPDXRef-" + string(ids["npm:n8n@2.8.4"]) + " DEPENDS_ON SPDXRef-" + string(ids["npm:n8n-workflow@2.8.0"]): true,
		"SPDXRef-" + string(ids["npm:prettier@3.6.2"]) + " DEV_DEPENDENCY_OF SPDXRef-Project":                      true,
	}
	for _, rel := range d.Relationships {
		delete(want, rel.A+" "+rel.Type+" "+rel.B)
		if rel.A == "SPDXRef-Project" && (strings.Contains(rel.B, "n8n-core") || strings.Contains(rel.B, "prettier")) {
			t.Errorf("%s %s %s: the project depends on its top-level components only", rel.A, rel.Type, rel.B)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing relationships %v", want)
	}
}

func TestElementIDs(t *testing.T) {
	ids := elementIDs([]compliance.Component{{ID: "npm:@a/b@1.0.0"}, {ID: "npm:a-b@1.0.0"}, {ID: "npm:-a-b@1.0.0"}, {ID: "engine:n8n@"}})
	seen := map[string]bool{}
	for id, e := range ids {
		if !idPattern.MatchString("SPDXRef-"+string(e)) || seen[string(e)] {
			t.Errorf("%s: identifier %s", id, e)
		}
		seen[string(e)] = true
	}
	if !strings.HasPrefix(string(ids["engine:n8n@"]), "Package-engine-n8n-") {
		t.Errorf("engine:n8n@ is %s", ids["engine:n8n@"])
	}
}

// The project's own licence, as established, is the described package's
// concluded licence; with --online the creation comment says the
// registries were asked.
func TestProjectAndOnline(t *testing.T) {
	r := reporttest.Full(t)
	if d := decode(t, format(t, r, date)); strings.Contains(d.CreationInfo.Comment, "--online") || d.Packages[0].LicenseConcluded != "NOASSERTION" {
		t.Errorf("offline, no project component: comment %q, concluded %q", d.CreationInfo.Comment, d.Packages[0].LicenseConcluded)
	}
	r.Inputs.Online = true
	r.Inventory.Project = &compliance.Component{Ecosystem: compliance.NPM, Name: "acme-support-agent", Version: "1.4.0", Role: compliance.RoleProject,
		ID: "npm:acme-support-agent@1.4.0", FirstParty: true,
		License: compliance.LicenseResolution{Expression: "LicenseRef-UNLICENSED", Method: compliance.MethodText,
			Evidence: []compliance.LicenseEvidence{{Method: compliance.MethodText, Position: compliance.Position{File: "LICENSE"}, Value: "LicenseRef-UNLICENSED"}}}}
	d := decode(t, format(t, r, date))
	if !strings.Contains(d.CreationInfo.Comment, "--online") {
		t.Errorf("an --online report's creation comment: %q", d.CreationInfo.Comment)
	}
	if root := d.Packages[0]; root.SPDXID != "SPDXRef-Project" || root.LicenseConcluded != "LicenseRef-UNLICENSED" || !strings.Contains(root.LicenseComments, "LICENSE") {
		t.Errorf("the described package %+v, want the project's concluded licence with its evidence", root)
	}
	if len(d.Packages) != len(r.Inventory.Components)+1 {
		t.Errorf("%d packages for %d components and the project", len(d.Packages), len(r.Inventory.Components))
	}
}

// TestModels writes the AI models as packages of purpose OTHER with their
// vendor as supplier; a hosted model has no licence, and its licence
// comments name the service terms it is used under.
func TestModels(t *testing.T) {
	type pkg struct {
		Name, Supplier, LicenseConcluded, LicenseComments, Comment, PrimaryPackagePurpose string
	}
	doc := reporttest.Decode[struct{ Packages []pkg }](t, format(t, reporttest.Full(t), date))
	by := map[string]pkg{}
	for _, p := range doc.Packages {
		by[p.Name] = p
	}
	if l := by["llama3.1:8b"]; l.PrimaryPackagePurpose != "OTHER" || l.Supplier != "Organization: Meta" ||
		l.LicenseConcluded != "LicenseRef-Llama-3.1-Community" || !strings.Contains(l.Comment, "AI model: open weights") {
		t.Errorf("llama3.1:8b = %+v", l)
	}
	if g := by["gpt-4o-mini"]; g.PrimaryPackagePurpose != "OTHER" || g.LicenseConcluded != "NOASSERTION" ||
		!strings.Contains(g.LicenseComments, "https://openai.com/policies/services-agreement/") || !strings.Contains(g.Comment, "hosted API") {
		t.Errorf("gpt-4o-mini = %+v", g)
	}
	if n := by["n8n"]; n.PrimaryPackagePurpose == "OTHER" || strings.Contains(n.Comment, "AI model") {
		t.Errorf("a package reads as a model: %+v", n)
	}
}
