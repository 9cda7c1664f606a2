package compliance_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// Analyze judges a project for the intended uses and the market; the
// report says what decides each verdict.
func ExampleAnalyze() {
	root, err := os.OpenRoot("../testdata/n8n-agent")
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()
	report, err := compliance.Analyze(context.Background(), root.FS(), compliance.Config{
		Policy: compliance.Policy{Uses: []compliance.Use{compliance.Internal, compliance.SaaS}, Market: compliance.EU},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range report.Verdicts {
		fmt.Printf("%s: %s — %s\n", v.Use, v.Verdict, v.Reason)
	}
	fmt.Printf("EU residency: %s — %s\n", report.Residency.Verdict, report.Residency.Reason)
	fmt.Printf("MCP checklist: %d pass, %d fail\n", report.Hardening.Counts.Pass, report.Hardening.Counts.Fail)
	// Output:
	// internal: allowed — all 14 shipped components allow it
	// saas: prohibited — prohibited by n8n 2.8.4 (SUL-1.0) without a separate licence
	// EU residency: unknown — where data is processed is not established: OpenAI, Qdrant Cloud
	// MCP checklist: 6 pass, 0 fail
}
