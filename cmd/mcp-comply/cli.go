package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/reports"
)

// Exit codes; see doc.go.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
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
	root := &cobra.Command{
		Use:           "mcp-comply",
		Short:         "Licence, data-residency and MCP hardening report for AI-agent products",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(reportCommand(stdout, stderr, getenv))

	root.DisableSuggestions = true // suggested below, on the error's one line

	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ue usageError
	if strings.HasPrefix(err.Error(), "unknown command") {
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := root.SuggestionsFor(args[0]); len(s) > 0 {
			msg += " (did you mean " + strings.Join(s, " or ") + "?)"
		}
		err = usagef("%s", msg)
	}
	fmt.Fprintf(stderr, "mcp-comply: %v\n", err)
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

type reportFlags struct {
	rev        string
	uses       []string
	market     string
	format     string
	output     string
	goModCache string
}

func reportCommand(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report [PATH]",
		Short: "Scan a project and write the compliance report",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("report takes one PATH, got %d: %s", len(args), strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "."
			if len(args) == 1 {
				path = args[0]
			}
			return runReport(cmd.Context(), path, f, stdout, getenv)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.rev, "rev", "", "scan this git revision (branch, tag or commit) from the object store")
	fl.StringSliceVar(&f.uses, "use", nil, "intended use: internal, saas, whitelabel, distribute, modify (repeatable; default all)")
	fl.StringVar(&f.market, "market", "global", "target market: eu, us or global")
	fl.StringVar(&f.format, "format", "", "output format: "+strings.Join(reports.Names(), ", ")+" (default text, or json for -o *.json)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file")
	fl.StringVar(&f.goModCache, "gomodcache", "", "Go module cache for licence texts of Go modules")
	return cmd
}

func runReport(ctx context.Context, path string, f reportFlags, stdout io.Writer, getenv func(string) string) error {
	cfg := compliance.Config{ToolVersion: version}
	for _, u := range f.uses {
		use, err := kb.ParseUse(u)
		if err != nil {
			return usageError{err}
		}
		cfg.Uses = append(cfg.Uses, use)
	}
	market, err := compliance.ParseMarket(f.market)
	if err != nil {
		return usageError{err}
	}
	cfg.Market = market
	format := f.format
	if format == "" {
		format = "text"
		if strings.EqualFold(filepath.Ext(f.output), ".json") {
			format = "json"
		}
	}
	formatter, err := reports.New(format, reports.Options{Color: f.output == "" && colorTerminal(stdout, getenv)})
	if err != nil {
		return usageError{err}
	}

	src, err := source.Open(path, f.rev)
	if err != nil {
		return usageError{err}
	}
	defer src.Close()
	cfg.Source = compliance.SourceInfo{Kind: string(src.Kind), Path: path, Revision: src.Revision, Commit: src.Commit}
	if !src.CommitTime.IsZero() {
		cfg.Source.CommitTime = src.CommitTime.Format(time.RFC3339)
	}
	if cache := goModCache(f.goModCache, getenv); cache != nil {
		cfg.GoModCache = cache
	}

	report, err := compliance.Analyze(ctx, src.FS, cfg)
	if err != nil {
		return err
	}
	if f.output == "" {
		return formatter.Format(stdout, report)
	}
	return writeFileAtomic(f.output, func(w io.Writer) error { return formatter.Format(w, report) })
}

// goModCache opens the Go module cache named by the flag or the
// environment, or returns nil when there is none.
func goModCache(flag string, getenv func(string) string) fs.FS {
	dir := flag
	if dir == "" {
		dir = getenv("GOMODCACHE")
	}
	if dir == "" {
		if gp := strings.Split(getenv("GOPATH"), string(os.PathListSeparator))[0]; gp != "" {
			dir = filepath.Join(gp, "pkg", "mod")
		} else if home := getenv("HOME"); home != "" {
			dir = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	if dir == "" {
		return nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	return root.FS()
}

// writeFileAtomic writes to a temporary file beside name and renames it
// into place, so a failed run never leaves a half-written report.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it private
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// colorTerminal reports whether w is a terminal and NO_COLOR is unset.
func colorTerminal(w io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
