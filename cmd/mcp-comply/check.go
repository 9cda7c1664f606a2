package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports"
)

// errViolated is check's verdict that the policy fails: exit 3, after
// every output is written.
var errViolated = errors.New("the policy is violated")

func checkCommand(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "check [PATH | GIT-URL]",
		Short: "Gate a release: judge the project against its policy file and exit 3 when it fails",
		Long: `check scans the project like report and judges it against its policy file
(mcp-comply.yaml at the project root, or --config): the verdicts per intended
use, the findings, the licences and the regions it allows, with its waivers.
It writes every --format it is given, then prints a short summary (what
failed, what was waived, waivers expired or unused) and exits 0 when the
policy passes and 3 when it is violated. Without a policy file the defaults
apply: prohibited and unknown verdicts, findings of high severity or above,
and anything that could not be evaluated fail.`,
		Example: `  mcp-comply check                                     # the current directory, its mcp-comply.yaml
  mcp-comply check --format sarif=results.sarif --format markdown=summary.md
  mcp-comply check --baseline release-1.4.json         # only findings new since that report fail
  mcp-comply check --config ../org/policy.yaml --use saas --market eu`,
		ValidArgsFunction: directories,
		Args:              onePath,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), pathArg(args), f, e)
		},
	}
	f.register(cmd, "check")
	cmd.Flags().StringVar(&f.baseline, "baseline", "", "a JSON report saved earlier: only findings it does not hold fail")
	cmd.RegisterFlagCompletionFunc("baseline", files("json"))
	return cmd
}

func runCheck(ctx context.Context, path string, f scanFlags, e *env) error {
	// check writes only the formats it is asked for; its summary goes to
	// standard output, or to standard error when a format takes that.
	var outs []output
	if len(f.formats) > 0 || f.output != "" {
		var err error
		if outs, err = checkedOutputs(f, e); err != nil {
			return err
		}
	}
	summaryOut := e.stdout
	for _, o := range outs {
		if o.file == "" {
			summaryOut = e.stderr
		}
	}
	epoch, err := sourceDateEpoch(e.getenv)
	if err != nil {
		return err
	}
	var baseline *compliance.Report
	if f.baseline != "" {
		if baseline, _, err = readReport(e.path(f.baseline), f.baseline); err != nil {
			return err
		}
	}
	s, err := scan(ctx, path, f, e)
	if err != nil {
		return err
	}
	if err := s.judge(e, baseline); err != nil {
		return err
	}
	// Every output is written before the exit code is decided: a failing
	// gate still uploads its SARIF.
	if err := writeReports(s.report, outs, reports.Options{Date: reportDate(epoch, s.report, e.now())}, e); err != nil {
		return err
	}
	summary := reports.Summary{Color: colorTerminal(summaryOut, e.getenv), Width: terminalWidth(summaryOut)}
	if err := summary.Format(summaryOut, s.report); err != nil {
		return fmt.Errorf("writing the summary: %w", err)
	}
	if s.report.Gate.Failed() {
		return errViolated
	}
	return nil
}
