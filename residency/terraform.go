package residency

import (
	"context"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// tfModule is the .tf files of one directory, with what expressions may
// refer to: variable defaults and terraform.tfvars values, locals, and
// resources by "type.name".
type tfModule struct {
	dir       string
	vars      map[string]hclsyntax.Expression
	tfvars    map[string]string
	locals    map[string]hclsyntax.Expression
	resources map[string]*hclsyntax.Block
	blocks    []tfBlock
	// ebsDefault: the module turns EBS encryption by default on.
	ebsDefault bool
}

type tfBlock struct {
	b *hclsyntax.Block
	d *project.Doc
}

// azAccount and azDeployment are Azure AI resources declared in Terraform.
type azAccount struct {
	label, name, subdomain, location, kind string
	ev                                     Evidence
}

type azDeployment struct {
	account, name, sku, model string
	version                   string // the model block's version
	ev                        Evidence
	modelEv                   Evidence // where the model block names the model
}

// azPick is an Azure account (and deployment) an endpoint resolves to.
type azPick struct {
	location, sku, model string
	ev, extra            []Evidence
	notes                []string
}

// scanTerraform reads the project's .tf files with hashicorp/hcl, module by
// module (directory).
func (s *Scanner) scanTerraform(ctx context.Context, idx *project.Index) error {
	mods := map[string]*tfModule{}
	var dirs []string
	for _, f := range idx.Files(project.Terraform) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !strings.HasSuffix(f.Path, ".tf") {
			continue // .tf.json: scanHosting reads its JSON
		}
		data := idx.Read(f.Path)
		if data == nil {
			continue
		}
		d := textDoc(f.Path, data)
		file, diags := hclsyntax.ParseConfig(data, f.Path, hcl.InitialPos)
		for _, dg := range diags {
			if dg.Severity != hcl.DiagError {
				continue
			}
			pos := project.Position{File: f.Path}
			if dg.Subject != nil {
				pos.Line, pos.Col = dg.Subject.Start.Line, dg.Subject.Start.Column
			}
			s.warn(pos, "invalid HCL: %s; read what parsed", dg.Summary)
			break // the first error explains the others
		}
		if file == nil {
			continue
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		dir := path.Dir(f.Path)
		m := mods[dir]
		if m == nil {
			m = &tfModule{dir: dir, vars: map[string]hclsyntax.Expression{}, tfvars: map[string]string{},
				locals: map[string]hclsyntax.Expression{}, resources: map[string]*hclsyntax.Block{}}
			mods[dir] = m
			dirs = append(dirs, dir)
		}
		for _, b := range body.Blocks {
			m.blocks = append(m.blocks, tfBlock{b, d})
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				if a, ok := b.Body.Attributes["default"]; ok {
					m.vars[b.Labels[0]] = a.Expr
				}
			case b.Type == "locals":
				for n, a := range b.Body.Attributes {
					m.locals[n] = a.Expr
				}
			case b.Type == "resource" && len(b.Labels) == 2:
				m.resources[b.Labels[0]+"."+b.Labels[1]] = b
			}
		}
	}
	for _, f := range idx.Files(project.Other) {
		b := path.Base(f.Path)
		m := mods[path.Dir(f.Path)]
		if m == nil || !strings.HasSuffix(b, ".tfvars") {
			continue
		}
		// terraform.tfvars and *.auto.tfvars are applied by default; another
		// .tfvars file only when passed with -var-file, so its values do not
		// replace defaults, but a model id in it is still one the project uses.
		applied := b == "terraform.tfvars" || strings.HasSuffix(b, ".auto.tfvars")
		data := idx.Read(f.Path)
		if data == nil {
			continue
		}
		file, diags := hclsyntax.ParseConfig(data, f.Path, hcl.InitialPos)
		if diags.HasErrors() || file == nil {
			s.warn(project.Position{File: f.Path}, "invalid tfvars file: skipped")
			continue
		}
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			d := textDoc(f.Path, data)
			for n, a := range body.Attributes {
				if v, ok := literal(a.Expr); ok && applied {
					m.tfvars[n] = v
				}
				s.tfModelIDs(m, d, a.Expr, 0)
			}
		}
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		s.tfModule(mods[dir])
	}
	s.terraformAzureEndpoints()
	return nil
}

