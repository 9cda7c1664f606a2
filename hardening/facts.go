package hardening

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Evidence points at what a fact rests on: a place in a file and a short
// excerpt of it (secrets.Excerpt). An excerpt never holds a secret:
// secrets appear only in their redacted form.
type Evidence struct {
	project.Position
	Excerpt string `json:"excerpt,omitempty"`
}

// factID makes a stable identifier from the parts that define a fact, so
// the same fact has the same id in every run (for fingerprints and
// waivers). Positions are left out on purpose where a fact should survive
// an unrelated edit that moves lines; callers choose the parts.
func factID(kind string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil))[:16]
}
