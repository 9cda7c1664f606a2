// Package spdx writes a report as an SPDX 2.3 JSON document with
// github.com/spdx/tools-golang, the SBOM Syft and Trivy users read.
//
// The document is named after the project and describes one package for
// it (SPDXRef-Project: its name, its git revision, the licence its root
// manifest declares) and one package per inventory component:
//
//   - externalRefs: its package URL (PACKAGE-MANAGER purl), when it has one;
//   - licenseConcluded: the licence mcp-comply resolved, NOASSERTION when
//     none was established (never a guess);
//   - licenseDeclared: what the component's metadata declare (the values
//     read as "declared"), when they name one SPDX expression; NOASSERTION
//     otherwise;
//   - licenseComments: how the licence was established, each piece of
//     evidence with its file and line;
//   - comment: its role, category and verdict per intended use.
//
// An AI model (compliance.Component.Model) is a package whose primary
// purpose is OTHER (SPDX 2.3 has none for models), its vendor as
// supplier, and a comment with its kind, provider, catalogue entry and
// model card; a hosted model's licence is NOASSERTION (its terms are not
// a licence, whatever id the catalogue gives them) and its licence
// comments name the provider's service terms. SPDX 3's AI profile
// (ai_AIPackage) is not written: tools-golang v0.5.7, the release this
// module uses, models SPDX 2.x only; its SPDX 3.0 model exists only in
// the v0.6.0 release candidates, with new dependencies (JSON-LD, RDF),
// and SPDX 3 documents are not what the Syft and Trivy users of this
// format read.
//
// A value that is no valid SPDX expression ("SEE LICENSE IN LICENSE.md",
// npm's UNLICENSED) is never written as one: the field says NOASSERTION
// and the comment says what was read. Each LicenseRef- the document uses
// is described in hasExtractedLicensingInfos from the report's licence
// readings.
//
// Relationships: the document DESCRIBES the project; the project
// DEPENDS_ON the top-level components (those it depends on directly, then
// those nothing else reaches: compliance.Inventory.TopLevel; a development
// dependency is DEV_DEPENDENCY_OF it instead), and each component
// DEPENDS_ON those its lockfile records (compliance.Component.Dependencies).
//
// The document is reproducible: created is the formatter's Date (1970-01-01
// when zero), and the namespace ends in a name-based UUID (version 5) of
// the document's own content, computed with the namespace left out.
package spdx

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/google/uuid"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	spdx "github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// SPDX is the spdx format.
type SPDX struct {
	// Date is the document's creation time; zero writes 1970-01-01.
	Date time.Time
}

const (
	noAssertion = "NOASSERTION"
	// namespacePrefix starts every document namespace.
	namespacePrefix = "https://github.com/mcp-comply/mcp-comply/spdx/"
	// ProjectID is the SPDX identifier of the project's package.
	ProjectID common.ElementID = "Project"
)

// uuidSpace is the UUID namespace of document namespaces: a version 5 UUID
// of the tool's URL in the URL namespace.
var uuidSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(namespacePrefix))

// Format writes the document.
func (f SPDX) Format(w io.Writer, r *compliance.Report) error {
	doc := f.Build(r)
	var body bytes.Buffer
	if err := encode(&body, doc); err != nil {
		return err
	}
	doc.DocumentNamespace += "-" + uuid.NewSHA1(uuidSpace, body.Bytes()).String()
	return encode(w, doc)
}

func encode(w io.Writer, doc *spdx.Document) error {
	return spdxjson.Write(doc, w, spdxjson.Indent("  "))
}

