package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/policy"
)

// initCommand writes a starter policy file from a scan of the project.
func initCommand(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write a commented starter " + policy.FileName + " from what the project holds",
		Long: `init scans the project and writes PATH/` + policy.FileName + `: the intended uses
and market to choose, the fail_on defaults spelled out, the test, example and
fixture folders it saw as exclude suggestions, the project's own packages as
first party, the providers and regions it found as a residency allow list to
review, and a commented waiver. It never replaces an existing file; -o writes
elsewhere ("-" is standard output).`,
		Example: `  mcp-comply init                         # ./mcp-comply.yaml
  mcp-comply init ~/src/agent --use saas --market eu
  mcp-comply init -o -                    # print it instead`,
		ValidArgsFunction: directories,
		Args:              onePath,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), pathArg(args), f, e)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.uses, "use", nil, "intended use to propose: internal, saas, whitelabel, distribute, modify (repeatable; default all)")
	fl.StringVar(&f.market, "market", "", "target market to propose: eu, us or global (default global)")
	fl.StringVarP(&f.output, "output", "o", "", "write the policy here instead of PATH/"+policy.FileName)
	fl.StringVar(&f.goModCache, "gomodcache", "", "Go module cache for licence texts of Go modules")
	cmd.RegisterFlagCompletionFunc("use", completeUses)
	cmd.RegisterFlagCompletionFunc("market", fixed("eu", "us", "global"))
	return cmd
}

func runInit(ctx context.Context, path string, f scanFlags, e *env) error {
	out := f.output
	if out == "" {
		out = filepath.Join(path, policy.FileName)
		if _, err := os.Lstat(e.path(out)); err == nil {
			return usagef("%s exists: edit it, or write a new one elsewhere with -o FILE", out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return usageError{err}
		}
	}
	// The starter describes the project as it is, not as a policy it
	// already has shapes it: scan without one.
	f.noPolicy = true
	s, err := scan(ctx, path, f, e)
	if err != nil {
		return err
	}
	data := policy.Init(s.report)
	if err := writeOutput(e.path(out), e.stdout, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(e.stderr, "wrote %s: review it, then run mcp-comply check\n", out)
	}
	return nil
}
