package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// hostile are inputs that would take quadratic time in a careless lexer:
// BenchmarkHostile lexes each at 25 kB and at 800 kB, so a reader sees
// that thirty-two times the input costs about thirty-two times as much
// (a quadratic path would cost a thousand times), and TestHostile that
// each finishes within the invariants.
var hostile = []struct {
	name string
	lang Lang
	unit string
}{
	{"regex scans that fail on one line", JavaScript, "a</[x "},
	{"unclosed regex classes", JavaScript, "(/[/ "},
	{"nested template fields", JavaScript, "`${"},
	{"failing regex scans in template fields", JavaScript, "`${(/[)}}` + "},
	{"unclosed strings and comments", JavaScript, "'a /* `b ${ "},
	{"nested f-string fields", Python, "f'{"},
	{"named escapes without a brace", Python, `f"\N{x{ `},
	{"format specs", Python, "f'{a:{b:{c:"},
	{"unclosed brackets then closers", JavaScript, "([{"},
	{"stray closers", Python, ")]}"},
	{"statements left open", Python, "A = (\n"},
	{"constants doubling", Python, "A = A + A\n"},
	{"declarations", TypeScript, "const A: X<Y, Z> = A + `${A}`, B = A\n"},
}

func hostileInput(unit string, n int) []byte {
	return []byte(strings.Repeat(unit, n/len(unit)))
}

func TestHostile(t *testing.T) {
	for _, c := range hostile {
		f := Lex(c.lang, hostileInput(c.unit, 25_000))
		checkLexed(t, f)
		f.Match(0)
		f.Constants()
	}
}

func BenchmarkHostile(b *testing.B) {
	for _, c := range hostile {
		for _, n := range []int{25_000, 800_000} {
			src := hostileInput(c.unit, n)
			b.Run(fmt.Sprintf("%s/%dkB", c.name, n/1000), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for range b.N {
					f := Lex(c.lang, src)
					f.Match(0)
					f.Constants()
				}
			})
		}
	}
}
