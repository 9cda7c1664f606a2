package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/policy"
)

// limitFlags are the bounds of a scan a user can set, on the command line
// or under the policy's limits. Each has a default that real trees stay
// far below; a file or tree past one is a warning in the report naming
// what was not read.
type limitFlags struct {
	fileMiB, sourceMiB int
	files              int
	depth, nodes       int
	timeout            time.Duration
}

func (l *limitFlags) register(fl *pflag.FlagSet) {
	fl.IntVar(&l.fileMiB, "max-file-size", project.MaxFileSize>>20, "read data files (lockfiles, configs, exports) of at most this many MiB")
	fl.IntVar(&l.sourceMiB, "max-source-size", project.MaxSourceSize>>20, "read source files of at most this many MiB")
	fl.IntVar(&l.files, "max-files", project.DefaultMaxFiles, "read at most this many files of the project (vendored trees aside)")
	fl.IntVar(&l.depth, "max-depth", tree.DefaultMaxDepth, "parse JSON, YAML and TOML nested at most this deep")
	fl.IntVar(&l.nodes, "max-nodes", tree.DefaultMaxNodes, "parse at most this many values of one JSON, YAML or TOML file (YAML aliases counted expanded)")
	fl.DurationVar(&l.timeout, "timeout", 0, "stop a scan that takes longer than this (0: no limit)")
}

// withPolicy sets the bounds the policy's limits set and the command line
// does not: a flag given wins over the policy, the policy over the default.
func (f *scanFlags) withPolicy(pl policy.Limits) {
	given := func(flag string) bool { return f.changed != nil && f.changed(flag) }
	for _, b := range []struct {
		flag string
		dst  *int
		v    *int
	}{
		{"max-file-size", &f.limits.fileMiB, pl.MaxFileSize},
		{"max-source-size", &f.limits.sourceMiB, pl.MaxSourceSize},
		{"max-files", &f.limits.files, pl.MaxFiles},
		{"max-depth", &f.limits.depth, pl.MaxDepth},
		{"max-nodes", &f.limits.nodes, pl.MaxNodes},
		{"history-limit", &f.historyMax, pl.HistoryLimit},
	} {
		if b.v != nil && !given(b.flag) {
			*b.dst = *b.v
		}
	}
	if pl.Timeout != nil && !given("timeout") {
		f.limits.timeout = *pl.Timeout
	}
}

// project is the bounds as the index takes them.
func (l limitFlags) project() project.Limits {
	return project.Limits{MaxFileSize: int64(l.fileMiB) << 20, MaxSourceSize: int64(l.sourceMiB) << 20, MaxFiles: l.files,
		Tree: tree.Limits{MaxDepth: l.depth, MaxNodes: l.nodes}}
}
