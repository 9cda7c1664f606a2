package reports

import (
	"encoding/json"
	"io"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// JSON writes the report as indented JSON, the shape described by
// report.schema.json. It is also the input of --from.
type JSON struct{}

func (JSON) Format(w io.Writer, r *compliance.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// FormatDiff writes a diff as indented JSON, the shape described by
// diff.schema.json.
func (JSON) FormatDiff(w io.Writer, d *compliance.Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// ReadJSON reads a report written by the json format.
func ReadJSON(rd io.Reader) (*compliance.Report, error) {
	var r compliance.Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	return &r, nil
}
