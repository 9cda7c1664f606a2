package license

import (
	"io/fs"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/yamlnode"
)

// readYAMLDocs reads a file's YAML documents; what names the file in the
// warning when it cannot be read.
func readYAMLDocs(fsys fs.FS, file, what string) ([]*yaml.Node, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, what)
	if unread != nil {
		return nil, unread
	}
	return yamlnode.Documents(file, data, "YAML")
}
