package syntax

import (
	"path"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// Lang is the language of a source file; the zero Lang is not source.
type Lang uint8

// The languages read.
const (
	Python Lang = iota + 1
	JavaScript
	TypeScript
	Go
	Rust
)

// LangOf tells a file's language by its extension (case-insensitive).
func LangOf(name string) Lang {
	switch strings.ToLower(path.Ext(name)) {
	case ".py":
		return Python
	case ".js", ".mjs", ".cjs", ".jsx":
		return JavaScript
	case ".ts", ".mts", ".cts", ".tsx":
		return TypeScript
	case ".go":
		return Go
	case ".rs":
		return Rust
	}
	return 0
}

// String is the name reports use for the language ("" when not source).
func (l Lang) String() string {
	switch l {
	case Python:
		return "python"
	case JavaScript:
		return "javascript"
	case TypeScript:
		return "typescript"
	case Go:
		return "go"
	case Rust:
		return "rust"
	}
	return ""
}

func (l Lang) js() bool { return l == JavaScript || l == TypeScript }

// Kind is the kind of a token.
type Kind uint8

// The kinds of tokens.
const (
	Name Kind = iota + 1
	String
	Number
	Punct
	Regex
)

func (k Kind) String() string {
	switch k {
	case Name:
		return "Name"
	case String:
		return "String"
	case Number:
		return "Number"
	case Punct:
		return "Punct"
	case Regex:
		return "Regex"
	}
	return "Kind(0)"
}

// Token is one token of Python, JavaScript, TypeScript or Rust source. (The
// flags sit by Kind so that a token takes 72 bytes, not 88.)
type Token struct {
	Kind Kind
	// Interp marks a string computed at run time: an f-string with a {…}
	// field, a template literal with ${…}. Text keeps the fields as
	// written.
	Interp bool
	// LineStart reports that only whitespace precedes the token on its
	// line.
	LineStart bool
	// Text is the token as written for a Name, Number, Punct and Regex;
	// for a String it is the value, escapes decoded (none in a Python raw
	// string).
	Text string
	// Off and End are the byte range of the whole token in the source; a
	// String includes its prefix and quotes.
	Off, End int
	// Line and Col are 1-based, of Off; Col counts bytes.
	Line, Col int
	// Prefix is a Python string's prefix, lower-cased ("", "r", "b", "f",
	// "rb" …), "`" for a JavaScript/TypeScript template literal, or a Rust
	// string's as written ("", "b", "r#", "br##" …; "'" for a character).
	Prefix string
}

// File is the token stream of one source file. Its methods are safe for
// concurrent use; what they derive (line index, bracket pairs, constants)
// is computed once, on first use.
type File struct {
	Lang   Lang
	Src    []byte
	Tokens []Token

	src string // Src as a string: Text of the tokens are slices of it
	// pieces are the parts of the Interp strings whose fields are all bare
	// names, by token index: what Str resolves.
	pieces map[int][]piece
	// contd are the (sorted) indexes of Python tokens that follow a
	// backslash-newline: they continue the previous logical line.
	contd []int

	linesOnce sync.Once
	lines     *lines.Index

	bracketsOnce sync.Once
	pairs        []int32
	depths       []int32

	constsOnce sync.Once
	consts     map[string]Constant
}

// piece is a literal part of an interpolated string (its value) or a field
// that is one name.
type piece struct {
	text  string
	field bool
}

// Lex tokenizes Python, JavaScript or TypeScript source. Any other
// language gives a File without tokens (Go is read by ParseGo).
func Lex(lang Lang, src []byte) *File {
	f := &File{Lang: lang, Src: src, src: string(src)}
	if lang != Python && lang != Rust && !lang.js() {
		return f
	}
	l := &lexer{s: f.src, lang: lang, top: true, line: 1, noRegex: -1}
	// Real source has a token every 8 bytes (8.2 over the corpus of
	// Flowise, MCP servers and SDKs).
	l.toks = make([]Token, 0, len(src)/8+1)
	switch {
	case lang == Python:
		l.runPython()
	case lang == Rust:
		l.runRust()
	default:
		l.runJS()
	}
	f.Tokens, f.pieces, f.contd = l.toks, l.pieces, l.contd
	return f
}

// Pos returns the 1-based line and column (in bytes) of a byte offset.
func (f *File) Pos(off int) (line, col int) {
	f.linesOnce.Do(func() { f.lines = lines.New(f.Src) })
	return f.lines.At(off)
}
