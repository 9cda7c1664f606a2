package residency

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// tokenFacts reads the facts of a Python or JavaScript / TypeScript file
// from its tokens (package syntax: comments, regular expressions and
// string escapes are the tokenizer's, so a literal has the value every
// analyzer sees), in one pass that tracks which call, object or bracket
// each token is inside and under which key.
//
//   - A call is a name, dotted or not (boto3.client, new OpenAI), followed
//     by "(", unless the name is a keyword (if, print …). Its keyword
//     arguments (Python name=value) and the members of the object
//     literals inside its parentheses (JS {baseURL: …}, Python {"region":
//     …}) are its args, flattened, the first of a name winning; the values
//     written directly in its parentheses are its positional args.
//   - An argument whose whole expression is a string — literals joined
//     with plus signs or written side by side in Python, the module's
//     string constants, f-strings and templates whose fields are
//     constants — takes that value (syntax.File.Str), at the position
//     where it starts; any other argument takes its first literal, name
//     or number.
//   - A string literal (one a rule reads: see codeFacts.addStr) is a
//     strLit under the key it is written after (a keyword, an object key,
//     the target of an assignment: name = …) and owned by the innermost
//     call around it. Outside brackets, an assignment's key holds on the
//     same line and the next (to the end of the logical line in Python,
//     to a ; in JavaScript).
//
// Limits (documented, accepted): no evaluation beyond Str (a URL read
// from a variable assigned in a function, or built by a call, is not
// seen, except through the env files that define it); a string is an
// endpoint only when it is a whole URL.
func tokenFacts(f *syntax.File, cf *codeFacts) {
	cf.code = f
	r := tokenReader{f: f, ts: f.Tokens, out: cf}
	r.run()
}

type frameKind uint8

const (
	fCall frameKind = iota
	fParen
	fObject
	fArray
)

// frame is an open bracket.
type frame struct {
	kind frameKind
	call int    // the call this frame is (fCall) or is inside (-1: none)
	key  string // the key the values now read are under
	// start is the token where the current argument's value starts; done
	// is set when Str read the whole of it, so its tokens add no value of
	// their own (its literals are still strLits).
	start int
	done  bool
}

type tokenReader struct {
	f       *syntax.File
	ts      []syntax.Token
	out     *codeFacts
	stack   []frame
	stmtKey string // assignment target outside brackets
	keyLine int
}

func (r *tokenReader) top() *frame {
	if len(r.stack) == 0 {
		return nil
	}
	return &r.stack[len(r.stack)-1]
}

// owner is the innermost call the current position is an argument of.
func (r *tokenReader) owner() int {
	if t := r.top(); t != nil {
		return t.call
	}
	return -1
}

func (r *tokenReader) push(k frameKind, call, open int) {
	r.stack = append(r.stack, frame{kind: k, call: call, start: open + 1})
}

// setKey starts the value of a key in the top frame, or outside brackets
// an assignment's.
func (r *tokenReader) setKey(key string, valueStart, line int) {
	if t := r.top(); t != nil {
		t.key, t.start, t.done = key, valueStart, false
		return
	}
	r.stmtKey, r.keyLine = key, line
}

func (r *tokenReader) run() {
	py := r.f.Lang == syntax.Python
	for j := 0; j < len(r.ts); {
		t := &r.ts[j]
		if py && t.LineStart && len(r.stack) == 0 {
			r.stmtKey = "" // a new logical line
		}
		switch t.Kind {
		case syntax.Name:
			j = r.name(j)
			continue
		case syntax.String:
			if top := r.top(); top != nil && top.key == "" && (top.kind == fObject || top.kind == fCall) && r.f.Is(j+1, syntax.Punct, ":") {
				top.key, top.start, top.done = t.Text, j+2, false // "key": value
				j += 2
				continue
			}
			v := argVal{text: t.Text, str: true, off: t.Off}
			if (t.Interp || !argEnds(r.ts, j+1)) && r.argStart(j) {
				v.expr = j + 1 // a template, or literals joined: for resolve
			}
			r.value(v, t.Line)
		case syntax.Number:
			r.value(argVal{text: t.Text, off: t.Off}, t.Line)
		case syntax.Punct:
			r.punct(j)
		}
		j++
	}
}

// name reads the identifier (or dotted chain a.b.c) at j and returns the
// index after what it consumed.
func (r *tokenReader) name(j int) int {
	ts := r.ts
	k := j + 1
	for k+1 < len(ts) && ts[k].Kind == syntax.Punct && ts[k].Text == "." && ts[k+1].Kind == syntax.Name {
		k += 2
	}
	last := ts[k-1].Text
	top := r.top()
	switch {
	case r.f.Is(k, syntax.Punct, "("):
		if word := r.chain(j, k); !isKeyword(word) {
			r.push(fCall, r.out.addCall(word, ts[j].Off), k)
			return k + 1
		}
	case r.f.Is(k, syntax.Punct, "="):
		r.setKey(last, k+1, ts[j].Line)
		return k + 1
	case r.f.Is(k, syntax.Punct, ":") && top != nil && (top.kind == fObject || top.kind == fCall):
		top.key, top.start, top.done = r.chain(j, k), k+1, false
		return k + 1
	}
	expr := 0
	if k == j+1 {
		switch last {
		case "new", "await", "return", "typeof":
			return k
		}
		if r.argStart(j) {
			expr = j + 1 // maybe a constant: for resolve
		}
	}
	if watched(last) {
		r.out.idents = append(r.out.idents, argVal{text: r.chain(j, k), off: ts[j].Off})
	}
	if key, ok := r.keyAt(ts[j].Line); ok {
		r.recordKey(top, key, argVal{text: r.chain(j, k), off: ts[j].Off, expr: expr})
	}
	return k
}

