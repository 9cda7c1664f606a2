package license

import (
	"cmp"
	"context"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/match"
)

// Options configure Collect. The zero value reads the project with the
// embedded knowledge base and no module cache.
type Options struct {
	// KB is the knowledge base; nil means kb.Default().
	KB *kb.Base
	// GoModCache is the Go module cache (GOMODCACHE) to read the licence
	// texts of modules that are not vendored, and each module's own go.mod
	// for the dependency graph; nil reads none, and a Go module's graph is
	// then only which modules the project requires directly.
	GoModCache fs.FS
	// Extra are components other analyzers found, such as the MCP servers
	// that client configs launch.
	Extra []Component
	// Lookup, when set, asks the registries for the licences of the
	// components the tree leaves unknown (--online); nil is offline.
	Lookup Lookup
}

// Inventory is every component of the project with its licence, and the
// engines they make up.
type Inventory struct {
	// Root is the project itself (projectRoot): its name from the root
	// manifest and its own licence; nil for a project with neither a root
	// manifest nor a licence file at its root. It is not in Components.
	Root       *Component
	Components []Component
	Engines    []EngineUse
	Warnings   []project.Warning
}

// fileReader turns one project file, read through the index, into
// components. Read and parse failures are the index's warnings; a reader
// returns only what it found wrong in what it read (a value of the wrong
// kind, a missing field).
type fileReader func(idx *project.Index, f project.File) ([]Component, []project.Warning)

// readers returns the reader for each kind of project file.
func readers(opts Options) map[project.Kind]fileReader {
	return map[project.Kind]fileReader{
		project.NpmManifest: readNpmManifest,
		project.NpmLock:     readNpmLock,
		project.PnpmLock:    readPnpmLock,
		project.YarnLock:    readYarnLock,
		project.GoMod: func(idx *project.Index, f project.File) ([]Component, []project.Warning) {
			return readGoMod(idx, f, opts.GoModCache)
		},
		project.PythonRequirements: readRequirements,
		project.PyProject:          readPyProject,
		project.PoetryLock:         readPoetryLock,
		project.UvLock:             readUvLock,
		project.Dockerfile:         readDockerfile,
		project.Compose:            readCompose,
		project.HelmValues:         readHelmValues,
		project.YAML:               readKubernetes,
		project.N8nWorkflow:        readEngineExport,
		project.FlowiseFlow:        readEngineExport,
		project.DifyApp:            readEngineExport,
		project.LangflowFlow:       readEngineExport,
	}
}

// Collect reads every manifest, lockfile, installed package and deployment
// file in the index, through the index, merges what they say about each
// component, resolves each licence and groups the components into engines.
// Files that cannot be read or parsed are the index's warnings
// (idx.Warnings); Inventory.Warnings holds what the readers found wrong in
// what they read.
func Collect(ctx context.Context, idx *project.Index, opts Options) (*Inventory, error) {
	if opts.KB == nil {
		opts.KB = kb.Default()
	}
	// The licence-text scanner compiles its patterns on first use (about
	// 0.1 s); compiling them while the files are read keeps the resolvers
	// from waiting for it.
	go match.Prepare()
	byKind := readers(opts)
	var jobs []func() ([]Component, []project.Warning)
	lockDirs := map[string]bool{}
	for _, f := range idx.Files() {
		if read, ok := byKind[f.Kind]; ok {
			jobs = append(jobs, func() ([]Component, []project.Warning) { return read(idx, f) })
		}
		if f.Kind == project.NpmLock || f.Kind == project.PnpmLock || f.Kind == project.YarnLock {
			lockDirs[path.Dir(f.Path)] = true
		}
	}
	installedFrom := len(jobs)
	for _, p := range idx.Packages {
		requires := p.Ecosystem == project.NPM && !lockGoverned(p.Dir, lockDirs)
		jobs = append(jobs, func() ([]Component, []project.Warning) { return readInstalled(idx, p, requires) })
	}
	results := make([]jobResult, len(jobs))
	if err := parallel(ctx, len(jobs), func(i int) {
		cs, ws := jobs[i]()
		results[i] = jobResult{cs, ws}
	}); err != nil {
		return nil, err
	}
	resolveInstalled(installedTree(idx, results[installedFrom:], lockDirs))

	inv := &Inventory{}
	var all []Component
	for _, r := range results {
		all = append(all, r.components...)
		inv.Warnings = append(inv.Warnings, r.warnings...)
	}
	all = append(all, opts.Extra...)
	inv.Components = merge(all)
	markOwn(idx, inv.Components)
	finishGraph(inv.Components)

	res := newResolver(idx, opts)
	if err := parallel(ctx, len(inv.Components), func(i int) {
		if c := &inv.Components[i]; c.Ecosystem == vocab.Model {
			resolveModel(opts.KB, c) // models.go: the model catalogue, not metadata
			return
		}
		res.resolve(&inv.Components[i])
	}); err != nil {
		return nil, err
	}
	if inv.Root = projectRoot(idx); inv.Root != nil {
		res.resolve(inv.Root)
	}
	inv.Engines = attributeEngines(idx, opts.KB, inv.Components)
	if opts.Lookup != nil { // after the engine catalogue, which knows engines by version
		res.online(ctx, opts.Lookup, inv.Components)
		inv.Warnings = uncachedAfterLookup(inv.Warnings, inv.Components)
	}
	project.SortWarnings(inv.Warnings)
	return inv, nil
}

type jobResult struct {
	components []Component
	warnings   []project.Warning
}

