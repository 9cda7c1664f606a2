package syntax

// maxConstBytes bounds the bytes of all constant values of a file
// together; constants past it are not kept.
const maxConstBytes = 16 << 20

// Constant is a module-level string constant: its value, where the
// value's expression starts, and whether the module assigns the name more
// than once (or a function may rebind it).
type Constant struct {
	Value      string
	Off, Line  int
	Reassigned bool
}

// Constants returns the module's string constants by name.
//
// Python: assignments NAME = <string> and NAME: <annotation> = <string>
// that start a logical line (or follow a ;) outside brackets and outside
// def and class bodies (an if or try at module level is module level).
// JavaScript and TypeScript: const, let and var declarations outside any
// bracket or block (export const NAME = …, const NAME: string = …, several
// declarators), and NAME = … statements at that level for a declared
// name. A <string> is what Str accepts; it may use the constants before
// it.
//
// Python class attributes NAME = <string> written directly in the body of
// a module-level class (an Enum's members) are constants too, named
// Class.NAME; Str reads Class.NAME and Class.NAME.value.
//
// Each module-level assignment counts, in order: the last decides the
// value, and a name whose last assignment is not a string (a call, a
// number, an augmented assignment) is not a constant. A name assigned
// more than once is Reassigned, as is a Python name declared global in
// a function and a JavaScript let or var assigned inside a block.
func (f *File) Constants() map[string]Constant {
	f.constsOnce.Do(func() {
		c := &constants{f: f, all: map[string]*cstate{}, out: map[string]Constant{}}
		switch {
		case f.Lang == Python:
			c.python()
		case f.Lang.js():
			c.js()
		}
		f.consts = c.out
	})
	return f.consts
}

type cstate struct {
	n          int  // module-level assignments
	rebound    bool // may be assigned elsewhere
	declared   bool // JavaScript: by const, let or var
	mutable    bool // JavaScript: by let or var
	value      Constant
	ok         bool
	valueBytes int
}

type constants struct {
	f     *File
	all   map[string]*cstate
	out   map[string]Constant // the constants so far, what Str resolves
	bytes int
}

func (c *constants) state(name string) *cstate {
	s := c.all[name]
	if s == nil {
		s = &cstate{}
		c.all[name] = s
	}
	return s
}

// assign records a module-level assignment of name to tokens [start,
// end), or of something that is not a string when start < 0.
func (c *constants) assign(name string, start, end int) {
	s := c.state(name)
	s.n++
	s.ok = false
	c.bytes -= s.valueBytes
	s.valueBytes = 0
	if start >= 0 {
		if v, _, ok := c.f.str(start, end, c.out, 0); ok && c.bytes+len(v) <= maxConstBytes {
			off := c.f.Tokens[start].Off
			line, _ := c.f.Pos(off)
			s.value, s.ok, s.valueBytes = Constant{Value: v, Off: off, Line: line}, true, len(v)
			c.bytes += len(v)
		}
	}
	c.publish(name, s)
}

func (c *constants) publish(name string, s *cstate) {
	if !s.ok {
		delete(c.out, name)
		return
	}
	v := s.value
	v.Reassigned = s.n > 1 || s.rebound
	c.out[name] = v
}

// rebind marks a name a function or block may assign.
func (c *constants) rebind(name string) {
	s := c.state(name)
	s.rebound = true
	c.publish(name, s)
}

func (c *constants) python() {
	f := c.f
	n := len(f.Tokens)
	contd := map[int]bool{}
	for _, i := range f.contd {
		contd[i] = true
	}
	var scopes []int     // columns of the def and class lines around
	var classes []string // the class each scope is ("" for a def)
	for i := 0; i < n; i++ {
		t := &f.Tokens[i]
		if t.Kind == Name && t.Text == "global" {
			for j := i + 1; f.Is(j, Name, ""); j += 2 {
				c.rebind(f.Tokens[j].Text)
				if !f.Is(j+1, Punct, ",") {
					break
				}
			}
			continue
		}
		if f.Depth(i) != 0 {
			continue
		}
		// A closer at the start of a line ends a bracket opened on an
		// earlier one: it continues that line (def f(\n a,\n):).
		k, open := bracket(t)
		lineStart := t.LineStart && !contd[i] && (k < 0 || open) || i == 0
		if !lineStart && !f.Is(i-1, Punct, ";") {
			continue
		}
		if lineStart {
			for len(scopes) > 0 && scopes[len(scopes)-1] >= t.Col {
				scopes, classes = scopes[:len(scopes)-1], classes[:len(classes)-1]
			}
			if t.Kind == Name && (t.Text == "def" || t.Text == "class" || t.Text == "async" && f.Is(i+1, Name, "def")) {
				cls := ""
				if t.Text == "class" && f.Is(i+1, Name, "") {
					cls = f.Tokens[i+1].Text
				}
				scopes, classes = append(scopes, t.Col), append(classes, cls)
				continue
			}
		}
		name := t.Text
		if len(scopes) == 1 && classes[0] != "" && lineStart {
			name = classes[0] + "." + name // a class attribute (an Enum member)
		} else if len(scopes) > 0 {
			continue
		}
		if t.Kind != Name || pyKeyword(t.Text) || i+1 >= n || f.Tokens[i+1].Kind != Punct {
			continue
		}
		end := c.pyStmtEnd(i+1, contd)
		switch op := f.Tokens[i+1].Text; {
		case op == "=":
			c.assign(name, i+2, end)
		case op == ":":
			for j := i + 2; j < end; j++ {
				if f.Depth(j) == 0 && f.Is(j, Punct, "=") {
					c.assign(name, j+1, end)
					break
				}
			}
		case len(op) >= 2 && op[len(op)-1] == '=' && op != "==" && op != "!=" && op != "<=" && op != ">=":
			c.assign(name, -1, 0) // an augmented assignment
		}
		i = end - 1
	}
}

