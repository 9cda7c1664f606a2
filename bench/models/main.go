// Command models prints the models residency finds in a project, one per
// line (name, version, provider, readers, first place), for
// bench/models.sh.
//
//	go run ./bench/models DIR
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/residency"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: models DIR")
		os.Exit(2)
	}
	ctx := context.Background()
	idx, err := project.Walk(ctx, os.DirFS(os.Args[1]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r, err := residency.Scan(ctx, idx, residency.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, m := range r.Models {
		provider := m.Provider
		if provider == "" && m.ProviderName != "" {
			provider = "(" + m.ProviderName + ")"
		}
		fmt.Printf("%s\t%s\t%s\t%s\t%d\t%s\n", m.Name, m.Version, provider, strings.Join(m.Via, ","), len(m.Evidence), m.Evidence[0].Position)
	}
}