// literal is the string value of a constant expression.
func literal(e hclsyntax.Expression) (string, bool) {
	if len(e.Variables()) > 0 {
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	case cty.Number:
		return v.AsBigFloat().String(), true
	}
	return "", false
}

// str evaluates an expression to a string when it is a constant or refers
// to a variable, local or resource attribute with a constant value.
func (m *tfModule) str(e hclsyntax.Expression, depth int) (string, bool) {
	if e == nil || depth > 6 {
		return "", false
	}
	if v, ok := literal(e); ok {
		return v, true
	}
	switch x := e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return m.str(x.Wrapped, depth+1)
	case *hclsyntax.ScopeTraversalExpr:
		t := x.Traversal
		root := t.RootName()
		attrs := traversalNames(t)
		switch {
		case root == "var" && len(attrs) >= 1:
			if v, ok := m.tfvars[attrs[0]]; ok {
				return v, true
			}
			return m.str(m.vars[attrs[0]], depth+1)
		case root == "local" && len(attrs) >= 1:
			return m.str(m.locals[attrs[0]], depth+1)
		case len(attrs) >= 2:
			if b, ok := m.resources[root+"."+attrs[0]]; ok {
				if a, ok := b.Body.Attributes[attrs[1]]; ok {
					return m.str(a.Expr, depth+1)
				}
			}
		}
	}
	return "", false
}

// traversalNames are the attribute names after the root of a traversal.
func traversalNames(t hcl.Traversal) []string {
	var out []string
	for _, step := range t[1:] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			out = append(out, a.Name)
		}
	}
	return out
}

// refLabel is "X" of a reference azurerm_cognitive_account.X.id.
func refLabel(e hclsyntax.Expression, typ string) string {
	for _, t := range e.Variables() {
		if t.RootName() == typ {
			if n := traversalNames(t); len(n) > 0 {
				return n[0]
			}
		}
	}
	return ""
}

func exprEv(d *project.Doc, e hclsyntax.Expression) Evidence {
	r := e.Range()
	return atLine(d, r.Start.Line, r.Start.Column)
}

func blockEv(d *project.Doc, b *hclsyntax.Block) Evidence {
	return atLine(d, b.TypeRange.Start.Line, b.TypeRange.Start.Column)
}

func (s *Scanner) tfModule(m *tfModule) {
	sseFor := map[string]bool{} // aws_s3_bucket labels with an encryption configuration
	for _, tb := range m.blocks {
		b := tb.b
		if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == "aws_ebs_encryption_by_default" {
			v := "true" // enabled defaults to true
			if a, ok := b.Body.Attributes["enabled"]; ok {
				v, _ = m.str(a.Expr, 0)
			}
			m.ebsDefault = m.ebsDefault || v == "true"
		}
		if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == "aws_s3_bucket_server_side_encryption_configuration" {
			if a, ok := b.Body.Attributes["bucket"]; ok {
				if l := refLabel(a.Expr, "aws_s3_bucket"); l != "" {
					sseFor[l] = true
				}
			}
		}
	}
	for _, tb := range m.blocks {
		b, d := tb.b, tb.d
		switch {
		case b.Type == "provider" && len(b.Labels) == 1:
			platform := map[string]string{"aws": "aws", "google": "gcp", "google-beta": "gcp"}[b.Labels[0]]
			if a, ok := b.Body.Attributes["region"]; ok && platform != "" {
				if v, ok := m.str(a.Expr, 0); ok {
					ev := exprEv(d, a.Expr)
					s.addRegion(platform, "", v, "provider."+b.Labels[0]+".region", ev)
					s.addHosting(platform, v, ev)
				}
			}
		case b.Type == "resource" && len(b.Labels) == 2:
			s.tfResource(m, d, b, sseFor)
		case b.Type == "locals":
			for _, a := range sortedAttrs(b.Body) {
				s.tfModelIDs(m, d, a.Expr, 0)
			}
		case b.Type == "variable" && len(b.Labels) == 1:
			if a, ok := b.Body.Attributes["default"]; ok {
				s.tfModelIDs(m, d, a.Expr, 0)
			}
		}
	}
}

