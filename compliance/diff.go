package compliance

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/storer"
)

// DiffSchemaVersion is the version of the Diff's JSON shape
// (reports/diff.schema.json). It changes when a field changes meaning or
// is removed; additions keep it.
const DiffSchemaVersion = "1"

// Diff is what changed between two reports of one project, judged under
// one policy (mcp-comply diff): the judgement of what changed is made
// here, and formats only render it. Every list is sorted; a list is empty,
// never absent, when nothing in it changed.
type Diff struct {
	SchemaVersion string `json:"schemaVersion"`
	Tool          Tool   `json:"tool"`
	// Old and New are the two revisions, as their reports name them.
	Old    SourceInfo `json:"old"`
	New    SourceInfo `json:"new"`
	Policy Policy     `json:"policy"`
	// Verdicts are the intended uses whose verdict changed.
	Verdicts []VerdictChange `json:"verdicts"`
	// Components are the components added, removed, relicensed or
	// updated to another version: relicensed first (rug pulls first among
	// them), then added, removed, updated.
	Components []ComponentChange `json:"components"`
	// Residency is the project's residency verdict (the worst guarantee),
	// when it changed; Concern the US bulk-data rule's verdict (a US
	// market), when it changed.
	Residency *GuaranteeChange `json:"residency,omitempty"`
	Concern   *ConcernChange   `json:"concern,omitempty"`
	// Endpoints are the AI and data endpoints added, removed, moved (the
	// same provider and kind at another host or region) or changed (what
	// the catalogue says of the same endpoint).
	Endpoints []EndpointChange `json:"endpoints"`
	// Checks are the items of the MCP checklist whose status changed.
	Checks []CheckChange `json:"checks"`
	// Servers are the MCP servers added, removed or changed: launch,
	// transport, pinning, tool definitions, instructions.
	Servers []ServerChange `json:"servers"`
	// Findings are the findings new in New and those fixed since Old, by
	// fingerprint.
	Findings FindingChanges `json:"findings"`
	Summary  DiffSummary    `json:"summary"`
}

// Change says how something changed.
type Change string

const (
	Added      Change = "added"
	Removed    Change = "removed"
	Changed    Change = "changed"
	Relicensed Change = "relicensed" // a component's licence changed (its version may have too)
	Updated    Change = "updated"    // a component's version changed, its licence did not
	Moved      Change = "moved"      // an endpoint of the same provider and kind at another host or region
	Failing    Change = "failing"    // a checklist item that now fails
	Fixed      Change = "fixed"      // a checklist item that failed and no longer does
)

// VerdictChange is an intended use whose verdict changed.
type VerdictChange struct {
	Use Use     `json:"use"`
	Old Verdict `json:"old"`
	New Verdict `json:"new"`
	// Worse is set when the new verdict ranks worse (Verdict.Rank).
	Worse bool `json:"worse,omitempty"`
	// Reason is the new verdict's reason.
	Reason string `json:"reason,omitempty"`
}

