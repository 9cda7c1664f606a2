package hardening

import (
	"regexp"
	"slices"
	"strings"

	"github.com/distribution/reference"
	"golang.org/x/mod/semver"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/shell"
)

// Launcher is the package or image a stdio command starts.
type Launcher struct {
	// Runner is "npx", "npm exec", "pnpm dlx", "yarn dlx", "bunx", "uvx"
	// (also for uv tool run), "pipx run", "docker run", "podman run",
	// "deno run" or "go run".
	Runner string `json:"runner"`
	// Ecosystem is "npm", "pypi", "container", "golang" or "jsr".
	Ecosystem string `json:"ecosystem"`
	// Package is the name as written: "@modelcontextprotocol/server-github",
	// "mcp-server-fetch", "mcp/github", "github.com/org/cmd/server"; for a
	// git source, its URL without the ref.
	Package string `json:"package"`
	// Version is as written: "1.2.3", "latest", "^1.2", ">=1.0", an image
	// tag, a git ref; "" when none is given.
	Version string `json:"version,omitempty"`
	// Digest is an image digest (sha256:…) when the image names one.
	Digest string `json:"digest,omitempty"`
	// Pinned means an exact version: npm x.y.z, Python ==x.y / ===x.y /
	// @x.y (uv), an image digest or a tag other than latest, a Go module
	// version, a full git commit hash.
	Pinned bool `json:"pinned"`
	// Position is where the package is written (the argument, or the
	// command when the line is written as one string).
	Position project.Position `json:"position"`
}

// ParseLauncher reads a stdio command line (the command, then its
// arguments) and returns the package it launches, or nil when it runs local
// code (node server.js, python -m x, uv run, go run .) or a program that is
// not a package runner. The Position is left empty.
func ParseLauncher(argv []string) *Launcher {
	l, _ := parseLauncher(argv)
	return l
}

// parseLauncher also returns the index in argv of the word naming the
// package.
func parseLauncher(argv []string) (*Launcher, int) {
	if len(argv) == 0 {
		return nil, 0
	}
	rest := argv[1:]
	switch prog := program(argv[0]); prog {
	case "cmd": // Windows: cmd /c npx -y pkg
		if len(rest) > 1 && (strings.EqualFold(rest[0], "/c") || strings.EqualFold(rest[0], "/k")) {
			l, i := parseLauncher(rest[1:])
			return l, i + 2
		}
	case "sh", "bash", "zsh": // sh -c "npx -y pkg"
		if len(rest) > 1 && (rest[0] == "-c" || rest[0] == "-lc") {
			if words, err := shell.Split(rest[1]); err == nil {
				if l, _ := parseLauncher(words); l != nil {
					return l, 2
				}
			}
		}
	case "docker", "podman":
		l, i := containerRunner(prog, rest)
		return l, i + 1
	default:
		for _, r := range runners[prog] {
			if len(rest) >= len(r.sub) && slices.Equal(rest[:len(r.sub)], r.sub) {
				l, i := r.read(rest[len(r.sub):])
				return l, i + 1 + len(r.sub)
			}
		}
	}
	return nil, 0
}

// runner is a way a program runs a package: the subcommand words that say
// so (none for npx; "tool", "run" for uv) and the reader of the words
// after them.
type runner struct {
	sub  []string
	read func(args []string) (*Launcher, int)
}

// runners are the package runners by program.
var runners = map[string][]runner{
	"npx":  {{nil, npm("npx", npxFlags)}},
	"npm":  {{[]string{"exec"}, npm("npm exec", npxFlags)}, {[]string{"x"}, npm("npm exec", npxFlags)}},
	"pnpx": {{nil, npm("pnpm dlx", pnpmFlags)}},
	"pnpm": {{[]string{"dlx"}, npm("pnpm dlx", pnpmFlags)}},
	"yarn": {{[]string{"dlx"}, npm("yarn dlx", yarnFlags)}},
	"bunx": {{nil, npm("bunx", bunFlags)}},
	"bun":  {{[]string{"x"}, npm("bunx", bunFlags)}},
	"uvx":  {{nil, python("uvx", uvFlags)}},
	"uv":   {{[]string{"tool", "run"}, python("uvx", uvFlags)}},
	"pipx": {{[]string{"run"}, python("pipx run", pipxFlags)}},
	"deno": {{[]string{"run"}, denoRunner}},
	"go":   {{[]string{"run"}, goRunner}},
}

// npm reads npx and its kin: the package is the value of -p/--package or
// the first positional word, written name, name@version or a git or local
// source. python reads uvx (uv tool run) and pipx run: the package is the
// value of --from/--spec or the first positional word.
func npm(name string, f flagSet) func([]string) (*Launcher, int) {
	return packageRunner(name, f, npmSpec)
}

