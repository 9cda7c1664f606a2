package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/residency"
)

// reportFlags are the flags of report (check and diff share the scan's).
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

func reportCommand(e *env) *cobra.Command {
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
			return runReport(cmd.Context(), path, f, e)
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

func runReport(ctx context.Context, path string, f reportFlags, e *env) error {
	stdout := e.stdout
	outs, err := outputs(f)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if o.file == "" && reports.Binary(o.format) && isTerminal(stdout) {
			return usagef("refusing to write %s to a terminal; use -o FILE or --format %s=FILE", o.format, o.format)
		}
	}
	epoch, err := sourceDateEpoch(e.getenv)
	if err != nil {
		return err
	}

	var report *compliance.Report
	var written time.Time
	if f.from != "" {
		report, written, err = readReport(e.path(f.from), f.from)
	} else {
		report, err = scan(ctx, path, f, e)
		written = e.now()
	}
	if err != nil {
		return err
	}
	opts := reports.Options{Date: reportDate(epoch, report, written)}

	for _, o := range outs {
		opts := opts
		if o.format == "text" && o.file == "" && isTerminal(stdout) {
			opts.Color = colorTerminal(stdout, e.getenv)
			opts.Width = terminalWidth(stdout)
		}
		formatter, err := reports.New(o.format, opts)
		if err != nil {
			return usageError{err}
		}
		err = writeOutput(e.path(o.file), stdout, func(w io.Writer) error { return formatter.Format(w, report) })
		if err != nil {
			return fmt.Errorf("writing the %s report: %w", o.format, err)
		}
	}
	return nil
}

// scan analyses the project at path.
func scan(ctx context.Context, path string, f reportFlags, e *env) (*compliance.Report, error) {
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
	src, err := source.Open(e.path(path), f.rev)
	if err != nil {
		return nil, usageError{err}
	}
	defer src.Close()
	cfg.Input.Source = compliance.SourceInfo{Kind: string(src.Kind), Path: path, Name: src.Name, Revision: src.Revision,
		Commit: src.Commit, Subdir: src.Subdir}
	if !src.CommitTime.IsZero() {
		cfg.Input.Source.CommitTime = src.CommitTime.Format(time.RFC3339)
	}
	if cache := goModCache(e.path(f.goModCache), e.getenv); cache != nil {
		cfg.Input.GoModCache = cache
	}
	if f.providers != "" {
		data, err := os.ReadFile(e.path(f.providers))
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
		cfg.Input.UserFS, cfg.Input.UserConfigs = hardening.ExistingUserConfigs(hardening.UserConfigPaths(e.getenv("HOME"), runtime.GOOS, e.getenv))
	}
	return compliance.Analyze(ctx, src.FS, cfg)
}

// readReport reads a report saved by --format json, after checking its
// schema version and validating it against the schema. written is the
// file's modification time, when the scan wrote it. Messages name the file
// as the user typed it.
func readReport(file, name string) (*compliance.Report, time.Time, error) {
	data, err := os.ReadFile(file)
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
	if info, err := os.Stat(file); err == nil {
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
