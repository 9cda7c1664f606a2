package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/residency"
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
	pin := pinCommand(stdout, stderr, getenv)
	pin.Example = `  mcp-comply pin                      # write ./mcp-lock.json from the server sources
  mcp-comply pin ~/src/agent --live   # also start the configured servers and read tools/list`
	pin.ValidArgsFunction = directories
	root.AddCommand(reportCommand(stdout, getenv), pin)
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
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "mcp-comply: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

// exitCodesHelp ends every command's help; doc.go has the full manual.
const exitCodesHelp = `
Exit codes:
  0  the report (or the lockfile) was written
  1  the scan, the writing, or a live pin of a server failed
  2  usage error: a bad flag, format, use, market, path or revision

A report with prohibited verdicts or critical findings still exits 0: report
describes, it does not gate. The manual: go doc github.com/mcp-comply/mcp-comply/cmd/mcp-comply
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
		if !f.Hidden && (distance(typed, f.Name) <= 2 || strings.HasPrefix(f.Name, typed)) {
			close = append(close, "--"+f.Name)
		}
	})
	if len(close) == 0 {
		return err
	}
	return fmt.Errorf("%w (did you mean %s?)", err, strings.Join(close, " or "))
}

// distance is the Levenshtein distance between two names, ignoring case.
func distance(a, b string) int {
	s, t := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	row := make([]int, len(t)+1)
	for j := range row {
		row[j] = j
	}
	for i := range s {
		prev := row[0]
		row[0] = i + 1
		for j := range t {
			cost := 1
			if s[i] == t[j] {
				cost = 0
			}
			prev, row[j+1] = row[j+1], min(row[j+1]+1, row[j]+1, prev+cost)
		}
	}
	return row[len(t)]
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

type reportFlags struct {
	rev         string
	uses        []string
	market      string
	formats     []string
	output      string
	from        string
	goModCache  string
	userConfigs bool
	providers   string
}

func reportCommand(stdout io.Writer, getenv func(string) string) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report [PATH]",
		Short: "Scan a project and write the compliance report",
		Example: `  mcp-comply report                                   # the current directory, every intended use
  mcp-comply report ~/src/agent --use saas,whitelabel --market eu
  mcp-comply report ~/src/agent --rev v1.4.0          # a git tag, from the object store
  mcp-comply report ~/src/agent -o report.pdf         # the format from the file name
  mcp-comply report ~/src/agent --format pdf=report.pdf --format sarif=results.sarif --format json=report.json
  mcp-comply report --from report.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		ValidArgsFunction: directories,
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
			if f.from != "" {
				var given []string
				if len(args) == 1 {
					given = append(given, "PATH")
				}
				for _, name := range []string{"rev", "use", "market", "gomodcache"} {
					if cmd.Flags().Changed(name) {
						given = append(given, "--"+name)
					}
				}
				if len(given) > 0 {
					return usagef("--from renders a saved report again; %s cannot be used with it", strings.Join(given, ", "))
				}
			}
			return runReport(cmd.Context(), path, f, stdout, getenv)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.rev, "rev", "", "scan this git revision (branch, tag or commit) from the object store")
	fl.StringSliceVar(&f.uses, "use", nil, "intended use: internal, saas, whitelabel, distribute, modify (repeatable; default all)")
	fl.StringVar(&f.market, "market", "global", "target market: eu, us or global")
	fl.StringArrayVar(&f.formats, "format", nil, "output format F, or F=FILE to write it to FILE (repeatable): "+
		strings.Join(reports.Names(), ", ")+" (default text, or the format -o's name ends in)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file")
	fl.StringVar(&f.from, "from", "", "render a saved JSON report instead of scanning")
	fl.StringVar(&f.goModCache, "gomodcache", "", "Go module cache for licence texts of Go modules")
	fl.StringVar(&f.providers, "providers", "", "a YAML file of extra or corrected AI-provider entries (same shape as residency/data/providers.yaml)")
	fl.BoolVar(&f.userConfigs, "user-configs", false, "also check this machine's user-level MCP client configs (Claude, Cursor, VS Code …)")
	for name, complete := range map[string]cobra.CompletionFunc{
		"format":    completeFormat,
		"use":       completeUses,
		"market":    fixed("eu\tthe GDPR's transfer rules", "us\tthe US bulk-data rule (28 CFR Part 202)", "global\tno market's law"),
		"rev":       fixed(),
		"from":      files("json"),
		"providers": files("yaml", "yml"),
		"gomodcache": func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
	} {
		cmd.RegisterFlagCompletionFunc(name, complete)
	}
	return cmd
}

// output is one report to write: a format and a file, "" for stdout.
type output struct {
	format string
	file   string
}

// outputs turns --format and -o into the reports to write. At most one
// format goes to -o or standard output; the others name their file.
func outputs(f reportFlags) ([]output, error) {
	var outs []output
	bare := 0
	for _, spec := range f.formats {
		name, file, named := strings.Cut(spec, "=")
		if named && file == "" {
			return nil, usagef("--format %s names no file (expected F=FILE)", spec)
		}
		if !named {
			bare++
			file = f.output
		}
		if file == "-" {
			file = "" // standard output
		}
		if _, err := reports.New(name, reports.Options{}); err != nil {
			return nil, usageError{err}
		}
		outs = append(outs, output{format: strings.ToLower(name), file: file})
	}
	switch {
	case bare > 1:
		return nil, usagef("only one --format can go to %s; give the others a file: --format F=FILE", stdoutOr(f.output))
	case len(f.formats) == 0:
		format, file := "text", f.output
		if file == "-" {
			file = ""
		}
		if byName := reports.ForFile(file); byName != "" {
			format = byName
		} else if ext := filepath.Ext(file); ext != "" {
			return nil, usagef("-o %s: %s is not the file name of a format (%s); name the format with --format F",
				f.output, ext, strings.Join(reports.Names(), ", "))
		}
		outs = append(outs, output{format: format, file: file})
	case bare == 0 && f.output != "":
		return nil, usagef("-o %s has no format to write: add --format F for it, or drop -o", f.output)
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.file
		if key != "" {
			key = filepath.Clean(key)
		}
		if seen[key] {
			return nil, usagef("two formats would write to %s", stdoutOr(o.file))
		}
		seen[key] = true
	}
	return outs, nil
}

