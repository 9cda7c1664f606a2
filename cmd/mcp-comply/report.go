package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports"
)

func reportCommand(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "report [PATH | GIT-URL]",
		Short: "Scan a project and write the compliance report",
		Example: `  mcp-comply report                                   # the current directory, every intended use
  mcp-comply report ~/src/agent --use saas,whitelabel --market eu
  mcp-comply report ~/src/agent --rev v1.4.0          # a git tag, from the object store
  mcp-comply report ~/src/agent -o report.pdf         # the format from the file name
  mcp-comply report ~/src/agent --format pdf=report.pdf --format sarif=results.sarif --format json=report.json
  mcp-comply report --from report.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		ValidArgsFunction: directories,
		Args:              onePath,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.from != "" {
				var given []string
				if len(args) == 1 {
					given = append(given, "PATH")
				}
				for _, name := range []string{"rev", "use", "market", "gomodcache", "config", "providers", "user-configs"} {
					if cmd.Flags().Changed(name) {
						given = append(given, "--"+name)
					}
				}
				if len(given) > 0 {
					return usagef("--from renders a saved report again; %s cannot be used with it", strings.Join(given, ", "))
				}
			}
			return runReport(cmd.Context(), pathArg(args), f, e)
		},
	}
	f.register(cmd, "scan")
	cmd.Flags().StringVar(&f.from, "from", "", "render a saved JSON report instead of scanning")
	cmd.RegisterFlagCompletionFunc("from", files("json"))
	return cmd
}

// output is one report to write: a format and a file, "" for stdout.
type output struct {
	format string
	file   string
}

// outputs turns --format and -o into the reports to write. At most one
// format goes to -o or standard output; the others name their file.
func outputs(f scanFlags) ([]output, error) { return outputsOf(f, reports.Names()) }

// outputsOf is outputs for a command whose formats are names (diff has
// fewer than report).
func outputsOf(f scanFlags, names []string) ([]output, error) {
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
		if !slices.Contains(names, strings.ToLower(name)) {
			return nil, usagef("unknown format %q (expected one of %s)", name, strings.Join(names, ", "))
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
		if byName := reports.ForFile(file); slices.Contains(names, byName) {
			format = byName
		} else if ext := filepath.Ext(file); ext != "" {
			return nil, usagef("-o %s: %s is not the file name of a format (%s); name the format with --format F",
				f.output, ext, strings.Join(names, ", "))
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

func runReport(ctx context.Context, path string, f scanFlags, e *env) error {
	outs, err := checkedOutputs(f, e)
	if err != nil {
		return err
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
		var s *scanned
		s, err = scan(ctx, path, f, e)
		if err == nil {
			report, written = s.report, e.now()
			// A project's policy file shapes its report as it shapes
			// check: waived findings show as waived, expired waivers as
			// expired; report still exits 0.
			if len(s.policy.Files) > 0 {
				err = s.judge(e, nil)
			}
		}
	}
	if err != nil {
		return err
	}
	return writeReports(report, outs, reports.Options{Date: reportDate(epoch, report, written)}, e)
}

// checkedOutputs is outputs, refusing a binary format on a terminal.
func checkedOutputs(f scanFlags, e *env) ([]output, error) {
	outs, err := outputs(f)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		if o.file == "" && reports.Binary(o.format) && isTerminal(e.stdout) {
			return nil, usagef("refusing to write %s to a terminal; use -o FILE or --format %s=FILE", o.format, o.format)
		}
	}
	return outs, nil
}

// writeReports writes every output of one report, each whole or not at
// all (see writeOutput).
func writeReports(report *compliance.Report, outs []output, opts reports.Options, e *env) error {
	stdout := e.stdout
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

// readReport reads a report saved by --format json, after checking its
// schema version and validating it against the schema. written is the
// file's modification time, when the scan wrote it. Messages name the file
// as the user typed it.
func readReport(file, name string) (*compliance.Report, time.Time, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, time.Time{}, usageError{err}
	}
	defer f.Close()
	r, err := reports.ReadReport(bufio.NewReaderSize(f, 1<<16), func(v *string) error {
		switch {
		case v == nil:
			return usagef("%s: not an mcp-comply JSON report (it has no schemaVersion)", name)
		case *v != compliance.SchemaVersion:
			return usagef("%s: schema version %q is not supported: this mcp-comply reads version %s (run mcp-comply report again to write one)",
				name, *v, compliance.SchemaVersion)
		}
		return nil
	})
	if err != nil {
		if errors.As(err, new(usageError)) {
			return nil, time.Time{}, err
		}
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