// Build turns a report into an SPDX document whose namespace lacks its
// final UUID.
func (f SPDX) Build(r *compliance.Report) *spdx.Document {
	src := r.Inputs.Source
	name := clean(view.ProjectName(src), 200)
	created := time.Unix(0, 0).UTC()
	if !f.Date.IsZero() {
		created = f.Date.UTC()
	}
	tool := cmp.Or(clean(r.Tool.Name, 60), "mcp-comply")
	if v := clean(r.Tool.Version, 60); v != "" {
		tool += "-" + v
	}
	doc := &spdx.Document{
		SPDXVersion:       spdx.Version,
		DataLicense:       spdx.DataLicense,
		SPDXIdentifier:    common.ElementID("DOCUMENT"),
		DocumentName:      name,
		DocumentNamespace: namespacePrefix + url.PathEscape(name),
		CreationInfo: &spdx.CreationInfo{
			LicenseListVersion: listVersion(r.Inputs.Knowledge.SPDXListVersion),
			Creators:           []common.Creator{{CreatorType: "Tool", Creator: tool}},
			Created:            created.Format(time.RFC3339),
			CreatorComment:     creatorComment(r.Inputs.Online),
		},
		DocumentComment: documentComment(r),
	}

	root := &spdx.Package{
		PackageName:             name,
		PackageSPDXIdentifier:   ProjectID,
		PackageDownloadLocation: noAssertion,
		PackageLicenseConcluded: noAssertion,
		PackageLicenseDeclared:  noAssertion,
		PrimaryPackagePurpose:   "APPLICATION",
	}
	if src.Kind == "git" {
		root.PackageVersion = clean(src.Revision, 100)
		if src.Commit != "" {
			root.PackageComment = "Commit " + clean(src.Commit, 64) + "."
		}
	}
	if l := clean(src.License, 300); l != "" {
		if valid(l) {
			root.PackageLicenseDeclared = l
		} else {
			root.PackageLicenseComments = "The root manifest declares " + quote(l) + ", which is not an SPDX licence expression."
		}
	}
	if p := r.Inventory.Project; p != nil {
		// The project's own licence as established from its manifest and
		// its root licence files.
		if l := clean(p.License.Expression, 300); l != "" && valid(l) {
			root.PackageLicenseConcluded = l
		}
		if root.PackageVersion == "" {
			root.PackageVersion = clean(p.Version, 100)
		}
		root.PackageLicenseComments = strings.TrimSpace(root.PackageLicenseComments + " " + licenseComments(p.License, methods[p.License.Method], nil))
	}
	doc.Packages = append(doc.Packages, root)
	doc.Relationships = append(doc.Relationships, relationship("DOCUMENT", common.TypeRelationshipDescribe, ProjectID))

	ids := elementIDs(r.Inventory.Components)
	for i := range r.Inventory.Components {
		c := &r.Inventory.Components[i]
		doc.Packages = append(doc.Packages, pkg(c, ids[c.ID], r.Inputs.Uses))
	}
	dev := map[string]bool{}
	for _, c := range r.Inventory.Components {
		dev[c.ID] = c.Dev
	}
	for _, id := range r.Inventory.TopLevel() {
		if dev[id] {
			doc.Relationships = append(doc.Relationships, relationship(ids[id], common.TypeRelationshipDevDependencyOf, ProjectID))
		} else {
			doc.Relationships = append(doc.Relationships, relationship(ProjectID, common.TypeRelationshipDependsOn, ids[id]))
		}
	}
	for _, c := range r.Inventory.Components {
		var on []string
		for _, d := range c.Dependencies {
			if _, ok := ids[d]; ok && d != c.ID {
				on = append(on, string(ids[d]))
			}
		}
		slices.Sort(on)
		for _, d := range slices.Compact(on) {
			doc.Relationships = append(doc.Relationships, relationship(ids[c.ID], common.TypeRelationshipDependsOn, common.ElementID(d)))
		}
	}
	doc.OtherLicenses = otherLicenses(doc.Packages, r.Licenses)
	return doc
}