// chain is the text of the dotted name in tokens [j, k).
func (r *tokenReader) chain(j, k int) string {
	ts := r.ts
	if k == j+1 {
		return ts[j].Text
	}
	for i := j; i+1 < k; i++ {
		if ts[i].End != ts[i+1].Off { // blanks or a line break between
			var b strings.Builder
			for i := j; i < k; i++ {
				b.WriteString(ts[i].Text)
			}
			return b.String()
		}
	}
	return string(r.f.Src[ts[j].Off:ts[k-1].End])
}

func (r *tokenReader) punct(j int) {
	switch r.ts[j].Text {
	case "(":
		if r.f.Is(j+1, syntax.String, "") {
			r.whole(j) // ("https://…" "/v1"): Python's long strings
		}
		r.push(fParen, r.owner(), j)
	case "{":
		r.push(fObject, r.owner(), j)
	case "[":
		r.push(fArray, r.owner(), j)
	case ")", "}", "]":
		if len(r.stack) > 0 {
			r.stack = r.stack[:len(r.stack)-1]
		}
	case ",":
		if t := r.top(); t != nil {
			t.key, t.start, t.done = "", j+1, false
		}
	case ";":
		r.stmtKey = ""
	}
}

// argStart reports whether token j starts the value of an argument or
// member of the call or object being read.
func (r *tokenReader) argStart(j int) bool {
	top := r.top()
	return top != nil && !top.done && j == top.start && (top.kind == fCall || top.kind == fObject)
}

// argEnds reports whether the argument or member being read ends at token
// j: a comma, a closing bracket or the end of the file.
func argEnds(ts []syntax.Token, j int) bool {
	if j >= len(ts) {
		return true
	}
	t := &ts[j]
	if t.Kind != syntax.Punct || len(t.Text) != 1 {
		return false
	}
	switch t.Text[0] {
	case ',', ')', ']', '}':
		return true
	}
	return false
}

// argEnd is where the argument starting at token j ends (see argEnds),
// its brackets skipped.
func argEnd(f *syntax.File, j int) int {
	end := j
	for end < len(f.Tokens) && !argEnds(f.Tokens, end) {
		if f.Is(end, syntax.Punct, "(") || f.Is(end, syntax.Punct, "[") || f.Is(end, syntax.Punct, "{") {
			if end = f.Match(end); end >= len(f.Tokens) {
				break
			}
		}
		end++
	}
	return end
}

// whole reads the argument starting at token j as one string when the
// whole of it is one (syntax.File.Str), and records it as the argument's
// value; the argument's tokens then add no value of their own.
func (r *tokenReader) whole(j int) {
	if !r.argStart(j) {
		return
	}
	s, off, ok := r.f.Str(j, argEnd(r.f, j))
	if !ok {
		return
	}
	top := r.top()
	r.record(top, argVal{text: s, str: true, off: off})
	top.done = true
}

// keyAt is the key of a value read now (on line), and whether the value is
// recorded: as an argument or a key/value pair, unless the argument's
// value is read already.
func (r *tokenReader) keyAt(line int) (string, bool) {
	top := r.top()
	switch {
	case top == nil:
		if r.stmtKey != "" && line <= r.keyLine+1 {
			return r.stmtKey, true
		}
		return "", false
	case top.done:
		return top.key, false
	}
	return top.key, top.key != "" || top.call >= 0 && top.kind == fCall
}

// value records a literal or number read at the current position.
func (r *tokenReader) value(v argVal, line int) {
	key, ok := r.keyAt(line)
	if ok {
		r.recordKey(r.top(), key, v)
	}
	if v.str {
		r.out.addStr(strLit{value: v.text, off: v.off, key: key, call: r.owner()})
	}
}

// record adds v to the call the top frame is in, under the frame's key or
// as a positional argument, and to the key/value pairs.
func (r *tokenReader) record(top *frame, v argVal) { r.recordKey(top, top.key, v) }

func (r *tokenReader) recordKey(top *frame, key string, v argVal) {
	if top != nil && top.call >= 0 {
		cs := &r.out.calls[top.call]
		switch {
		case key != "":
			cs.setArg(key, v)
		case top.kind == fCall:
			cs.pos = append(cs.pos, v)
		}
	}
	r.out.addKV(key, v)
}

// isKeyword: a keyword before "(" is not a call.
func isKeyword(w string) bool {
	switch w {
	case "if", "for", "while", "switch", "catch", "return", "function", "def", "class", "elif", "and", "or", "not", "in", "is", "lambda", "with", "assert", "print", "await", "yield", "typeof":
		return true
	}
	return false
}
