package hardening

import (
	"bytes"
	"slices"

	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// A TypeScript or JavaScript helper registers a tool whose name is one of
// its parameters, for its callers to name:
//
//	export function registerDatabaseTool(server, name, config, handler) {
//	  server.registerTool(name, {description: config.description, …}, …)
//	}
//	registerDatabaseTool(server, 'list-indexes', {description: …}, …)
//
// (pinecone-mcp; stripe's registerPaidTool takes a name and a
// description). Each file records its helpers and the calls that may be
// theirs; the project pass matches the two across files by import.

// jsHelper is a function whose registration takes its name from
// parameter name; text says the parameter after it feeds the
// registration's config or description, so a caller's argument there is
// the tool's text.
type jsHelper struct {
	fn   string
	name int
	text bool
	own  Tool // the text the registration writes itself, when !text
}

// jsCall is a call of a function the file imports or defines, read as
// the tool it registers if the callee is a helper whose name parameter
// is arg: the arguments from arg on read as a registration's (the name,
// then a config object or a description).
type jsCall struct {
	callee string
	arg    int
	tool   Tool
	refs   []jsRef
}

// maxHelperArgs bounds the argument a helper's name may be.
const maxHelperArgs = 6

// jsFunc is a named function of a file: function f(…) { … } or
// const f = (…) => { … }, its parameters ("" for a destructured one) and
// the brackets of its body.
type jsFunc struct {
	name       string
	params     []string
	open, last int
}

// jsFuncs lists the file's named functions, read once.
func (p *code) jsFuncs() []jsFunc {
	if p.funcsRead {
		return p.funcs
	}
	p.funcsRead = true
	for i := range p.Tokens {
		var name string
		open := -1
		switch {
		case p.Is(i, syntax.Name, "function") && p.Is(i+1, syntax.Name, ""):
			name, open = p.Tokens[i+1].Text, p.afterTypeArgs(i+2)
		case (p.Is(i, syntax.Name, "const") || p.Is(i, syntax.Name, "let")) && p.Is(i+1, syntax.Name, "") && p.Is(i+2, syntax.Punct, "="):
			name, open = p.Tokens[i+1].Text, i+3
			if p.Is(open, syntax.Name, "async") {
				open++
			}
		default:
			continue
		}
		if !p.Is(open, syntax.Punct, "(") {
			continue
		}
		close := p.Match(open)
		body := p.jsBody(close+1, !p.Is(i, syntax.Name, "function"))
		if body < 0 {
			continue
		}
		f := jsFunc{name: name, open: body, last: p.Match(body)}
		for _, a := range p.Args(open, ":") {
			switch {
			case a.Key != "": // a typed parameter
				f.params = append(f.params, a.Key)
			case p.Is(a.Start, syntax.Name, "") && (a.End-a.Start == 1 || p.Is(a.Start+1, syntax.Punct, "=")):
				f.params = append(f.params, p.Tokens[a.Start].Text)
			case p.Is(a.Start, syntax.Punct, "{") || p.Is(a.Start, syntax.Punct, "[") || p.Is(a.Start, syntax.Punct, "..."):
				f.params = append(f.params, "")
			}
			// anything else is the tail of a type split at a comma
			// (Record<string, unknown>), no parameter of its own.
		}
		p.funcs = append(p.funcs, f)
	}
	return p.funcs
}

// jsBody is the { opening a function body after its parameters, from i:
// past a return type, and for an arrow function past its =>; -1 when the
// function has no block body.
func (p *code) jsBody(i int, arrow bool) int {
	for n := 0; i < len(p.Tokens) && n < 40; i, n = i+1, n+1 {
		switch {
		case p.Is(i, syntax.Punct, "=>"):
			if p.Is(i+1, syntax.Punct, "{") {
				return i + 1
			}
			return -1
		case p.Is(i, syntax.Punct, "{") && !arrow:
			return i
		case p.Is(i, syntax.Punct, ";"), p.Is(i, syntax.Punct, "}"):
			return -1
		case p.Is(i, syntax.Punct, "("), p.Is(i, syntax.Punct, "["):
			i = p.Match(i) // a function type in the return type
		}
	}
	return -1
}

// jsHelperAt reads the registration at the . token i whose name is no
// value but a name: a helper when that name is a parameter of the named
// function around it, in a file that imports an SDK.
func (p *code) jsHelperAt(i int, register bool) (jsHelper, bool) {
	args := p.Args(i+2, ":")
	if len(args) < 2 || args[0].End-args[0].Start != 1 || !p.Is(args[0].Start, syntax.Name, "") ||
		!bytes.Contains(p.src.Data, []byte("@modelcontextprotocol/")) && !importsFastMCP(p.src.Data) {
		return jsHelper{}, false
	}
	var fn *jsFunc
	for _, f := range p.jsFuncs() {
		if f.open < i && i < f.last && (fn == nil || f.open > fn.open) {
			fn = &f
		}
	}
	if fn == nil {
		return jsHelper{}, false
	}
	k := slices.Index(fn.params, p.Tokens[args[0].Start].Text)
	if k < 0 {
		return jsHelper{}, false
	}
	h := jsHelper{fn: fn.name, name: k}
	if k+1 < len(fn.params) && fn.params[k+1] != "" {
		for j := args[1].Start; j < args[1].End; j++ {
			h.text = h.text || p.Is(j, syntax.Name, fn.params[k+1])
		}
	}
	if !h.text {
		p.jsToolText(&h.own, args[1:], register, &[]jsRef{})
	}
	return h, true
}

// jsHelperCall records the call at the name token i, if it is a call of
// a function the file imports from a relative module or defines, with a
// name among its first arguments: one jsCall per argument that reads as
// a tool's name.
func (p *code) jsHelperCall(i int, calls []jsCall) []jsCall {
	if !p.Is(i+1, syntax.Punct, "(") || p.Is(i-1, syntax.Punct, ".") || p.Is(i-1, syntax.Punct, "?.") ||
		p.Is(i-1, syntax.Name, "function") || p.Is(i-1, syntax.Name, "new") {
		return calls
	}
	callee := p.Tokens[i].Text
	if !p.jsImported()[callee] && !slices.ContainsFunc(p.jsFuncs(), func(f jsFunc) bool { return f.name == callee }) {
		return calls
	}
	args := p.Args(i+1, ":")
	for k := 0; k < len(args)-1 && k < maxHelperArgs; k++ {
		if !p.Is(args[k].Start, syntax.String, "") && !p.Is(args[k].Start, syntax.Name, "") {
			continue
		}
		next := args[k+1]
		object := p.Is(next.Start, syntax.Punct, "{") && p.Match(next.Start) == next.End-1
		var refs []jsRef
		if t, ok := p.jsToolArgs(args[k:], object, &refs); ok {
			calls = append(calls, jsCall{callee: callee, arg: k, tool: t, refs: refs})
		}
	}
	return calls
}

// helperTools adds to each file's server the tools its calls of helpers
// register: the callee defined in the file, or imported by name from the
// file that defines it.
func (jp *jsProject) helperTools() {
	helpers := map[string]jsHelper{} // file + "\x00" + function
	for _, s := range jp.servers {
		if s.js != nil {
			for _, h := range s.js.helpers {
				helpers[s.File+"\x00"+h.fn] = h
			}
		}
	}
	if len(helpers) == 0 {
		return
	}
	of := func(file, callee string) (jsHelper, bool) {
		if h, ok := helpers[file+"\x00"+callee]; ok {
			return h, true
		}
		from, ok := jp.names[file][callee]
		for _, f := range from.files {
			if h, found := helpers[f+"\x00"+from.name]; ok && found {
				return h, true
			}
		}
		return jsHelper{}, false
	}
	for k := range jp.servers {
		s := &jp.servers[k]
		if s.js == nil {
			continue
		}
		added := false
		for _, c := range s.js.calls {
			h, ok := of(s.File, c.callee)
			if !ok || h.name != c.arg {
				continue
			}
			t := c.tool
			refs := c.refs
			if !h.text { // the helper writes its own text
				own := h.own
				own.Name, own.Evidence = t.Name, t.Evidence
				t = own
				refs = slices.DeleteFunc(refs, func(r jsRef) bool { return r.field != "name" })
			}
			s.Tools = append(s.Tools, t)
			s.js.refs = append(s.js.refs, refs...)
			added = true
		}
		if added {
			s.finish()
		}
	}
}