func stdoutOr(file string) string {
	if file == "" {
		return "standard output"
	}
	return file
}

func runReport(ctx context.Context, path string, f reportFlags, stdout io.Writer, getenv func(string) string) error {
	outs, err := outputs(f)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if o.file == "" && reports.Binary(o.format) && isTerminal(stdout) {
			return usagef("refusing to write %s to a terminal; use -o FILE or --format %s=FILE", o.format, o.format)
		}
	}
	epoch, err := sourceDateEpoch(getenv)
	if err != nil {
		return err
	}

	var report *compliance.Report
	var written time.Time
	if f.from != "" {
		report, written, err = readReport(f.from)
	} else {
		report, err = scan(ctx, path, f, getenv)
		written = time.Now()
	}
	if err != nil {
		return err
	}
	opts := reports.Options{Date: reportDate(epoch, report, written)}

	for _, o := range outs {
		opts := opts
		if o.format == "text" && o.file == "" && isTerminal(stdout) {
			opts.Color = colorTerminal(stdout, getenv)
			opts.Width = terminalWidth(stdout)
		}
		formatter, err := reports.New(o.format, opts)
		if err != nil {
			return usageError{err}
		}
		err = writeOutput(o.file, stdout, func(w io.Writer) error { return formatter.Format(w, report) })
		if err != nil {
			return fmt.Errorf("writing the %s report: %w", o.format, err)
		}
	}
	return nil
}

// scan analyses the project at path.
func scan(ctx context.Context, path string, f reportFlags, getenv func(string) string) (*compliance.Report, error) {
	cfg := compliance.Config{ToolVersion: version}
	for _, u := range f.uses {
		use, err := compliance.ParseUse(u)
		if err != nil {
			return nil, usageError{err}
		}
		cfg.Policy.Uses = append(cfg.Policy.Uses, use)
	}
	market, err := compliance.ParseMarket(f.market)
	if err != nil {
		return nil, usageError{err}
	}
	cfg.Policy.Market = market
	src, err := source.Open(path, f.rev)
	if err != nil {
		return nil, usageError{err}
	}
	defer src.Close()
	cfg.Input.Source = compliance.SourceInfo{Kind: string(src.Kind), Path: path, Name: src.Name, Revision: src.Revision,
		Commit: src.Commit, Subdir: src.Subdir}
	if !src.CommitTime.IsZero() {
		cfg.Input.Source.CommitTime = src.CommitTime.Format(time.RFC3339)
	}
	if cache := goModCache(f.goModCache, getenv); cache != nil {
		cfg.Input.GoModCache = cache
	}
	if f.providers != "" {
		data, err := os.ReadFile(f.providers)
		if err != nil {
			return nil, usageError{err}
		}
		cat, err := residency.Default().Extend(data, f.providers)
		if err != nil {
			return nil, usageError{err}
		}
		cfg.Knowledge.Residency = cat
	}
	if src.Repo != nil { // history secrets, for a --rev scan
		cfg.Input.History, cfg.Input.Head = src.Repo.Storer, src.Commit
	}
	if f.userConfigs {
		cfg.Input.UserFS, cfg.Input.UserConfigs = hardening.ExistingUserConfigs(hardening.UserConfigPaths(getenv("HOME"), runtime.GOOS, getenv))
	}
	return compliance.Analyze(ctx, src.FS, cfg)
}

// readReport reads a report saved by --format json, after checking its
// schema version and validating it against the schema. written is the
// file's modification time, when the scan wrote it.
func readReport(name string) (*compliance.Report, time.Time, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, time.Time{}, usageError{err}
	}
	var head struct {
		SchemaVersion *string `json:"schemaVersion"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, time.Time{}, usagef("%s: not a JSON report: %v", name, err)
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, time.Time{}, usagef("%s: not an mcp-comply JSON report (it has no schemaVersion)", name)
	case *head.SchemaVersion != compliance.SchemaVersion:
		return nil, time.Time{}, usagef("%s: schema version %q is not supported: this mcp-comply reads version %s (run mcp-comply report again to write one)",
			name, *head.SchemaVersion, compliance.SchemaVersion)
	}
	if err := reports.Validate(data); err != nil {
		return nil, time.Time{}, usagef("%s: %v", name, err)
	}
	r, err := reports.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return nil, time.Time{}, usagef("%s: %v", name, err)
	}
	var written time.Time
	if info, err := os.Stat(name); err == nil {
		written = info.ModTime()
	}
	return r, written, nil
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (reproducible-builds.org): a
// number of seconds since 1970 that fixes the date in reports.
func sourceDateEpoch(getenv func(string) string) (time.Time, error) {
	v := strings.TrimSpace(getenv("SOURCE_DATE_EPOCH"))
	if v == "" {
		return time.Time{}, nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// reportDate is the date a report carries: SOURCE_DATE_EPOCH, else the
// commit time of the scanned revision, else when the report was written.
func reportDate(epoch time.Time, r *compliance.Report, written time.Time) time.Time {
	if !epoch.IsZero() {
		return epoch
	}
	if t, err := time.Parse(time.RFC3339, r.Inputs.Source.CommitTime); err == nil {
		return t.UTC()
	}
	return written.UTC().Truncate(time.Second)
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
