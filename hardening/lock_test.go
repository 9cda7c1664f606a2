package hardening

import (
	"bytes"
	"strings"
	"testing"
)

// The canonical definition ignores parameter order and whitespace of the
// encoding, and sees every character of the text.
func TestCanonicalTool(t *testing.T) {
	base := Tool{Name: "add", Description: "Add two numbers", Params: []Param{{Name: "a", Type: "integer", Required: true}, {Name: "b", Type: "integer", Required: true}},
		Annotations: Annotations{ReadOnlyHint: ptr(true)}}
	want := `{"annotations":{"readOnlyHint":true},"description":"Add two numbers","inputSchema":{"properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"],"type":"object"},"name":"add"}`
	if got := string(base.Canonical()); got != want {
		t.Errorf("canonical:\n%s\nwant:\n%s", got, want)
	}
	reordered := base
	reordered.Params = []Param{base.Params[1], base.Params[0]}
	reordered.Position.Line = 99
	tests := []struct {
		name string
		tool Tool
		same bool
	}{
		{"parameter order and position", reordered, true},
		{"a zero-width space", Tool{Name: "add", Description: "Add two\u200b numbers", Params: base.Params, Annotations: base.Annotations}, false},
		{"an annotation", Tool{Name: "add", Description: base.Description, Params: base.Params}, false},
		{"a parameter description", Tool{Name: "add", Description: base.Description, Annotations: base.Annotations,
			Params: []Param{{Name: "a", Type: "integer", Required: true, Description: "x"}, base.Params[1]}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if same := ToolHash(tt.tool) == ToolHash(base); same != tt.same {
				t.Errorf("same hash = %v, want %v", same, tt.same)
			}
		})
	}
}

// A lockfile is the same bytes whatever order it was built in, and reads
// back as written.
func TestLockRoundTrip(t *testing.T) {
	a := Lockfile{Servers: []LockServer{
		{Name: "b", Source: "b.py", Mode: ModeSource, Tools: []LockTool{{Name: "z", SHA256: strings.Repeat("1", 64)}, {Name: "a", SHA256: strings.Repeat("2", 64)}}},
		{Name: "a", Source: ".mcp.json#a", Mode: ModeLive, Tools: []LockTool{}},
	}}
	b := MergeLocks(Lockfile{Servers: a.Servers[1:]}, Lockfile{Servers: []LockServer{{Name: "b", Source: "b.py", Mode: ModeSource,
		Tools: []LockTool{a.Servers[0].Tools[1], a.Servers[0].Tools[0]}}}})
	var wa, wb bytes.Buffer
	if err := WriteLock(&wa, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteLock(&wb, b); err != nil {
		t.Fatal(err)
	}
	if wa.String() != wb.String() {
		t.Errorf("two orders, two lockfiles:\n%s\n%s", wa.String(), wb.String())
	}
	back, err := ReadLock(strings.NewReader(wa.String()))
	if err != nil {
		t.Fatal(err)
	}
	var wc bytes.Buffer
	WriteLock(&wc, back)
	if wc.String() != wa.String() {
		t.Errorf("read back differently:\n%s", wc.String())
	}
	if len(DriftBetween(back, b)) != 0 {
		t.Errorf("drift between equal lockfiles: %v", DriftBetween(back, b))
	}
}

func TestReadLockErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", "{", "unexpected EOF"},
		{"version", `{"version": 2, "servers": []}`, "version 2, expected 1"},
		{"unknown key", `{"version": 1, "servers": [], "extra": 1}`, `unknown field "extra"`},
		{"mode", `{"version": 1, "servers": [{"name": "a", "source": "a", "mode": "guess", "tools": []}]}`, "servers[0]: expected a name and a mode"},
		{"hash", `{"version": 1, "servers": [{"name": "a", "source": "a", "mode": "source", "tools": [{"name": "t", "sha256": "abc"}]}]}`, "servers[0].tools[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLock(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "mcp-comply pin") {
				t.Errorf("error %v, want one with %q and how to fix it", err, tt.want)
			}
		})
	}
}
