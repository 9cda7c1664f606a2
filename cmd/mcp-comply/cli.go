package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/suggest"
	"github.com/mcp-comply/mcp-comply/reports"
)

// Exit codes; see doc.go.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitViolated = 3
)

// usageError marks errors the user can fix by changing the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// version is the tool version written into reports.
var version = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}()

// Run executes the command line and returns the exit code. It never calls
// os.Exit, so tests run it in-process.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	return execute(ctx, args, &env{stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now})
}

// env is what a command takes from outside its arguments: the streams, the
// environment, the working directory and the clock. Run takes them from the
// process; the transcript tests give each script its own.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// dir is the directory relative paths are read from; "" is the
	// process's working directory (paths are then used as typed).
	dir string
	now func() time.Time
}

// path resolves a path the user typed against the working directory.
func (e *env) path(p string) string {
	if e.dir == "" || p == "" || p == "-" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.dir, p)
}

func execute(ctx context.Context, args []string, e *env) int {
	stdout, stderr := e.stdout, e.stderr
	root := &cobra.Command{
		Use:   "mcp-comply",
		Short: "Licence, data-residency and MCP hardening report for AI-agent products",
		Example: `  mcp-comply report                                 # the current directory, every intended use
  mcp-comply report ~/src/agent --use saas --market eu
  mcp-comply report ~/src/agent --format pdf=report.pdf --format sarif=results.sarif
  mcp-comply pin ~/src/agent                        # record the MCP tool definitions
  source <(mcp-comply completion bash)              # complete commands, flags and their values`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usageError{withFlagSuggestion(cmd, err)} })
	root.SetUsageTemplate(root.UsageTemplate() + exitCodesHelp)
	pin := pinCommand(e)
	pin.Example = `  mcp-comply pin                      # write ./mcp-lock.json from the server sources
  mcp-comply pin ~/src/agent --live   # also start the configured servers and read tools/list`
	pin.ValidArgsFunction = directories
	root.AddCommand(reportCommand(e), checkCommand(e), diffCommand(e), initCommand(e), pin)
	root.InitDefaultCompletionCmd()

	// A mistyped command is an error with suggestions, at the root and
	// under every command that has commands of its own (completion).
	root.DisableSuggestions = true // suggested on the error's one line instead
	for _, cmd := range append(root.Commands(), root) {
		if cmd.HasSubCommands() {
			cmd.SuggestionsMinimumDistance = 2
			cmd.Args = cobra.ArbitraryArgs
			cmd.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return cmd.Help()
				}
				msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
				if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
					msg += " (did you mean " + strings.Join(s, " or ") + "?)"
				}
				return usagef("%s", msg)
			}
		}
	}

	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errViolated):
		return exitViolated // the summary has said what failed
	}
	// One line per fault (a policy file's errors are several), each
	// saying who speaks.
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintf(stderr, "mcp-comply: %s\n", line)
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

// exitCodesHelp ends every command's help; doc.go has the full manual.
const exitCodesHelp = `
Exit codes:
  0  the report, lockfile or policy was written; check: the policy passes
  1  the scan, the writing, or a live pin of a server failed
  2  usage or configuration error: a bad flag, path, revision or URL, or an invalid policy file
  3  check: the policy is violated (every output was written first)

A report with prohibited verdicts or critical findings still exits 0: report
describes, check gates. The manual: go doc github.com/mcp-comply/mcp-comply/cmd/mcp-comply
`

// withFlagSuggestion adds to an unknown flag's error the command's flags
// whose names are close to it: "unknown flag: --fromat (did you mean
// --format?)".
func withFlagSuggestion(cmd *cobra.Command, err error) error {
	typed, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var close []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && (suggest.Distance(typed, f.Name) <= 2 || strings.HasPrefix(f.Name, typed)) {
			close = append(close, "--"+f.Name)
		}
	})
	if len(close) == 0 {
		return err
	}
	return fmt.Errorf("%w (did you mean %s?)", err, strings.Join(close, " or "))
}

// Completion of PATH arguments and flag values.

func directories(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveFilterDirs
}

func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func files(exts ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

// completeFormat offers the format names, and after "F=" the files.
func completeFormat(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
	if strings.Contains(typed, "=") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	return reports.Names(), cobra.ShellCompDirectiveNoFileComp
}

// completeUses offers the intended uses not yet in a comma-separated list.
func completeUses(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
	head := ""
	if i := strings.LastIndex(typed, ","); i >= 0 {
		head = typed[:i+1]
	}
	given := strings.Split(head, ",")
	var out []string
	for _, u := range compliance.Uses {
		if !slices.Contains(given, string(u)) {
			out = append(out, head+string(u))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// colorTerminal reports whether w is a terminal and NO_COLOR is unset.
func colorTerminal(w io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// terminalWidth is the width in columns of the terminal w is, or 0 (the
// text format's default) when it cannot be read. Tests replace it.
var terminalWidth = func(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil {
			return width
		}
	}
	return 0
}

// isTerminal reports whether w is a terminal. Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// onePath checks the arguments of a command that takes at most one PATH.
func onePath(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usagef("%s takes one PATH, got %d: %s", cmd.Name(), len(args), strings.Join(args, " "))
	}
	return nil
}

// pathArg is the PATH a onePath command was given: the current directory
// without one.
func pathArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}
