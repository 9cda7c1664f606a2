//go:build !unix

package corpustest

import "time"

// CPUTime is the CPU time the process has used so far; 0 here, where the
// system does not say (getrusage is Unix's).
func CPUTime() time.Duration { return 0 }
