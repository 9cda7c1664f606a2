package hardening

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
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
		{"unterminated double quote", `npx "pkg`, nil, true},
		{"unterminated single quote", `npx 'pkg`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splitCommand(tt.line)
			if (err != nil) != tt.err {
				t.Fatalf("splitCommand(%q) error = %v, want error %v", tt.line, err, tt.err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitCommand(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}