// ComponentChange is a component added, removed, relicensed or updated.
type ComponentChange struct {
	Change    Change    `json:"change"`
	Ecosystem Ecosystem `json:"ecosystem"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	// Dev marks a development-only dependency, which decides no verdict.
	Dev bool `json:"dev,omitempty"`
	// Old and New are the component in each revision; nil where it is not.
	Old *ComponentState `json:"old,omitempty"`
	New *ComponentState `json:"new,omitempty"`
	// RugPull marks the licensing rug pull: a component relicensed from
	// an open-source licence (permissive or copyleft) to one that is not
	// (source-available, fair-code, non-commercial, commercial).
	RugPull bool `json:"rugPull,omitempty"`
	// Stricter is set when the new licence's category is more restrictive
	// than the old one's, in the order of Categories (unknown last).
	Stricter bool `json:"stricter,omitempty"`
	// Verdicts are the intended uses whose verdict for this component
	// changed.
	Verdicts []VerdictChange `json:"verdicts,omitempty"`
}

// ComponentState is a component as one revision has it.
type ComponentState struct {
	ID       string   `json:"id"`
	Version  string   `json:"version,omitempty"`
	Purl     string   `json:"purl,omitempty"`
	License  string   `json:"license,omitempty"`
	Category Category `json:"category"`
}

// GuaranteeChange is the residency verdict, old and new.
type GuaranteeChange struct {
	Old Guarantee `json:"old"`
	New Guarantee `json:"new"`
	// Worse is set when the new guarantee ranks worse (Guarantee.Rank).
	Worse bool `json:"worse,omitempty"`
}

// ConcernChange is the verdict of the US bulk-data rule, old and new
// (ConcernVerdict's verdicts).
type ConcernChange struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// EndpointChange is an endpoint added, removed, moved or changed.
type EndpointChange struct {
	Change Change `json:"change"`
	// ID is the endpoint's id in New, or in Old when it was removed.
	ID           string         `json:"id"`
	Provider     string         `json:"provider"`
	ProviderName string         `json:"providerName"`
	Kind         string         `json:"kind"`
	Old          *EndpointState `json:"old,omitempty"`
	New          *EndpointState `json:"new,omitempty"`
	// Worse is set when its guarantee ranks worse than before, or, for an
	// endpoint added, worse than the project's old residency verdict.
	Worse bool `json:"worse,omitempty"`
}

// EndpointState is an endpoint as one revision has it.
type EndpointState struct {
	Host          string    `json:"host,omitempty"`
	Region        string    `json:"region,omitempty"`
	Model         string    `json:"model,omitempty"`
	Processing    string    `json:"processing"`
	Storage       string    `json:"storage"`
	Jurisdiction  string    `json:"jurisdiction"`
	Guarantee     Guarantee `json:"guarantee"`
	TransferBasis string    `json:"transferBasis"`
	// Position is where the endpoint is first declared.
	Position
}

// CheckChange is a checklist item whose status changed.
type CheckChange struct {
	// Change is failing, fixed or changed (between pass and
	// not-applicable).
	Change Change `json:"change"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	Old    string `json:"old"`
	New    string `json:"new"`
	// Summary is the new status's summary.
	Summary string `json:"summary"`
}

// ServerChange is an MCP server added, removed or changed.
type ServerChange struct {
	Change Change       `json:"change"`
	Name   string       `json:"name"`
	Client string       `json:"client,omitempty"`
	Old    *ServerState `json:"old,omitempty"`
	New    *ServerState `json:"new,omitempty"`
	// Tools are the tool definitions added, removed or changed (their
	// hash differs), sorted by name; for a server added or removed, none.
	Tools []ToolChange `json:"tools,omitempty"`
	// Instructions says how its instructions changed (added, removed,
	// changed); empty when they did not.
	Instructions Change `json:"instructions,omitempty"`
}

// ServerState is an MCP server as one revision has it.
type ServerState struct {
	Launch    string `json:"launch,omitempty"`
	Transport string `json:"transport,omitempty"`
	Pinned    *bool  `json:"pinned,omitempty"`
	Tools     int    `json:"tools"`
	Position
}

// ToolChange is a tool definition added, removed or changed.
type ToolChange struct {
	Change Change `json:"change"`
	Name   string `json:"name"`
	// Old and New are the SHA-256 of its definition in each revision.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
}

// FindingChanges are the findings that appeared and disappeared.
type FindingChanges struct {
	// New are New's findings whose fingerprint Old lacks, in report order.
	New []Finding `json:"new"`
	// Fixed are Old's findings whose fingerprint New lacks.
	Fixed []Finding `json:"fixed"`
}