// installedTree is what resolveInstalled needs of the npm trees no
// lockfile governs: each installed package's component by folder (results
// holds the readers' results for idx.Packages, in order) and the names
// each of the project's package.json files there declares, by folder.
func installedTree(idx *project.Index, results []jobResult, lockDirs map[string]bool) (map[string]*Component, map[string][]string) {
	installed := map[string]*Component{}
	for i, p := range idx.Packages {
		if cs := results[i].components; p.Ecosystem == project.NPM && len(cs) == 1 && !lockGoverned(p.Dir, lockDirs) {
			installed[p.Dir] = &cs[0]
		}
	}
	if len(installed) == 0 {
		return nil, nil
	}
	manifests := map[string][]string{}
	for _, f := range idx.Files(project.NpmManifest) {
		dir := path.Dir(f.Path)
		if lockGoverned(dir, lockDirs) {
			continue
		}
		if obj := idx.Doc(f.Path).Root(); obj != nil && obj.Kind == tree.Object {
			for _, s := range npmSpecs(obj, true) {
				manifests[dir] = append(manifests[dir], s.name)
			}
		}
	}
	return installed, manifests
}

// readInstalled reads an installed package of a vendored tree; requires
// asks an npm reader for the names the package depends on.
func readInstalled(idx *project.Index, p project.Package, requires bool) ([]Component, []project.Warning) {
	switch p.Ecosystem {
	case project.NPM:
		c, ws := readInstalledNpm(idx, p, requires)
		if c.Name == "" {
			return nil, ws
		}
		return []Component{c}, ws
	case project.PyPI:
		c, ws := readDistInfo(idx, p)
		if c.Name == "" {
			return nil, ws
		}
		return []Component{c}, ws
	case project.Golang:
		// Vendored modules add their licence files; go.mod gives the version.
		name := strings.TrimPrefix(p.Dir, "vendor/")
		if i := strings.Index(p.Dir, "/vendor/"); i >= 0 {
			name = p.Dir[i+len("/vendor/"):]
		}
		return []Component{{Ecosystem: vocab.Golang, Name: name, Role: vocab.RoleLibrary, Dir: p.Dir, LicenseFiles: p.LicenseFiles,
			Locations: []project.Position{{File: p.Manifest}}}}, nil
	}
	return nil, nil
}

// parallel runs fn(0..n-1) on as many goroutines as there are CPUs. The
// inventory is I/O and parsing bound; on two cores this nearly halves the
// wall time of a large node_modules tree.
func parallel(ctx context.Context, n int, fn func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	var err error
	for i := 0; i < n; i++ {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return err
}

// rolePriority says which role wins when readers disagree: a package that
// is both installed and launched as an MCP server is reported as a server.
var rolePriority = map[vocab.Role]int{vocab.RoleLibrary: 0, vocab.RoleRuntime: 1, vocab.RoleImage: 2, vocab.RoleMCPServer: 3}

// merge folds the components that several readers found into one each.
// Same ecosystem, name and version merge; a component with no version (a
// manifest range, an unpinned launcher) merges into the lowest version of
// the same name when there is one.
func merge(all []Component) []Component {
	groups := map[string][]Component{}
	for _, c := range all {
		k := string(c.Ecosystem) + ":" + c.Name
		groups[k] = append(groups[k], c)
	}
	var out []Component
	for _, group := range groups {
		byVersion := map[string]*Component{}
		var versions []string
		var loose []Component
		for _, c := range group {
			switch m := byVersion[c.Version]; {
			case c.Version == "":
				loose = append(loose, c)
			case m != nil:
				fold(m, c)
			default:
				cc := c
				byVersion[c.Version] = &cc
				versions = append(versions, c.Version)
			}
		}
		if len(versions) == 0 {
			first := loose[0]
			for _, c := range loose[1:] {
				fold(&first, c)
			}
			out = append(out, first)
			continue
		}
		slices.Sort(versions)
		// A name without a version (a manifest's range) is direct for the
		// version it lands on only when no version of it is already known
		// to be the project's: a lockfile's root entry is exact.
		direct := slices.ContainsFunc(versions, func(v string) bool { return byVersion[v].Direct })
		for _, c := range loose {
			c.Direct = c.Direct && !direct
			fold(byVersion[versions[0]], c)
		}
		for _, v := range versions {
			out = append(out, *byVersion[v])
		}
	}
	for i := range out {
		c := &out[i]
		slices.SortFunc(c.Locations, func(a, b project.Position) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		c.Locations = slices.Compact(c.Locations)
	}
	SortComponents(out)
	return out
}

// fold merges src into dst.
func fold(dst *Component, src Component) {
	dst.Locations = append(dst.Locations, src.Locations...)
	dst.Declared = append(dst.Declared, src.Declared...)
	// The project's own copy of a licence (vendor/, node_modules) outranks
	// the module cache's.
	if dst.Dir == "" || len(src.LicenseFiles) > 0 && (len(dst.LicenseFiles) == 0 || inModCache(dst.LicenseFiles[0]) && !inModCache(src.LicenseFiles[0])) {
		if src.Dir != "" {
			dst.Dir = src.Dir
		}
		if len(src.LicenseFiles) > 0 {
			dst.LicenseFiles = src.LicenseFiles
		}
	}
	dst.Dependencies = append(dst.Dependencies, src.Dependencies...)
	dst.Direct = dst.Direct || src.Direct
	dst.Dev = dst.Dev && src.Dev
	if rolePriority[src.Role] > rolePriority[dst.Role] {
		dst.Role = src.Role
	}
	if dst.Engine == "" {
		dst.Engine = src.Engine
	}
	if dst.Model == nil {
		dst.Model = src.Model
	}
	if dst.uncached.file == "" {
		dst.uncached = src.uncached
	}
	if src.License.Known() && !dst.License.Known() {
		dst.License = src.License
	}
}

func inModCache(p string) bool { return strings.HasPrefix(p, GoModCachePrefix) }
