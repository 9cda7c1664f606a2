// Package pdf writes the report a person reads: founders, lawyers and
// auditors who will not read JSON. It renders a finished
// *compliance.Report and computes no judgement; every verdict, number and
// clause it prints is in the report.
//
// The document, in order: a cover with the verdicts at a glance (one badge
// per intended use, data residency, asked as the market asks it: EU
// residency for an EU market, with the US bulk-data rule for a US one;
// MCP checklist); an executive summary with
// the findings that decide the verdicts and their fixes; commercialisation
// (the components × intended uses matrix, deciding components first; each
// engine's licence in plain words with the clause quoted; path-scoped
// parts; the AI models, with who serves them and what they are used
// under); data residency (a data-flow diagram from the project to each
// endpoint coloured by guarantee, or, past eight endpoints, to one box per
// guarantee listing its providers, and the endpoint table); encryption; the
// MCP hardening checklist; the EU AI Act duties, each with its article,
// what raised it, its dates and a block to sign; the remediation plan by severity; the
// attestations to sign; and an appendix with the full inventory and its
// evidence, the warnings, the licence readings, the method and the
// versions of the knowledge. Sections whose analysis did not run say so.
//
// Text is wrapped, never cut: a table row taller than a page continues on
// the next one. Only where the whole text stands elsewhere in the document
// is a line cut with "…": the project's name in the page header, a
// verdict's reason on a cover card.
//
// It is drawn with the gofpdf API of codeberg.org/go-pdf/fpdf, the
// maintained continuation of github.com/jung-kurt/gofpdf, with the Go
// fonts embedded from golang.org/x/image/font/gofont (no font file is read
// at run time). The Go fonts have no check marks, so statuses are words on
// coloured badges and the attestation boxes are drawn.
//
// The output is byte-for-byte reproducible: the creation and modification
// dates are the formatter's Date, catalogue entries are sorted, and no
// random ids are written.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// PDF is the pdf format.
type PDF struct {
	// Date is printed on the cover and in the header, and is the
	// document's creation date. Zero prints no date and stamps the
	// metadata with the Unix epoch, so output stays reproducible.
	Date time.Time
}

// Format writes the report.
func (p PDF) Format(w io.Writer, r *compliance.Report) error {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	stamp := p.Date.UTC()
	if p.Date.IsZero() {
		stamp = time.Unix(0, 0).UTC()
	}
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	// fpdf writes into the font bytes it is given while it subsets them,
	// so each document gets its own copy: with the shared originals, the
	// second PDF a process writes differs from the first.
	f.AddUTF8FontFromBytes("go", "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes("go", "B", bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes("go", "I", bytes.Clone(goitalic.TTF))
	f.AddUTF8FontFromBytes("mono", "", bytes.Clone(gomono.TTF))
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB)
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")
	f.SetLang("en")

	d := &doc{f: f, glyphs: map[rune]bool{}}
	project := d.txt(view.ProjectName(r.Inputs.Source))
	f.SetTitle("Compliance report: "+project, true)
	f.SetSubject("Licences, data residency and MCP hardening", true)
	f.SetCreator(d.txt(r.Tool.Name+" "+r.Tool.Version), true)
	f.SetProducer("codeberg.org/go-pdf/fpdf", true)

	heading := "Compliance report · " + project
	if src := r.Inputs.Source; src.Kind == "git" && src.Revision != "" {
		heading += " at " + d.txt(src.Revision)
	}
	date := ""
	if !p.Date.IsZero() {
		date = p.Date.UTC().Format("2 January 2006")
	}
	f.SetHeaderFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		d.use(fSmall, muted)
		f.SetXY(marginL, 10)
		f.CellFormat(contentW*0.7, 5, d.fit(heading, contentW*0.7), "", 0, "L", false, 0, "") // whole on the cover
		f.SetXY(marginL+contentW*0.7, 10)
		f.CellFormat(contentW*0.3, 5, date, "", 0, "R", false, 0, "")
		d.draw(ruleGrey)
		f.Line(marginL, 15.5, marginL+contentW, 15.5)
	})
	f.SetFooterFunc(func() {
		d.draw(ruleGrey)
		f.Line(marginL, pageH-12.5, marginL+contentW, pageH-12.5)
		d.use(fSmall, muted)
		f.SetXY(marginL, pageH-11.5)
		f.CellFormat(contentW/2, 5, d.fit(r.Tool.Name+" "+r.Tool.Version+" · not legal advice", contentW/2), "", 0, "L", false, 0, "") // whole on the cover
		f.SetXY(marginL+contentW/2, pageH-11.5)
		f.CellFormat(contentW/2, 5, fmt.Sprintf("Page %d / {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})

	rep := &report{doc: d, r: r, date: p.Date, project: project, byFP: view.FindingsByFingerprint(r)}
	rep.cover()
	rep.summary()
	rep.gate()
	rep.commercial()
	rep.residency()
	rep.encryption()
	rep.hardening()
	rep.aiAct()
	rep.remediation()
	rep.attestations()
	rep.appendix()
	return f.Output(w)
}
