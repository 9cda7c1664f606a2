package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/policy"
	"github.com/mcp-comply/mcp-comply/registry"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/residency"
)

// scanFlags are the flags of the commands that scan a project (report,
// check) and write reports of it.
type scanFlags struct {
	rev         string
	uses        []string
	market      string
	config      string
	formats     []string
	output      string
	goModCache  string
	providers   string
	userConfigs bool
	online      bool // --online: ask the package registries for the licences the tree lacks
	historyMax  int  // --history-limit: the newest commits the history walk reads; 0 all
	limits      limitFlags
	from        string // report only
	baseline    string // check only
	noPolicy    bool   // init: the project as it is, without its policy
	// changed reports whether a flag was given on the command line (it
	// then wins over the policy).
	changed func(flag string) bool
}

// register declares the scan flags on cmd and their completions.
func (f *scanFlags) register(cmd *cobra.Command, verb string) {
	fl := cmd.Flags()
	f.changed = fl.Changed
	fl.StringVar(&f.rev, "rev", "", verb+" this git revision (branch, tag or commit) from the object store")
	fl.IntVar(&f.historyMax, "history-limit", 0, "with --rev, search only the newest N commits of the history for removed secrets (default 0: all of them)")
	fl.StringSliceVar(&f.uses, "use", nil, "intended use: internal, saas, whitelabel, distribute, modify (repeatable; default the policy's, else all)")
	fl.StringVar(&f.market, "market", "", "target market: eu, us or global (default the policy's, else global)")
	fl.StringVar(&f.config, "config", "", "the policy file (default "+policy.FileName+" at the project root, if there is one)")
	fl.StringArrayVar(&f.formats, "format", nil, "output format F, or F=FILE to write it to FILE (repeatable): "+
		strings.Join(reports.Names(), ", ")+" (default text, or the format -o's name ends in)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file")
	fl.StringVar(&f.goModCache, "gomodcache", "", "Go module cache for licence texts of Go modules")
	fl.StringVar(&f.providers, "providers", "", "a YAML file of extra or corrected AI-provider entries (same shape as residency/data/providers.yaml)")
	fl.BoolVar(&f.online, "online", false, "ask the package registries (npm, PyPI, the Go module proxy, OCI) for the licences the project does not carry, through your .npmrc, PIP_INDEX_URL and GOPROXY; cached in the user cache directory (default the policy's online, else off)")
	fl.BoolVar(&f.userConfigs, "user-configs", false, "also check this machine's user-level MCP client configs (Claude, Cursor, VS Code …)")
	f.limits.register(fl)
	for name, complete := range map[string]cobra.CompletionFunc{
		"format":    completeFormat,
		"use":       completeUses,
		"market":    fixed("eu\tthe GDPR's transfer rules", "us\tthe US bulk-data rule (28 CFR Part 202)", "global\tno market's law"),
		"rev":       fixed(),
		"config":    files("yaml", "yml"),
		"providers": files("yaml", "yml"),
		"gomodcache": func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
	} {
		cmd.RegisterFlagCompletionFunc(name, complete)
	}
}

// scanned is one analysis: its report, the policy that shaped it, and the
// provider catalogue it judged with.
type scanned struct {
	report    *compliance.Report
	policy    *policy.Policy
	catalogue *residency.Catalogue
}

// judge runs the policy's gate over the report: waivers, baseline, what
// fails.
func (s *scanned) judge(e *env, baseline *compliance.Report) error {
	return s.policy.Gate.Check(s.report, compliance.CheckOptions{Now: e.now(), Baseline: baseline, Residency: s.catalogue})
}

// scan analyses the project at path (a directory, a git URL, or with
// --rev a revision of its repository) under its policy file and the
// flags, which override the policy.
func scan(ctx context.Context, path string, f scanFlags, e *env) (*scanned, error) {
	if err := f.checkHistoryLimit(); err != nil {
		return nil, err
	}
	src, err := open(ctx, path, f.rev, source.Options{History: f.rev != ""}, e)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	cfg, pol, err := configure(src, f, e)
	if err != nil {
		return nil, err
	}
	f.withPolicy(pol.Limits)
	cfg.Input.Source, cfg.Input.History, cfg.Input.Head = revision(src, path)
	cfg.Input.MaxCommits = f.historyMax
	cfg.Input.Limits = f.limits.project()
	if f.limits.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.limits.timeout)
		defer cancel()
	}
	r, err := compliance.Analyze(ctx, src.FS, cfg)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("the scan did not end within the timeout (--timeout, or the policy's limits.timeout) %s: no report was written (raise it, or list what need not be read under the policy's exclude)", f.limits.timeout)
	}
	if err != nil {
		return nil, err
	}
	return &scanned{report: r, policy: pol, catalogue: cfg.Knowledge.Residency}, nil
}

// checkHistoryLimit refuses a --history-limit that bounds nothing: a
// negative one, or one without --rev (only a revision's history is
// searched).
func (f scanFlags) checkHistoryLimit() error {
	switch {
	case f.historyMax < 0:
		return usagef("--history-limit %d: want a number of commits, or 0 for the whole history", f.historyMax)
	case f.historyMax > 0 && f.rev == "":
		return usagef("--history-limit needs --rev: only a git revision's history is searched")
	}
	return nil
}

