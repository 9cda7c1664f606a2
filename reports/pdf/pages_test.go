package pdf

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// page is what pdftotext -bbox says of a page of a PDF: how far down the
// room between the header and the footer its text reaches, from 0 to 1,
// and its last line of text there.
type page struct {
	fill float64
	last string
}

// pages reads a PDF's pages; ok is false when pdftotext is not installed.
func pages(t *testing.T, pdf []byte) (out []page, ok bool) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, false
	}
	cmd := exec.Command(bin, "-bbox", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	html, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	const mm = 72 / 25.4
	word := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
	for _, text := range strings.Split(string(html), "<page ")[1:] {
		low, lastTop := marginT*mm, 0.0
		var last []string
		for _, m := range word.FindAllStringSubmatch(text, -1) {
			top, _ := strconv.ParseFloat(m[2], 64)
			bottom, _ := strconv.ParseFloat(m[3], 64)
			if top < (marginT-2)*mm || bottom > bottomY*mm+1 { // the header or the footer
				continue
			}
			low = max(low, bottom)
			switch {
			case top > lastTop+1:
				lastTop, last = top, []string{m[4]}
			case top > lastTop-1:
				last = append(last, m[4])
			}
		}
		out = append(out, page{fill: (low/mm - marginT) / (bottomY - marginT), last: strings.Join(last, " ")})
	}
	return out, true
}

// heading matches the report's section and subsection titles.
var heading = regexp.MustCompile(`^(Executive summary|What decides it|In numbers|Commercialisation: .*|Engines and their licences .*|` +
	`Services the project runs beside them|.*[Rr]esidency.*: where does the data go\?|Where each endpoint was found.*|Where the project itself runs|` +
	`Encryption at rest and in transit|MCP hardening checklist|MCP servers|Remediation plan|(Critical|High|Medium|Low|Info) \(\d+\)|` +
	`Attestations to sign|Confirmed by|Appendix|[A-H]\. .*)$`)

// TestNoNearEmptyPage checks that no page of the full report or of a
// sample's report holds only a line or two (the disclaimer stays with the
// versions before it, a section that follows the short end of another
// starts on the same page) or ends on a heading.
func TestNoNearEmptyPage(t *testing.T) {
	reports := samples(t)
	reports["full-report"] = reporttest.Full(t)
	for name, r := range reports {
		t.Run(name, func(t *testing.T) {
			ps, ok := pages(t, render(t, r, date))
			if !ok {
				t.Skip("pdftotext not installed")
			}
			for i, p := range ps {
				if p.fill < 0.15 {
					t.Errorf("page %d of %d is near-empty: its text reaches %.0f%% down the page", i+1, len(ps), 100*p.fill)
				}
				if heading.MatchString(p.last) {
					t.Errorf("page %d of %d ends on the heading %q", i+1, len(ps), p.last)
				}
			}
		})
	}
}

// TestSignatureWithItsSection checks that the signature block is never
// alone on its page, whatever the number of attestations: the last item
// to confirm comes with it.
func TestSignatureWithItsSection(t *testing.T) {
	base := reporttest.Full(t)
	for n := 1; n <= 30; n++ {
		r := reporttest.Full(t)
		r.Attestations = nil
		for i := range n {
			a := base.Attestations[i%len(base.Attestations)]
			a.ID = fmt.Sprintf("attestation-%02d", i+1)
			r.Attestations = append(r.Attestations, a)
		}
		text := pdfText(t, render(t, r, date))
		for _, page := range strings.Split(text, "\f") {
			if strings.Contains(page, "Confirmed by") && !strings.Contains(page, fmt.Sprintf("attestation-%02d", n)) {
				t.Errorf("with %d attestations, the signature block is on a page without the last one", n)
			}
		}
	}
}
