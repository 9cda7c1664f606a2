package aiuse

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// BenchmarkScan scans the eu-agent sample (source in four languages, n8n
// and Flowise exports): the cost the AI Act signals add to a report.
func BenchmarkScan(b *testing.B) {
	idx := projecttest.Walk(b, os.DirFS("../testdata/eu-agent"))
	b.ResetTimer()
	for range b.N {
		if _, err := Scan(context.Background(), idx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUseCases is the table over a long system prompt that names
// none of its use cases, the common case.
func BenchmarkUseCases(b *testing.B) {
	text := "You are a helpful support assistant for Acme. Answer questions about orders, deliveries and returns. " +
		"Be concise, cite the knowledge base article you used, and never promise refunds the policy does not allow. "
	for range 4 {
		text += text
	}
	b.SetBytes(int64(len(text)))
	for range b.N {
		if hs := useCases(text); len(hs) != 0 {
			b.Fatal(hs)
		}
	}
}

// The matcher and its excerpt never panic, and the cues rule out no text
// a pattern matches.
func FuzzUseCases(f *testing.F) {
	for _, c := range categories() {
		for _, s := range append(c.Samples.Match, c.Samples.No...) {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, h := range useCases(text) {
			if h.start < 0 || h.end > len(text) || h.start > h.end {
				t.Fatalf("hit %+v out of %d bytes", h, len(text))
			}
			_ = window(text, h)
		}
		lower := strings.ToLower(text)
		for _, c := range categories() {
			for _, ps := range [][]*pattern{c.phrases, c.weak, c.context, c.unless} {
				for _, p := range ps {
					if p.re.MatchString(text) && p.find(text, lower) == nil {
						t.Fatalf("%s: cues %q rule out %q, which %s matches", c.ID, p.cues, text, p.re)
					}
				}
			}
		}
	})
}