// pkg is a component as an SPDX package.
func pkg(c *compliance.Component, id common.ElementID, uses []compliance.Use) *spdx.Package {
	p := &spdx.Package{
		PackageName:             clean(c.Name, 300),
		PackageSPDXIdentifier:   id,
		PackageVersion:          clean(c.Version, 200),
		PackageDownloadLocation: noAssertion,
		PackageLicenseConcluded: noAssertion,
		PackageLicenseDeclared:  noAssertion,
		PrimaryPackagePurpose:   purpose(c.Role),
	}
	if p.PackageName == "" {
		p.PackageName = string(id)
	}
	if purl := clean(c.Purl, 0); purl != "" {
		p.PackageExternalReferences = []*spdx.PackageExternalReference{{
			Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL, Locator: purl}}
	}
	var notes []string
	if expr := clean(c.License.Expression, 300); expr != "" && (c.Model == nil || c.Model.Kind != compliance.ModelHosted) {
		if valid(expr) {
			p.PackageLicenseConcluded = expr
		} else {
			notes = append(notes, "mcp-comply concluded "+quote(expr)+", which is not an SPDX licence expression.")
		}
	}
	var declared []string
	for _, e := range c.License.Evidence {
		if v := clean(e.Value, 300); e.Method == compliance.MethodDeclared && v != "" && !slices.Contains(declared, v) {
			declared = append(declared, v)
		}
	}
	if len(declared) == 1 && valid(declared[0]) {
		p.PackageLicenseDeclared = declared[0]
	}
	how := methods[c.License.Method]
	if m := c.Model; m != nil {
		p.PrimaryPackagePurpose = "OTHER"
		if v := clean(m.Vendor, 200); v != "" {
			p.PackageSupplier = &common.Supplier{SupplierType: "Organization", Supplier: v}
		}
		if c.License.Method == compliance.MethodCatalogue {
			how = "from mcp-comply's model catalogue, by model name"
		}
		if m.Kind == compliance.ModelHosted {
			terms := "its provider's service terms"
			if t := clean(m.Terms, 500); t != "" {
				terms += " (" + t + ")"
			}
			notes = append(notes, "A hosted model is used under "+terms+", not a licence: the intended uses are to be confirmed against them.")
		}
	}
	p.PackageLicenseComments = licenseComments(c.License, how, notes)

	comment := []string{"Role: " + string(c.Role), "category: " + string(c.Category)}
	if c.Model != nil {
		comment = append(comment, modelComment(c))
	}
	if c.Engine != "" {
		comment = append(comment, "engine: "+clean(c.Engine, 100))
	}
	if c.Dev {
		comment = append(comment, "development only")
	}
	var verdicts []string
	for _, u := range uses {
		verdicts = append(verdicts, string(u)+" "+string(c.Uses[u].Verdict))
	}
	if len(verdicts) > 0 {
		comment = append(comment, "verdicts: "+strings.Join(verdicts, ", "))
	}
	p.PackageComment = strings.Join(comment, "; ") + "."
	return p
}

// modelComment says what an AI model is: "AI model: open weights,
// served by Ollama (self-hosted), catalogue entry Llama 3.1 (Meta),
// text-generation · transformer · outputs text".
func modelComment(c *compliance.Component) string {
	parts := []string{"AI model: " + view.ModelKind(c), "served by " + clean(view.ModelProvider(c), 200)}
	if f := clean(view.ModelFamily(c), 200); f != "" {
		parts = append(parts, "catalogue entry "+f)
	}
	if b := clean(c.Model.Base, 100); b != "" {
		parts = append(parts, "fine-tune of "+b)
	}
	if card := clean(view.ModelCard(c), 300); card != "" {
		parts = append(parts, card)
	}
	return strings.Join(parts, ", ")
}

// licenseComments says how a licence was established (how, a method's
// words), then each piece of evidence with its place, then notes.
func licenseComments(res compliance.LicenseResolution, how string, notes []string) string {
	out := "No licence was established: mcp-comply recognised no licence metadata or text."
	if res.Known() {
		out = "Established " + how + "."
	}
	var evidence []string
	for _, e := range res.Evidence {
		evidence = append(evidence, clean(view.EvidenceLine(e), 700))
	}
	if len(evidence) > 0 {
		out += " Evidence: " + strings.Join(evidence, "; ") + "."
	}
	return strings.Join(append([]string{out}, notes...), " ")
}

// methods says how each method establishes a licence.
var methods = map[compliance.Method]string{
	compliance.MethodDeclared:  "from the SPDX expression its metadata declare",
	compliance.MethodAlias:     "from the licence name its metadata give, mapped to SPDX",
	compliance.MethodText:      "by matching its licence text against the licence templates",
	compliance.MethodCatalogue: "from mcp-comply's catalogue of engines and images, by product and version",
}

