package pdf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// samples are the reports of the sample projects, as the CLI writes them
// (testdata/golden/*.json at the repository's root).
func samples(t *testing.T) map[string]*compliance.Report {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(reporttest.Dir(), "..", "..", "testdata", "golden", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample reports in testdata/golden (%v)", err)
	}
	out := map[string]*compliance.Report{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r compliance.Report
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = &r
	}
	return out
}

// squeeze drops every space and line break, so that text wrapped at
// different places in different columns compares equal.
func squeeze(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// cuts lists the places where the PDF's text ends in "…" although the
// report's own text does not, and the text before the ellipsis appears
// nowhere else in the document followed by the rest: text cut and lost.
func cuts(t *testing.T, r *compliance.Report, text string) []string {
	t.Helper()
	inModel := string(squeeze(strings.Join(stringsOf(t, r), "\x00")))
	doc := squeeze(text)
	whole := string(doc)
	var lost []string
	for i, c := range doc {
		if c != '…' {
			continue
		}
		pre := string(doc[max(0, i-40):i])
		if strings.Contains(inModel, string(doc[max(0, i-5):i])+"…") || strings.Contains(inModel, "…"+string(doc[i+1:min(len(doc), i+6)])) {
			continue // the report's own ellipsis (a redacted secret, an excerpt's cut start)
		}
		elsewhere := false
		for at := 0; ; {
			j := strings.Index(whole[at:], pre)
			if j < 0 {
				break
			}
			at += j + len(pre)
			if !strings.HasPrefix(whole[at:], "…") && at < len(whole) {
				elsewhere = true
				break
			}
		}
		if !elsewhere {
			lost = append(lost, pre+"…")
		}
	}
	return lost
}

// stringsOf lists every string of the report, as its JSON holds them.
func stringsOf(t *testing.T, r *compliance.Report) []string {
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// TestNothingCut checks that the PDF cuts no text with "…" unless the
// whole text appears elsewhere in the document (a name in a page header
// is whole on the cover, an endpoint in the diagram whole in its table),
// for the full report, a hostile one with 600-character values, and every
// sample project.
func TestNothingCut(t *testing.T) {
	reports := samples(t)
	reports["full-report"] = reporttest.Full(t)
	reports["hostile"] = reporttest.Hostile()
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			text := pdfText(t, render(t, r, date))
			for _, c := range cuts(t, r, text) {
				t.Errorf("text cut and not found whole elsewhere: %q", c)
			}
		})
	}
}

// TestLongValuesWhole checks the hostile report's 600-character values
// stand whole in the document: the component's name in the matrix and
// the inventory, the finding's detail in the remediation plan.
func TestLongValuesWhole(t *testing.T) {
	text := pdfText(t, render(t, reporttest.Hostile(), date))
	if n := strings.Count(string(squeeze(text)), reporttest.Long); n < 3 {
		t.Errorf("the 600-character values stand whole %d times, want 3 (matrix, inventory, finding)", n)
	}
}