// pyStmtEnd returns the end of the statement whose tokens go on at i: a ;
// or the start of a logical line, outside brackets.
func (c *constants) pyStmtEnd(i int, contd map[int]bool) int {
	f := c.f
	for j := i; j < len(f.Tokens); j++ {
		t := &f.Tokens[j]
		if _, open := bracket(t); open {
			j = f.Match(j)
			continue
		}
		if t.Kind == Punct && t.Text == ";" || t.LineStart && !contd[j] {
			return j
		}
	}
	return len(f.Tokens)
}

// pyKeyword reports the keywords that may start a statement followed by
// punctuation (else: x = 1 is not an assignment to else). The soft
// keywords match and case are names.
func pyKeyword(name string) bool {
	switch name {
	case "else", "try", "finally", "if", "elif", "while", "for", "with", "lambda",
		"return", "yield", "await", "assert", "del", "raise", "import", "from", "pass", "break", "continue",
		"not", "None", "True", "False":
		return true
	}
	return false
}

func (c *constants) js() {
	f := c.f
	n := len(f.Tokens)
	for i := 0; i < n; i++ {
		t := &f.Tokens[i]
		if t.Kind != Name || f.Is(i-1, Punct, ".") || f.Is(i-1, Punct, "?.") {
			continue
		}
		depth := f.Depth(i)
		if depth == 0 && (t.Text == "const" || t.Text == "let" || t.Text == "var") {
			i = c.jsDeclaration(i) - 1
			continue
		}
		s := c.all[t.Text]
		if s == nil || !s.declared {
			continue
		}
		// An assignment to a declared name.
		op := ""
		if f.Is(i+1, Punct, "") {
			op = f.Tokens[i+1].Text
		}
		assign := op == "=" || jsAssignOp(op) || op == "++" || op == "--" || f.Is(i-1, Punct, "++") || f.Is(i-1, Punct, "--")
		switch {
		case !assign:
		case depth > 0:
			if s.mutable {
				c.rebind(t.Text)
			}
		case op == "=":
			end := c.jsExprEnd(i + 2)
			c.assign(t.Text, i+2, end)
			i = end - 1
		default:
			c.assign(t.Text, -1, 0)
		}
	}
}

func jsAssignOp(op string) bool {
	switch op {
	case "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??=":
		return true
	}
	return false
}

// jsDeclaration reads the declarators of the const, let or var at i and
// returns the index after them.
func (c *constants) jsDeclaration(i int) int {
	f := c.f
	mutable := f.Tokens[i].Text != "const"
	j := i + 1
	for f.Is(j, Name, "") {
		name := f.Tokens[j].Text
		k := j + 1
		if f.Is(k, Punct, ":") { // a type annotation
			for k++; k < len(f.Tokens) && !f.Is(k, Punct, "=") && !f.Is(k, Punct, ";") && !f.Is(k, Punct, ",") && !f.Tokens[k].LineStart; k++ {
				if _, open := bracket(&f.Tokens[k]); open {
					k = f.Match(k)
				}
			}
		}
		s := c.state(name)
		s.declared, s.mutable = true, s.mutable || mutable
		if f.Is(k, Punct, "=") {
			end := c.jsExprEnd(k + 1)
			c.assign(name, k+1, end)
			k = end
		} else {
			c.assign(name, -1, 0) // let x; is undefined for now
		}
		if !f.Is(k, Punct, ",") {
			return max(k, j+1)
		}
		j = k + 1
	}
	return j
}

// jsExprEnd returns the end of the expression starting at token i at the
// module level: a ; or , outside brackets, a stray closer, or a line break
// that ends the statement. A line break does not end it after an operator
// or before a token that continues an expression (an operator, ( [ or a
// template), as JavaScript's automatic semicolons go.
func (c *constants) jsExprEnd(i int) int {
	f := c.f
	for j := i; j < len(f.Tokens); j++ {
		t := &f.Tokens[j]
		if _, open := bracket(t); open {
			j = f.Match(j) // the brackets of the expression
			continue
		}
		if t.Kind == Punct && (t.Text == ";" || t.Text == "," || t.Text == ")" || t.Text == "]" || t.Text == "}") {
			return j // a closer here is stray
		}
		if j == i || !t.LineStart {
			continue
		}
		if p := &f.Tokens[j-1]; p.Kind == Punct && p.Text != ")" && p.Text != "]" && p.Text != "}" && p.Text != "++" && p.Text != "--" {
			continue // the previous line ends with an operator
		}
		switch {
		case t.Kind == Punct && t.Text != "{" && t.Text != "!" && t.Text != "~" && t.Text != "++" && t.Text != "--" && t.Text != "@" && t.Text != "#":
			continue
		case t.Kind == String && t.Prefix == "`":
			continue // a tagged template
		}
		return j
	}
	return len(f.Tokens)
}
