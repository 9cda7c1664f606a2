package syntax

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// consts renders the constants as NAME=value, with a * when reassigned.
func consts(lang Lang, src string) []string {
	var out []string
	cs := Lex(lang, []byte(src)).Constants()
	for _, name := range slices.Sorted(maps.Keys(cs)) {
		c := cs[name]
		s := name + "=" + c.Value
		if c.Reassigned {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func TestPythonConstants(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"plain and annotated", "A = 'a'\nB: str = \"b\"\nC: Final[str] = 'c'\n", []string{"A=a", "B=b", "C=c"}},
		{"later ones use earlier ones", "BASE = 'https://x'\nURL = BASE + '/v1'\nFULL = f'{URL}/{BASE}'\n", []string{"BASE=https://x", "FULL=https://x/v1/https://x", "URL=https://x/v1"}},
		{"a use before the definition is not resolved", "URL = BASE + '/v1'\nBASE = 'https://x'\n", []string{"BASE=https://x"}},
		{"a call is no constant", "A = os.getenv('A')\nB = 'b'.upper()\nC = str(1)\n", nil},
		{"numbers and names are no strings", "A = 1\nB = None\nC = A\n", nil},
		{"function locals are not constants", "def f():\n    A = 'a'\n    return A\nclass K:\n    B = 'b'\n    def m(self):\n        C = 'c'\nasync def g():\n    D = 'd'\n", []string{"K.B=b"}},
		{"class attributes are Class.NAME, nested classes' are not", "class Tools(str, Enum):\n    STATUS = 'git_status'\n    class Inner:\n        X = 'x'\n    LOG = 'git_log'\n    def m(self):\n        Z = 'z'\nif True:\n    class Late:\n        Y = 'y'\n", []string{"Late.Y=y", "Tools.LOG=git_log", "Tools.STATUS=git_status"}},
		{"a body after a signature over lines", "def f(\n    a,\n):\n    A = 'local'\nclass K(\n    Base,\n):\n    B = 'attr'\nC = 'c'\n", []string{"C=c", "K.B=attr"}},
		{"module level after a function", "def f():\n    A = 'local'\nA = 'module'\n", []string{"A=module"}},
		{"an if at module level is module level", "HOST = '127.0.0.1'\nif PROD:\n    HOST = '0.0.0.0'\n", []string{"HOST=0.0.0.0*"}},
		{"reassigned keeps the last value", "A = 'one'\nA = 'two'\n", []string{"A=two*"}},
		{"a last assignment that is not a string", "A = 'one'\nA = compute()\n", nil},
		{"an augmented assignment", "A = 'one'\nA += 'two'\n", nil},
		{"global in a function rebinds", "A = 'one'\ndef f():\n    global A, B\n    A = 'two'\n", []string{"A=one*"}},
		{"after a semicolon", "A = 'a'; B = 'b'\n", []string{"A=a", "B=b"}},
		{"a value over lines", "A = (\n    'a'\n    'b'\n)\nB = 'x' \\\n    'y'\n", []string{"A=ab", "B=xy"}},
		{"a continued line is not a statement", "x = y \\\nA = 'a'\n", nil},
		{"not an assignment", "A == 'a'\nf(A='a')\nelse: B = 'b'\n", nil},
		{"a chained assignment is skipped", "A = B = 'a'\n", nil},
		{"t-strings are templates", "A = t'a'\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := consts(Python, c.src); !slices.Equal(got, c.want) {
				t.Errorf("constants = %q, want %q", got, c.want)
			}
		})
	}
	cs := Lex(Python, []byte("# c\nA = (\n  'a')\n")).Constants()
	if a := cs["A"]; a.Off != 8 || a.Line != 2 {
		t.Errorf("A at %d line %d, want 8 line 2 (the value's first token)", a.Off, a.Line)
	}
}

func TestJSConstants(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"declarations", "const A = 'a';\nlet B = \"b\"\nvar C = `c`\nexport const D = A + B;\n", []string{"A=a", "B=b", "C=c", "D=ab"}},
		{"typed and as const", "const A: string = 'a';\nexport const B = 'b' as const;\nconst C: Record<string, string> = {};\n", []string{"A=a", "B=b"}},
		{"several declarators", "const A = 'a', B = A + 'b', C = f(1, 2), D = 'd';\n", []string{"A=a", "B=ab", "D=d"}},
		{"templates of constants", "const BASE = 'https://x';\nconst URL = `${BASE}/v1`;\nconst BAD = `${BASE}/${path}`;\n", []string{"BASE=https://x", "URL=https://x/v1"}},
		{"no semicolons", "const A = 'a'\nconst B = 'b' +\n  'c'\nconst C = 'd'\n  + 'e'\nfoo()\n", []string{"A=a", "B=bc", "C=de"}},
		{"a method call on the next line", "const A = 'a'\n  .toUpperCase()\n", nil},
		{"a call is no constant", "const A = process.env.A;\nconst B = String(1);\nconst C = 'c'.trim();\n", nil},
		{"block-level declarations are not constants", "function f() { const A = 'a' }\nif (x) { let B = 'b' }\nclass K { C = 'c' }\n", nil},
		{"a top-level reassignment", "let A = 'one';\nA = 'two';\n", []string{"A=two*"}},
		{"a let assigned in a function", "let A = 'one';\nfunction f() { A = 'two' }\n", []string{"A=one*"}},
		{"a const shadowed in a function is not reassigned", "const A = 'one';\nfunction f() { A = 'two' }\n", []string{"A=one"}},
		{"a let incremented", "let A = 'one';\nA += 'two';\n", nil},
		{"declared without a value", "let A;\nA = 'a';\n", []string{"A=a*"}},
		{"an undeclared assignment is not a constant", "A = 'a';\n", nil},
		{"properties are not names", "const A = 'a';\nobj.A = 'b';\n", []string{"A=a"}},
		{"destructuring is skipped", "const { A } = obj;\nconst [B] = arr;\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := consts(TypeScript, c.src); !slices.Equal(got, c.want) {
				t.Errorf("constants = %q, want %q", got, c.want)
			}
		})
	}
}

// Constants that double at each step stop at the size bound instead of
// exhausting memory.
func TestConstantsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("A0 = 'xxxxxxxxxxxxxxxx'\n")
	for i := 1; i < 64; i++ {
		fmt.Fprintf(&b, "A%d = A%d + A%d\n", i, i-1, i-1)
	}
	cs := Lex(Python, []byte(b.String())).Constants()
	total := 0
	for _, c := range cs {
		total += len(c.Value)
	}
	if _, ok := cs["A63"]; ok || total > maxConstBytes || len(cs["A16"].Value) != 16<<16 {
		t.Errorf("%d constants, %d bytes; A16 is %d bytes", len(cs), total, len(cs["A16"].Value))
	}
}
