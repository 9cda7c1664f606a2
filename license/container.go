package license

// Container images a project deploys or builds on: Dockerfile FROM and
// COPY --from images, Compose services, Helm values and Kubernetes
// workloads.
//
// Image references are parsed with github.com/distribution/reference, the
// parser Docker itself uses. Name is the repository as people write it:
// Docker Hub's host (docker.io, index.docker.io) and its library/ namespace
// are dropped, so docker.io/library/postgres and postgres are both
// "postgres", while other registries keep their host (ghcr.io/astral-sh/uv).
// Version is the tag as written, "latest" included, so that a later check
// can flag a floating tag; it is "" when no tag is given (Docker then pulls
// latest). An image pinned by digest alone has the digest ("sha256:…") as
// Version; a digest next to a tag is not kept, as Component has no field
// for it.
//
// Variables (Dockerfile ARG defaults, Compose ${VAR:-default}) are
// substituted from what the file itself says; the environment and .env
// files are not read. When a variable without a default sits in the tag,
// the image is kept without a version; anywhere else the image cannot be
// named and is reported as a warning.

import (
	"bytes"
	"errors"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/distribution/reference"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/shell"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// images collects the images of one file.
type images struct {
	out []Component
	ws  []project.Warning
}

func (im *images) warn(pos project.Position, format string, args ...any) {
	im.ws = append(im.ws, project.Warnf(pos, format, args...))
}

// vars looks a variable up: its value and whether it is set.
type vars func(name string) (string, bool)

func noVars(string) (string, bool) { return "", false }

// add records the image reference raw, written at pos.
func (im *images) add(raw string, pos project.Position, lookup vars, composeEscape bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return
	}
	ref, missing := expandVars(raw, lookup, composeEscape)
	tagLost := false
	if len(missing) > 0 {
		repo, repoMissing := expandVars(imageRepoPart(raw), lookup, composeEscape)
		if len(repoMissing) > 0 || repo == "" {
			im.warn(pos, "image depends on %s, which has no default here: not inventoried", strings.Join(missing, ", "))
			return
		}
		ref, tagLost = repo, true
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		im.warn(pos, "invalid image reference: %s", refProblem(err))
		return
	}
	c := Component{Ecosystem: vocab.Container, Name: reference.FamiliarName(named), Role: vocab.RoleImage,
		Locations: []project.Position{{File: pos.File, Line: pos.Line}}}
	if t, ok := named.(reference.Tagged); ok {
		c.Version = t.Tag()
	} else if d, ok := named.(reference.Digested); ok {
		c.Version = d.Digest().String()
	}
	if tagLost {
		im.warn(pos, "tag of image %s depends on %s, which has no default here: version unknown", c.Name, strings.Join(missing, ", "))
	}
	im.out = append(im.out, c)
}

// refProblem says what is wrong with an image reference in the library's
// words, without the parts of the reference some of its messages repeat.
func refProblem(err error) string {
	for _, known := range []error{reference.ErrTagInvalidFormat, reference.ErrDigestInvalidFormat,
		reference.ErrNameContainsUppercase, reference.ErrNameEmpty, reference.ErrNameTooLong, reference.ErrNameNotCanonical} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	switch msg := err.Error(); {
	case strings.Contains(msg, "must be lowercase"):
		return reference.ErrNameContainsUppercase.Error()
	case strings.Contains(msg, "64-byte hexadecimal"):
		return "a 64-byte hexadecimal string is not a repository name"
	}
	return reference.ErrReferenceInvalidFormat.Error()
}

// result returns the images sorted, the same image written once (as Compose
// services sharing an anchor do) kept once.
func (im *images) result() ([]Component, []project.Warning) {
	SortComponents(im.out)
	im.out = slices.CompactFunc(im.out, func(a, b Component) bool {
		return a.Name == b.Name && a.Version == b.Version && slices.Equal(a.Locations, b.Locations)
	})
	project.SortWarnings(im.ws)
	return im.out, im.ws
}

// imageRepoPart cuts the tag and digest off a reference as written,
// ignoring separators inside ${…}.
func imageRepoPart(raw string) string {
	depth, slash, colon := 0, -1, -1
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '$' && i+1 < len(raw) && raw[i+1] == '{':
			depth++
			i++
		case c == '}' && depth > 0:
			depth--
		case depth > 0:
		case c == '@':
			return raw[:i]
		case c == '/':
			slash = i
		case c == ':':
			colon = i
		}
	}
	if colon > slash {
		return raw[:colon]
	}
	return raw
}

