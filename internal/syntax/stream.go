package syntax

import "strings"

// maxValue bounds a string Str builds (constants concatenated with
// themselves double at each step); longer values are refused.
const maxValue = 1 << 20

// maxParens bounds the nesting of parentheses Str descends into.
const maxParens = 64

// Is reports whether token i exists and has the kind and, unless text is
// "", the text.
func (f *File) Is(i int, k Kind, text string) bool {
	return i >= 0 && i < len(f.Tokens) && f.Tokens[i].Kind == k && (text == "" || f.Tokens[i].Text == text)
}

func bracket(t *Token) (kind int, open bool) {
	if t.Kind != Punct || len(t.Text) != 1 {
		return -1, false
	}
	switch t.Text[0] {
	case '(':
		return 0, true
	case '[':
		return 1, true
	case '{':
		return 2, true
	case ')':
		return 0, false
	case ']':
		return 1, false
	case '}':
		return 2, false
	}
	return -1, false
}

// brackets pairs the brackets in one pass with a stack. A closer pairs
// with the nearest open bracket of its kind (the brackets opened after it
// stay unclosed); a closer of a kind that is not open is ignored. So a
// stray ] in a misread line does not unpair every ( around it.
func (f *File) brackets() {
	f.bracketsOnce.Do(func() {
		n := len(f.Tokens)
		f.pairs = make([]int32, n)
		f.depths = make([]int32, n)
		var stack []int32
		var open [3]int
		for j := range f.Tokens {
			f.pairs[j] = int32(n)
			f.depths[j] = int32(len(stack))
			k, opening := bracket(&f.Tokens[j])
			switch {
			case k < 0:
			case opening:
				stack = append(stack, int32(j))
				open[k]++
			case open[k] > 0:
				for {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					tk, _ := bracket(&f.Tokens[top])
					open[tk]--
					if tk == k {
						f.pairs[top] = int32(j)
						break
					}
				}
				f.depths[j] = int32(len(stack))
			}
		}
	})
}

// Match returns the index of the token closing the bracket ( [ { at i, or
// len(Tokens) when it is not closed or i is not an opening bracket.
func (f *File) Match(i int) int {
	if i < 0 || i >= len(f.Tokens) {
		return len(f.Tokens)
	}
	if _, opening := bracket(&f.Tokens[i]); !opening {
		return len(f.Tokens)
	}
	f.brackets()
	return int(f.pairs[i])
}

// Depth returns how many brackets enclose token i (0 at module level); a
// bracket has the depth of what surrounds it.
func (f *File) Depth(i int) int {
	if i < 0 || i >= len(f.Tokens) {
		return 0
	}
	f.brackets()
	return int(f.depths[i])
}

// Arg is one argument of a call, or one member of an object or dict: the
// key (a keyword or property name, "" when positional), where the key is
// written, and the value's tokens [Start, End).
type Arg struct {
	Key        string
	KeyOff     int
	Start, End int
}

// Args splits the tokens between the bracket at open and its match at the
// commas outside nested brackets. sep separates a key from its value: "="
// for Python keyword arguments, ":" for objects and dicts, "" for none. A
// key is a Name or String followed by sep. Empty arguments (a trailing
// comma) are dropped.
func (f *File) Args(open int, sep string) []Arg {
	if _, opening := bracket(tokenAt(f.Tokens, open)); !opening {
		return nil
	}
	end := f.Match(open)
	var out []Arg
	start := open + 1
	for j := open + 1; j <= end && j < len(f.Tokens); j++ {
		if _, opening := bracket(&f.Tokens[j]); opening {
			j = f.Match(j)
			if j >= end {
				j = end - 1 // an unclosed bracket inside: the rest is one argument
			}
			continue
		}
		if j == end || f.Is(j, Punct, ",") {
			if j > start {
				out = append(out, f.arg(start, j, sep))
			}
			start = j + 1
		}
	}
	if start < end && end == len(f.Tokens) {
		out = append(out, f.arg(start, end, sep))
	}
	return out
}

func tokenAt(ts []Token, i int) *Token {
	if i < 0 || i >= len(ts) {
		return &Token{}
	}
	return &ts[i]
}

func (f *File) arg(start, end int, sep string) Arg {
	if sep != "" && end-start >= 2 && (f.Tokens[start].Kind == Name || f.Tokens[start].Kind == String) && f.Is(start+1, Punct, sep) {
		return Arg{Key: f.Tokens[start].Text, KeyOff: f.Tokens[start].Off, Start: start + 2, End: end}
	}
	return Arg{Start: start, End: end}
}

