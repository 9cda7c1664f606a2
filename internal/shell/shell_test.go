package shell

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string
		err        bool
	}{
		{"blanks", "  npx\t-y   pkg  ", []string{"npx", "-y", "pkg"}, false},
		{"single quotes keep everything", `sh -c 'echo "$HOME" \n'`, []string{"sh", "-c", `echo "$HOME" \n`}, false},
		{"double quotes", `node "/Applications/My App/server.js" "say \"hi\""`, []string{"node", "/Applications/My App/server.js", `say "hi"`}, false},
		{"placeholders are kept", `npx pkg --token ${API_TOKEN} $HOME`, []string{"npx", "pkg", "--token", "${API_TOKEN}", "$HOME"}, false},
		{"windows path keeps backslashes", `C:\tools\npx.cmd -y pkg`, []string{`C:\tools\npx.cmd`, "-y", "pkg"}, false},
		{"escaped blank", `node /opt/my\ server/index.js`, []string{"node", "/opt/my server/index.js"}, false},
		{"adjacent quotes join", `--name="a b"'c'`, []string{"--name=a bc"}, false},
		{"empty quotes are a word", `cmd ""`, []string{"cmd", ""}, false},
		{"empty line", "   ", nil, false},
		// the words up to the open quote, and its text
		{"unterminated double quote", `npx "pkg -y`, []string{"npx", "pkg -y"}, true},
		{"unterminated single quote", `npx a'pkg`, []string{"npx", "apkg"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.line)
			if (err != nil) != tt.err {
				t.Fatalf("Split(%q) error = %v, want error %v", tt.line, err, tt.err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}