// sortedAttrs are a body's attributes in source order.
func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// tfModelIDs adds the Bedrock model and inference-profile ids an
// expression holds: a string, or the values of a map or list (a locals
// table of models, a Lambda's environment variables), each resolved
// through variables and locals.
func (s *Scanner) tfModelIDs(m *tfModule, d *project.Doc, e hclsyntax.Expression, depth int) {
	if e == nil || depth > 8 {
		return
	}
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, it := range x.Items {
			s.tfModelIDs(m, d, it.ValueExpr, depth+1)
		}
		return
	case *hclsyntax.TupleConsExpr:
		for _, it := range x.Exprs {
			s.tfModelIDs(m, d, it, depth+1)
		}
		return
	}
	if v, ok := m.str(e, 0); ok && isBedrockModel(v) {
		s.add(sighting{hint: s.c.byID["bedrock"], model: v, via: "terraform", ev: exprEv(d, e)})
	}
}

// s3SSE states an S3 encryption configuration's rules that use SSE-S3
// (sse_algorithm = "AES256": keys Amazon holds) rather than a KMS key. The
// rules sit in rule { apply_server_side_encryption_by_default { … } }.
func (s *Scanner) s3SSE(m *tfModule, d *project.Doc, body *hclsyntax.Body, where string) {
	for _, r := range body.Blocks {
		for _, def := range r.Body.Blocks {
			if a, ok := def.Body.Attributes["sse_algorithm"]; ok && def.Type == "apply_server_side_encryption_by_default" {
				if v, _ := m.str(a.Expr, 0); v == "AES256" {
					s.addSetting(AtRest, ruleS3SSES3, where+".sse_algorithm", v, exprEv(d, a.Expr), "", "resource", where)
				}
			}
		}
	}
}

