package kb

import "testing"

// TestLicenseAt covers the range rules: from inclusive, before exclusive,
// semver order, overlaps and open ends.
func TestLicenseAt(t *testing.T) {
	e := Engine{ID: "x", Licenses: []VersionedLicense{
		{Expression: "A", Before: "1.0.0"},
		{Expression: "B", From: "1.0.0", Before: "2.0"},
		{Expression: "C", From: "2.0", Before: "3.0.0"},
		{Expression: "D", From: "2.5.0", Before: "3.0.0"},
		{Expression: "E", From: "3.0.0"},
	}}
	tests := []struct{ version, want string }{
		{"0.1.0", "A"},
		{"0.99.99", "A"},
		{"1.0.0-rc.1", "A"}, // a pre-release sorts before its release
		{"1.0.0", "B"},
		{"1.10.0", "B"}, // numeric, not lexical, order
		{"v1.9.9", "B"},
		{"2.0.0", "C"},
		{"2.4.9", "C"},
		{"2.5.0", ""}, // C and D overlap: unknown
		{"3.0.0", "E"},
		{"12.0.0", "E"},
		{" 3.1.0 ", "E"},
		{"", ""},
		{"latest", ""},
		{"1.2.3.4", ""},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			got, ok := e.LicenseAt(tt.version)
			if ok != (tt.want != "") || got.Expression != tt.want {
				t.Fatalf("LicenseAt(%q) = %q, %v; want %q", tt.version, got.Expression, ok, tt.want)
			}
		})
	}

	t.Run("single unbounded entry covers every version", func(t *testing.T) {
		one := Engine{Licenses: []VersionedLicense{{Expression: "MIT"}}}
		for _, v := range []string{"0.0.1", "1.0.0", "99.0.0-beta"} {
			if got, ok := one.LicenseAt(v); !ok || got.Expression != "MIT" {
				t.Errorf("LicenseAt(%q) = %q, %v; want MIT", v, got.Expression, ok)
			}
		}
	})
}