// DiffSummary is the diff in numbers.
type DiffSummary struct {
	// Changes counts every change listed; zero means the two revisions
	// report the same.
	Changes int `json:"changes"`
	// WorseVerdicts counts the intended uses whose verdict got worse.
	WorseVerdicts int `json:"worseVerdicts"`
	// RugPulls counts the components relicensed from open source to a
	// licence that is not.
	RugPulls int `json:"rugPulls"`
	// Components counts the component changes by kind.
	Components map[Change]int `json:"components"`
	// FailingChecks and FixedChecks count checklist items that now fail
	// and that no longer do.
	FailingChecks int `json:"failingChecks"`
	FixedChecks   int `json:"fixedChecks"`
	// ToolChanges counts the tool definitions added, removed or changed.
	ToolChanges int `json:"toolChanges"`
	// NewFindings counts the new findings by severity; FixedFindings the
	// findings fixed.
	NewFindings   map[Severity]int `json:"newFindings"`
	FixedFindings int              `json:"fixedFindings"`
}

// Revision is one side of DiffRevisions: a revision's tree, how its report
// names it (its commit and commit time among them), and the history
// behind it for the walk (nil for none).
type Revision struct {
	FS      fs.FS
	Source  SourceInfo
	History storer.Storer
	Head    string
}

// DiffRevisions analyses two revisions of a project under one Config, each
// with its own tree, source facts and history (cfg's Input.Source,
// History and Head are replaced by the revision's), and compares them.
func DiffRevisions(ctx context.Context, cfg Config, old, new Revision) (*Diff, error) {
	var reports [2]*Report
	for i, rev := range []Revision{old, new} {
		c := cfg
		c.Input.Source, c.Input.History, c.Input.Head = rev.Source, rev.History, rev.Head
		r, err := Analyze(ctx, rev.FS, c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmp.Or(rev.Source.Revision, rev.Source.Commit, rev.Source.Path), err)
		}
		reports[i] = r
	}
	return Compare(reports[0], reports[1])
}

// Compare says what changed from old to new. Both must be judged under
// the same policy (intended uses and market): otherwise every verdict
// would change with the policy, not the project.
func Compare(old, new *Report) (*Diff, error) {
	if old == nil || new == nil {
		return nil, fmt.Errorf("compare: a report is missing")
	}
	if !slices.Equal(old.Inputs.Uses, new.Inputs.Uses) || old.Inputs.Market != new.Inputs.Market {
		return nil, fmt.Errorf("the reports were judged under different policies (uses %s, market %s; uses %s, market %s): judge both with the same --use and --market",
			useList(old.Inputs.Uses), old.Inputs.Market, useList(new.Inputs.Uses), new.Inputs.Market)
	}
	d := &Diff{
		SchemaVersion: DiffSchemaVersion,
		Tool:          new.Tool,
		Old:           old.Inputs.Source,
		New:           new.Inputs.Source,
		Policy:        new.Inputs.Policy,
		Verdicts:      verdictChanges(old.Verdicts, new.Verdicts),
		Components:    componentChanges(old.Inventory.Components, new.Inventory.Components),
		Residency:     residencyChange(old.Residency, new.Residency),
		Concern:       concernChange(old.Residency, new.Residency),
		Endpoints:     endpointChanges(old, new),
		Checks:        checkChanges(old.Hardening, new.Hardening),
		Servers:       serverChanges(old.Hardening, new.Hardening),
		Findings:      findingChanges(old.Findings, new.Findings),
	}
	d.Summary = diffSummary(d)
	return d, nil
}

func useList(uses []Use) string {
	s := make([]string, len(uses))
	for i, u := range uses {
		s[i] = string(u)
	}
	return strings.Join(s, ",")
}

func verdictChanges(old, new []UseVerdict) []VerdictChange {
	out := []VerdictChange{}
	was := map[Use]Verdict{}
	for _, v := range old {
		was[v.Use] = v.Verdict
	}
	for _, v := range new {
		if o, ok := was[v.Use]; ok && o != v.Verdict {
			out = append(out, VerdictChange{Use: v.Use, Old: o, New: v.Verdict, Worse: v.Verdict.Rank() > o.Rank(), Reason: v.Reason})
		}
	}
	return out
}

