// Package syntax reads the project's source code once — a tokenizer for
// Python, JavaScript/TypeScript and Rust with the module's string
// constants, and Go through go/parser — so every analyzer sees the same
// tokens and the same values.
//
// It is not a parser: the analyzers find SDK calls and literal arguments in
// the token stream (Match, Args, Str). What it promises is one behaviour
// per language, written down here, and a lexer that always advances and
// works in linear time on any input.
//
// # Common rules
//
// A token is a Name, a String, a Number, a Punct or a Regex. Comments and
// whitespace are dropped; everything else is a token, so the tokens and the
// gaps between them (whitespace, comments, a hashbang, Python
// backslash-newlines) cover the input.
//
//   - Names are Unicode letters, digits, combining marks, connector
//     punctuation and _ (and $ in JavaScript), not starting with a digit.
//   - Numbers start with a digit, or a dot and a digit; they take letters,
//     digits and _ (hex, bigint n, Python j), one dot (not in a hex
//     literal, not a second one: 1..toString is "1." "." "toString") and a
//     sign after a decimal exponent (1e-5).
//   - Punctuation is the longest operator of the language (=> === ?. **=
//     and so on); any other character — a symbol, an emoji, a byte of
//     invalid UTF-8 — is one rune of Punct.
//   - A line ends at \n. A string that must end on its line and does not
//     stops there (before \r\n); an unterminated triple-quoted string,
//     template literal or block comment runs to the end of the file.
//   - The newlines of Python strings and JavaScript template literals are
//     normalized: \r\n and \r become \n in the value (Python reads source
//     in universal-newline mode; JavaScript does so in templates).
//
// # Python
//
// Comments run from # to the end of the line; a backslash before a
// newline is whitespace (the next token does not start a logical line),
// any other backslash is punctuation. String prefixes r u b f t and the
// pairs br rb fr rf tr rt, in any case, are kept lower-cased in Prefix;
// single, double and triple quotes. Escapes are decoded as Python does: \n
// \t \r \0 \a \b \f \v \\ \' \", \xHH, \ooo (octal), \uHHHH and
// \UHHHHHHHH (not in bytes), backslash-newline dropped; \N{…} and unknown
// escapes are kept as written, backslash included ("\d" is `\d`). Raw
// strings keep everything. Bytes are decoded to bytes (b"\xff" is one
// byte).
//
// f-strings (and 3.14 t-strings) are read as Python 3.12 does: a {…} field
// is lexed as code, so it may hold strings with any quote; {{ and }} are
// braces. A string with a field has Interp set, and its Text is the
// literal text with the fields as written ({{ and }} kept doubled); one
// without a field has Interp false and its value as Text. In a
// single-quoted f-string a newline ends the string even inside a field.
//
// # JavaScript and TypeScript
//
// // and /* */ comments and a #! line at the start of the file; whitespace
// includes Unicode spaces, U+FEFF, U+2028 and U+2029. Single and double
// quoted strings; template literals, whose ${…} fields are lexed as code
// (strings, templates, comments and braces nest) and marked Interp, with
// Text keeping the fields as written. Escapes are decoded as JavaScript
// does: \n \t \r \b \f \v, \0 (not before a digit), legacy octal in quoted
// strings, \xHH, \uHHHH (surrogate pairs joined), \u{H…}, line
// continuations dropped; any other escaped character loses its backslash
// ("\d" is "d"); a malformed \x or \u is kept as written.
//
// A / starts a regular expression after an operator, an opening bracket, a
// comma, a semicolon, at the start of the input, or after the keywords
// return typeof case in of new delete void throw await yield (not when
// they follow a dot); not after a Name, Number, String, Regex, ) ] } or a
// postfix ++ --. The literal ends at an unescaped / outside a [...] class
// and takes its flags; one that reaches the end of its line is not a
// regex after all: the / is punctuation, and no regex is looked for again
// on that line (which keeps the lexer linear).
//
// # Rust
//
// // and nested /* */ comments; ASCII whitespace (with \v) and U+FEFF.
// Strings "…" with escapes decoded (\n \r \t \0 \\ \" \', \xHH, \u{H…}, a
// backslash-newline dropping the next line's leading whitespace); raw
// strings r"…", r#"…"# with any number of #, taken as written; byte and C
// strings (b"…", br#"…"#, c"…"). Prefix is the string's prefix as written.
// A ' starts a character literal ('a', '\n', '\u{1F600}': a String whose
// Prefix is "'") when a character and a closing ' follow; otherwise it is a
// lifetime's or a label's ' (punctuation, its name a Name). r#name is one
// Name.
//
// # Go
//
// Go is parsed with go/parser (ParseGo); this package is the only caller.
package syntax
