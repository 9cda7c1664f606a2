package safe

import "testing"

func TestFirstSentence(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Revoke the token. Then pass it from the environment.", "Revoke the token."},
		{"Use eu.api.openai.com, or an EU deployment.", "Use eu.api.openai.com, or an EU deployment."},
		{"Keep n8n (see §4. below) to internal use", "Keep n8n (see §4. below) to internal use"},
		{"", ""},
	} {
		if got := FirstSentence(tc.in); got != tc.want {
			t.Errorf("FirstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