// componentChanges pairs the components of each ecosystem and name: the
// same version with itself, then the versions left in order (an upgrade);
// what is left over was added or removed.
func componentChanges(old, new []Component) []ComponentChange {
	key := func(c *Component) string { return string(c.Ecosystem) + "\x00" + c.Name }
	group := func(cs []Component) map[string][]*Component {
		m := map[string][]*Component{}
		for i := range cs {
			m[key(&cs[i])] = append(m[key(&cs[i])], &cs[i])
		}
		for _, g := range m {
			slices.SortFunc(g, func(a, b *Component) int { return cmp.Compare(a.Version, b.Version) })
		}
		return m
	}
	was, is := group(old), group(new)
	out := []ComponentChange{}
	for _, k := range slices.Sorted(maps.Keys(is)) {
		olds, news := was[k], is[k]
		var leftOld, leftNew []*Component
		for _, n := range news {
			if i := slices.IndexFunc(olds, func(o *Component) bool { return o.Version == n.Version }); i >= 0 {
				if c, ok := pairChange(olds[i], n); ok {
					out = append(out, c)
				}
				olds = slices.Delete(slices.Clone(olds), i, i+1)
				continue
			}
			leftNew = append(leftNew, n)
		}
		leftOld = olds
		for i := 0; i < min(len(leftOld), len(leftNew)); i++ {
			if c, ok := pairChange(leftOld[i], leftNew[i]); ok {
				out = append(out, c)
			}
		}
		for _, n := range leftNew[min(len(leftOld), len(leftNew)):] {
			out = append(out, onlyIn(Added, n))
		}
		for _, o := range leftOld[min(len(leftOld), len(leftNew)):] {
			out = append(out, onlyIn(Removed, o))
		}
	}
	for k, olds := range was {
		if _, ok := is[k]; ok {
			continue
		}
		for _, o := range olds {
			out = append(out, onlyIn(Removed, o))
		}
	}
	rank := map[Change]int{Relicensed: 0, Added: 1, Removed: 2, Updated: 3}
	slices.SortFunc(out, func(a, b ComponentChange) int {
		return cmp.Or(cmp.Compare(rank[a.Change], rank[b.Change]), boolFirst(a.RugPull, b.RugPull), cmp.Compare(a.Ecosystem, b.Ecosystem),
			cmp.Compare(a.Name, b.Name), cmp.Compare(stateID(a.Old), stateID(b.Old)), cmp.Compare(stateID(a.New), stateID(b.New)))
	})
	return out
}

// onlyIn is a component added (in New only) or removed (in Old only).
func onlyIn(change Change, c *Component) ComponentChange {
	out := ComponentChange{Change: change, Ecosystem: c.Ecosystem, Name: c.Name, Role: c.Role, Dev: c.Dev}
	if change == Added {
		out.New = componentState(c)
	} else {
		out.Old = componentState(c)
	}
	return out
}

// pairChange compares one component in two revisions: relicensed,
// updated, or (false) unchanged.
func pairChange(o, n *Component) (ComponentChange, bool) {
	c := ComponentChange{Ecosystem: n.Ecosystem, Name: n.Name, Role: n.Role, Dev: n.Dev, Old: componentState(o), New: componentState(n)}
	switch {
	case o.License.Expression != n.License.Expression:
		c.Change = Relicensed
		c.RugPull = openSource(o.Category) && !openSource(n.Category) && n.Category != UnknownCategory
		c.Stricter = slices.Index(Categories, n.Category) > slices.Index(Categories, o.Category)
		for _, u := range slices.Sorted(maps.Keys(n.Uses)) {
			ov, nv := o.Uses[u].Verdict, n.Uses[u].Verdict
			if ov != nv && ov != "" {
				c.Verdicts = append(c.Verdicts, VerdictChange{Use: u, Old: ov, New: nv, Worse: nv.Rank() > ov.Rank()})
			}
		}
		slices.SortFunc(c.Verdicts, func(a, b VerdictChange) int { return cmp.Compare(slices.Index(Uses, a.Use), slices.Index(Uses, b.Use)) })
	case o.Version != n.Version:
		c.Change = Updated
	default:
		return c, false
	}
	return c, true
}

