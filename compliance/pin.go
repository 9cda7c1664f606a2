package compliance

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// PinConfig tunes Pin. The zero value pins what the sources declare.
type PinConfig struct {
	// Live, when set, also pins what the configured servers answer to
	// tools/list. The command passes live.Pin, which starts processes and
	// connects to servers, and only when the user asks for it: this
	// package never starts anything itself.
	Live func(context.Context, []hardening.Server) (hardening.Lockfile, error)
}

// Pinned is the lockfile Pin built and what it met on the way.
type Pinned struct {
	Lock     hardening.Lockfile
	Warnings []Warning
	// LiveErr names the servers that could not be pinned live; the others
	// are in Lock.
	LiveErr error
}

// Pin builds the tool-pin lockfile (mcp-lock.json) of the project in fsys:
// the hash of every tool definition and of the instructions of the MCP
// servers its sources declare and, with cfg.Live, of those its client
// configs run. It is the library's front door for mcp-comply pin, beside
// Analyze; Analyze then reports drift from the committed lockfile.
func Pin(ctx context.Context, fsys fs.FS, cfg PinConfig) (*Pinned, error) {
	idx, err := project.Walk(ctx, fsys)
	if err != nil {
		return nil, fmt.Errorf("indexing the project: %w", err)
	}
	res, err := hardening.Scan(ctx, idx, hardening.Options{})
	if err != nil {
		return nil, fmt.Errorf("MCP hardening: %w", err)
	}
	p := &Pinned{Lock: hardening.Pin(res.Sources), Warnings: warnings(idx.Warnings(), res.Warnings)}
	if cfg.Live != nil {
		var servers []hardening.Server
		for _, c := range res.Configs {
			servers = append(servers, c.Servers...)
		}
		live, err := cfg.Live(ctx, servers)
		p.Lock = hardening.MergeLocks(p.Lock, live)
		p.LiveErr = err
	}
	return p, nil
}
