package license

import (
	"fmt"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// Expr is a parsed SPDX licence expression. go-spdx validates ids and
// expressions but keeps its parse tree unexported; the judgement needs the
// tree (OR picks the best option for a use and records the choice, AND the
// worst, WITH keeps the exception), hence this small parser.
type Expr struct {
	// Op is "" for a single licence, else "AND", "OR" or "WITH".
	Op string
	// ID is the licence id of a leaf, or the exception id of a WITH.
	ID string
	// Args are the operands: two or more for AND / OR, the licence for WITH.
	Args []*Expr
}

// String renders the expression with the parentheses it needs.
func (e *Expr) String() string {
	switch e.Op {
	case "":
		return e.ID
	case "WITH":
		return e.Args[0].String() + " WITH " + e.ID
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		s := a.String()
		if a.Op == "AND" || a.Op == "OR" {
			s = "(" + s + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, " "+e.Op+" ")
}

// Leaves lists the licence ids of the expression (exceptions excluded), in order.
func (e *Expr) Leaves() []string {
	if e.Op == "" {
		return []string{e.ID}
	}
	var out []string
	for _, a := range e.Args {
		out = append(out, a.Leaves()...)
	}
	return out
}

// Bounds of an expression: the parser recurses once per parenthesis, and
// a declared licence is attacker-written text (a package.json of 3M nested
// parentheses overflowed the stack). The longest expressions packages
// declare are a few hundred characters and nest two or three levels.
const (
	maxExpressionLen   = 4096
	maxExpressionDepth = 32
)

// ParseExpression parses an SPDX expression. Operators are case-insensitive;
// AND binds tighter than OR, as the SPDX specification says.
func ParseExpression(s string) (*Expr, error) {
	if len(s) > maxExpressionLen {
		return nil, fmt.Errorf("licence expression longer than %d characters", maxExpressionLen)
	}
	p := &exprParser{toks: tokenize(s)}
	if len(p.toks) == 0 {
		return nil, fmt.Errorf("empty licence expression")
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q in licence expression %q", p.toks[p.i], s)
	}
	return e, nil
}

// parens spaces out parentheses, so that they are tokens of their own.
var parens = strings.NewReplacer("(", " ( ", ")", " ) ")

func tokenize(s string) []string {
	return strings.Fields(parens.Replace(s))
}

type exprParser struct {
	toks  []string
	i     int
	depth int // parentheses open
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *exprParser) or() (*Expr, error) {
	return p.binary("OR", p.and)
}

func (p *exprParser) and() (*Expr, error) {
	return p.binary("AND", p.with)
}

func (p *exprParser) binary(op string, operand func() (*Expr, error)) (*Expr, error) {
	first, err := operand()
	if err != nil {
		return nil, err
	}
	args := []*Expr{first}
	for strings.EqualFold(p.peek(), op) {
		p.i++
		next, err := operand()
		if err != nil {
			return nil, err
		}
		args = append(args, next)
	}
	if len(args) == 1 {
		return first, nil
	}
	return &Expr{Op: op, Args: args}, nil
}

func (p *exprParser) with() (*Expr, error) {
	e, err := p.atom()
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(p.peek(), "WITH") {
		p.i++
		exc := p.peek()
		if exc == "" || isOperator(exc) || exc == "(" || exc == ")" {
			return nil, fmt.Errorf("WITH needs an exception id")
		}
		p.i++
		return &Expr{Op: "WITH", ID: exc, Args: []*Expr{e}}, nil
	}
	return e, nil
}

func (p *exprParser) atom() (*Expr, error) {
	t := p.peek()
	switch {
	case t == "":
		return nil, fmt.Errorf("licence expression ends early")
	case t == "(":
		if p.depth++; p.depth > maxExpressionDepth {
			return nil, fmt.Errorf("licence expression nested deeper than %d levels", maxExpressionDepth)
		}
		p.i++
		e, err := p.or()
		p.depth--
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.i++
		return e, nil
	case t == ")" || isOperator(t):
		return nil, fmt.Errorf("unexpected %q", t)
	}
	p.i++
	return &Expr{ID: t}, nil
}

func isOperator(t string) bool {
	switch strings.ToUpper(t) {
	case "AND", "OR", "WITH":
		return true
	}
	return false
}

// normalized is a declared licence string turned into an SPDX expression.
type normalized struct {
	Expr *Expr
	// Method is Declared when the string was already a valid expression of
	// known ids, Alias when the alias table or id canonicalisation was needed.
	Method vocab.Method
	Note   string
}

// normalize maps a declared licence string to an SPDX expression over the
// ids the knowledge base uses: whole-string aliases first ("MIT License",
// "Apache 2.0", UNLICENSED), then a parse with each id canonicalised
// (case, deprecated ids such as GPL-2.0 → GPL-2.0-only, LicenseRef aliases).
// ok is false when the string is not a licence expression at all.
func normalize(base *kb.Base, s string) (n normalized, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return n, false
	}
	if target, hit := base.Aliases[strings.ToLower(s)]; hit {
		e, err := ParseExpression(target)
		if err != nil {
			return n, false
		}
		return normalized{Expr: e, Method: vocab.MethodAlias, Note: fmt.Sprintf("%q read as %s", s, target)}, true
	}
	e, err := ParseExpression(s)
	if err != nil {
		return n, false
	}
	method := vocab.MethodDeclared
	var notes []string
	var fix func(e *Expr) bool
	fix = func(e *Expr) bool {
		for _, a := range e.Args {
			if !fix(a) {
				return false
			}
		}
		if e.Op == "" || e.Op == "WITH" {
			id, how, known := canonicalID(base, e.ID)
			if !known {
				return false
			}
			if how != "" {
				method = vocab.MethodAlias
				notes = append(notes, how)
			}
			e.ID = id
		}
		return true
	}
	if !fix(e) {
		return n, false
	}
	return normalized{Expr: e, Method: method, Note: strings.Join(notes, "; ")}, true
}

// canonicalID returns the id the knowledge base uses for an expression
// token. how says what was changed, empty when nothing was.
func canonicalID(base *kb.Base, id string) (canon, how string, ok bool) {
	if l, hit := base.License(id); hit {
		if l.ID != id {
			return l.ID, "", true // case only
		}
		return id, "", true
	}
	if target, hit := base.Aliases[strings.ToLower(id)]; hit && !strings.ContainsAny(target, " ()") {
		return target, fmt.Sprintf("%s read as %s", id, target), true
	}
	if plus := strings.TrimSuffix(id, "+"); plus != id {
		// "EUPL-1.1+" is the deprecated spelling of "or later".
		if l, hit := base.License(plus + "-or-later"); hit {
			return l.ID, fmt.Sprintf("%s read as %s", id, l.ID), true
		}
	}
	if strings.HasPrefix(id, "LicenseRef-") || strings.HasPrefix(id, "DocumentRef-") {
		return id, "", true // a licence we have no reading of: kept, judged unknown
	}
	for _, listed := range []func(string) (bool, string){spdxlicenses.IsActiveLicense, spdxlicenses.IsException, spdxlicenses.IsDeprecatedLicense} {
		if hit, canon := listed(id); hit {
			return canon, "", true // on the SPDX list; the knowledge base may still lack it
		}
	}
	return "", "", false
}