// openSource reports whether a category is an open-source licence's.
func openSource(c Category) bool {
	switch c {
	case Permissive, WeakCopyleft, StrongCopyleft, NetworkCopyleft:
		return true
	}
	return false
}

func componentState(c *Component) *ComponentState {
	return &ComponentState{ID: c.ID, Version: c.Version, Purl: c.Purl, License: c.License.Expression, Category: c.Category}
}

func stateID(s *ComponentState) string {
	if s == nil {
		return ""
	}
	return s.ID
}

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func residencyChange(old, new *Residency) *GuaranteeChange {
	o, n := NoEndpoints, NoEndpoints
	if old != nil {
		o = old.Verdict
	}
	if new != nil {
		n = new.Verdict
	}
	if o == n {
		return nil
	}
	return &GuaranteeChange{Old: o, New: n, Worse: worseGuarantee(o, n)}
}

func concernChange(old, new *Residency) *ConcernChange {
	if old == nil || new == nil || old.Concern == nil || new.Concern == nil || old.Concern.Verdict == new.Concern.Verdict {
		return nil
	}
	return &ConcernChange{Old: old.Concern.Verdict, New: new.Concern.Verdict}
}

// worseGuarantee reports whether n ranks worse than o; a project that
// called no endpoint ranks as self-hosted.
func worseGuarantee(o, n Guarantee) bool {
	return n.Rank() > max(o.Rank(), SelfHosted.Rank())
}

