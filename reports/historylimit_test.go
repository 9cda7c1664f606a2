package reports

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// The warning a history bound leaves (hardening's history walk writes it)
// shows in every format, where each format's schema puts a run's
// warnings; a report without it shows no such text.
func TestHistoryLimitInEveryFormat(t *testing.T) {
	const msg = "git history: stopped after 1000 commits (the history limit); older commits were not searched"
	const shown = "stopped after 1000 commits (the history limit)"
	with := reporttest.Full(t)
	with.Warnings = append(with.Warnings, compliance.Warning{Message: msg})
	with.Summary.Warnings = len(with.Warnings)
	without := reporttest.Full(t)
	for _, name := range Names() {
		f, err := New(name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// text is what a reader of the output sees; ok is false for a PDF
		// without pdftotext to read it.
		text := func(r *compliance.Report) (string, bool) {
			out := reporttest.Render(t, f, r)
			if name != "pdf" {
				return string(out), true
			}
			s, ok := reporttest.PDFText(t, out)
			return strings.Join(strings.Fields(s), " "), ok
		}
		got, ok := text(with)
		if !ok {
			t.Logf("%s: pdftotext is not installed; not read", name)
			continue
		}
		if !strings.Contains(got, shown) {
			t.Errorf("%s: the history-limit warning is not shown", name)
		}
		if got, _ := text(without); strings.Contains(got, "the history limit") {
			t.Errorf("%s: a history-limit warning without one", name)
		}
	}
}
