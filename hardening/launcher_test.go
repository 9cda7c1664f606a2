package hardening

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/shell"
)

func TestParseLauncher(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	tests := []struct {
		name string
		line string // the command line, split like a config's command + args
		want *Launcher
	}{
		// npm family
		{"npx bare", "npx -y @modelcontextprotocol/server-github",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@modelcontextprotocol/server-github"}},
		{"npx scoped pinned", "npx -y @modelcontextprotocol/server-postgres@0.6.2 postgresql://localhost/db",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@modelcontextprotocol/server-postgres", Version: "0.6.2", Pinned: true}},
		{"npx latest", "npx -y @playwright/mcp@latest",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@playwright/mcp", Version: "latest"}},
		{"npx caret range", "npx mcp-remote@^0.1.16 https://mcp.example.com/sse",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "mcp-remote", Version: "^0.1.16"}},
		{"npx major only", "npx -y firecrawl-mcp@3",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "firecrawl-mcp", Version: "3"}},
		{"npx prerelease", "npx --yes @composio/mcp@1.0.3-0 setup",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@composio/mcp", Version: "1.0.3-0", Pinned: true}},
		{"npx --package then command", "npx --yes -p @brave/brave-search-mcp-server@2.0.80 brave-search-mcp-server --transport stdio",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@brave/brave-search-mcp-server", Version: "2.0.80", Pinned: true}},
		{"npx --package=", "npx --package=mcp-server-kubernetes@2.4.1 -- mcp-server-kubernetes",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "mcp-server-kubernetes", Version: "2.4.1", Pinned: true}},
		{"npx registry flag value", "npx --registry https://registry.example.com -y internal-mcp@1.0.0",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "internal-mcp", Version: "1.0.0", Pinned: true}},
		{"npx github shorthand", "npx -y github:org/mcp-server#" + sha,
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "github:org/mcp-server", Version: sha, Pinned: true}},
		{"npx owner/repo", "npx org/mcp-server#main",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "org/mcp-server", Version: "main"}},
		{"npx windows path", `"C:\Program Files\nodejs\npx.cmd" -y mcp-server`,
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "mcp-server"}},
		{"npx local path", "npx ./tools/server", nil},
		{"npm exec", "npm exec --yes @modelcontextprotocol/server-memory@2025.4.25",
			&Launcher{Runner: "npm exec", Ecosystem: "npm", Package: "@modelcontextprotocol/server-memory", Version: "2025.4.25", Pinned: true}},
		{"npm x with package", "npm x --package=@upstash/context7-mcp -- context7-mcp",
			&Launcher{Runner: "npm exec", Ecosystem: "npm", Package: "@upstash/context7-mcp"}},
		{"npm install is not a launcher", "npm install mcp-server", nil},
		{"pnpm dlx", "pnpm dlx @modelcontextprotocol/server-everything@2025.9.12",
			&Launcher{Runner: "pnpm dlx", Ecosystem: "npm", Package: "@modelcontextprotocol/server-everything", Version: "2025.9.12", Pinned: true}},
		{"pnpx", "pnpx mcp-server", &Launcher{Runner: "pnpm dlx", Ecosystem: "npm", Package: "mcp-server"}},
		{"yarn dlx -p", "yarn dlx -p @scope/tool@1.2.3 tool --stdio",
			&Launcher{Runner: "yarn dlx", Ecosystem: "npm", Package: "@scope/tool", Version: "1.2.3", Pinned: true}},
		{"bunx", "bunx --bun mcp-server@latest",
			&Launcher{Runner: "bunx", Ecosystem: "npm", Package: "mcp-server", Version: "latest"}},
		{"bun x", "bun x mcp-server@1.0.0", &Launcher{Runner: "bunx", Ecosystem: "npm", Package: "mcp-server", Version: "1.0.0", Pinned: true}},
		{"cmd /c npx", "cmd /c npx -y @modelcontextprotocol/server-slack@2025.4.25",
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "@modelcontextprotocol/server-slack", Version: "2025.4.25", Pinned: true}},
		{"sh -c npx", `sh -c "npx -y mcp-server@1.0.0"`,
			&Launcher{Runner: "npx", Ecosystem: "npm", Package: "mcp-server", Version: "1.0.0", Pinned: true}},

		// Python
		{"uvx bare", "uvx mcp-server-fetch", &Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-fetch"}},
		{"uvx ==", "uvx mcp-server-fetch==1.0", &Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-fetch", Version: "1.0", Pinned: true}},
		{"uvx @", "uvx mcp-server-git@2.1.0 --repository .",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-git", Version: "2.1.0", Pinned: true}},
		{"uvx @latest", "uvx awslabs.aws-documentation-mcp-server@latest",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "awslabs.aws-documentation-mcp-server", Version: "latest"}},
		{"uvx range", "uvx mcp-server-time>=0.6", &Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-time", Version: ">=0.6"}},
		{"uvx wildcard", "uvx mcp-server-time==0.6.*", &Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-time", Version: "0.6.*"}},
		{"uvx --from", "uvx --from mcp-server-sqlite==0.6.2 mcp-server-sqlite --db-path test.db",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-sqlite", Version: "0.6.2", Pinned: true}},
		{"uvx options with values", "uvx --python 3.12 --with httpx -q mcp-proxy==0.8.0 http://localhost:8080/sse",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-proxy", Version: "0.8.0", Pinned: true}},
		{"uvx extras", "uvx 'mcp-server[cli]===1.4.2'", &Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server", Version: "1.4.2", Pinned: true}},
		{"uvx git", "uvx --from git+https://github.com/org/mcp-x@" + sha + " mcp-x",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "git+https://github.com/org/mcp-x", Version: sha, Pinned: true}},
		{"uv tool run", "uv tool run mcp-server-fetch==1.0",
			&Launcher{Runner: "uvx", Ecosystem: "pypi", Package: "mcp-server-fetch", Version: "1.0", Pinned: true}},
		{"uv run is local", "uv --directory /opt/server run server.py", nil},
		{"pipx run", "pipx run mcp-server-fetch==1.0", &Launcher{Runner: "pipx run", Ecosystem: "pypi", Package: "mcp-server-fetch", Version: "1.0", Pinned: true}},
		{"pipx run --spec", "pipx run --spec mcp-server-git mcp-server-git", &Launcher{Runner: "pipx run", Ecosystem: "pypi", Package: "mcp-server-git"}},
		{"python -m is local", "python -m mcp_server_fetch", nil},
		{"node is local", "node /abs/path/server.js", nil},

		// containers
		{"docker run flags", "docker run -i --rm -e GITHUB_PERSONAL_ACCESS_TOKEN ghcr.io/github/github-mcp-server",
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "ghcr.io/github/github-mcp-server"}},
		{"docker tag", "docker run -i --rm mcp/fetch:1.0 --ignore-robots-txt",
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/fetch", Version: "1.0", Pinned: true}},
		{"docker latest", "docker run -i --rm mcp/time:latest", &Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/time", Version: "latest"}},
		{"docker digest", "docker run -i mcp/github@" + digest,
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/github", Version: digest, Digest: digest, Pinned: true}},
		{"docker tag and digest", "docker run -i mcp/github:v1@" + digest,
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/github", Version: "v1", Digest: digest, Pinned: true}},
		{"docker flags with values", "docker run -i --rm --name mcp -v /tmp:/data --network host -e A=1 -p 8080:80 --env-file .env -w /app mcp/postgres:17",
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/postgres", Version: "17", Pinned: true}},
		{"docker bundled and attached flags", "docker run -it -eTOKEN --mount=type=bind,src=/a,dst=/b registry:5000/team/mcp:2.0",
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "registry:5000/team/mcp", Version: "2.0", Pinned: true}},
		{"docker global flags", "docker --context remote container run --rm -i mcp/fetch",
			&Launcher{Runner: "docker run", Ecosystem: "container", Package: "mcp/fetch"}},
		{"docker placeholder image", "docker run -i ${IMAGE}", &Launcher{Runner: "docker run", Ecosystem: "container", Package: "${IMAGE}"}},
		{"docker exec is not a launcher", "docker exec -i mcp-container server", nil},
		{"podman run", "podman run -i --rm --pull=always quay.io/org/mcp:0.3.1",
			&Launcher{Runner: "podman run", Ecosystem: "container", Package: "quay.io/org/mcp", Version: "0.3.1", Pinned: true}},

		// deno and go
		{"deno npm", "deno run -A --config deno.json npm:@modelcontextprotocol/server-filesystem@2025.8.21/dist/index.js /data",
			&Launcher{Runner: "deno run", Ecosystem: "npm", Package: "@modelcontextprotocol/server-filesystem", Version: "2025.8.21", Pinned: true}},
		{"deno jsr", "deno run --allow-net jsr:@scope/mcp@^1.2",
			&Launcher{Runner: "deno run", Ecosystem: "jsr", Package: "@scope/mcp", Version: "^1.2"}},
		{"deno local", "deno run -A ./server.ts", nil},
		{"go run version", "go run github.com/github/github-mcp-server/cmd/github-mcp-server@v0.20.1 stdio",
			&Launcher{Runner: "go run", Ecosystem: "golang", Package: "github.com/github/github-mcp-server/cmd/github-mcp-server", Version: "v0.20.1", Pinned: true}},
		{"go run pseudo-version", "go run -tags netgo example.com/mcp@v0.0.0-20260301120000-abcdef123456",
			&Launcher{Runner: "go run", Ecosystem: "golang", Package: "example.com/mcp", Version: "v0.0.0-20260301120000-abcdef123456", Pinned: true}},
		{"go run latest", "go run example.com/mcp@latest", &Launcher{Runner: "go run", Ecosystem: "golang", Package: "example.com/mcp", Version: "latest"}},
		{"go run local", "go run ./cmd/server", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			argv, err := shell.Split(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			got := ParseLauncher(argv)
			switch {
			case got == nil && tt.want == nil:
			case got == nil || tt.want == nil:
				t.Fatalf("ParseLauncher(%q) = %+v, want %+v", tt.line, got, tt.want)
			case *got != *tt.want:
				t.Errorf("ParseLauncher(%q)\n got  %+v\n want %+v", tt.line, *got, *tt.want)
			}
		})
	}
}

// The index parseLauncher returns is the word that names the package, so the
// Launcher can point at it in the file.
func TestParseLauncherIndex(t *testing.T) {
	tests := []struct {
		name, line string
		want       string
	}{
		{"npx", "npx -y pkg@1.0.0 --flag", "pkg@1.0.0"},
		{"npx -p", "npx -p pkg@1.0.0 cmd", "pkg@1.0.0"},
		{"cmd /c", "cmd /c npx -y pkg", "pkg"},
		{"sh -c", `bash -c "npx -y pkg"`, "npx -y pkg"},
		{"uvx --from", "uvx --from pkg==1 cmd", "pkg==1"},
		{"uv tool run", "uv tool run pkg", "pkg"},
		{"docker", "docker run -i --rm -e X img:1", "img:1"},
		{"docker container run", "docker -H tcp://h:2375 container run img", "img"},
		{"go run", "go run -C dir mod@v1.0.0", "mod@v1.0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			argv, _ := shell.Split(tt.line)
			l, i := parseLauncher(argv)
			if l == nil || i <= 0 || i >= len(argv) || argv[i] != tt.want {
				t.Errorf("parseLauncher(%q) points at %d (%v), want %q", tt.line, i, strings.Join(argv, "|"), tt.want)
			}
		})
	}
}
