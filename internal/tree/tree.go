// Package tree reads JSON (with comments and trailing commas), YAML (every
// document of a stream) and TOML into one positioned node tree.
//
// The analyzers used to parse config data four different ways, each with its
// own idea of positions, duplicate keys, merge keys, invalid UTF-8 and
// budgets. One tree gives them the same answers: every value and key knows
// its line and column, duplicate keys and faults are errors with a position
// and never with a value from the file (values may be secrets), and no input
// can exhaust the stack or memory: nesting and the number of nodes are
// bounded by Limits.
//
// Positions are 1-based lines and byte columns as internal/lines counts
// them (lines end at '\n'), for all three formats. The parsing is the
// libraries': tailscale/hujson for JSON, go.yaml.in/yaml/v3 for YAML and
// pelletier/go-toml/v2's parser for TOML; this package turns their trees
// into one and guards them.
//
// The tree is read-only: the nodes of an expanded YAML alias are shared
// with its anchor.
package tree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// Kind is the type of a value.
type Kind uint8

// The kinds of values, as JSON names them.
const (
	Null Kind = iota
	String
	Number
	Bool
	Object
	Array
)

var kindNames = [...]string{Null: "null", String: "a string", Number: "a number",
	Bool: "a boolean", Object: "an object", Array: "an array"}

// String names the kind the way warnings do ("expected an object, found an
// array").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Node is a value with the position where it starts.
type Node struct {
	Kind Kind
	// Line and Col are where the value starts (1-based, columns in bytes);
	// for an expanded YAML alias, where the alias stands.
	Line, Col int
	// Text holds a scalar: the decoded string, the number as written,
	// "true" or "false" lower-cased, "" for null.
	Text string
	// Tag is the resolved short YAML tag ("!!str", "!!int", "!!map", a
	// custom "!reset"); "" for JSON and TOML.
	Tag     string
	Members []*Member // objects, in file order, keys unique
	Items   []*Node   // arrays
}

// Member is a key of an object with its value.
type Member struct {
	Key       string
	Line, Col int // of the key
	Value     *Node
}

// Member returns the member named key, nil when absent or when n is not an
// object.
func (n *Node) Member(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, m := range n.Members {
		if m.Key == key {
			return m
		}
	}
	return nil
}

// Get returns the value of key, nil when absent or when n is not an object.
func (n *Node) Get(key string) *Node {
	if m := n.Member(key); m != nil {
		return m.Value
	}
	return nil
}

// Str returns the text of key when its value is a scalar, "" otherwise.
func (n *Node) Str(key string) string {
	if v := n.Get(key); v.Scalar() {
		return v.Text
	}
	return ""
}

// Scalar reports whether n is a null, string, number or boolean.
func (n *Node) Scalar() bool { return n != nil && n.Kind <= Bool }

// Lookup follows a path of object keys and array indexes ("0", "12"), the
// unescaped reference tokens of a JSON pointer; nil when a step is missing.
// An index is written in decimal without sign or leading zeros, as JSON
// pointers write it.
func (n *Node) Lookup(path ...string) *Node {
	for _, p := range path {
		if n == nil {
			return nil
		}
		switch n.Kind {
		case Object:
			n = n.Get(p)
		case Array:
			i, ok := index(p)
			if !ok || i >= len(n.Items) {
				return nil
			}
			n = n.Items[i]
		default:
			return nil
		}
	}
	return n
}

func index(s string) (int, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	i := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' || i > (math.MaxInt-9)/10 {
			return 0, false
		}
		i = i*10 + int(c-'0')
	}
	return i, true
}

// Interface returns the plain value of n, as encoding/json decodes into an
// any with UseNumber: map[string]any, []any, string, json.Number, bool and
// nil. YAML and TOML numbers that JSON cannot write as they are ("1_000",
// "0x1F", "+1") come in decimal; infinities and NaN as float64.
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case String:
		return n.Text
	case Number:
		return number(n.Text)
	case Bool:
		return n.Text == "true"
	case Object:
		m := make(map[string]any, len(n.Members))
		for _, mb := range n.Members {
			m[mb.Key] = mb.Value.Interface()
		}
		return m
	case Array:
		a := make([]any, len(n.Items))
		for i, it := range n.Items {
			a[i] = it.Interface()
		}
		return a
	}
	return nil
}

