package compliance

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// harnessTool is one line of bench/mcp-descriptions.py's output.
type harnessTool struct {
	Repo        string `json:"repo"`
	Server      string `json:"server"`
	ServerName  string `json:"server_name"`
	Tool        string `json:"tool"`
	Set         string `json:"set"`
	Defined     string `json:"defined"`
	Description string `json:"description"`
	Params      []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"params"`
}

// harnessRating is what the judgement makes of one tool's text.
type harnessRating struct {
	Repo     string   `json:"repo"`
	Server   string   `json:"server"`
	Tool     string   `json:"tool"`
	Set      string   `json:"set"`
	Severity string   `json:"severity"`
	Findings []string `json:"findings"`
}

// TestPoisoningHarness is the development harness of issue 11, not a
// check: with MCP_COMPLY_DESCRIPTIONS naming the JSON lines of
// bench/mcp-descriptions.py, it runs the indicator catalogue, the
// shadowing facts and the rating over those texts (one source server per
// repository and server of tools.tsv) and writes each tool's worst
// poisoning severity as JSON lines to MCP_COMPLY_RATINGS. Run it through
// `python3 bench/mcp-descriptions.py --rate`.
func TestPoisoningHarness(t *testing.T) {
	in, out := os.Getenv("MCP_COMPLY_DESCRIPTIONS"), os.Getenv("MCP_COMPLY_RATINGS")
	if in == "" || out == "" {
		t.Skip("MCP_COMPLY_DESCRIPTIONS and MCP_COMPLY_RATINGS are not set (bench/mcp-descriptions.py --rate sets them)")
	}
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var tools []harnessTool
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var h harnessTool
		if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
			t.Fatal(err)
		}
		tools = append(tools, h)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	ratings := harnessRate(t, tools)
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(w)
	for _, r := range ratings {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// harnessRate judges the tools' texts as the scan would: one source
// server per repository and server, its facts from hardening.TextFacts
// per repository, the findings from judgeHardening.
func harnessRate(t testing.TB, tools []harnessTool) []harnessRating {
	t.Helper()
	type key struct{ repo, server, name string }
	var order []key
	byKey := map[key]*hardening.SourceServer{}
	for _, h := range tools {
		k := key{h.Repo, h.Server, h.ServerName}
		s, ok := byKey[k]
		if !ok {
			// The server's name is its repository's and its own, so servers
			// of different repositories never share one.
			s = &hardening.SourceServer{Name: h.Repo + ":" + h.ServerName, Evidence: hardening.Evidence{Position: project.Position{File: h.Repo + "/" + h.Server}}}
			byKey[k] = s
			order = append(order, k)
		}
		file, line, _ := strings.Cut(h.Defined, ":")
		n, _ := strconv.Atoi(line)
		tool := hardening.Tool{Server: s.Name, Name: h.Tool, Description: h.Description,
			Evidence: hardening.Evidence{Position: project.Position{File: h.Repo + "/" + file, Line: n}}}
		for _, p := range h.Params {
			tool.Params = append(tool.Params, hardening.Param{Name: p.Name, Description: p.Description, Position: tool.Position})
		}
		s.Tools = append(s.Tools, tool)
	}
	// One scan per repository, as a user scans a project: servers of
	// different repositories never see each other's tools.
	var sources []hardening.SourceServer
	var ins []hardening.Indicator
	var sh []hardening.Shadowing
	for i := 0; i < len(order); {
		j := i
		var repo []hardening.SourceServer
		for ; j < len(order) && order[j].repo == order[i].repo; j++ {
			repo = append(repo, *byKey[order[j]])
		}
		ri, rs, err := hardening.TextFacts(repo)
		if err != nil {
			t.Fatal(err)
		}
		sources, ins, sh = append(sources, repo...), append(ins, ri...), append(sh, rs...)
		i = j
	}
	r := &Report{}
	judgeHardening(r, &hardening.Result{Sources: sources, Indicators: ins, Shadowing: sh}, Policy{Market: Global})
	// The worst finding about each tool's own text: a poisoning finding on
	// the tool or a parameter, or a shadowing finding read from its text.
	type toolKey struct{ server, tool string }
	worst := map[toolKey]Severity{}
	labels := map[toolKey][]string{}
	for _, f := range r.Findings {
		var k toolKey
		switch f.Rule {
		case "hardening/tool-poisoning":
			parts := strings.Split(strings.TrimPrefix(f.Subject, "poisoning:"), "\x00")
			if len(parts) < 3 || parts[1] != "tool" && parts[1] != "param" {
				continue
			}
			k = toolKey{parts[0], parts[2]}
		case "hardening/shadowing":
			for _, s := range sh {
				if s.ID == f.Subject && s.Tool != "" && s.Kind != hardening.NameCollision && s.Kind != hardening.MixedTrust {
					k = toolKey{s.Server, s.Tool}
				}
			}
			if k.tool == "" {
				continue
			}
		default:
			continue
		}
		if f.Severity.Rank() > worst[k].Rank() || labels[k] == nil {
			worst[k] = f.Severity
		}
		labels[k] = append(labels[k], string(f.Severity)+" "+f.Title+" ("+f.Detail+")")
	}
	var out []harnessRating
	for _, h := range tools {
		k := toolKey{h.Repo + ":" + h.ServerName, h.Tool}
		sev := "none"
		if labels[k] != nil {
			sev = string(worst[k])
		}
		ls := append([]string{}, labels[k]...)
		slices.Sort(ls)
		out = append(out, harnessRating{Repo: h.Repo, Server: h.Server, Tool: h.Tool, Set: h.Set, Severity: sev, Findings: ls})
	}
	return out
}