// expandVars substitutes $NAME, ${NAME} and ${NAME<op>word} with op one of
// :- - :+ + :? ?, as Dockerfiles and Compose files do; defaults may nest.
// With composeEscape, "$$" is a literal "$". missing lists the variables
// that were needed but are not set and have no default.
func expandVars(s string, lookup vars, composeEscape bool) (string, []string) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	var missing []string
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch next := s[i+1]; {
		case next == '$' && composeEscape:
			b.WriteByte('$')
			i++
		case next == '{':
			end := closingBrace(s, i+2)
			if end < 0 {
				b.WriteString(s[i:]) // unterminated: left as written, and invalid as an image
				return b.String(), missing
			}
			v, miss := expandBraced(s[i+2:end], lookup, composeEscape)
			b.WriteString(v)
			missing = append(missing, miss...)
			i = end
		case isVarStart(next):
			j := i + 1
			for j < len(s) && isVarChar(s[j]) {
				j++
			}
			name := s[i+1 : j]
			if v, ok := lookup(name); ok {
				b.WriteString(v)
			} else {
				missing = append(missing, name)
			}
			i = j - 1
		default:
			b.WriteByte('$')
		}
	}
	return b.String(), missing
}

// expandBraced expands the inside of ${…}.
func expandBraced(expr string, lookup vars, composeEscape bool) (string, []string) {
	j := 0
	for j < len(expr) && isVarChar(expr[j]) {
		j++
	}
	name, rest := expr[:j], expr[j:]
	value, set := lookup(name)
	op := ""
	for _, o := range []string{":-", ":+", ":?", "-", "+", "?"} {
		if strings.HasPrefix(rest, o) {
			op, rest = o, rest[len(o):]
			break
		}
	}
	switch {
	case name == "" || op == "" && rest != "":
		return "${" + expr + "}", []string{"a malformed ${…}"}
	case op == ":-" && (!set || value == ""), op == "-" && !set:
		return expandVars(rest, lookup, composeEscape)
	case op == ":+":
		if set && value != "" {
			return expandVars(rest, lookup, composeEscape)
		}
		return "", nil
	case op == "+":
		if set {
			return expandVars(rest, lookup, composeEscape)
		}
		return "", nil
	case !set:
		return "", []string{name}
	}
	return value, nil
}

func closingBrace(s string, from int) int {
	depth := 1
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isVarStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isVarChar(c byte) bool { return isVarStart(c) || '0' <= c && c <= '9' }

// ---------------------------------------------------------------- Dockerfile

// dockerInstr is one instruction with its continuation lines joined.
type dockerInstr struct {
	cmd  string // upper case
	args string
	line int
}

var (
	dockerDirective = regexp.MustCompile(`^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$`)
	heredocMarker   = regexp.MustCompile(`<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)(["']?)`)
)

// dockerInstructions splits a Dockerfile into instructions: it honours the
// escape parser directive, joins continuation lines, drops comments and
// skips the bodies of heredocs (RUN <<EOF … EOF), whose lines are not
// instructions.
func dockerInstructions(data []byte) []dockerInstr {
	lines := strings.Split(string(data), "\n")
	escape := `\`
	for _, l := range lines {
		m := dockerDirective.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			break // directives only come first
		}
		if strings.EqualFold(m[1], "escape") && (m[2] == "`" || m[2] == `\`) {
			escape = m[2]
		}
	}
	var out []dockerInstr
	var cur strings.Builder
	start := 0
	var heredocs []string
	flush := func() {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" {
			return
		}
		cmd, args := text, ""
		if i := strings.IndexAny(text, " \t"); i >= 0 {
			cmd, args = text[:i], strings.TrimSpace(text[i+1:])
		}
		out = append(out, dockerInstr{cmd: strings.ToUpper(cmd), args: args, line: start})
		for _, m := range heredocMarker.FindAllStringSubmatch(args, -1) {
			heredocs = append(heredocs, m[2])
		}
	}
	for n, raw := range lines {
		l := strings.TrimRight(raw, "\r")
		if len(heredocs) > 0 {
			if strings.TrimLeft(l, "\t") == heredocs[0] {
				heredocs = heredocs[1:]
			}
			continue
		}
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue // comments, also between continuation lines; empty continuation lines
		}
		if cur.Len() == 0 {
			start = n + 1
		}
		if body, ok := strings.CutSuffix(strings.TrimRight(l, " \t"), escape); ok {
			cur.WriteString(body)
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(l)
		flush()
	}
	flush()
	return out
}

