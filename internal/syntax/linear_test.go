//go:build unix

package syntax

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time of the process, GC included: on a busy machine
// it is what a run costs, where wall time is what the scheduler allows.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Hostile inputs take linear time: sixteen times the input costs about
// sixteen times as much, up to a step or two of cache (the tokens of 25 kB
// fit in a cache that those of 400 kB do not); a quadratic path would cost
// 256 times.
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, c := range []struct {
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
	} {
		t.Run(c.name, func(t *testing.T) {
			// The same bytes in all, in 32 small inputs or one large one.
			timeOf := func(n, times int) time.Duration {
				src := []byte(strings.Repeat(c.unit, n/len(c.unit)))
				best := time.Hour
				for range 3 {
					start := cpuTime()
					for range times {
						f := Lex(c.lang, src)
						f.Match(0)
						f.Constants()
					}
					best = min(best, cpuTime()-start)
				}
				return best
			}
			small, large := timeOf(25_000, 32), timeOf(800_000, 1)
			t.Logf("32 × 25 kB: %v, 800 kB: %v (%.1f×)", small, large, float64(large)/float64(small))
			if large > 12*small {
				t.Errorf("32 × 25 kB: %v, 800 kB: %v", small, large)
			}
		})
	}
}
