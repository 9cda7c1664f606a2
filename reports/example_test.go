package reports_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports"
)

// New picks a format by name (the CLI's --format); every format renders
// the same finished report.
func ExampleNew() {
	root, err := os.OpenRoot("../testdata/n8n-agent")
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()
	report, err := compliance.Analyze(context.Background(), root.FS(), compliance.Config{
		Policy: compliance.Policy{Uses: []compliance.Use{compliance.SaaS}},
		Input:  compliance.Input{Source: compliance.SourceInfo{Path: "testdata/n8n-agent"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	f, err := reports.New("text", reports.Options{})
	if err != nil {
		log.Fatal(err)
	}
	var out strings.Builder
	if err := f.Format(&out, report); err != nil {
		log.Fatal(err)
	}
	verdicts, _, _ := strings.Cut(out.String(), "\n\nWHERE DOES OUR DATA GO?")
	fmt.Println(verdicts)
	// Output:
	// mcp-comply devel — testdata/n8n-agent
	// intended uses: saas · market: global
	//
	// MAY WE SELL IT THIS WAY?
	//   saas  PROHIBITED  prohibited by n8n 2.8.4 (SUL-1.0) without a separate licence
}
