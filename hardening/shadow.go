package hardening

import (
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Shadowing is a way one server can steer the use of another's tools.
type Shadowing struct {
	ID string `json:"id"`
	// Kind is names-other-tool (a description names a tool of another
	// server), global-instruction (a description gives instructions for
	// other tools: "when the send_email tool is available …"),
	// redirect-address (a description sends mail or data to an address),
	// name-collision (two servers define a tool of the same name) or
	// mixed-trust (one config runs sensitive servers next to unverified
	// ones).
	Kind   string `json:"kind"`
	Server string `json:"server,omitempty"`
	Tool   string `json:"tool,omitempty"`
	// Others are the other servers or tools involved, as "server/tool" or
	// "server (reason)".
	Others []string `json:"others,omitempty"`
	// Indicator is the id of the indicator behind a global-instruction or
	// redirect-address.
	Indicator string `json:"indicator,omitempty"`
	// Config is the config file of a mixed-trust fact.
	Config string `json:"config,omitempty"`
	// Text names what holds the text of a global-instruction or
	// redirect-address (tool, param, prompt, resource, instructions), and
	// Match is the words that act on other tools or name the address.
	Text  string `json:"text,omitempty"`
	Match string `json:"match,omitempty"`
	// Sensitive and Unverified are the servers of a mixed-trust config,
	// each with why ("payments-server (payments)", "x (unpinned)").
	Sensitive  []string `json:"sensitive,omitempty"`
	Unverified []string `json:"unverified,omitempty"`
	// Apart says the servers of a name-collision are declared in different
	// files and no config runs two of them together (the servers of a
	// monorepo, each deployed on its own).
	Apart bool `json:"apart,omitempty"`
	Evidence
}

// Shadowing kinds, the values of Shadowing.Kind.
const (
	NamesOtherTool    = "names-other-tool"
	GlobalInstruction = "global-instruction"
	RedirectAddress   = "redirect-address"
	NameCollision     = "name-collision"
	MixedTrust        = "mixed-trust"
)

// ShadowingKinds lists every shadowing kind, for the rule table's
// completeness test.
var ShadowingKinds = []string{NamesOtherTool, GlobalInstruction, RedirectAddress, NameCollision, MixedTrust}

// sensitiveWords classify servers by the words of their package, name and
// tool names, for the mixed-trust fact: a server that moves money, sends
// or reads mail as the user, reaches bank accounts, reads the file system
// or runs commands is worth isolating from servers nobody vetted.
var sensitiveWords = map[string]string{
	"stripe": "payments", "paypal": "payments", "payment": "payments", "payments": "payments", "billing": "payments",
	"invoice": "payments", "braintree": "payments", "adyen": "payments", "checkout": "payments", "wallet": "payments",
	"gmail": "email", "email": "email", "mail": "email", "smtp": "email", "sendgrid": "email", "mailgun": "email",
	"postmark": "email", "outlook": "email", "imap": "email",
	"bank": "banking", "banking": "banking", "plaid": "banking", "iban": "banking", "sepa": "banking",
	"filesystem": "filesystem", "fs": "filesystem", "files": "filesystem",
	"shell": "commands", "terminal": "commands", "exec": "commands", "command": "commands",
}

// knownPublishers are package and image prefixes whose publisher is
// known: the MCP project's reference servers on npm and PyPI
// (github.com/modelcontextprotocol/servers), Docker's MCP catalog
// namespace (docker.io/mcp) and GitHub's own server
// (github.com/github/github-mcp-server). Anything else is an unknown
// publisher, which is not a verdict on it.
var knownPublishers = []string{
	"npm:@modelcontextprotocol/", "pypi:mcp-server-fetch", "pypi:mcp-server-git", "pypi:mcp-server-time",
	"container:mcp/", "container:docker.io/mcp/", "container:ghcr.io/github/github-mcp-server",
}

func knownPublisher(l *Launcher) bool {
	key := l.Ecosystem + ":" + l.Package
	for _, p := range knownPublishers {
		if key == strings.TrimSuffix(p, "/") || strings.HasPrefix(key, p) && strings.HasSuffix(p, "/") {
			return true
		}
	}
	return false
}

// trust says why a config entry is unverified ("" when it is not): a
// package that is not pinned or comes from an unknown publisher, or a
// remote server whose definitions can change at any time.
func trust(s Server) string {
	switch {
	case s.Launcher != nil && !s.Launcher.Pinned:
		return "unpinned"
	case s.Launcher != nil && !knownPublisher(s.Launcher):
		return "unknown publisher"
	case s.URL != "" && s.Command == "":
		return "remote"
	}
	return ""
}

// sensitivity names what makes a config entry sensitive, or "".
func sensitivity(s Server, src *SourceServer) string {
	text := s.Name
	if s.Launcher != nil {
		text += " " + s.Launcher.Package
	}
	if src != nil {
		for _, t := range src.Tools {
			text += " " + t.Name
		}
	}
	for _, w := range words(text) {
		if k, ok := sensitiveWords[w]; ok {
			return k
		}
	}
	return ""
}

// shadowing states cross-server influence among the servers read from
// source and the servers of each config.
func shadowing(configs []Config, sources []SourceServer, ins []Indicator) []Shadowing {
	var out []Shadowing
	add := func(sh Shadowing, parts ...string) {
		sh.ID = factID("shadowing", append([]string{sh.Kind, sh.Config, sh.Server, sh.Tool}, parts...)...)
		out = append(out, sh)
	}
	// Indicators that act on other tools.
	for _, in := range ins {
		switch {
		case in.Category == "cross-tool":
			add(Shadowing{Kind: GlobalInstruction, Server: in.Server, Tool: in.Tool, Indicator: in.ID,
				Text: in.Subject, Match: in.Match, Evidence: in.Evidence}, in.ID)
		case in.Rule == "redirect-address":
			add(Shadowing{Kind: RedirectAddress, Server: in.Server, Tool: in.Tool, Indicator: in.ID,
				Text: in.Subject, Match: in.Match, Evidence: in.Evidence}, in.ID)
		}
	}
	// Descriptions that name another server's tools.
	owners := map[string][]string{} // normalised tool name -> servers
	for _, s := range sources {
		for _, t := range s.Tools {
			n := normTool(t.Name)
			if !slices.Contains(owners[n], s.Name) {
				owners[n] = append(owners[n], s.Name)
			}
		}
	}
	for _, s := range sources {
		texts := []struct {
			tool, text string
			ev         Evidence
		}{}
		if s.Instructions != nil {
			texts = append(texts, struct {
				tool, text string
				ev         Evidence
			}{"", s.Instructions.Text, s.Instructions.Evidence})
		}
		for _, t := range s.Tools {
			all := t.Description
			for _, p := range t.Params {
				all += "\n" + p.Description
			}
			texts = append(texts, struct {
				tool, text string
				ev         Evidence
			}{t.Name, all, t.Evidence})
		}
		for _, x := range texts {
			var others []string
			for _, tok := range toolTokens.FindAllString(x.text, -1) {
				if slices.Contains(owners[normTool(tok)], s.Name) {
					continue // a sibling: the server's own tool of that name
				}
				for _, srv := range owners[normTool(tok)] {
					if srv != s.Name {
						o := srv + "/" + tok
						if !slices.Contains(others, o) {
							others = append(others, o)
						}
					}
				}
			}
			if len(others) > 0 {
				slices.Sort(others)
				add(Shadowing{Kind: NamesOtherTool, Server: s.Name, Tool: x.tool, Others: others, Evidence: x.ev}, others...)
			}
		}
	}
	// Tool names defined by more than one server.
	var names []string
	for n := range owners {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if len(owners[n]) < 2 {
			continue
		}
		srvs := slices.Clone(owners[n])
		slices.Sort(srvs)
		var ev Evidence
		for _, s := range sources {
			for _, t := range s.Tools {
				if s.Name == srvs[0] && normTool(t.Name) == n && ev.File == "" {
					ev = Evidence{Position: t.Position, Excerpt: t.Name}
				}
			}
		}
		add(Shadowing{Kind: NameCollision, Tool: n, Others: srvs, Apart: !together(configs, sources, srvs), Evidence: ev}, srvs...)
	}
	// Configs that mix sensitive servers with unverified ones.
	for _, c := range configs {
		var sensitive, unverified []string
		for _, s := range c.Servers {
			if s.Disabled {
				continue
			}
			if k := sensitivity(s, linkSource(c, s, sources)); k != "" {
				sensitive = append(sensitive, s.Name+" ("+k+")")
			}
			if why := trust(s); why != "" {
				unverified = append(unverified, s.Name+" ("+why+")")
			}
		}
		if len(sensitive) == 0 || len(unverified) == 0 || len(sensitive) == 1 && len(unverified) == 1 && strings.SplitN(sensitive[0], " ", 2)[0] == strings.SplitN(unverified[0], " ", 2)[0] {
			continue
		}
		others := append(append([]string{}, sensitive...), unverified...)
		add(Shadowing{Kind: MixedTrust, Config: c.File, Sensitive: sensitive, Unverified: unverified,
			Evidence: Evidence{Position: project.Position{File: c.File}}}, others...)
	}
	return out
}

// together reports whether two of the named source servers are declared
// in one file or run by one config.
func together(configs []Config, sources []SourceServer, names []string) bool {
	files := map[string]int{}
	for _, s := range sources {
		if slices.Contains(names, s.Name) {
			if files[s.File]++; files[s.File] > 1 {
				return true
			}
		}
	}
	for _, c := range configs {
		n := 0
		for _, srv := range c.Servers {
			if src := linkSource(c, srv, sources); src != nil && slices.Contains(names, src.Name) {
				n++
			}
		}
		if n > 1 {
			return true
		}
	}
	return false
}

// toolTokens are the identifiers of a text that could name a tool:
// compound names only (send_email, send-email, sendEmail). A one-word
// tool name (search) is too common in prose to count as a mention; its
// collisions are still reported.
var toolTokens = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*`)

func normTool(n string) string { return strings.ToLower(strings.ReplaceAll(n, "-", "_")) }