// number turns the text of a number into a json.Number.
func number(text string) any {
	if validNumber(text) {
		return json.Number(text)
	}
	s := strings.TrimPrefix(strings.ReplaceAll(text, "_", ""), "+")
	if validNumber(s) {
		return json.Number(s)
	}
	if i, ok := new(big.Int).SetString(s, 0); ok { // 0x, 0o, 0b, YAML 1.1 octal
		return json.Number(i.String())
	}
	// YAML writes ".inf" and ".NaN", TOML "inf" and "nan"; both ".5".
	l := strings.ToLower(s)
	l = strings.Replace(strings.Replace(l, ".inf", "inf", 1), ".nan", "nan", 1)
	if strings.HasSuffix(l, "nan") {
		l = "nan" // TOML writes "+nan" and "-nan", which ParseFloat refuses
	}
	f, err := strconv.ParseFloat(l, 64)
	switch {
	case math.IsInf(f, 0) || math.IsNaN(f):
		return f
	case err == nil:
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return text // no parser of ours calls this a number; kept as written
}

// validNumber reports whether s is a number as JSON writes it.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i == len(s):
		return false
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i == len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i == len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i == len(s)
}

// Error is a fault in the input. Its message names keys, kinds and syntax,
// never a value from the file, which may be a secret.
type Error struct {
	Line, Col int // 1-based; Line 0: the whole input; Col 0: the whole line
	Msg       string
}

// Error renders "line:col: msg", "line: msg" or "msg", to follow a file name.
func (e Error) Error() string {
	switch {
	case e.Line == 0:
		return e.Msg
	case e.Col == 0:
		return fmt.Sprintf("%d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Limits bound what a parse builds. A zero field takes its default.
type Limits struct {
	// MaxDepth bounds how deeply arrays and objects nest (default 1000;
	// real configs nest a few tens of levels).
	MaxDepth int
	// MaxNodes bounds the values of a file, all documents of a YAML
	// stream together and aliases counted as expanded (default 4,000,000:
	// a package-lock.json holds a value per ~40 bytes, so the 64 MB the
	// project reads of a file at most fit; so many nodes take ~600 MB).
	MaxNodes int
}

// Defaults of Limits.
const (
	DefaultMaxDepth = 1000
	DefaultMaxNodes = 4_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultMaxNodes
	}
	return l
}

// bomLen is the length of the UTF-8 byte order mark data starts with: 3,
// or 0 when there is none.
func bomLen(data []byte) int {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return 3
	}
	return 0
}

// input is a file prepared for a parser: invalid UTF-8 replaced in a copy
// (never in the caller's slice, which other readers share), the line index,
// and the errors found on the way.
type input struct {
	data  []byte
	lines *lines.Index
	errs  []Error
	// The line of the last offset asked for, from its start to the next
	// line's (-1 past the last line): parsers ask in file order, so at
	// steps along the lines instead of searching them.
	line, start, next int
}

func newInput(data []byte) *input {
	x := lines.New(data)
	in := &input{data: data, lines: x, line: 1, next: x.Start(2)}
	if !utf8.Valid(data) {
		clean, bad, first := scrubUTF8(data)
		in.data = clean
		line, col := in.at(first)
		in.errs = append(in.errs, Error{line, col, fmt.Sprintf("invalid UTF-8: %d bytes read as '?'", bad)})
	}
	return in
}

// at returns the line and column of an offset.
func (in *input) at(off int) (line, col int) {
	if off < in.start {
		in.line, _ = in.lines.At(off)
		in.start, in.next = in.lines.Start(in.line), in.lines.Start(in.line+1)
	}
	for in.next >= 0 && off >= in.next {
		in.line++
		in.start, in.next = in.next, in.lines.Start(in.line+1)
	}
	return in.line, off - in.start + 1
}

func (in *input) errorf(off int, format string, args ...any) {
	line, col := in.at(off)
	in.errs = append(in.errs, Error{line, col, fmt.Sprintf(format, args...)})
}

// scrubUTF8 returns a copy of data with each byte of invalid UTF-8 read as
// '?', which keeps every offset, and so every position, as it was.
func scrubUTF8(data []byte) (clean []byte, bad, first int) {
	clean = bytes.Clone(data)
	for i := 0; i < len(clean); {
		r, size := utf8.DecodeRune(clean[i:])
		if r == utf8.RuneError && size == 1 {
			if bad == 0 {
				first = i
			}
			bad++
			clean[i] = '?'
		}
		i += size
	}
	return clean, bad, first
}