// readDockerfile reads the images a Dockerfile builds on: each FROM that is
// not scratch or an earlier stage, and each COPY --from that names an
// image rather than a stage. Builder stages count like the final one: what
// they produce is usually copied into it. FROM lines see the ARGs declared
// before the first FROM, with their defaults.
func readDockerfile(idx *project.Index, f project.File) ([]Component, []project.Warning) {
	file := f.Path
	data := idx.Read(file)
	im := &images{}
	args := map[string]string{}
	lookup := func(name string) (string, bool) { v, ok := args[name]; return v, ok }
	stages := map[string]bool{}
	seenFrom := false
	for _, in := range dockerInstructions(data) {
		pos := project.Position{File: file, Line: in.line}
		switch in.cmd {
		case "ARG":
			if seenFrom {
				continue // stage ARGs do not reach FROM lines
			}
			for _, tok := range shellWords(in.args) {
				if name, value, ok := strings.Cut(tok, "="); ok {
					args[name], _ = expandVars(value, lookup, false) // ARG B=${A}-slim
				}
			}
		case "FROM":
			seenFrom = true
			words := dropFlags(shellWords(in.args))
			if len(words) == 0 {
				im.warn(pos, "FROM without an image")
				continue
			}
			stage := ""
			switch {
			case len(words) == 3 && strings.EqualFold(words[1], "AS"):
				stage = strings.ToLower(words[2])
			case len(words) != 1:
				im.warn(pos, "unexpected FROM arguments (expected FROM image [AS name])")
			}
			ref, _ := expandVars(words[0], lookup, false)
			if ref = strings.ToLower(ref); ref != "scratch" && !stages[ref] {
				im.add(words[0], pos, lookup, false)
			}
			if stage != "" {
				stages[stage] = true
			}
		case "COPY":
			for _, w := range shellWords(in.args) {
				from, ok := strings.CutPrefix(w, "--from=")
				if !ok {
					continue
				}
				if _, err := strconv.Atoi(from); err == nil || stages[strings.ToLower(from)] {
					continue // a stage by index or name
				}
				im.add(from, pos, lookup, false)
			}
		}
	}
	return im.result()
}

// shellWords splits instruction arguments as a shell would (shell.Split);
// a quote left open ends the last word rather than the instruction.
func shellWords(s string) []string {
	words, _ := shell.Split(s)
	return words
}

// dropFlags removes the leading --flag=value words (FROM --platform=…).
func dropFlags(words []string) []string {
	for len(words) > 0 && strings.HasPrefix(words[0], "--") {
		words = words[1:]
	}
	return words
}

// ---------------------------------------------------------------- Compose

// readCompose reads the images of a Compose file's services. A service
// that also has a build section builds its image from the project's own
// Dockerfile (image: only names the result), so it is skipped; the
// Dockerfile reader covers what it is built on.
func readCompose(idx *project.Index, f project.File) ([]Component, []project.Warning) {
	d := idx.Doc(f.Path)
	if d == nil {
		return nil, nil
	}
	im := &images{}
	for _, root := range d.Roots {
		for _, svc := range membersOf(root.Get("services")) {
			image := svc.Value.Get("image")
			switch {
			case image == nil || svc.Value.Get("build") != nil:
			case !image.Scalar():
				im.warn(d.Pos(image), "service %s: image is not a string", svc.Key)
			default:
				im.add(image.Text, d.Pos(image), noVars, true)
			}
		}
	}
	return im.result()
}

// ---------------------------------------------------------------- Helm values