// endpointChanges pairs endpoints by id; then those left of one provider
// and kind, first where they are declared in the same file, then one
// against one: the endpoint moved.
func endpointChanges(old, new *Report) []EndpointChange {
	var olds, news []Endpoint
	var oldVerdict Guarantee = NoEndpoints
	if old.Residency != nil {
		olds, oldVerdict = old.Residency.Endpoints, old.Residency.Verdict
	}
	if new.Residency != nil {
		news = new.Residency.Endpoints
	}
	out := []EndpointChange{}
	var leftOld, leftNew []int
	ids := map[string]int{}
	for i, o := range olds {
		ids[o.ID] = i
	}
	paired := map[int]bool{}
	for j := range news {
		i, ok := ids[news[j].ID]
		if !ok || paired[i] {
			leftNew = append(leftNew, j)
			continue
		}
		paired[i] = true
		if !sameEndpoint(endpointState(&olds[i]), endpointState(&news[j])) {
			out = append(out, endpointChange(Changed, &olds[i], &news[j]))
		}
	}
	for i := range olds {
		if !paired[i] {
			leftOld = append(leftOld, i)
		}
	}
	group := func(e *Endpoint) string { return e.Provider + "\x00" + e.Kind }
	move := func(match func(o, n *Endpoint) bool) {
		var rest []int
		for _, j := range leftNew {
			k := slices.IndexFunc(leftOld, func(i int) bool { return match(&olds[i], &news[j]) })
			if k < 0 {
				rest = append(rest, j)
				continue
			}
			out = append(out, endpointChange(Moved, &olds[leftOld[k]], &news[j]))
			leftOld = slices.Delete(leftOld, k, k+1)
		}
		leftNew = rest
	}
	move(func(o, n *Endpoint) bool { return group(o) == group(n) && shareFile(o, n) })
	groups := func(idx []int, es []Endpoint) map[string]int {
		m := map[string]int{}
		for _, i := range idx {
			m[group(&es[i])]++
		}
		return m
	}
	lo, ln := groups(leftOld, olds), groups(leftNew, news)
	move(func(o, n *Endpoint) bool { return group(o) == group(n) && lo[group(o)] == 1 && ln[group(n)] == 1 })
	for _, j := range leftNew {
		c := endpointChange(Added, nil, &news[j])
		c.Worse = worseGuarantee(oldVerdict, news[j].Guarantee)
		out = append(out, c)
	}
	for _, i := range leftOld {
		out = append(out, endpointChange(Removed, &olds[i], nil))
	}
	rank := map[Change]int{Added: 0, Moved: 1, Changed: 2, Removed: 3}
	slices.SortFunc(out, func(a, b EndpointChange) int {
		return cmp.Or(cmp.Compare(rank[a.Change], rank[b.Change]), boolFirst(a.Worse, b.Worse), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func endpointChange(c Change, o, n *Endpoint) EndpointChange {
	e := n
	if e == nil {
		e = o
	}
	out := EndpointChange{Change: c, ID: e.ID, Provider: e.Provider, ProviderName: e.ProviderName, Kind: e.Kind}
	if o != nil {
		out.Old = endpointState(o)
	}
	if n != nil {
		out.New = endpointState(n)
	}
	if o != nil && n != nil {
		out.Worse = worseGuarantee(o.Guarantee, n.Guarantee)
	}
	return out
}

func endpointState(e *Endpoint) *EndpointState {
	s := &EndpointState{Host: e.Host, Region: e.Region, Model: e.Model, Processing: e.Processing, Storage: e.Storage,
		Jurisdiction: e.Jurisdiction, Guarantee: e.Guarantee, TransferBasis: e.TransferBasis}
	if len(e.Evidence) > 0 {
		s.Position = e.Evidence[0].Position
	}
	return s
}

// sameEndpoint compares what an endpoint is, not where it is declared.
func sameEndpoint(a, b *EndpointState) bool {
	a2, b2 := *a, *b
	a2.Position, b2.Position = Position{}, Position{}
	return a2 == b2
}

func shareFile(a, b *Endpoint) bool {
	for _, x := range a.Evidence {
		for _, y := range b.Evidence {
			if x.File == y.File {
				return true
			}
		}
	}
	return false
}

func checkChanges(old, new *Hardening) []CheckChange {
	out := []CheckChange{}
	if new == nil {
		return out
	}
	was := map[string]string{}
	if old != nil {
		for _, c := range old.Checks {
			was[c.ID] = c.Status
		}
	}
	for _, c := range new.Checks {
		o, ok := was[c.ID]
		if !ok || o == c.Status {
			continue
		}
		change := Changed
		switch {
		case c.Status == "fail":
			change = Failing
		case o == "fail":
			change = Fixed
		}
		out = append(out, CheckChange{Change: change, ID: c.ID, Title: c.Title, Old: o, New: c.Status, Summary: c.Summary})
	}
	return out
}

// serverChanges pairs servers by name and client.
func serverChanges(old, new *Hardening) []ServerChange {
	var olds, news []MCPServer
	if old != nil {
		olds = old.Servers
	}
	if new != nil {
		news = new.Servers
	}
	key := func(s *MCPServer) string { return s.Name + "\x00" + s.Client }
	was := map[string]*MCPServer{}
	for i := range olds {
		if _, ok := was[key(&olds[i])]; !ok {
			was[key(&olds[i])] = &olds[i]
		}
	}
	out := []ServerChange{}
	seen := map[string]bool{}
	for i := range news {
		n := &news[i]
		k := key(n)
		if seen[k] {
			continue
		}
		seen[k] = true
		o, ok := was[k]
		if !ok {
			out = append(out, ServerChange{Change: Added, Name: n.Name, Client: n.Client, New: serverState(n)})
			continue
		}
		c := ServerChange{Change: Changed, Name: n.Name, Client: n.Client, Old: serverState(o), New: serverState(n),
			Tools: toolChanges(o.ToolDefinitions, n.ToolDefinitions)}
		switch {
		case o.InstructionsSHA256 == n.InstructionsSHA256:
		case o.InstructionsSHA256 == "":
			c.Instructions = Added
		case n.InstructionsSHA256 == "":
			c.Instructions = Removed
		default:
			c.Instructions = Changed
		}
		so, sn := *c.Old, *c.New
		so.Position, sn.Position = Position{}, Position{}
		if len(c.Tools) > 0 || c.Instructions != "" || so.Launch != sn.Launch || so.Transport != sn.Transport ||
			so.Tools != sn.Tools || !sameBool(so.Pinned, sn.Pinned) {
			out = append(out, c)
		}
	}
	for i := range olds {
		if !seen[key(&olds[i])] {
			seen[key(&olds[i])] = true
			out = append(out, ServerChange{Change: Removed, Name: olds[i].Name, Client: olds[i].Client, Old: serverState(&olds[i])})
		}
	}
	rank := map[Change]int{Added: 0, Changed: 1, Removed: 2}
	slices.SortFunc(out, func(a, b ServerChange) int {
		return cmp.Or(cmp.Compare(rank[a.Change], rank[b.Change]), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Client, b.Client))
	})
	return out
}

func serverState(s *MCPServer) *ServerState {
	return &ServerState{Launch: s.Launch, Transport: s.Transport, Pinned: s.Pinned, Tools: s.Tools, Position: s.Position}
}

func sameBool(a, b *bool) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func toolChanges(old, new []ToolDefinition) []ToolChange {
	var out []ToolChange
	was := map[string]string{}
	for _, t := range old {
		was[t.Name] = t.SHA256
	}
	is := map[string]bool{}
	for _, t := range new {
		is[t.Name] = true
		switch o, ok := was[t.Name]; {
		case !ok:
			out = append(out, ToolChange{Change: Added, Name: t.Name, New: t.SHA256})
		case o != t.SHA256:
			out = append(out, ToolChange{Change: Changed, Name: t.Name, Old: o, New: t.SHA256})
		}
	}
	for _, t := range old {
		if !is[t.Name] {
			out = append(out, ToolChange{Change: Removed, Name: t.Name, Old: t.SHA256})
		}
	}
	slices.SortFunc(out, func(a, b ToolChange) int { return cmp.Compare(a.Name, b.Name) })
	return slices.CompactFunc(out, func(a, b ToolChange) bool { return a == b })
}

func findingChanges(old, new []Finding) FindingChanges {
	fc := FindingChanges{New: []Finding{}, Fixed: []Finding{}}
	was, is := map[string]bool{}, map[string]bool{}
	for _, f := range old {
		was[f.Fingerprint] = true
	}
	for _, f := range new {
		is[f.Fingerprint] = true
		if !was[f.Fingerprint] {
			fc.New = append(fc.New, f)
		}
	}
	for _, f := range old {
		if !is[f.Fingerprint] {
			fc.Fixed = append(fc.Fixed, f)
		}
	}
	return fc
}

func diffSummary(d *Diff) DiffSummary {
	s := DiffSummary{Components: map[Change]int{}, NewFindings: map[Severity]int{}, FixedFindings: len(d.Findings.Fixed)}
	for _, v := range d.Verdicts {
		if v.Worse {
			s.WorseVerdicts++
		}
	}
	for _, c := range d.Components {
		s.Components[c.Change]++
		if c.RugPull {
			s.RugPulls++
		}
	}
	for _, c := range d.Checks {
		switch c.Change {
		case Failing:
			s.FailingChecks++
		case Fixed:
			s.FixedChecks++
		}
	}
	for _, sc := range d.Servers {
		s.ToolChanges += len(sc.Tools)
	}
	for _, f := range d.Findings.New {
		s.NewFindings[f.Severity]++
	}
	s.Changes = len(d.Verdicts) + len(d.Components) + len(d.Endpoints) + len(d.Checks) + len(d.Servers) +
		len(d.Findings.New) + len(d.Findings.Fixed)
	if d.Residency != nil {
		s.Changes++
	}
	if d.Concern != nil {
		s.Changes++
	}
	return s
}