func (s *Scanner) tfResource(m *tfModule, d *project.Doc, b *hclsyntax.Block, sseFor map[string]bool) {
	typ, name := b.Labels[0], b.Labels[1]
	attrs := b.Body.Attributes
	get := func(k string) (string, bool) {
		if a, ok := attrs[k]; ok {
			return m.str(a.Expr, 0)
		}
		return "", false
	}
	where := typ + "." + name
	switch {
	case strings.HasPrefix(typ, "azurerm_"):
		if a, ok := attrs["location"]; ok {
			if v, ok := m.str(a.Expr, 0); ok {
				ev := exprEv(d, a.Expr)
				s.addRegion("azure", "", normAzure(v), where+".location", ev)
				s.addHosting("azure", normAzure(v), ev)
			}
		}
	case strings.HasPrefix(typ, "google_"):
		for _, k := range []string{"region", "location"} {
			if a, ok := attrs[k]; ok {
				if v, ok := m.str(a.Expr, 0); ok {
					ev := exprEv(d, a.Expr)
					s.addRegion("gcp", "", strings.ToLower(v), where+"."+k, ev)
					s.addHosting("gcp", strings.ToLower(v), ev)
				}
			}
		}
	}
	switch typ {
	case "azurerm_cognitive_account":
		loc, _ := get("location")
		acct := azAccount{label: name, location: normAzure(loc), ev: blockEv(d, b)}
		acct.name, _ = get("name")
		acct.subdomain, _ = get("custom_subdomain_name")
		acct.kind, _ = get("kind")
		s.accounts = append(s.accounts, acct)
	case "azurerm_cognitive_deployment":
		dep := azDeployment{ev: blockEv(d, b)}
		if a, ok := attrs["cognitive_account_id"]; ok {
			dep.account = refLabel(a.Expr, "azurerm_cognitive_account")
		}
		dep.name, _ = get("name")
		for _, nb := range b.Body.Blocks {
			switch nb.Type {
			case "sku", "scale":
				for _, k := range []string{"name", "type"} {
					if a, ok := nb.Body.Attributes[k]; ok && dep.sku == "" {
						dep.sku, _ = m.str(a.Expr, 0)
					}
				}
			case "model":
				if a, ok := nb.Body.Attributes["name"]; ok {
					dep.model, _ = m.str(a.Expr, 0)
					dep.modelEv = exprEv(d, a.Expr)
				}
				if a, ok := nb.Body.Attributes["version"]; ok {
					dep.version, _ = m.str(a.Expr, 0)
				}
			}
		}
		s.deploys = append(s.deploys, dep)
	case "aws_db_instance", "aws_rds_cluster":
		enc, ok := get("storage_encrypted")
		ev := blockEv(d, b)
		if a, has := attrs["storage_encrypted"]; has {
			ev = exprEv(d, a.Expr)
		}
		switch {
		case !ok || enc != "true":
			s.addSetting(AtRest, ruleRDSUnencrypted, "storage_encrypted", enc, ev, "", "resource", where)
		default:
			if _, kms := attrs["kms_key_id"]; !kms {
				s.addSetting(AtRest, ruleRDSNoCMK, "kms_key_id", "", ev, "", "resource", where)
			}
		}
	case "aws_s3_bucket":
		inline := false
		for _, nb := range b.Body.Blocks {
			inline = inline || nb.Type == "server_side_encryption_configuration"
		}
		if !inline && !sseFor[name] {
			s.addSetting(AtRest, ruleS3NoSSE, "aws_s3_bucket_server_side_encryption_configuration", "", blockEv(d, b), "", "resource", where)
		}
		for _, nb := range b.Body.Blocks {
			if nb.Type == "server_side_encryption_configuration" {
				s.s3SSE(m, d, nb.Body, where)
			}
		}
	case "aws_s3_bucket_server_side_encryption_configuration":
		s.s3SSE(m, d, b.Body, where)
	case "aws_elasticache_replication_group":
		for k, area := range map[string]string{"at_rest_encryption_enabled": AtRest, "transit_encryption_enabled": InTransit} {
			if v, _ := get(k); v != "true" {
				s.addSetting(area, ruleElastiCache, k, v, blockEv(d, b), "", "resource", where, "setting", k+" = true")
			}
		}
	case "aws_opensearch_domain", "aws_elasticsearch_domain":
		checks := []struct{ block, attr, area string }{
			{"encrypt_at_rest", "enabled", AtRest},
			{"node_to_node_encryption", "enabled", InTransit},
			{"domain_endpoint_options", "enforce_https", InTransit},
		}
		for _, c := range checks {
			v := ""
			for _, nb := range b.Body.Blocks {
				if a, ok := nb.Body.Attributes[c.attr]; nb.Type == c.block && ok {
					v, _ = m.str(a.Expr, 0)
				}
			}
			if v != "true" {
				s.addSetting(c.area, ruleOpenSearch, c.block+"."+c.attr, v, blockEv(d, b), "", "resource", where, "setting", c.block+" { "+c.attr+" = true }")
			}
		}
	case "azurerm_storage_account":
		if v, ok := get("min_tls_version"); ok && (v == "TLS1_0" || v == "TLS1_1") {
			s.addSetting(InTransit, ruleTLSMinLow, "min_tls_version", v, exprEv(d, attrs["min_tls_version"].Expr), "resource", "resource", where)
		}
		// azurerm 4 names it https_traffic_only_enabled, 3 enable_https_traffic_only.
		for _, k := range []string{"https_traffic_only_enabled", "enable_https_traffic_only"} {
			if v, ok := get(k); ok && v == "false" {
				s.addSetting(InTransit, ruleAzureStorageHTTP, where+"."+k, v, exprEv(d, attrs[k].Expr), "", "resource", where, "setting", k)
			}
		}
	case "google_sql_database_instance":
		for _, st := range b.Body.Blocks {
			for _, ip := range st.Body.Blocks {
				if st.Type != "settings" || ip.Type != "ip_configuration" {
					continue
				}
				if a, ok := ip.Body.Attributes["ssl_mode"]; ok {
					if v, _ := m.str(a.Expr, 0); v == "ALLOW_UNENCRYPTED_AND_ENCRYPTED" {
						s.addSetting(InTransit, ruleCloudSQLSSL, "ssl_mode", v, exprEv(d, a.Expr), "", "resource", where)
					}
				}
				if a, ok := ip.Body.Attributes["require_ssl"]; ok {
					if v, _ := m.str(a.Expr, 0); v == "false" {
						s.addSetting(InTransit, ruleCloudSQLSSL, "require_ssl", v, exprEv(d, a.Expr), "", "resource", where)
					}
				}
			}
		}
	case "aws_ebs_volume":
		// EBS volumes are unencrypted unless encrypted = true or the account
		// turns encryption by default on (aws_ebs_encryption_by_default).
		a, set := attrs["encrypted"]
		switch v, _ := get("encrypted"); {
		case set && v == "false":
			s.addSetting(AtRest, ruleEBSUnencrypted, where+".encrypted", v, exprEv(d, a.Expr), "", "resource", where)
		case !set && !m.ebsDefault:
			s.addSetting(AtRest, ruleEBSUnencrypted, where+".encrypted", "", blockEv(d, b), "unset", "resource", where)
		case (v == "true" || m.ebsDefault) && attrs["kms_key_id"] == nil:
			// encrypted, by the volume or the account's default, with the AWS-managed key
			s.addSetting(AtRest, ruleEBSNoCMK, where+".kms_key_id", "", blockEv(d, b), "", "resource", where)
		}
	case "aws_launch_template", "aws_instance":
		for _, bd := range b.Body.Blocks {
			if bd.Type != "block_device_mappings" && bd.Type != "root_block_device" && bd.Type != "ebs_block_device" {
				continue
			}
			body := bd.Body
			for _, e := range bd.Body.Blocks {
				if e.Type == "ebs" {
					body = e.Body
				}
			}
			if a, ok := body.Attributes["encrypted"]; ok {
				if v, _ := m.str(a.Expr, 0); v == "false" {
					s.addSetting(AtRest, ruleEBSUnencrypted, where+"."+bd.Type+".encrypted", v, exprEv(d, a.Expr), "device", "resource", where, "device", bd.Type)
				}
			}
		}
	case "aws_efs_file_system":
		a, ok := attrs["encrypted"]
		switch v, _ := get("encrypted"); {
		case !ok:
			s.addSetting(AtRest, ruleEFSUnencrypted, where+".encrypted", "", blockEv(d, b), "unset", "resource", where)
		case v == "false":
			s.addSetting(AtRest, ruleEFSUnencrypted, where+".encrypted", v, exprEv(d, a.Expr), "", "resource", where)
		case v == "true" && attrs["kms_key_id"] == nil:
			s.addSetting(AtRest, ruleEFSNoCMK, where+".kms_key_id", "", exprEv(d, a.Expr), "", "resource", where)
		}
	case "azurerm_postgresql_server", "azurerm_mysql_server":
		if a, ok := attrs["ssl_enforcement_enabled"]; ok {
			if v, _ := m.str(a.Expr, 0); v == "false" {
				s.addSetting(InTransit, ruleAzureTLSOff, where+".ssl_enforcement_enabled", v, exprEv(d, a.Expr), "", "resource", where)
			}
		}
		if v, ok := get("ssl_minimal_tls_version_enforced"); ok && (v == "TLS1_0" || v == "TLS1_1" || v == "TLSEnforcementDisabled") {
			s.addSetting(InTransit, ruleTLSMinLow, where+".ssl_minimal_tls_version_enforced", v, exprEv(d, attrs["ssl_minimal_tls_version_enforced"].Expr), "resource", "resource", where)
		}
	case "azurerm_postgresql_flexible_server_configuration", "azurerm_mysql_flexible_server_configuration":
		n, _ := get("name")
		v, _ := get("value")
		if strings.EqualFold(n, "require_secure_transport") && strings.EqualFold(v, "off") {
			s.addSetting(InTransit, ruleAzureTLSOff, where+".require_secure_transport", v, exprEv(d, attrs["value"].Expr), "parameter", "resource", where)
		}
	case "azurerm_cosmosdb_account":
		if v, ok := get("minimal_tls_version"); ok && (v == "Tls" || v == "Tls11") {
			s.addSetting(InTransit, ruleTLSMinLow, where+".minimal_tls_version", v, exprEv(d, attrs["minimal_tls_version"].Expr), "resource", "resource", where)
		}
	case "aws_bedrockagent_agent":
		if _, ok := attrs["customer_encryption_key_arn"]; !ok {
			s.addSetting(AtRest, ruleBedrockAgentNoCMK, "customer_encryption_key_arn", "", blockEv(d, b), "", "resource", where)
		}
	}
	// Bedrock model ids anywhere in a resource (foundation_model, model_id,
	// a function's environment variables …).
	s.tfBodyModelIDs(m, d, b.Body, 0)
}

