package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/reports"
)

// diffCommand reports what changed between two revisions.
func diffCommand(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "diff [PATH | GIT-URL] REF1 REF2",
		Short: "Say what changed between two revisions: licences, verdicts, endpoints, checklist, MCP tools",
		Long: `diff reads two revisions of the project from the object store (no checkout)
and reports what changed from REF1 to REF2: components added, removed or
relicensed (a dependency moving to a source-available licence is flagged as
the licensing rug pull), verdicts per intended use, endpoints and regions,
checklist items newly failing or fixed, MCP tool definitions, findings new
and fixed. Both are judged under the same uses, market and policy file (the
one at REF2's root, or --config). diff describes: it exits 0 whatever
changed; gate on the result with check --baseline.`,
		Example: `  mcp-comply diff v1.4.0 HEAD                          # the repository of the current directory
  mcp-comply diff ~/src/agent release-1.4 main --format markdown=changes.md
  mcp-comply diff https://github.com/owner/agent v1.0.0 v1.1.0`,
		ValidArgsFunction: directories,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 || len(args) > 3 {
				return usagef("diff takes [PATH] REF1 REF2, got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "."
			if len(args) == 3 {
				path, args = args[0], args[1:]
			}
			return runDiff(cmd.Context(), path, args[0], args[1], f, e)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.uses, "use", nil, "intended use: internal, saas, whitelabel, distribute, modify (repeatable; default the policy's, else all)")
	fl.StringVar(&f.market, "market", "", "target market: eu, us or global (default the policy's, else global)")
	fl.StringVar(&f.config, "config", "", "the policy file (default the one at REF2's root, if there is one)")
	fl.StringArrayVar(&f.formats, "format", nil, "output format F, or F=FILE (repeatable): "+strings.Join(reports.DiffNames(), ", ")+" (default text)")
	fl.StringVarP(&f.output, "output", "o", "", "write the diff to this file")
	fl.StringVar(&f.goModCache, "gomodcache", "", "Go module cache for licence texts of Go modules")
	fl.StringVar(&f.providers, "providers", "", "a YAML file of extra or corrected AI-provider entries")
	cmd.RegisterFlagCompletionFunc("use", completeUses)
	cmd.RegisterFlagCompletionFunc("market", fixed("eu", "us", "global"))
	cmd.RegisterFlagCompletionFunc("format", fixed(reports.DiffNames()...))
	cmd.RegisterFlagCompletionFunc("config", files("yaml", "yml"))
	return cmd
}

func runDiff(ctx context.Context, path, ref1, ref2 string, f scanFlags, e *env) error {
	outs, err := outputsOf(f, reports.DiffNames())
	if err != nil {
		return err
	}
	old, err := open(ctx, path, ref1, source.Options{Also: []string{ref2}}, e)
	if err != nil {
		return err
	}
	defer old.Close()
	cur, err := old.At(ref2)
	if err != nil {
		return usageError{err}
	}
	defer cur.Close()
	cfg, _, err := configure(cur, f, e) // one policy, uses and market for both sides
	if err != nil {
		return err
	}
	rev := func(s *source.Source) compliance.Revision {
		r := compliance.Revision{FS: s.FS}
		r.Source, r.History, r.Head = revision(s, path)
		return r
	}
	d, err := compliance.DiffRevisions(ctx, cfg, rev(old), rev(cur))
	if err != nil {
		return err
	}
	for _, o := range outs {
		opts := reports.Options{}
		if o.format == "text" && o.file == "" && isTerminal(e.stdout) {
			opts.Color, opts.Width = colorTerminal(e.stdout, e.getenv), terminalWidth(e.stdout)
		}
		formatter, err := reports.NewDiff(o.format, opts)
		if err != nil {
			return usageError{err}
		}
		if err := writeOutput(e.path(o.file), e.stdout, func(w io.Writer) error { return formatter.FormatDiff(w, d) }); err != nil {
			return fmt.Errorf("writing the %s diff: %w", o.format, err)
		}
	}
	return nil
}
