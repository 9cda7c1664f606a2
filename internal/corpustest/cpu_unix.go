//go:build unix

package corpustest

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system, GC included) the process has
// used so far; 0 where the system does not say.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