func (s *Scanner) tfBodyModelIDs(m *tfModule, d *project.Doc, body *hclsyntax.Body, depth int) {
	if depth > 8 {
		return
	}
	for _, a := range sortedAttrs(body) {
		s.tfModelIDs(m, d, a.Expr, 0)
	}
	for _, nb := range body.Blocks {
		s.tfBodyModelIDs(m, d, nb.Body, depth+1)
	}
}

// normAzure writes an Azure location the way the region table does
// ("West Europe" → westeurope).
func normAzure(v string) string {
	return strings.ToLower(strings.ReplaceAll(v, " ", ""))
}

// azureFor finds the Terraform Azure AI accounts an Azure OpenAI host
// belongs to (by custom subdomain or name), or the only one declared; each
// deployment of the account is one pick. host is "" for an endpoint known
// only by its SDK or env.
func (s *Scanner) azureFor(host string) []azPick {
	label := ""
	if host != "" {
		label = strings.SplitN(host, ".", 2)[0]
	}
	var accts []azAccount
	for _, a := range s.accounts {
		if label != "" && (strings.EqualFold(a.subdomain, label) || strings.EqualFold(a.name, label)) {
			accts = append(accts, a)
		}
	}
	var notes []string
	if len(accts) == 0 && len(s.accounts) == 1 {
		accts = s.accounts
		notes = []string{"Region and deployments taken from the only Azure AI account declared in Terraform (" + s.accounts[0].ev.Position.String() + "): confirm it is the one this endpoint uses."}
	}
	var out []azPick
	for _, a := range accts {
		n := 0
		for _, dep := range s.deploys {
			if dep.account != a.label {
				continue
			}
			n++
			out = append(out, azPick{location: a.location, sku: dep.sku, model: dep.model, ev: []Evidence{a.ev}, extra: []Evidence{dep.ev}, notes: notes})
		}
		if n == 0 {
			out = append(out, azPick{location: a.location, ev: []Evidence{a.ev}, notes: notes})
		}
	}
	return out
}

