package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/source"
	"github.com/mcp-comply/mcp-comply/live"
)

type pinFlags struct {
	live   bool
	output string
}

// pinCommand writes the tool-pin lockfile: the hash of every tool
// definition and server instructions the project's sources declare, and
// with --live those the configured servers report. report then flags any
// drift from it.
func pinCommand(e *env) *cobra.Command {
	var f pinFlags
	cmd := &cobra.Command{
		Use:   "pin [PATH]",
		Short: "Write mcp-lock.json: the hashes of the MCP tool definitions, to detect rug pulls",
		Args:  onePath,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPin(cmd.Context(), pathArg(args), f, e)
		},
	}
	cmd.Flags().BoolVar(&f.live, "live", false, "also start the configured servers (stdio) and connect to remote ones to read tools/list")
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "write the lockfile here (default PATH/"+hardening.LockFileName+")")
	return cmd
}

func runPin(ctx context.Context, path string, f pinFlags, e *env) error {
	src, err := source.Open(e.path(path), "")
	if err != nil {
		return usageError{err}
	}
	defer src.Close()
	var cfg compliance.PinConfig
	if f.live {
		// Starting servers runs their code: only here, only when asked.
		cfg.Live = func(ctx context.Context, servers []hardening.Server) (hardening.Lockfile, error) {
			return live.Pin(ctx, servers, live.Options{Getenv: e.getenv})
		}
	}
	pinned, err := compliance.Pin(ctx, src.FS, cfg)
	if err != nil {
		return err
	}
	for _, w := range pinned.Warnings {
		fmt.Fprintf(e.stderr, "mcp-comply: warning: %s\n", w)
	}
	out := f.output
	if out == "" {
		out = filepath.Join(path, hardening.LockFileName)
	}
	if err := writeOutput(e.path(out), e.stdout, func(w io.Writer) error { return hardening.WriteLock(w, pinned.Lock) }); err != nil {
		return err
	}
	tools := 0
	for _, s := range pinned.Lock.Servers {
		tools += len(s.Tools)
	}
	fmt.Fprintf(e.stdout, "pinned %d server(s) and %d tool(s) in %s\n", len(pinned.Lock.Servers), tools, out)
	if pinned.LiveErr != nil {
		return fmt.Errorf("some servers could not be pinned live: %w", pinned.LiveErr)
	}
	return nil
}
