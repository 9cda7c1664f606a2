package view

import (
	"cmp"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// ProjectName is what a report calls the project: the name compliance
// gave it (its package, repository or directory), or, in a report saved
// before reports carried a name, the path that was scanned.
func ProjectName(s compliance.SourceInfo) string {
	return cmp.Or(s.Name, s.Path)
}