// FindArg returns the first argument with the key.
func FindArg(args []Arg, key string) (Arg, bool) {
	for _, a := range args {
		if a.Key == key {
			return a, true
		}
	}
	return Arg{}, false
}

// Str reads tokens [start, end) as a string value: string literals joined
// by + (or juxtaposed, in Python), in optional parentheses; names resolved
// through the module's constants (Constants, a reassigned one to its last
// value); f-strings and template literals whose fields are all constant
// names; a TypeScript "as const" suffix. off is where the value starts.
// ok is false for anything computed at run time, and for a Python
// t-string (a Template, not a str).
func (f *File) Str(start, end int) (s string, off int, ok bool) {
	return f.str(start, end, f.Constants(), 0)
}

func (f *File) str(start, end int, consts map[string]Constant, depth int) (string, int, bool) {
	start, end = max(start, 0), min(end, len(f.Tokens))
	for {
		switch {
		case start < end && f.Is(start, Punct, "(") && f.Match(start) == end-1:
			start, end = start+1, end-1
			continue
		case f.Lang.js() && end-start >= 3 && f.Is(end-2, Name, "as") && f.Is(end-1, Name, "const"):
			end -= 2
			continue
		}
		break
	}
	if start >= end || depth > maxParens {
		return "", 0, false
	}
	var b strings.Builder
	operand := true // an operand is expected
	for j := start; j < end; j++ {
		t := &f.Tokens[j]
		if !operand {
			if t.Kind == Punct && t.Text == "+" {
				operand = true
				continue
			}
			if f.Lang != Python || t.Kind != String || f.Tokens[j-1].Kind != String {
				return "", 0, false
			}
		}
		switch {
		case t.Kind == String:
			v, ok := f.value(j, consts)
			if !ok {
				return "", 0, false
			}
			b.WriteString(v)
		case t.Kind == Name:
			c, ok := consts[t.Text]
			if f.Lang == Python && f.Is(j+1, Punct, ".") && f.Is(j+2, Name, "") && j+2 < end {
				// Class.NAME, an Enum member (and its .value)
				if a, found := consts[t.Text+"."+f.Tokens[j+2].Text]; found {
					c, ok = a, true
					j += 2
					if j+2 < end && f.Is(j+1, Punct, ".") && f.Is(j+2, Name, "value") {
						j += 2
					}
				}
			}
			if !ok {
				return "", 0, false
			}
			b.WriteString(c.Value)
		case t.Kind == Punct && t.Text == "(":
			m := f.Match(j)
			if m >= end {
				return "", 0, false
			}
			v, _, ok := f.str(j+1, m, consts, depth+1)
			if !ok {
				return "", 0, false
			}
			b.WriteString(v)
			j = m
		default:
			return "", 0, false
		}
		if b.Len() > maxValue {
			return "", 0, false
		}
		operand = false
	}
	if operand {
		return "", 0, false // a trailing +
	}
	return b.String(), f.Tokens[start].Off, true
}

// value is the value of the string token j: its text, or an interpolated
// string whose fields are constants.
func (f *File) value(j int, consts map[string]Constant) (string, bool) {
	t := &f.Tokens[j]
	if f.Lang == Python && strings.IndexByte(t.Prefix, 't') >= 0 {
		return "", false
	}
	if !t.Interp {
		return t.Text, true
	}
	ps, ok := f.pieces[j]
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, p := range ps {
		if !p.field {
			b.WriteString(p.text)
			continue
		}
		c, ok := consts[p.text]
		if !ok || b.Len()+len(c.Value) > maxValue {
			return "", false
		}
		b.WriteString(c.Value)
	}
	return b.String(), true
}

// Piece is a part of an interpolated string: literal text, or (Field) the
// one name a field holds.
type Piece struct {
	Text  string
	Field bool
}

// Pieces returns the parts of the interpolated string token j whose
// fields are each one name (`${PREFIX} search`, f"{PREFIX} search"); ok
// is false for any other token. Str resolves such fields through the
// module's constants; a caller that knows other modules' constants
// resolves the rest.
func (f *File) Pieces(j int) ([]Piece, bool) {
	ps, ok := f.pieces[j]
	if !ok {
		return nil, false
	}
	out := make([]Piece, len(ps))
	for i, p := range ps {
		out[i] = Piece{Text: p.text, Field: p.field}
	}
	return out, true
}

// Bool reads True/False/true/false: the one token [start, end).
func (f *File) Bool(start, end int) *bool {
	if end-start != 1 || !f.Is(start, Name, "") {
		return nil
	}
	var v bool
	switch f.Tokens[start].Text {
	case "True", "true":
		v = true
	case "False", "false":
	default:
		return nil
	}
	return &v
}
