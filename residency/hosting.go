package residency

import (
	"context"
	"path"
	"regexp"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// scanHosting reads the hosting regions of the deployment files the
// Terraform and YAML readers do not: Fly.io's fly.toml (primary_region),
// Azure Bicep and ARM templates (location), and Terraform's JSON syntax
// (*.tf.json: provider regions, resource locations, Bedrock model ids).
func (s *Scanner) scanHosting(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.Other, project.JSON, project.Terraform) {
		if err := ctx.Err(); err != nil {
			return err
		}
		base := strings.ToLower(path.Base(f.Path))
		switch {
		case f.Kind == project.Other && (base == "fly.toml" || strings.HasPrefix(base, "fly.") && strings.HasSuffix(base, ".toml")):
			if d := idx.Doc(f.Path); d != nil {
				if r := d.Root().Get("primary_region"); r != nil && r.Kind == tree.String && r.Text != "" {
					ev := nodeEv(d, r)
					s.addHosting("fly", strings.ToLower(r.Text), ev)
					s.addRegion("fly", "", strings.ToLower(r.Text), "primary_region", ev)
				}
			}
		case f.Kind == project.Other && strings.HasSuffix(base, ".bicep"):
			if data := idx.Read(f.Path); data != nil {
				s.bicep(textDoc(f.Path, data))
			}
		case f.Kind == project.JSON:
			if d := idx.Doc(f.Path); d != nil && strings.Contains(d.Root().Str("$schema"), "deploymentTemplate.json") {
				s.armTemplate(d)
			}
		case f.Kind == project.Terraform && strings.HasSuffix(base, ".tf.json"):
			if d := idx.Doc(f.Path); d != nil {
				s.terraformJSON(d)
			}
		}
	}
	return nil
}

// reBicepLocation matches a literal Azure location in Bicep: a resource's
// location: 'westeurope' or a parameter's default.
var reBicepLocation = regexp.MustCompile(`(?m)^\s*(?:location\s*:|param\s+location\s+string\s*=)\s*'([A-Za-z0-9 ]+)'`)

func (s *Scanner) bicep(d *project.Doc) {
	for _, m := range reBicepLocation.FindAllSubmatchIndex(d.Data, -1) {
		v := normAzure(string(d.Data[m[2]:m[3]]))
		line := 1 + strings.Count(string(d.Data[:m[2]]), "\n")
		col := m[2] - strings.LastIndexByte(string(d.Data[:m[2]]), '\n')
		ev := atLine(d, line, col)
		s.addHosting("azure", v, ev)
		s.addRegion("azure", "", v, "location", ev)
	}
}

// armTemplate reads the literal locations of an ARM template's resources
// and its location parameter's default; an expression
// ("[resourceGroup().location]") is the deployment's to decide.
func (s *Scanner) armTemplate(d *project.Doc) {
	root := d.Root()
	add := func(n *tree.Node, key string) {
		if n == nil || n.Kind != tree.String || n.Text == "" || strings.HasPrefix(n.Text, "[") {
			return
		}
		v := normAzure(n.Text)
		if v == "global" {
			return // global resources (DNS, Front Door) have no region
		}
		ev := nodeEv(d, n)
		s.addHosting("azure", v, ev)
		s.addRegion("azure", "", v, key, ev)
	}
	add(root.Get("parameters").Get("location").Get("defaultValue"), "parameters.location.defaultValue")
	for _, r := range items(root.Get("resources")) {
		add(r.Get("location"), r.Str("type")+".location")
	}
}

// terraformJSON reads Terraform's JSON syntax: provider regions
// ({"provider": {"aws": {"region": …}}}, or a list of provider blocks),
// azurerm and google resource locations, and Bedrock model ids in any
// resource or local; "${var.x}" takes the variable's default.
func (s *Scanner) terraformJSON(d *project.Doc) {
	root := d.Root()
	vars := map[string]string{}
	for _, m := range members(root.Get("variable")) {
		if def := m.Value.Get("default"); def != nil && def.Kind == tree.String {
			vars[m.Key] = def.Text
		}
	}
	value := func(n *tree.Node) (string, bool) {
		if n == nil || n.Kind != tree.String {
			return "", false
		}
		v := n.Text
		if strings.HasPrefix(v, "${var.") && strings.HasSuffix(v, "}") {
			dv, ok := vars[v[len("${var."):len(v)-1]]
			return dv, ok
		}
		return v, !strings.Contains(v, "${")
	}
	for _, m := range members(root.Get("provider")) {
		platform := map[string]string{"aws": "aws", "google": "gcp", "google-beta": "gcp"}[m.Key]
		blocks := []*tree.Node{m.Value}
		if isArray(m.Value) {
			blocks = m.Value.Items
		}
		for _, b := range blocks {
			if v, ok := value(b.Get("region")); ok && platform != "" && v != "" {
				ev := nodeEv(d, b.Get("region"))
				s.addRegion(platform, "", v, "provider."+m.Key+".region", ev)
				s.addHosting(platform, v, ev)
			}
		}
	}
	for _, t := range members(root.Get("resource")) {
		for _, r := range members(t.Value) {
			where := t.Key + "." + r.Key
			switch {
			case strings.HasPrefix(t.Key, "azurerm_"):
				if v, ok := value(r.Value.Get("location")); ok && v != "" {
					ev := nodeEv(d, r.Value.Get("location"))
					s.addRegion("azure", "", normAzure(v), where+".location", ev)
					s.addHosting("azure", normAzure(v), ev)
				}
			case strings.HasPrefix(t.Key, "google_"):
				for _, k := range []string{"region", "location"} {
					if v, ok := value(r.Value.Get(k)); ok && v != "" {
						ev := nodeEv(d, r.Value.Get(k))
						s.addRegion("gcp", "", strings.ToLower(v), where+"."+k, ev)
						s.addHosting("gcp", strings.ToLower(v), ev)
					}
				}
			}
		}
	}
	var strs []keyed
	stringsIn(root.Get("resource"), "", 0, &strs)
	stringsIn(root.Get("locals"), "", 0, &strs)
	stringsIn(root.Get("variable"), "", 0, &strs)
	for _, kv := range strs {
		if isBedrockModel(kv.n.Text) {
			s.add(sighting{hint: s.c.byID["bedrock"], model: kv.n.Text, via: "terraform", ev: nodeEv(d, kv.n)})
		}
	}
}
