package license

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// resolveModel gives a component of ecosystem model its catalogue entry and
// its licence: an open-weight model's weights licence (a fine-tune's is its
// base's), a hosted model's service terms, and unknown when the catalogue
// does not know the model, its base, or what binds the project when a cloud
// serves open weights.
func resolveModel(base *kb.Base, c *Component) {
	if c.Model == nil {
		c.Model = &ModelInfo{}
	}
	if c.Model.Entry == nil {
		c.Model.Entry = lookupModel(base, c.Name, c.Version)
	}
	e := c.Model.Entry
	var at project.Position
	if len(c.Locations) > 0 {
		at = c.Locations[0]
	}
	unknown := func(note string) {
		c.License = Resolution{Method: vocab.MethodNone,
			Evidence: []Evidence{{Method: vocab.MethodNone, Position: at, Value: c.Name, Note: note}}}
	}
	if e == nil {
		unknown("not in the model catalogue — confirm")
		return
	}
	id, bases := base.ModelLicense(e)
	note := catalogueEntryNote(e, bases)
	switch {
	case id == "":
		unknown(note + "; the catalogue does not know the base " + e.Base + " — confirm")
		return
	case e.Kind == kb.OpenWeight && c.Model.AsService:
		unknown(note + "; served as a service by " + providerName(c.Model) + ": the weights' licence (" + id +
			") binds the provider; whether it or only the provider's terms govern the project's use is not settled" +
			serviceTermsRead[c.Model.Provider] + " — confirm")
		return
	}
	c.License = Resolution{Expression: id, Method: vocab.MethodCatalogue,
		Evidence: []Evidence{{Method: vocab.MethodCatalogue, Position: at, Value: id, Note: note}}}
}

// serviceTermsRead is what a cloud says of the open models it serves, as
// read (the sentence the note quotes, with where it was read).
var serviceTermsRead = map[string]string{
	"bedrock": " (AWS: “Serverless Third-Party Models offered on Amazon Bedrock may be subject to additional terms or a" +
		" seller’s end user license agreement.”, aws.amazon.com/legal/bedrock/third-party-models, read 2026-12-03)",
}

// lookupModel finds the catalogue entry for a model as written, then with
// a version the project states beside it.
func lookupModel(base *kb.Base, name, version string) *kb.ModelEntry {
	forms := []string{name}
	if version != "" {
		forms = append(forms, name+":"+version, name+"-"+version)
	}
	for _, n := range forms {
		if e, ok := base.Model(n); ok {
			return e
		}
	}
	return nil
}

// catalogueEntryNote names the entry and its source, the bases a fine-tune
// carries the licence of, and a hosted model's terms.
func catalogueEntryNote(e *kb.ModelEntry, bases []*kb.ModelEntry) string {
	var b strings.Builder
	b.WriteString("model catalogue: " + e.Name + " (" + e.ID + "), " + e.Source + ", checked " + e.Checked)
	for _, base := range bases {
		b.WriteString("; a fine-tune of " + base.Name + " (" + base.ID + "), whose licence its weights carry")
	}
	if e.Kind == kb.Hosted {
		b.WriteString("; hosted by " + e.Vendor + " under its service terms (" + e.Terms + ") — confirm")
	}
	return b.String()
}

func providerName(m *ModelInfo) string {
	switch {
	case m.ProviderName != "":
		return m.ProviderName
	case m.Provider != "":
		return m.Provider
	}
	return "its provider"
}