// readHelmValues reads every image: key of a Helm values file, at any
// depth: a "repo:tag" string, or a table of registry, repository, tag and
// digest. An empty or templated tag gives no version (charts usually fall
// back to the chart's appVersion, which is not read here).
func readHelmValues(idx *project.Index, f project.File) ([]Component, []project.Warning) {
	d := idx.Doc(f.Path)
	if d == nil {
		return nil, nil
	}
	im := &images{}
	var walk func(n *tree.Node, depth int)
	walk = func(n *tree.Node, depth int) {
		if n == nil || depth > 64 {
			return
		}
		for _, m := range n.Members {
			if m.Key == "image" {
				helmImage(d, im, m.Value)
				continue
			}
			walk(m.Value, depth+1)
		}
		for _, v := range n.Items {
			walk(v, depth+1)
		}
	}
	for _, root := range d.Roots {
		walk(root, 0)
	}
	return im.result()
}

func helmImage(d *project.Doc, im *images, v *tree.Node) {
	switch {
	case v == nil || v.Kind == tree.Null:
	case v.Scalar():
		if !strings.Contains(v.Text, "{{") {
			im.add(v.Text, d.Pos(v), noVars, false)
		}
	case v.Kind == tree.Object:
		repo := v.Get("repository")
		if !repo.Scalar() || repo.Text == "" || strings.Contains(repo.Text, "{{") {
			return
		}
		ref := repo.Text
		if reg := v.Str("registry"); reg != "" && !strings.Contains(reg, "{{") {
			ref = strings.TrimSuffix(reg, "/") + "/" + ref
		}
		if tag := v.Str("tag"); tag != "" && !strings.Contains(tag, "{{") {
			ref += ":" + tag
		}
		if digest := v.Str("digest"); digest != "" && !strings.Contains(digest, "{{") {
			ref += "@" + digest
		}
		im.add(ref, d.Pos(repo), noVars, false)
	}
}

// ---------------------------------------------------------------- Kubernetes

// podSpecPaths says where each workload kind keeps its pod spec.
var podSpecPaths = map[string][]string{
	"Pod":                   {"spec"},
	"PodTemplate":           {"template", "spec"},
	"Deployment":            {"spec", "template", "spec"},
	"StatefulSet":           {"spec", "template", "spec"},
	"DaemonSet":             {"spec", "template", "spec"},
	"ReplicaSet":            {"spec", "template", "spec"},
	"ReplicationController": {"spec", "template", "spec"},
	"Job":                   {"spec", "template", "spec"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template", "spec"},
}

// readKubernetes reads the container and init-container images of the
// workloads in a YAML file, one document at a time. Files that are not
// manifests give nothing; Helm templates ({{ … }}) are not YAML before
// rendering and are left to the values reader.
func readKubernetes(idx *project.Index, f project.File) ([]Component, []project.Warning) {
	if helmTemplate(idx, f.Path) {
		return nil, nil // not read at all: the index would call its templating broken YAML
	}
	d := idx.Doc(f.Path)
	if d == nil || !bytes.Contains(d.Data, []byte("kind:")) || !bytes.Contains(d.Data, []byte("apiVersion:")) || bytes.Contains(d.Data, []byte("{{")) {
		return nil, nil
	}
	im := &images{}
	for _, root := range d.Roots {
		k8sObject(d, im, root, 0)
	}
	return im.result()
}

// helmTemplate reports whether a file is under the templates/ folder of a
// Helm chart.
func helmTemplate(idx *project.Index, p string) bool {
	for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if path.Base(dir) == "templates" && idx.Has(path.Join(path.Dir(dir), "Chart.yaml")) {
			return true
		}
	}
	return false
}

func k8sObject(d *project.Doc, im *images, obj *tree.Node, depth int) {
	if obj == nil || depth > 4 || obj.Str("apiVersion") == "" {
		return
	}
	kind := obj.Str("kind")
	if kind == "List" || strings.HasSuffix(kind, "List") {
		if items := obj.Get("items"); items != nil {
			for _, it := range items.Items {
				k8sObject(d, im, it, depth+1)
			}
		}
		return
	}
	keys, ok := podSpecPaths[kind]
	if !ok {
		return
	}
	spec := obj.Lookup(keys...)
	if spec == nil {
		return
	}
	for _, list := range [...]string{"initContainers", "containers"} {
		cs := spec.Get(list)
		if cs == nil {
			continue
		}
		for _, c := range cs.Items {
			image := c.Get("image")
			switch {
			case image == nil:
				im.warn(d.Pos(c), "%s: container without an image", kind)
			case !image.Scalar():
				im.warn(d.Pos(image), "%s: image is not a string", kind)
			default:
				im.add(image.Text, d.Pos(image), noVars, false)
			}
		}
	}
}