func python(name string, f flagSet) func([]string) (*Launcher, int) {
	return packageRunner(name, f, pySpec)
}

// packageRunner reads a package runner's arguments: its flags find the
// package spec, spec reads it (nil for a local path).
func packageRunner(runner string, f flagSet, spec func(string) *Launcher) func([]string) (*Launcher, int) {
	return func(args []string) (*Launcher, int) {
		s, at := f.scan(args)
		if at < 0 {
			return nil, 0
		}
		l := spec(s)
		if l == nil {
			return nil, 0
		}
		l.Runner = runner
		return l, at
	}
}

// program is the lower-case base name of a command without a Windows
// executable suffix: "/usr/local/bin/npx" and "C:\nodejs\npx.cmd" are "npx".
func program(cmd string) string {
	base := strings.ToLower(cmd[strings.LastIndexAny(cmd, `/\`)+1:])
	for _, ext := range []string{".cmd", ".exe", ".bat", ".ps1"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// flagSet says which options of a runner take a value, so the scan does not
// mistake the value for the package. Short options may be bundled (-it).
type flagSet struct {
	value map[string]bool // "--registry", "-e": take a value (next word or =value)
	pkg   map[string]bool // "--package", "-p": name the package; the first positional is then a command
	// long means single-dash options are whole names (go's -tags), not
	// bundles of letters.
	long bool
}

func opts(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// scan finds the package in args: the value of a package option, else the
// first positional word. It returns the word and its index, or -1.
func (f flagSet) scan(args []string) (string, int) {
	pkg, pkgAt := "", -1
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			if pkgAt < 0 && i < len(args) {
				return args[i], i
			}
			break
		}
		if len(a) < 2 || a[0] != '-' {
			if pkgAt >= 0 {
				break
			}
			return a, i
		}
		name, val, hasVal := a, "", false
		if strings.HasPrefix(a, "--") || f.long {
			name, val, hasVal = strings.Cut(a, "=")
			if f.long {
				name = "-" + strings.TrimLeft(name, "-")
			}
		} else {
			// -abc: flags a, b, c; the first that takes a value takes
			// the rest of the word, or the next word.
			for j := 1; j < len(a); j++ {
				if fl := "-" + a[j:j+1]; f.value[fl] || f.pkg[fl] {
					name, val = fl, strings.TrimPrefix(a[j+1:], "=")
					hasVal = val != ""
					break
				}
			}
		}
		if !f.value[name] && !f.pkg[name] {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				break
			}
			i++
			val = args[i]
		}
		if f.pkg[name] && pkgAt < 0 {
			pkg, pkgAt = val, i
		}
	}
	return pkg, pkgAt
}

var (
	npxFlags = flagSet{
		pkg:   opts("-p", "--package"),
		value: opts("-c", "--call", "--registry", "--cache", "--userconfig", "--prefix", "-w", "--workspace", "--loglevel", "--node-options"),
	}
	pnpmFlags = flagSet{pkg: opts("--package"), value: opts("--allow-build", "--reporter", "-C", "--dir")}
	yarnFlags = flagSet{pkg: opts("-p", "--package")}
	bunFlags  = flagSet{pkg: opts("-p", "--package")}
	uvFlags   = flagSet{
		pkg: opts("--from"),
		value: opts("-w", "--with", "--with-editable", "--with-requirements", "--with-executables-from", "-p", "--python",
			"-i", "--index", "--index-url", "--extra-index-url", "--default-index", "-f", "--find-links",
			"--directory", "--project", "--config-file", "--cache-dir", "--env-file", "-c", "--constraints",
			"--overrides", "-b", "--build-constraints", "--index-strategy", "--keyring-provider", "--resolution",
			"--prerelease", "--exclude-newer", "--refresh-package", "--reinstall-package", "-P", "--upgrade-package",
			"--link-mode", "--color", "--python-preference", "--no-binary-package", "--only-binary-package",
			"-C", "--config-setting", "--allow-insecure-host", "--fork-strategy", "--no-build-package"),
	}
	pipxFlags = flagSet{
		pkg:   opts("--spec"),
		value: opts("--python", "-i", "--index-url", "--pip-args", "--backend", "--preinstall", "--fetch-python"),
	}
)

// npmSpec reads an npm package spec; nil for a local path.
func npmSpec(spec string) *Launcher {
	if isLocal(spec) {
		return nil
	}
	l := &Launcher{Ecosystem: "npm"}
	switch {
	case isGitSource(spec) || strings.Contains(spec, "://") ||
		(!strings.HasPrefix(spec, "@") && strings.Contains(spec, "/")): // owner/repo is a GitHub shorthand
		l.Package, l.Version, _ = strings.Cut(spec, "#")
		l.Pinned = isCommit(l.Version)
	default:
		l.Package = spec
		if at := strings.LastIndexByte(spec, '@'); at > 0 {
			l.Package, l.Version = spec[:at], spec[at+1:]
		}
		l.Pinned = exactSemver(strings.TrimLeft(l.Version, "=v"))
	}
	return l
}

var gitPrefixes = []string{"git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:"}

func isGitSource(s string) bool {
	for _, p := range gitPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isLocal reports a path on disk: ./x, ../x, /x, ~/x, file:x, C:\x.
func isLocal(s string) bool {
	return s == "" || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") ||
		strings.HasPrefix(s, "file:") || strings.Contains(s, `\`) || (len(s) > 1 && s[1] == ':' && !strings.Contains(s, "://"))
}

var commitHash = regexp.MustCompile(`^(?:[0-9a-f]{40}|[0-9a-f]{64})$`)

func isCommit(ref string) bool { return commitHash.MatchString(ref) }

// exactSemver reports an exact semantic version x.y.z (with an optional
// pre-release or build), not a range, a prefix or a tag.
func exactSemver(v string) bool {
	v = "v" + v
	c := semver.Canonical(v)
	return c != "" && (v == c || strings.HasPrefix(v, c+"+"))
}

// pyName is a PEP 508 distribution name.
var pyName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)

// pySpec reads a Python requirement as uv and pipx take it: name, name==1.0,
// name[extra]>=1, name@1.0 (uv), git+https://…@ref; nil for a local path or
// something that is not a requirement.
func pySpec(spec string) *Launcher {
	spec = strings.TrimSpace(spec)
	if isLocal(spec) || strings.HasSuffix(spec, ".whl") || strings.HasSuffix(spec, ".tar.gz") || strings.HasSuffix(spec, ".py") {
		return nil
	}
	l := &Launcher{Ecosystem: "pypi"}
	if isGitSource(spec) || strings.Contains(spec, "://") {
		spec, _, _ = strings.Cut(spec, "#")
		l.Package = spec
		if at := strings.LastIndexByte(spec, '@'); at > strings.LastIndexByte(spec, '/') {
			l.Package, l.Version = spec[:at], spec[at+1:]
		}
		l.Pinned = isCommit(l.Version)
		return l
	}
	l.Package = pyName.FindString(spec)
	if l.Package == "" {
		return nil
	}
	rest := strings.TrimSpace(spec[len(l.Package):])
	if strings.HasPrefix(rest, "[") { // extras
		if end := strings.IndexByte(rest, ']'); end >= 0 {
			rest = strings.TrimSpace(rest[end+1:])
		}
	}
	rest, _, _ = strings.Cut(rest, ";") // environment markers
	rest = strings.TrimSpace(rest)
	switch {
	case strings.HasPrefix(rest, "@"):
		v := strings.TrimSpace(rest[1:])
		if strings.Contains(v, "://") { // name @ URL: a direct reference
			return l
		}
		l.Version = v
		l.Pinned = v != "" && v != "latest"
	case strings.HasPrefix(rest, "==="):
		l.Version = strings.TrimSpace(rest[3:])
		l.Pinned = l.Version != ""
	case strings.HasPrefix(rest, "=="):
		l.Version = strings.TrimSpace(rest[2:])
		l.Pinned = l.Version != "" && !strings.ContainsAny(l.Version, "*,")
	default:
		l.Version = rest // a range (>=1.0, ~=1.2) or nothing
	}
	return l
}

// Options of docker and podman. Global options come before the subcommand.
var (
	containerGlobal = flagSet{value: opts("--config", "-c", "--context", "-H", "--host", "-l", "--log-level",
		"--tlscacert", "--tlscert", "--tlskey", "--connection", "--url", "--identity", "--root", "--runroot",
		"--storage-driver", "--cgroup-manager", "--module")}
	containerRun = flagSet{value: opts(
		"-a", "--attach", "--add-host", "--annotation", "--blkio-weight", "--blkio-weight-device", "--cap-add",
		"--cap-drop", "--cgroup-parent", "--cgroupns", "--cidfile", "--cpu-period", "--cpu-quota",
		"--cpu-rt-period", "--cpu-rt-runtime", "-c", "--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems",
		"--device", "--device-cgroup-rule", "--device-read-bps", "--device-read-iops", "--device-write-bps",
		"--device-write-iops", "--dns", "--dns-option", "--dns-search", "--domainname", "--entrypoint", "-e",
		"--env", "--env-file", "--expose", "--gpus", "--group-add", "--health-cmd", "--health-interval",
		"--health-retries", "--health-start-interval", "--health-start-period", "--health-timeout", "-h",
		"--hostname", "--ip", "--ip6", "--ipc", "--isolation", "--kernel-memory", "-l", "--label", "--label-file",
		"--link", "--link-local-ip", "--log-driver", "--log-opt", "--mac-address", "-m", "--memory",
		"--memory-reservation", "--memory-swap", "--memory-swappiness", "--mount", "--name", "--network", "--net",
		"--network-alias", "--net-alias", "--oom-score-adj", "--pid", "--pids-limit", "--platform", "-p",
		"--publish", "--pull", "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal",
		"--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs", "--ulimit", "-u", "--user", "--userns", "--uts",
		"-v", "--volume", "--volume-driver", "--volumes-from", "-w", "--workdir", "--detach-keys",
		// podman
		"--arch", "--os", "--variant", "--pod", "--secret", "--requires", "--systemd", "--hooks-dir",
		"--authfile", "--cert-dir", "--creds", "--decryption-key", "--image-volume", "--log-level",
		"--timeout", "--uidmap", "--gidmap", "--subuidname", "--subgidname", "--chrootdirs", "--personality",
		"--preserve-fds", "--sdnotify", "--seccomp-policy", "--umask", "--pidfile", "--conmon-pidfile")}
)

// containerRunner reads docker run and podman run (also "container run"):
// the image is the first positional word after the run options.
func containerRunner(prog string, args []string) (*Launcher, int) {
	_, at := containerGlobal.scan(args)
	if at < 0 {
		return nil, 0
	}
	skip := at + 1
	switch {
	case args[at] == "run":
	case args[at] == "container" && skip < len(args) && args[skip] == "run":
		skip++
	default:
		return nil, 0
	}
	image, i := containerRun.scan(args[skip:])
	if i < 0 {
		return nil, 0
	}
	return imageRef(prog+" run", image), skip + i
}

// imageRef reads an image reference; one that does not parse (a ${VAR}
// placeholder) is kept as written, unpinned.
func imageRef(runner, image string) *Launcher {
	l := &Launcher{Runner: runner, Ecosystem: "container", Package: image}
	ref, err := reference.Parse(image)
	if err != nil {
		return l
	}
	if named, ok := ref.(reference.Named); ok {
		l.Package = named.Name()
	}
	if d, ok := ref.(reference.Digested); ok {
		l.Digest = d.Digest().String()
		l.Version = l.Digest
		l.Pinned = true
	}
	if t, ok := ref.(reference.Tagged); ok {
		l.Version = t.Tag()
		l.Pinned = l.Pinned || t.Tag() != "latest"
	}
	return l
}

var denoFlags = flagSet{value: opts("-c", "--config", "--import-map", "--cert", "--location", "--seed", "--ext", "--preload")}

// denoRunner reads deno run with an npm: or jsr: specifier; a remote or
// local script is not a package.
func denoRunner(args []string) (*Launcher, int) {
	script, at := denoFlags.scan(args)
	if at < 0 {
		return nil, 0
	}
	eco, spec, ok := strings.Cut(script, ":")
	if !ok || (eco != "npm" && eco != "jsr") {
		return nil, 0
	}
	// A subpath follows the version: npm:pkg@1.0.0/bin/cli.
	if v := strings.LastIndexByte(spec, '@'); v > 0 {
		if slash := strings.IndexByte(spec[v:], '/'); slash > 0 {
			spec = spec[:v+slash]
		}
	}
	l := npmSpec(spec)
	if l == nil {
		return nil, 0
	}
	l.Runner, l.Ecosystem = "deno run", eco
	return l, at
}

var goFlags = flagSet{long: true, value: opts("-C", "-p", "-asmflags", "-buildmode", "-compiler", "-gccgoflags",
	"-gcflags", "-installsuffix", "-ldflags", "-mod", "-modfile", "-overlay", "-pgo", "-pkgdir", "-tags",
	"-toolexec", "-exec", "-covermode", "-coverpkg")}

// goRunner reads go run pkg@version. Without a version go run builds local
// code or a dependency of the project's own go.mod, which the go.mod reader
// inventories: no Launcher.
func goRunner(args []string) (*Launcher, int) {
	pkg, at := goFlags.scan(args)
	if at < 0 {
		return nil, 0
	}
	path, version, ok := strings.Cut(pkg, "@")
	if !ok || isLocal(path) {
		return nil, 0
	}
	return &Launcher{Runner: "go run", Ecosystem: "golang", Package: path, Version: version,
		Pinned: strings.HasPrefix(version, "v") && exactSemver(version[1:])}, at
}