// terraformAzureEndpoints adds the Azure AI accounts declared in
// Terraform as endpoints of their own: one per deployment, or one for an
// account without deployments.
func (s *Scanner) terraformAzureEndpoints() {
	p := s.c.byID["azure-openai"]
	if p == nil {
		return
	}
	// A deployment names its model and version; one of an account the
	// project does not declare names them alone.
	served := map[int]bool{}
	uses := func(i int) []modelName {
		served[i] = true
		dep := s.deploys[i]
		u, ok := s.nameAt(dep.model, "terraform", dep.modelEv)
		if !ok {
			return []modelName{}
		}
		u.version = dep.version
		return []modelName{u}
	}
	for _, a := range s.accounts {
		g := sighting{hint: p, via: "terraform", ev: a.ev, region: a.location}
		if a.subdomain != "" && strings.EqualFold(a.kind, "OpenAI") {
			g.url, g.hasURL = parseEndpoint("https://"+strings.ToLower(a.subdomain)+".openai.azure.com", false)
		} else {
			g.notes = []string{"Azure AI account " + a.label + " (kind " + a.kind + ") declared in Terraform; its endpoint host is not derived."}
		}
		n := 0
		for i, dep := range s.deploys {
			if dep.account != a.label {
				continue
			}
			n++
			gd := g
			gd.sku, gd.model, gd.extra, gd.uses = dep.sku, dep.model, []Evidence{dep.ev}, uses(i)
			s.add(gd)
		}
		if n == 0 {
			s.add(g)
		}
	}
	for i, dep := range s.deploys {
		if !served[i] {
			s.named(p, dep.model, dep.version, "terraform", dep.modelEv)
		}
	}
}
