package reports_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/golden"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// date is the full report's commit time, the date the CLI would use.
var date = time.Date(2026, 11, 20, 16, 42, 5, 0, time.UTC)

// TestGolden renders the hand-written full report, every section filled,
// in every format and compares it with testdata/golden. The PDF is
// compared byte for byte and, through pdftotext, as the text a reader
// copies out of it.
func TestGolden(t *testing.T) {
	for _, name := range reports.Names() {
		t.Run(name, func(t *testing.T) {
			f, err := reports.New(name, reports.Options{Date: date})
			if err != nil {
				t.Fatal(err)
			}
			out := reporttest.Render(t, f, reporttest.Full(t))
			file := filepath.Join("testdata", "golden", "full-report."+reporttest.Extension(name))
			if name == "json" { // the fixture is written as the json format writes it
				file = filepath.Join("testdata", "full-report.json")
			}
			check(t, file, out)
			if name == "pdf" {
				text, ok := reporttest.PDFText(t, out)
				if !ok {
					if *update {
						t.Fatal("pdftotext is needed to write the PDF's text golden (apt-get install poppler-utils)")
					}
					t.Skip("pdftotext not installed: the PDF's text is not compared")
				}
				check(t, file+".txt", []byte(text))
			}
		})
	}
}

func check(t *testing.T, file string, got []byte) {
	t.Helper()
	golden.Check(t, file, got, *update, "go test ./reports -update")
}

// TestFullReportFixture keeps the hand-written fixture valid against the
// report schema (its json golden is the fixture itself).
func TestFullReportFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "full-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.Validate(data); err != nil {
		t.Fatal(err)
	}
}

// TestHostileEveryFormat renders the hostile report in every format: none
// fails, and no terminal escape or bidi override gets through raw. The
// json format is data and carries strings unchanged (a bidi override stays
// in it), with control characters escaped by the encoder.
func TestHostileEveryFormat(t *testing.T) {
	for _, name := range reports.Names() {
		t.Run(name, func(t *testing.T) {
			f, _ := reports.New(name, reports.Options{Date: date, Color: true})
			out := string(reporttest.Render(t, f, reporttest.Hostile()))
			if name == "pdf" {
				return // compressed; reports/pdf checks its extracted text
			}
			if name == "text" {
				out = strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[31m", "", "\x1b[32m", "", "\x1b[33m", "",
					"\x1b[34m", "", "\x1b[35m", "", "\x1b[36m", "", "\x1b[2m", "").Replace(out)
			}
			for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
				if name == "json" && bad == "\u202e" {
					continue
				}
				if strings.Contains(out, bad) {
					t.Errorf("%s output contains %q raw", name, bad)
				}
			}
		})
	}
}