// open opens the project: a path the user typed, relative to the working
// directory, or a git URL, cloned into memory (credentials from the
// environment). Either failing is the user's to fix.
func open(ctx context.Context, target, rev string, opts source.Options, e *env) (*source.Source, error) {
	if !source.IsURL(target) {
		target = e.path(target)
	}
	opts.Getenv = e.getenv
	src, err := source.OpenContext(ctx, target, rev, opts)
	if err != nil {
		return nil, usageError{err}
	}
	return src, nil
}

// revision is what the report says of the source it read, and the history
// a --rev scan walks. A path is named as the user typed it; a URL as
// source redacted it (never with its credentials).
func revision(src *source.Source, typed string) (info compliance.SourceInfo, history storer.Storer, head string) {
	info = compliance.SourceInfo{Kind: string(src.Kind), Path: typed, Name: src.Name, Revision: src.Revision,
		Commit: src.Commit, Subdir: src.Subdir}
	if source.IsURL(typed) {
		info.Path = src.Path
	}
	if !src.CommitTime.IsZero() {
		info.CommitTime = src.CommitTime.Format(time.RFC3339)
	}
	if src.Repo != nil { // history secrets, for a --rev scan
		history, head = src.Repo.Storer, src.Commit
	}
	return info, history, head
}

// configure builds the analysis: the project's policy file (or --config),
// then the flags over it.
func configure(src *source.Source, f scanFlags, e *env) (compliance.Config, *policy.Policy, error) {
	cfg := compliance.Config{ToolVersion: version}
	pol := &policy.Policy{}
	var err error
	switch {
	case f.noPolicy:
	case f.config != "":
		pol, err = policy.LoadFile(e.path(f.config))
	default:
		pol, err = policy.Find(src.FS)
	}
	if err != nil {
		return cfg, nil, usageError{err}
	}
	pol.Configure(&cfg)
	if len(f.uses) > 0 {
		cfg.Policy.Uses = nil
		for _, u := range f.uses {
			use, err := compliance.ParseUse(u)
			if err != nil {
				return cfg, nil, usageError{err}
			}
			cfg.Policy.Uses = append(cfg.Policy.Uses, use)
		}
	}
	if f.market != "" {
		if cfg.Policy.Market, err = compliance.ParseMarket(f.market); err != nil {
			return cfg, nil, usageError{err}
		}
	}
	if f.providers != "" {
		data, err := os.ReadFile(e.path(f.providers))
		if err != nil {
			return cfg, nil, usageError{err}
		}
		cat, err := cmp.Or(cfg.Knowledge.Residency, residency.Default()).Extend(data, f.providers)
		if err != nil {
			return cfg, nil, usageError{err}
		}
		cfg.Knowledge.Residency = cat
	}
	if cache := goModCache(e.path(f.goModCache), e.getenv); cache != nil {
		cfg.Input.GoModCache = cache
	}
	if f.online || pol.Online {
		opts := registrySettings(src.FS, e.getenv)
		opts.Now = e.now
		cfg.Input.Lookup = registry.New(opts)
	}
	if f.userConfigs {
		cfg.Input.UserFS, cfg.Input.UserConfigs = hardening.ExistingUserConfigs(hardening.UserConfigPaths(e.getenv("HOME"), runtime.GOOS, e.getenv))
	}
	return cfg, pol, nil
}

// registrySettings are the registries the user's own tools ask: the
// project's .npmrc, then the user's (~/.npmrc, or NPM_CONFIG_USERCONFIG),
// pip's configuration (PIP_CONFIG_FILE, else ~/.config/pip/pip.conf, else
// ~/.pip/pip.conf) and the environment; answers are cached in the user
// cache directory.
func registrySettings(project fs.FS, getenv func(string) string) registry.Options {
	var npmrc [][]byte
	if data, err := fs.ReadFile(project, ".npmrc"); err == nil {
		npmrc = append(npmrc, data)
	}
	home := getenv("HOME")
	read := func(paths ...string) []byte {
		for _, p := range paths {
			if p == "" {
				continue
			}
			if data, err := os.ReadFile(p); err == nil {
				return data
			}
		}
		return nil
	}
	userrc := getenv("NPM_CONFIG_USERCONFIG")
	if userrc == "" && home != "" {
		userrc = filepath.Join(home, ".npmrc")
	}
	if data := read(userrc); data != nil {
		npmrc = append(npmrc, data)
	}
	var pipConf []byte
	if f := getenv("PIP_CONFIG_FILE"); f != "" {
		pipConf = read(f)
	} else if home != "" {
		pipConf = read(filepath.Join(cmp.Or(getenv("XDG_CONFIG_HOME"), filepath.Join(home, ".config")), "pip", "pip.conf"),
			filepath.Join(home, ".pip", "pip.conf"))
	}
	return registry.Settings(getenv, npmrc, pipConf, userCacheDir(getenv))
}

// userCacheDir is mcp-comply/registry in the user cache directory, found
// as os.UserCacheDir finds it but through getenv (so a test's environment
// is the one asked); "" when there is none.
func userCacheDir(getenv func(string) string) string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = getenv("LocalAppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			dir = filepath.Join(h, "Library", "Caches")
		}
	default:
		dir = getenv("XDG_CACHE_HOME")
		if dir == "" || !filepath.IsAbs(dir) {
			dir = ""
			if h := getenv("HOME"); h != "" {
				dir = filepath.Join(h, ".cache")
			}
		}
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "mcp-comply", "registry")
}