// documentComment states the policy the report judged under and its verdicts.
func documentComment(r *compliance.Report) string {
	parts := []string{"mcp-comply report for the " + string(r.Inputs.Market) + " market"}
	var verdicts []string
	for _, v := range r.Verdicts {
		verdicts = append(verdicts, string(v.Use)+" "+string(v.Verdict))
	}
	if len(verdicts) > 0 {
		parts = append(parts, "verdicts: "+strings.Join(verdicts, ", "))
	}
	if res := r.Residency; res != nil {
		parts = append(parts, "data residency: "+string(res.Verdict))
	}
	// The scan's warnings: what it could not read, where the history walk
	// stopped.
	for _, w := range r.Warnings {
		parts = append(parts, "warning: "+clean(w.String(), 1000))
	}
	return strings.Join(parts, "; ") + "."
}

// elementIDs gives each component an SPDX identifier from its id (letters,
// digits, "." and "-"), with a hash of the id so that ids that read the
// same in those characters stay distinct.
func elementIDs(cs []compliance.Component) map[string]common.ElementID {
	out := map[string]common.ElementID{}
	for _, c := range cs {
		var b strings.Builder
		for _, r := range strings.TrimSuffix(c.ID, "@") {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
				b.WriteRune(r)
			default:
				b.WriteByte('-')
			}
		}
		sum := sha256.Sum256([]byte(c.ID))
		s := b.String()
		if len(s) > 100 {
			s = s[:100]
		}
		out[c.ID] = common.ElementID("Package-" + s + "-" + hex.EncodeToString(sum[:4]))
	}
	return out
}

func relationship(a common.ElementID, kind string, b common.ElementID) *spdx.Relationship {
	return &spdx.Relationship{RefA: common.MakeDocElementID("", string(a)), RefB: common.MakeDocElementID("", string(b)), Relationship: kind}
}

// otherLicenses describes each LicenseRef- the packages' licence fields
// use, from the report's readings, in order of the identifiers.
func otherLicenses(pkgs []*spdx.Package, readings []compliance.LicenseReading) []*spdx.OtherLicense {
	var refs []string
	for _, p := range pkgs {
		for _, expr := range []string{p.PackageLicenseConcluded, p.PackageLicenseDeclared} {
			ids, _ := spdxexp.ExtractLicenses(expr)
			for _, id := range ids {
				if strings.HasPrefix(id, "LicenseRef-") && !slices.Contains(refs, id) {
					refs = append(refs, id)
				}
			}
		}
	}
	slices.Sort(refs)
	var out []*spdx.OtherLicense
	for _, id := range refs {
		l := &spdx.OtherLicense{LicenseIdentifier: id, ExtractedText: otherText}
		for _, rd := range readings {
			if rd.ID == id {
				l.LicenseName = clean(rd.Name, 200)
				if src := clean(rd.Source, 500); src != "" {
					l.ExtractedText = otherText + " See " + src + "."
					if u, err := url.Parse(src); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
						l.LicenseCrossReferences = []string{src}
					}
				}
				break
			}
		}
		out = append(out, l)
	}
	return out
}

// otherText stands for the text of a licence that is not on the SPDX list.
const otherText = "Not a licence on the SPDX list; mcp-comply does not carry its text."

var purposes = map[compliance.Role]string{compliance.RoleImage: "CONTAINER", compliance.RoleLibrary: "LIBRARY"}

// purpose is the SPDX primary purpose of a component's role: any role but
// an image or a library is an application.
func purpose(r compliance.Role) string { return view.Lookup(purposes, r, "APPLICATION") }

// listVersion is the SPDX licence list version as SPDX writes it: major
// and minor ("3.27.0" is "3.27").
func listVersion(v string) string {
	parts := strings.SplitN(clean(v, 40), ".", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[0] + "." + parts[1]
}

// valid reports whether s is an SPDX licence expression.
func valid(s string) bool {
	ok, _ := spdxexp.ValidateLicenses([]string{s})
	return ok
}

func quote(s string) string { return "“" + s + "”" }

func clean(s string, max int) string { return safe.Clean(s, max) }

// creatorComment says where the licences come from: the project's files,
// and with --online the registries' metadata for what the files lack.
func creatorComment(online bool) string {
	c := "Licences as mcp-comply established them from the project's files: each package's " +
		"licenseComments says how, with the file and line of each piece of evidence."
	if online {
		c += " The package registries were asked for the licences the files lack (--online): " +
			"such a package's evidence names the registry document and the date it was fetched."
	}
	return c
}
